"""A report rendered to a real PDF (WeasyPrint) and read back as text with poppler's
pdftotext: what a reader of the published file sees, whitespace folded to single spaces; and
a vault of a synthetic world's lists, linked, to publish reports from."""

from __future__ import annotations

import subprocess
from pathlib import Path

from uncounted.report.disclosure import Publication
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.services import analysis_review, imports, register, vaults
from uncounted.synth import WorldConfig, default_sources, generate_world
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
