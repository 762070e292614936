"""The PDF's cross tables wrap their headers between words, never inside one: with nine
violations to a page the headers read "Seizur/e of", "Deten-tion" (walkday2 and publishux,
stop 21, reading the PDF). Every violation the vocabulary has, in districts with the longest
names, English and Russian: each word of every header is a word of the PDF read back with
poppler's ``pdftotext -bbox`` (a break at a hyphen the name has is allowed), and no word runs
over another or off the page. Real WeasyPrint PDFs."""

from __future__ import annotations

import html
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from uncounted.model import vocabulary
from uncounted.report.disclosure import Case
from uncounted.report.document import ReportInput, build, render_html, render_pdf
from uncounted.web.i18n import Translator

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

VIOLATIONS = list(vocabulary.load("event_types"))
DISTRICTS = ["ru-ce-achkhoy-martanovsky", "ru-ce-urus-martanovsky", "ru-in-sunzhensky"]
#: Six people of every violation in each district, over four years: no district is merged.
CASES = [
    Case(violation, f"{2016 + (n % 4)}-0{1 + n % 9}", district)
    for violation in VIOLATIONS
    for district in DISTRICTS
    for n in range(6)
]

Box = tuple[float, float, float, float]


def _words(language: str, tmp_path: Path) -> tuple[list[list[tuple[str, Box]]], float]:
    """Every word of each page of the PDF report, with its box; and the page's width."""
    data = ReportInput(cases=CASES, people=len(CASES), made_on="x")
    pdf = tmp_path / f"report-{language}.pdf"
    pdf.write_bytes(render_pdf(render_html(build(data), Translator(language), language)))
    done = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    )
    size = re.search(r'<page width="([\d.]+)"', done.stdout)
    assert size is not None, "pdftotext gave no page"
    width = float(size.group(1))
    pages = []
    for page in done.stdout.split("<page ")[1:]:
        found = re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>',
            page,
        )
        pages.append(
            [
                (html.unescape(w), (float(a), float(b), float(c), float(d)))
                for a, b, c, d, w in found
            ]
        )
    return pages, width


def _cross_tables(words: list[str], language: str) -> list[str]:
    """The words from the year table's heading to the note under the area table (the chart
    above them names every violation whole, whatever the tables do)."""
    gettext = Translator(language).gettext
    heading = gettext("People by year and violation").split()
    note = gettext(
        "· hidden to protect the people counted: a number under {threshold}, or one that would"
        " let a reader work it out."
    ).split()
    start = next(i for i in range(len(words)) if words[i : i + len(heading)] == heading)
    end = next(i for i in range(start, len(words)) if words[i : i + 3] == note[:3])
    return words[start + len(heading) : end]


def _whole(word: str, printed: set[str]) -> bool:
    """*word* printed whole, or broken only after a hyphen of its own (Урус-/Мартановский)."""
    if word in printed:
        return True
    parts = word.split("-")
    pieces = [p + "-" for p in parts[:-1]] + parts[-1:]
    return len(parts) > 1 and all(p in printed for p in pieces)


def _overlap(one: Box, other: Box) -> bool:
    """Whether two words' boxes cover the same point (a word run over its neighbour)."""
    slack = 0.5
    return (
        one[0] < other[2] - slack
        and other[0] < one[2] - slack
        and one[1] < other[3] - slack
        and other[1] < one[3] - slack
    )


@pytest.mark.parametrize("language", ["en", "ru"])
def test_table_headers_wrap_between_words_only(language: str, tmp_path: Path) -> None:
    pages, width = _words(language, tmp_path)
    printed = set(_cross_tables([word for page in pages for word, _ in page], language))
    places = vocabulary.places()
    terms = vocabulary.load("event_types")
    labels = [terms.label(v, language) for v in VIOLATIONS]
    labels += [places.label(d, language) for d in DISTRICTS]
    broken = [
        (label, word)
        for label in labels
        for word in str(label).split()
        if not _whole(word, printed)
    ]
    assert not broken, broken
    for page in pages:
        assert all(box[2] <= width for _, box in page), "a word runs off the page"
        overlapping = [
            (a, b)
            for (a, one), (b, other) in itertools.combinations(page, 2)
            if _overlap(one, other)
        ]
        assert not overlapping, overlapping[:5]
