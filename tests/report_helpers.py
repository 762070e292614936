"""A report rendered to a real PDF (WeasyPrint) and read back as text with poppler's
pdftotext: what a reader of the published file sees, whitespace folded to single spaces."""

from __future__ import annotations

import subprocess
from pathlib import Path

from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator


def report_pdf_text(data: ReportInput, language: str, tmp_path: Path) -> str:
    """The text of the PDF report of *data* in *language* (written under *tmp_path*)."""
    report = build(data)
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(report, Translator(language).gettext, language)))
    done = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True)
    return " ".join(done.stdout.split())
