"""A refusal names the figure it cannot protect as the report prints it, in the reader's
language, whatever kind of figure it is (review of stop 26): the official claims' "people
documented by then" and the counts of records beside the headline, audited since this stop,
were named in codes, and a claim about any violation asked the catalogue for the empty text,
which in Russian is the catalogue's own header ("Project-Id-Version: ...")."""

from __future__ import annotations

import pytest

from uncounted.report.cells import FigureName
from uncounted.report.disclosure import beside_cell, claim_cell
from uncounted.web.i18n import Translator


@pytest.mark.parametrize(
    ("cell", "english", "russian"),
    [
        (
            claim_cell("2019-03", []),
            "People documented by then (2019-03)",
            "Задокументировано людей к этой дате (2019-03)",
        ),
        (
            claim_cell("2019", ["killing", "detention"]),
            "People documented by then (2019, Detention, Killing)",
            "Задокументировано людей к этой дате (2019, ",
        ),
        (
            beside_cell("unplaced"),
            "People documented as victims: records not yet linked, each counted as one person",
            "записей ещё не связаны, каждая считается отдельным человеком",
        ),
    ],
)
def test_a_claim_or_a_count_beside_the_headline_is_named_as_the_report_prints_it(
    cell: tuple[str, ...], english: str, russian: str
) -> None:
    name = FigureName(cell)
    assert str(name) == english
    said = name.translated(Translator("ru"))
    assert russian in said, said
    assert "Project-Id-Version" not in said and "claim" not in said and "beside" not in said
