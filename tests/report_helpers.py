"""A report rendered to a real PDF (WeasyPrint) and read back as text with poppler's
pdftotext: what a reader of the published file sees, whitespace folded to single spaces; and
a vault of a synthetic world's lists, linked, to publish reports from."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Sequence
from pathlib import Path

from uncounted import vault as store
from uncounted.report.disclosure import Publication
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.services import (
    analysis_review,
    imports,
    records,
    register,
    reports,
    revisions,
    vaults,
)
from uncounted.synth import WorldConfig, default_sources, generate_world
from uncounted.vault import RecordDraft
from uncounted.web.i18n import Translator


def report_pdf_text(
    data: ReportInput, language: str, tmp_path: Path, previous: Publication | None = None
) -> str:
    """The text of the PDF report of *data* in *language* (written under *tmp_path*), its
    counts in that language's plural forms as the app writes them; audited together with
    *previous*, a report published before, when given."""
    report = build(data, previous=previous)
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(report, Translator(language), language)))
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())


def linked_world_vault(
    path: Path, user: tuple[str, str], people: int, seed: int, lists: int, folder: Path
) -> None:
    """A new vault at *path* (its first user *user*: name, passphrase) holding the first
    *lists* lists of a synthetic world of *people* victims (files written in *folder*),
    linked into the register."""
    world = generate_world(WorldConfig(people=people, seed=seed, sources=default_sources()[:lists]))
    vaults.init_vault(path, *user)
    with vaults.unlock(path, *user) as admin:
        for source in sorted(world.records["source"].unique()):
            listing = folder / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(admin, listing, source=source)
        register.link_people(admin)


def estimated_world_vault(path: Path, user: tuple[str, str], folder: Path) -> None:
    """A vault of 80 synthetic victims on three lists (seed 11), linked, with a chosen
    estimate (dga over the register): what a report is published from."""
    linked_world_vault(path, user, 80, 11, 3, folder)
    with vaults.unlock(path, *user) as admin:
        run = analysis_review.estimate_from_register(admin, "dga")
        analysis_review.publish_estimate(admin, run.id)


LEAKY_ADMIN, LEAKY_PASS = "ana", "unprotectable report admin passphrase"
VEDENO, ARGUN = "ru-ce-vedensky", "ru-ce-argun"
#: (violation, month, district, people): the walk's four groups.
GROUPS = (
    ("detention", "2017-03", VEDENO, 30),
    ("killing", "2019-01", ARGUN, 12),
    ("forced_outing", "2017-04", VEDENO, 3),
    ("abduction", "2019-02", ARGUN, 2),
)


def add_victims(
    admin: vaults.UnlockedVault, groups: Sequence[tuple[str, str, str, int]], start: int = 0
) -> dict[str, list[str]]:
    """Save (violation, month, district, people) groups of synthetic victims' records, one
    person each (no linkage places them); their record ids by violation."""
    saved: dict[str, list[str]] = {}
    for violation, month, district, people in groups:
        for n in range(start, start + people):
            draft = RecordDraft(
                case="walk",
                source="walk",
                source_record_id=f"{violation}-{month}-{n}",
                event_type=violation,
                event_month=month,
                district=district,
                analytic={"role": "victim"},
                identity={"name": f"Testname{violation.title()}{n} Syntheticova"},
            )
            saved.setdefault(violation, []).append(records.create_record(admin, draft))
    return saved


#: Two groups of one district: report No. 1 of :func:`one_report_published`.
PUBLISHED_GROUPS = (("detention", "2017-03", VEDENO, 30), ("killing", "2017-04", VEDENO, 12))


def one_report_published(path: Path) -> None:
    """A vault of PUBLISHED_GROUPS with report No. 1 published (a ``vault_copies`` builder:
    what a second report is protected together with)."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(admin, PUBLISHED_GROUPS)
        reports.publish_report(admin, path.parent / "first.zip", {"en": str}, pdf=False)


SYLLABLES = ("ka", "lo", "mi", "ra", "su", "te", "vo", "za", "be", "du", "gi", "ny", "pe", "sha")


def add_victims_on_lists(
    admin: vaults.UnlockedVault,
    groups: Sequence[tuple[str, str, str, int]],
    lists: tuple[str, ...],
    case: str,
    seed: int,
    start: int = 0,
) -> None:
    """Save (violation, month, district, people) groups of synthetic victims, each on the
    first of *lists*, every second one on the second too (and every third on a third),
    under the same made-up name (so linkage joins them): a list naming everyone beside one
    naming half."""
    rng = random.Random(seed)
    n = start
    for violation, month, district, people in groups:
        for _ in range(people):
            name = " ".join(
                "".join(rng.choice(SYLLABLES) for _ in range(size)).title() for size in (3, 4)
            )
            for source in (s for k, s in enumerate(lists) if n % (k + 1) == 0):
                draft = RecordDraft(
                    case=case,
                    source=source,
                    source_record_id=f"{source}-{n}",
                    event_type=violation,
                    event_month=month,
                    district=district,
                    analytic={"role": "victim"},
                    identity={"name": name},
                )
                records.create_record(admin, draft)
            n += 1


def leaky_vault(path: Path) -> Path:
    """Stop 24's known leak in a vault (tests/report/test_report_unprotectable.py): 30
    detentions in Vedeno, 12 killings in Argun, 3 forced outings and 2 abductions; report
    No. 1 published ("Other violations" 5, Killing 12), the abductions then corrected to
    detentions."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        saved = add_victims(admin, GROUPS)
        reports.publish_report(admin, path.parent / "first.zip", {"en": str}, pdf=False)
        for record in saved["abduction"]:
            revisions.edit_record(admin, record, {"event_type": "detention"}, "was a detention")
    return path


def detention_hidden_vault(path: Path) -> Path:
    """Two reports published, the second hiding Detention's total (78 people) because of the
    first (tests/report/test_report_small_counts.py's case, walkday5's on the demo): 45
    detentions in Vedeno and 20 killings in Argun in 2017, 30 detentions in Argun in 2019,
    then 3 detentions in Vedeno in June 2017."""
    vaults.init_vault(path, LEAKY_ADMIN, LEAKY_PASS)
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        add_victims(
            admin,
            [
                ("detention", "2017-03", VEDENO, 45),
                ("killing", "2017-04", ARGUN, 20),
                ("detention", "2019-01", ARGUN, 30),
            ],
        )
        reports.publish_report(admin, path.parent / "first.zip", {"en": str}, pdf=False)
        add_victims(admin, [("detention", "2017-06", VEDENO, 3)], start=100)
        reports.publish_report(admin, path.parent / "second.zip", {"en": str}, pdf=False)
    return path


def published_count(path: Path) -> int:
    """How many reports :func:`leaky_vault`'s ledger lists (its audit trail says the same)."""
    with vaults.unlock(path, LEAKY_ADMIN, LEAKY_PASS) as admin:
        trail = [entry.action for entry in store.vault_trail(admin)]
        listed = reports.published_reports(admin)
    assert len(listed) == trail.count("report.publish")
    return len(listed)
