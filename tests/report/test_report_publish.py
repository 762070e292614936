"""``uncounted report``: a published report that verifies offline, fails on any changed byte
or figure, says the register's figures in both languages and names nobody.

Real vault of synthetic people, real linkage into the register, a real estimate (dga), real
WeasyPrint PDFs read back with poppler's pdftotext.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import random
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from cli_helpers import CliRunner
from disclosure_attacker import check_safe

from uncounted.errors import AccessDenied
from uncounted.model import vocabulary
from uncounted.report.disclosure import PEOPLE, Rules
from uncounted.report.document import cell_of_row
from uncounted.services import (
    analysis_review,
    audit,
    imports,
    records,
    register,
    reports,
    users,
    vaults,
)
from uncounted.services.reports import publish_report
from uncounted.synth import WorldConfig, default_sources, event_details, generate_world
from uncounted.web.i18n import Translator

ADMIN, ADMIN_PASS = "ana", "report admin passphrase for tests"
VIEWER, VIEWER_PASS = "vera", "report viewer passphrase for tests"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")


@dataclass
class Published:
    vault: Path
    package: Path
    fingerprint: str
    names: list[str]
    people: int
    by_event_type: dict[str, int]
    by_act: dict[str, int]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Published:
    root = tmp_path_factory.mktemp("report")
    world = generate_world(WorldConfig(people=120, seed=7, sources=default_sources()[:3]))
    told = pd.concat([world.records, event_details(world)[["act_types"]]], axis=1)
    path = root / "vault"
    vaults.init_vault(path, ADMIN, ADMIN_PASS)
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, VIEWER, "viewer", VIEWER_PASS, admin_set=False)
        for source in sorted(world.records["source"].unique()):
            listing = root / f"{source}.csv"
            told[told["source"] == source].to_csv(listing, index=False)
            imports.import_file(admin, listing, source=source)
        register.link_people(admin)
        run = analysis_review.estimate_from_register(admin, "dga")
        analysis_review.publish_estimate(admin, run.id)
        counted = register.counts(admin)
        package = root / "report.zip"
        translators = {language: Translator(language).gettext for language in ("en", "ru")}
        done = publish_report(admin, package, translators)
    names = [str(n) for column in ("name", "name_original") for n in world.records[column]]
    return Published(
        path,
        package,
        done.key_fingerprint.replace(" ", ""),
        [n for n in names if n and n != "nan"],
        counted.people,
        {str(k): v for k, v in counted.by_event_type.items() if k},
        dict(counted.by_act),
    )


def _bundle(package: Path) -> dict[str, bytes]:
    """The report's own files, read straight from the package's top level."""
    with zipfile.ZipFile(package) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


PACKAGE_DOCUMENTS = {
    "commitment.json",
    "item.tlog-proof",
    "custody.json",
    "log_public_key.txt",
    "README.txt",
}


def _verify(cli: CliRunner, package: Path, fingerprint: str) -> int:
    return int(cli("verify", package, "--fingerprint", fingerprint).code)


def test_the_report_verifies_offline(published: Published, cli: CliRunner) -> None:
    assert _verify(cli, published.package, published.fingerprint) == 0
    assert json.loads(_bundle(published.package)["commitment.json"])["file"] == "manifest.json"
    files = _bundle(published.package)
    assert set(files) - PACKAGE_DOCUMENTS == {
        "manifest.json",
        "tables.csv",
        "tables.xlsx",
        "report-en.html",
        "report-ru.html",
        "report-en.pdf",
        "report-ru.pdf",
        "records.commitments",
        "histories.csv",
        "histories-README.txt",
    }


def test_any_changed_byte_fails(published: Published, cli: CliRunner, tmp_path: Path) -> None:
    body = published.package.read_bytes()
    rng = random.Random(13)
    for attempt in range(30):
        changed = bytearray(body)
        at = rng.randrange(len(changed))
        changed[at] ^= 1 << rng.randrange(8)
        target = tmp_path / f"changed-{attempt}.zip"
        target.write_bytes(bytes(changed))
        assert _verify(cli, target, published.fingerprint) != 0, f"byte {at} changed, passed"


def test_a_changed_figure_in_the_tables_fails(
    published: Published, cli: CliRunner, tmp_path: Path
) -> None:
    files = _bundle(published.package)
    rows = list(csv.reader(io.StringIO(files["tables.csv"].decode())))
    figure = next(i for i, row in enumerate(rows) if i and row[3])
    rows[figure][3] = str(int(rows[figure][3]) + 1)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    files["tables.csv"] = out.getvalue().encode()
    target = tmp_path / "figure.zip"
    with zipfile.ZipFile(published.package) as source, zipfile.ZipFile(target, "w") as copy:
        copy.comment = source.comment
        for item in source.infolist():
            copy.writestr(item, files[item.filename])
    done = cli("verify", target, "--fingerprint", published.fingerprint)
    assert done.code != 0 and "tables.csv does not match" in done.out
    # and with the seal recomputed, so that only the manifest's hashes stand in the way
    body = bytearray(target.read_bytes())
    body[-64:] = hashlib.sha256(bytes(body[:-64])).hexdigest().encode()
    target.write_bytes(bytes(body))
    assert _verify(cli, target, published.fingerprint) != 0


def _pdf_text(data: bytes, tmp_path: Path, name: str) -> str:
    pdf = tmp_path / name
    pdf.write_bytes(data)
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    pages = subprocess.run(
        ["pdftoppm", "-r", "30", "-png", str(pdf), str(tmp_path / name)], check=True
    )
    assert pages.returncode == 0 and list(tmp_path.glob(f"{name}-*.png"))
    return text


def test_the_pdfs_say_the_registers_figures_and_no_name(
    published: Published, tmp_path: Path
) -> None:
    files = _bundle(published.package)
    tables = {
        (row["table"], row["row"]): row["people"]
        for row in csv.DictReader(io.StringIO(files["tables.csv"].decode()))
    }
    for violation, people in published.by_event_type.items():
        shown = tables[("violation", violation)]
        assert shown == "" or int(shown) == people, violation
    book = openpyxl.load_workbook(io.BytesIO(files["tables.xlsx"]))
    in_book = {
        (name, str(r[0] or "")): r[2]
        for name in book.sheetnames
        for r in book[name].iter_rows(min_row=2, values_only=True)
    }
    assert in_book[("violation", next(iter(published.by_event_type)))] in (
        None,
        published.by_event_type[next(iter(published.by_event_type))],
    )
    assert len(published.names) > 50
    for language, lead in (("en", "People documented as victims"), ("ru", "Задокументировано")):
        text = _pdf_text(files[f"report-{language}.pdf"], tmp_path, language)
        match = re.search(lead + r"[^:]*:\s*(\d+)", text)
        assert match and int(match.group(1)) == published.people, text[:400]
        html = files[f"report-{language}.html"].decode()
        assert "<script" not in html and "http://" not in html.replace(
            "http://www.w3.org/2000/svg", ""
        )
        assert "https://" not in html and "src=" not in html
        for name in published.names:
            for part in name.split():
                if len(part) > 3:
                    assert part not in text and part not in html, "a name left the vault"


def test_the_act_table_is_in_the_pdf_the_tables_and_the_manifest(
    published: Published, tmp_path: Path
) -> None:
    """People by act (as the dashboard counts them) under the same disclosure control: each
    act's figure, or an empty (hidden) one when small, in tables.csv, the committed manifest
    and both PDFs, with the act's name in the reader's language."""
    files = _bundle(published.package)
    assert len(published.by_act) >= 3, "the fixture's records tell acts"
    acts = {
        row["row"]: row["people"]
        for row in csv.DictReader(io.StringIO(files["tables.csv"].decode()))
        if row["table"] == "act"
    }
    assert set(acts) == set(published.by_act)
    for act, people in published.by_act.items():
        assert acts[act] == ("" if people < 5 else str(people)), act
    listed = json.loads(files["manifest.json"])
    assert {(r[1], r[2]) for r in listed["tables"] if r[0] == "act"} == {
        (a, None if n < 5 else n) for a, n in published.by_act.items()
    }
    largest = max(published.by_act, key=lambda a: published.by_act[a])
    arrests = str(published.by_act[largest])
    for language, heading in (("en", "People by act"), ("ru", "Люди по тому, что с ними")):
        text = _pdf_text(files[f"report-{language}.pdf"], tmp_path, f"acts-{language}")
        table = text[text.index(heading) :]
        label = vocabulary.load("act_types").label(largest, language)
        line = next(line for line in table.splitlines() if line.strip().startswith(label[:12]))
        assert line.split()[-1] == arrests, line


def test_only_a_role_allowed_to_publish_publishes(published: Published, tmp_path: Path) -> None:
    with (
        vaults.unlock(published.vault, VIEWER, VIEWER_PASS) as viewer,
        pytest.raises(AccessDenied),
    ):
        publish_report(viewer, tmp_path / "r.zip", {"en": str})
    assert not (tmp_path / "r.zip").exists()


def test_the_command_writes_a_package_and_prints_its_path(
    published: Published, cli: CliRunner, tmp_path: Path
) -> None:
    package = tmp_path / "again.zip"
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    # the module's vault has published this report already: --again says to publish it anyway
    done = cli("report", published.vault, "-o", package, "-u", ADMIN, "--json", "--again", env=env)
    assert done.code == 0, done.err
    answer = json.loads(done.out)
    assert answer["package"] == str(package) and package.is_file()
    assert _verify(cli, package, answer["key_fingerprint"].replace(" ", "")) == 0
    again = cli("report", published.vault, "-o", package, "-u", ADMIN, env=env)
    assert again.code == 1 and "already exists" in again.err


def test_a_record_is_proven_part_of_the_report_and_no_other_revealed(
    published: Published, cli: CliRunner, tmp_path: Path
) -> None:
    env = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}
    with vaults.unlock(published.vault, ADMIN, ADMIN_PASS) as admin:
        victims = [
            r.record_id
            for person in register.list_people(admin)
            for r in person.records
            if r.role == "victim" and r.event_type
        ]
    record = victims[len(victims) // 2]
    done = cli(
        "ledger",
        "prove-record",
        published.vault,
        record,
        "--at",
        published.package,
        "-u",
        ADMIN,
        env=env,
    )
    assert done.code == 0, done.err
    proof = json.loads(done.out)
    bundle = _bundle(published.package)
    lines = bundle["records.commitments"].decode().split()
    assert len(lines) == len(set(victims))
    salt = bytes.fromhex(proof["salt"])
    assert hashlib.sha256(salt + record.encode()).hexdigest() == proof["commitment"] in lines
    other = victims[0] if victims[0] != record else victims[-1]
    assert hashlib.sha256(salt + other.encode()).hexdigest() not in lines  # salts differ
    assert record not in b"".join(bundle.values()).decode("utf-8", "replace")
    # the court's check: the proof file and the report, offline, no vault
    proof_file = tmp_path / "proof.json"
    proof_file.write_text(done.out)
    checked = cli(
        "verify",
        published.package,
        "--record-proof",
        proof_file,
        "--fingerprint",
        published.fingerprint,
    )
    assert checked.code == 0, checked.out + checked.err
    assert "Record proof: PASS" in checked.out
    for field, value in (("record", other), ("salt", "00" * 32)):
        proof_file.write_text(json.dumps({**proof, field: value}))
        tampered = cli(
            "verify",
            published.package,
            "--record-proof",
            proof_file,
            "--fingerprint",
            published.fingerprint,
        )
        assert tampered.code == 1 and "Record proof: FAIL" in tampered.out, field
        assert "the record proof does not hold" in tampered.err
    missing = cli(
        "ledger",
        "prove-record",
        published.vault,
        "no-such-record",
        "--at",
        published.package,
        "-u",
        ADMIN,
        env=env,
    )
    assert missing.code == 1 and "was not part of the report" in missing.err


def test_a_second_report_is_protected_together_with_the_first(
    published: Published, tmp_path: Path
) -> None:
    """Issue 13: two reports a month apart; the attacker of test_disclosure gets both."""
    with vaults.unlock(published.vault, ADMIN, ADMIN_PASS) as admin:
        first = reports.last_publication(admin)
        assert first is not None
        for number in range(2):
            records.create_record(
                admin,
                records.RecordDraft(
                    case="late-case",
                    source="hotline-late",
                    event_type="killing",
                    event_month="2019-12",
                    analytic={"role": "victim"},
                    identity={"name": f"Late Synthetic Person {number}"},
                ),
            )
        publish_report(admin, tmp_path / "second.zip", {"en": str}, pdf=False)
        second = reports.last_publication(admin)
    assert second is not None and second.figures != first.figures
    assert {c for c in first.hidden if c in second.cells} <= second.hidden
    check_safe([(first, first.figures), (second, second.figures)], Rules())


def test_publishing_is_in_the_audit_trail_and_what_was_published_is_kept(
    published: Published,
) -> None:
    with vaults.unlock(published.vault, ADMIN, ADMIN_PASS) as admin:
        entries = audit.audit_trail(admin, 50, 0, None, "report.publish")
        kept = reports.published_reports(admin)
    with zipfile.ZipFile(published.package) as archive:
        item = json.loads(archive.read("commitment.json"))["item_id"]
        rows = list(csv.DictReader(io.StringIO(archive.read("tables.csv").decode())))
    assert [e.user for e in entries if e.target == item] == [ADMIN]
    first = next(p for p in kept if p.evidence_id == item)
    # the stored tables are the published ones, hidden cells hidden, figure for figure
    # (tables.csv's first row is the headline, which the manifest says as "people")
    read = {
        cell_of_row(r["table"], r["row"], r["column"]): int(r["people"]) if r["people"] else None
        for r in rows
    }
    assert read.pop(PEOPLE) == int(first.people)
    assert read == first.cells
    assert first.made_on and first.threshold == 5 and "report-ru.pdf" in first.files


def test_the_histories_reproduce_the_reports_estimate(
    published: Published, cli: CliRunner, tmp_path: Path
) -> None:
    """Issue 13, item 4: the package's own estimator, run on the exported histories with
    the command their README gives, gives the report's figure; no pattern cell is small."""
    files = _bundle(published.package)
    readme = files["histories-README.txt"].decode()
    (tmp_path / "histories.csv").write_bytes(files["histories.csv"])
    command = next(line.split() for line in readme.splitlines() if "uncounted estimate" in line)
    assert command[:3] == ["uncounted", "estimate", "histories.csv"]
    done = cli("estimate", tmp_path / "histories.csv", *command[3:])
    assert done.code == 0, done.err
    again = json.loads(done.out)
    with vaults.unlock(published.vault, ADMIN, ADMIN_PASS) as admin:
        chosen = analysis_review.headline_estimate(admin)
    assert chosen is not None
    run = chosen.result
    for figure in ("median", "q025", "q975"):
        assert again[figure] == pytest.approx(getattr(run, figure), rel=1e-9), figure
    assert again["observed"] == run.observed
    rows = list(csv.DictReader(io.StringIO(files["histories.csv"].decode())))
    assert {k for k in rows[0] if k.startswith("in_")} == {"in_A", "in_B", "in_C"}
    if "stratum" in rows[0]:
        assert all(int(row["count"]) >= 5 for row in rows), "a small pattern cell in a stratum"
        assert "--covariate stratum" in readme
    else:
        assert "no strata" in readme
    sources = {str(s) for s in set(published.names)}  # no list or person named
    assert not any(name in readme for name in sources)
