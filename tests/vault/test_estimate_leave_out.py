"""An analyst leaves a list out of an estimate on purpose, and the way back to a headline is
never a dead end (walkday6). The small disjoint list world (``left_out_world.py``): three
overlapping lists and a partner list whose people are on no other list. Real vault, real
linkage and dga (exact). Synthetic people.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from left_out_world import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    PARTNER,
    WORKER,
    WORKER_PASS,
    left_out_copy,
)
from vault_copies import VaultCopies

from uncounted.errors import InputError
from uncounted.services import analysis_review, records, register, reports, revisions, vaults
from uncounted.web.i18n import Translator


@pytest.fixture
def world(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    return left_out_copy(vault_copies, tmp_path)


@pytest.fixture
def worker_world(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    return left_out_copy(vault_copies, tmp_path, by_worker=True)


def test_a_list_left_out_on_purpose_gives_a_headline_that_says_so(world: Path) -> None:
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        refused = analysis_review.estimate_from_register(analyst, "dga", relink=True)
        assert not refused.has_figure and refused.lists_sharing_no_one == (PARTNER,)
        advice = analysis_review.next_estimate(analyst)
        assert (advice.run, advice.sharing_no_one) == (refused.id, (PARTNER,))
        sizes = {item.name: item.records for item in analysis_review.estimate_lists(analyst)}
        assert sizes[PARTNER] == 10 and len(sizes) == 4

        run = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        assert run.has_figure and not run.partial and run.lists_label == "3 of 4 lists"
        assert PARTNER not in run.lists
        said = run.left_out_said()
        assert said == (
            f"an estimate over 3 of 4 lists; the list {PARTNER} was left out by {ANALYST}:"
            " its 10 people are counted among the documented, not estimated"
        )
        chosen = analysis_review.publish_estimate(analyst, run.id)
        assert chosen.result.id == run.id
        assert analysis_review.next_estimate(analyst).run is None
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        data = reports.report_input(admin)
        # the partner's people are never dropped from the documented: 10 more than the run's
        assert data.people == run.observed + 10
        assert data.headline is not None and data.headline.observed == run.observed


def test_a_name_that_is_no_list_or_too_few_lists_left_is_refused(world: Path) -> None:
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        before = len(analysis_review.estimate_runs(analyst))
        with pytest.raises(analysis_review.UnknownList, match=r"“partner”.*partner-ngo"):
            analysis_review.estimate_from_register(analyst, "dga", leave_out=["partner"])
        lists = [item.name for item in analysis_review.estimate_lists(analyst)]
        with pytest.raises(analysis_review.NothingToAnalyse, match="at least two lists"):
            analysis_review.estimate_from_register(analyst, "dga", leave_out=lists[:3])
        assert len(analysis_review.estimate_runs(analyst)) == before


def test_records_the_analyst_cannot_read_stay_refused_naming_who_can_make_it_whole(
    worker_world: Path,
) -> None:
    with vaults.unlock(worker_world, ANALYST, ANALYST_PASS) as analyst:
        run = analysis_review.estimate_from_register(analyst, "dga", relink=True)
        assert run.partial
        (reason,) = run.partial_reasons
        assert str(reason) == f"records in cases not granted to {ANALYST}, so not linked: 10"
        count, cases = run.not_granted
        assert count == 10 and len(cases) == 1
        with pytest.raises(InputError) as refused:
            analysis_review.publish_estimate(analyst, run.id)
        said = str(refused.value)
        assert "cannot be the headline" in said
        assert f"an administrator grants case {cases[0]} to {ANALYST}" in said
        assert "an analyst who holds every case" in said
        assert analysis_review.next_estimate(analyst).cases == cases
        # leaving the list she cannot read out on purpose makes the run whole again
        whole = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        assert not whole.partial and whole.has_figure
        # ten records nobody could link for her: not "10 people on no other list"
        assert whole.lists_left_out[0].unplaced == 10
        said_left = str(whole.left_out_said())
        assert "its people are counted among the documented" in said_left, said_left
        assert "10" not in said_left and "no other list" not in said_left, said_left
    with vaults.unlock(worker_world, WORKER, WORKER_PASS) as worker:
        assert analysis_review.headline_estimate(worker) is None


def test_the_grant_messages_number_the_run_as_every_other_russian_line(
    cli: CliRunner, worker_world: Path
) -> None:
    """Russian said "расчёт 1" in the two grant messages and "расчёт № 1" elsewhere
    (cliwords3): one form, "расчёт № 1", in the refusal to publish and in the advice."""
    env = {"UNCOUNTED_PASSPHRASE": ANALYST_PASS, "LANG": "ru_RU.UTF-8"}
    with vaults.unlock(worker_world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
    made = cli("estimate", worker_world, "--from-register", "-u", ANALYST, env=env)
    assert made.err.strip().splitlines()[-1].startswith("ошибка: расчёт № 1 не дал оценки")
    refused = cli("estimate", "publish", worker_world, "1", "-u", ANALYST, env=env)
    assert refused.code == 1
    said = " ".join(refused.err.split())
    assert said.startswith("ошибка: расчёт № 1 охватил часть данных ("), said
    assert f"администратор даёт доступ к делу {_case(worker_world)} пользователю {ANALYST}" in said
    with vaults.unlock(worker_world, ANALYST, ANALYST_PASS) as analyst:
        advice = analysis_review.next_estimate(analyst).grant_advice()
    assert advice is not None
    russian = advice.translated(Translator("ru"))
    assert russian.startswith(
        f"Расчёт № 1 частичный: в нём есть записи из дел, к которым у {ANALYST}"
    )


def _case(world: Path) -> int:
    """The number of the one case the analyst does not hold."""
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        (run,) = analysis_review.estimate_runs(analyst)
        return run.not_granted[1][0]


def test_leave_out_on_the_command_line(cli: CliRunner, world: Path) -> None:
    env = {"UNCOUNTED_PASSPHRASE": ANALYST_PASS}
    shown = cli("estimate", "histories", "--help")
    assert shown.code == 0 and "--leave-out" in shown.out
    assert "shares no one" in " ".join(shown.out.split())
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
    first = cli("estimate", world, "--from-register", "-u", ANALYST, "--json", env=env)
    assert first.code == 1, first.err  # no figure: said why, exit 1 (cliwords2)
    assert json.loads(first.out)["median"] is None
    said = " ".join(first.err.split())
    assert f"the list {PARTNER} shares no one with the other lists" in said
    assert f"--from-register --leave-out {PARTNER}`" in said
    run = cli(
        "estimate",
        world,
        "--from-register",
        "--leave-out",
        PARTNER,
        "-u",
        ANALYST,
        "--json",
        env=env,
    )
    assert run.code == 0, run.err
    done = json.loads(run.out)
    assert not done["partial"] and done["median"] is not None
    assert done["left_out_lists"] == [{"list": PARTNER, "people": 10, "alone": 10, "unplaced": 0}]
    assert done["left_out"].startswith("an estimate over 3 of 4 lists; the list partner-ngo")
    published = cli("estimate", "publish", world, str(done["run"]), "-u", ANALYST, env=env)
    assert published.code == 0, published.err
    listed = cli("estimate", "runs", world, "-u", ANALYST, env=env)
    assert f"the list {PARTNER} was left out by {ANALYST}" in listed.out
    wrong = cli("estimate", world, "--from-register", "--leave-out", "nope", "-u", ANALYST, env=env)
    assert wrong.code == 1 and len(wrong.err.strip().splitlines()) == 1
    assert "“nope”" in wrong.err


def test_lists_that_all_share_no_one_are_not_advised_to_be_left_out(
    cli: CliRunner, world: Path
) -> None:
    """Nothing linked yet, so every list shares no one: the advice named all four lists to
    leave out, which leaves nothing to estimate from (cliwords3). It says the lists share no
    one and that no estimate can be made from them until records of the same people on
    several lists are linked; once they are, the one list alone is named again."""
    env = {"UNCOUNTED_PASSPHRASE": ANALYST_PASS}
    for language, said in (
        (
            "en_GB.UTF-8",
            "Run 1 gave no figure: its lists share no one, so no estimate can be made from them"
            " until records of the same people on more than one list are linked.",
        ),
        (
            "ru_RU.UTF-8",
            "Расчёт № 2 не дал числа: ни один человек ни из одного его списка не встречается в"
            " других списках, поэтому оценку по ним сделать нельзя, пока не связаны записи об"
            " одних и тех же людях в нескольких списках.",
        ),
    ):
        done = cli(
            "estimate", world, "--from-register", "-u", ANALYST, env={**env, "LANG": language}
        )
        assert done.code == 1, done.err
        advice, *_ = [line for line in done.err.splitlines() if line.startswith(said[:8])]
        assert advice == said, done.err
        assert "--leave-out" not in done.err, done.err
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        advice = analysis_review.next_estimate(analyst)
        assert (advice.run, advice.sharing_no_one, advice.none_shared) == (2, (), True)
        register.link_people(analyst)
        analysis_review.estimate_from_register(analyst, "dga")
        linked = analysis_review.next_estimate(analyst)
    assert (linked.sharing_no_one, linked.none_shared) == ((PARTNER,), False)
    assert linked.none_shared_advice() is None


def _pdf_text(package: dict[str, bytes], name: str, tmp_path: Path) -> str:
    pdf = tmp_path / name
    pdf.write_bytes(package[name])
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def _published(
    cli: CliRunner, world: Path, tmp_path: Path
) -> tuple[str, dict[str, bytes], str, str]:
    """``uncounted report`` as the admin: its warning on one line, the package's files, and
    the English and Russian PDFs' text."""
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    done = cli("report", world, "-o", tmp_path / "report.zip", "-u", ADMIN, env=env)
    assert done.code == 0, done.err
    with zipfile.ZipFile(tmp_path / "report.zip") as outer:
        package = {name: outer.read(name) for name in outer.namelist()}
    en = _pdf_text(package, "report-en.pdf", tmp_path)
    ru = _pdf_text(package, "report-ru.pdf", tmp_path)
    return " ".join(done.err.split()), package, en, ru


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_the_published_report_says_the_list_was_left_out(
    cli: CliRunner, world: Path, tmp_path: Path
) -> None:
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        run = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        analysis_review.publish_estimate(analyst, run.id)
        # a run over every list refuses again, and a record is corrected after the headline
        analysis_review.estimate_from_register(analyst, "dga")
    with vaults.unlock(world, ADMIN, ADMIN_PASS) as admin:
        record = records.list_records(admin, limit=1)[0].record_id
        revisions.edit_record(admin, record, {"event_date": "2017-05-02"}, "a date corrected")
    warning, package, en, ru = _published(cli, world, tmp_path)
    # uncounted report's warning leads to what works: leaving the list out
    assert f"{PARTNER} shares no one with the other lists" in warning
    assert f"--from-register --leave-out {PARTNER}`" in warning
    said_en = (
        "An estimate over 3 of 4 lists; a list was left out on purpose: its 10 people are"
        " counted among the documented, not estimated."
    )
    said_ru = (
        "Оценка по 3 из 4 списков; один список намеренно исключён из оценки: его 10 человек"
        " учтены среди задокументированных, но не в оценке."
    )
    assert said_en in en, en[-3000:]
    assert en.index(said_en) < en.index("Estimated victims in all")
    assert said_ru in ru, ru[-3000:]
    assert ru.index(said_ru) < ru.index("Оценка общего числа пострадавших")
    # the figure reads below the people documented at the top: said once, beside the figure,
    # that it is over the estimate's lists (review of stop 26)
    for text, covers, lead in (
        (en, "The estimated total is of the people the estimate's lists could have found", said_en),
        (ru, "Оценка общего числа относится к людям, которых могли найти списки оценки", said_ru),
    ):
        assert text.count(covers) == 1, text[-3000:]
        assert text.index(lead) < text.index(covers)
    # no link was reviewed: the links-apart setting was not estimated, and says why
    assert "With every unreviewed link taken apart, no estimate was made: no link had" in en
    assert "Оценка со всеми разорванными непроверенными связями не делалась" in ru
    # the public report names neither the partner list nor the analyst
    assert PARTNER not in en + ru and ANALYST not in en + ru
    readme = " ".join(package["histories-README.txt"].decode("utf-8").split())
    assert "An estimate over 3 of 4 lists; 1 list was left out on purpose" in readme
    histories = package["histories.csv"].decode("utf-8").splitlines()
    assert histories[0].count("in_") == 3  # the left-out list is not a column


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_two_lists_left_out_are_said_once_without_adding_their_people(
    cli: CliRunner, world: Path, tmp_path: Path
) -> None:
    """walkday7: with two lists left out the report printed "a list was left out on purpose:
    its people are counted..." twice, word for word. It says it once, with how many lists,
    and gives no number of their people: adding each list's own would count a person on both
    twice."""
    with vaults.unlock(world, ANALYST, ANALYST_PASS) as analyst:
        register.link_people(analyst)
        every = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER])
        other = every.lists[0]
        run = analysis_review.estimate_from_register(analyst, "dga", leave_out=[PARTNER, other])
        analysis_review.publish_estimate(analyst, run.id)
    _, _, en, ru = _published(cli, world, tmp_path)
    said_en = (
        "An estimate over 2 of 4 lists; 2 lists were left out on purpose: their people on no"
        " list of the estimate are counted among the documented, not estimated."
    )
    said_ru = (
        "Оценка по 2 из 4 списков; 2 списка намеренно исключены из оценки: их люди, которых нет"
        " в списках оценки, учтены среди задокументированных, но не в оценке."
    )
    assert said_en in en, en[-3000:]
    assert en.count("left out on purpose") == 1, en[-3000:]
    assert said_ru in ru, ru[-3000:]
    assert ru.count("намеренно исключ") == 1, ru[-3000:]
