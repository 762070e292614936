"""The command line says what it did in the terminal's language, as its refusals do: a
caseworker whose terminal is Russian met English success lines, progress and warnings
(``uncounted report``'s warning that the estimate is older than the records among them)
beside Russian errors. Walked through import, report, estimate publish and verify on a
real vault of synthetic people (linked, estimated), every line in Russian; and a refused
import says what was read of the file beside its one-line error, with nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CliRunner
from report_helpers import estimated_world_vault

from uncounted import vault as store
from uncounted.services import records, revisions, vaults

ADMIN, ADMIN_PASS = "ana", "russian command line admin passphrase"
RU = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS, "LANG": "ru_RU.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
EN = {**RU, "LANG": "en_GB.UTF-8"}
#: A list with two bad dates (rows 2 and 4) among three rows: refused whole.
BAD = (
    "record_id,name,birth_date,event_date,event_type\n"
    "r-1,Тест Отказов,1990-13-01,2017-03-01,detention\n"
    "r-2,Тест Второв,1991-01-01,2017-03-01,detention\n"
    "r-3,Тест Третьев,1992-01-01,2017-33-01,detention\n"
)
GOOD = "record_id,name,event_date,event_type\nr-9,Тест Принятов,2017-03-02,detention\n"


@pytest.fixture(scope="module")
def vault(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One vault for both tests (a linked, estimated world takes seconds to build): the
    refused import writes nothing, so the tests pass in either order."""
    folder = tmp_path_factory.mktemp("russian")
    estimated_world_vault(folder / "vault", (ADMIN, ADMIN_PASS), folder)
    return folder / "vault"


def _held(vault: Path) -> int:
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        return records.count_records(admin)


def test_a_refused_import_says_what_was_read_and_nothing_was_written(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "list.csv"
    listing.write_text(BAD, encoding="utf-8")
    before = _held(vault)
    for env, read, problem, refusal in (
        (
            EN,
            "Read list.csv (CSV, UTF-8): 3 rows with data; 2 problems (columns birth_date,"
            " event_date); nothing was written.",
            "error: list.csv, row 2, column “birth_date”: not a date",
            "error: list.csv: 2 problems, each said above; nothing was imported",
        ),
        (
            RU,
            "Прочитан файл list.csv (CSV, UTF-8): 3 строки с данными; 2 ошибки (столбцы"
            " birth_date, event_date); ничего не записано.",
            "ошибка: list.csv, строка 2, столбец «birth_date»: не является датой",
            "ошибка: list.csv: ошибок: 2, каждая названа выше; ничего не импортировано",
        ),
    ):
        refused = cli("import", vault, listing, "--source", "partner", env=env)
        assert refused.code == 1 and refused.out == ""
        *said, last = refused.err.strip().splitlines()
        assert last == refusal  # the one-line error stays the last line
        assert read in said, refused.err
        assert any(line.startswith(problem) for line in said), refused.err
    assert _held(vault) == before


def test_import_report_estimate_and_verify_speak_russian(
    cli: CliRunner, vault: Path, tmp_path: Path
) -> None:
    listing = tmp_path / "good.csv"
    listing.write_text(GOOD, encoding="utf-8")
    imported = cli("import", vault, listing, "--source", "partner", env=RU)
    assert imported.code == 0, imported.err
    assert "В дело partner импортировано: 1 запись" in imported.err, imported.err
    assert "progress" not in imported.err and "Imported" not in imported.err
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
        headline = store.headline(admin.conn)
        assert headline is not None
        run = headline.result.id

    package = tmp_path / "report.zip"
    published = cli("report", vault, "-o", package, env=RU)
    assert published.code == 0, published.err
    assert published.out.strip() == str(package)  # the data: the package, as written
    warning = next(line for line in published.err.splitlines() if "Предупреждение" in line)
    assert warning.startswith("Предупреждение: Оценка для отчёта сделана"), warning
    assert f"Чтобы учесть их, сначала выполните `uncounted estimate histories {vault}" in warning
    done = published.err.strip().splitlines()[-1]
    assert done.startswith("Отчёт №\u00a01 записан в журнал"), done
    fingerprint = done.split("--fingerprint ")[1]
    assert f"проверить его: uncounted verify {package} --fingerprint {fingerprint}" in done
    for english in ("Warning", "committed", "check it", "making the report"):
        assert english not in published.err, published.err

    chosen = cli("estimate", "publish", vault, str(run), env=RU)
    assert chosen.code == 0, chosen.err
    assert chosen.out.strip() == f"расчёт № {run} — основная оценка; выбор пользователя {ADMIN}"

    checked = cli("verify", package, "--fingerprint", fingerprint, env=RU)
    assert checked.code == 0, checked.err
    lines = checked.out.strip().splitlines()
    assert lines[0] == f"Пакет {package.name}" and lines[-1] == "Итог: ПРОВЕРЕНО"
    assert any(line.startswith("  в описи пакета ") and " файл" in line for line in lines), lines
    english = cli("verify", package, "--fingerprint", fingerprint, env=EN)
    assert english.out.strip().splitlines()[-1] == "Result: VERIFIED"
