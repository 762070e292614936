"""The cells of a report's tables and how the report names them to a reader.

A cell is a tuple of names (:data:`Cell`): the disclosure control
(:mod:`uncounted.report.disclosure`) tabulates, audits and hides cells; the report
(:mod:`uncounted.report.document`), the Reports page and a refusal name a cell as a reader
finds it in the tables ("2017, Detention", "Vedeno District, Other violations", "the grand
total"), in the reader's language: one naming rule (:func:`cell_words`), here, below both.
Pure: the labels come from the model's vocabularies and the caller's catalogue.
"""

from __future__ import annotations

from typing import Any, Self

from uncounted.messages import Catalogue, Gettext, Message, capital, language_of

#: A cell of a published table: (dimension names joined by "×", then one value per dimension).
#: Margins are cells of the lower-dimensional tables (("violation", "killing"), ("all",)), so
#: two tables sharing a margin share its cell.
Cell = tuple[str, ...]
TOTAL: Cell = ("all",)
#: The people documented as victims, the report's headline: not a cell of its tables (a person
#: counts once, in the tables once per violation), but a figure a reader subtracts from them.
PEOPLE: Cell = ("people",)
#: An official claim's people documented by its date (``disclosure.claim_cell``).
CLAIM = "claim"
#: A count of records printed beside the headline (``disclosure.beside_cell``).
BESIDE = "beside"
#: A count of people on the lists printed beside the tables (``disclosure.listed_cell``): a
#: list's people, the estimate's people on the lists, at a linkage setting, ...
LISTED = "listed"
OTHER_AREA = "other districts"
OTHER_VIOLATIONS = "other violations"
UNKNOWN = "unknown"

#: The table of people by act (arrest, beating, ...): a person counts once under each act done
#: to them, so its cells add up to no published figure; it has no total and no relation.
ACT = "act"


def code_label(gettext: Gettext, language: str, value: str) -> str:
    """A code's label in *language*: from the model's vocabularies (violations, places, claim
    types, estimation methods), else the catalogue's translation of the code as words. The
    Reports page labels a published report's rows with it too, so both read "Other
    violations" alike (the page's own labels read the code as words: "other violations").
    A group the report makes is capitalised as a label: "Other districts", "Unknown"."""
    from uncounted.model import vocabulary

    for terms in (
        vocabulary.load("event_types"),
        vocabulary.load("act_types"),
        vocabulary.places(),
        vocabulary.load("claim_types"),
        vocabulary.load("estimate_methods"),
    ):
        if value in terms:
            return str(terms.label(value, language))
    # the groups a report makes are headings among the vocabularies' labels, capitalised as
    # they are ("unknown" and "other districts" read lower case as rows of the area table
    # and as the year table's column: reportux4)
    if value == OTHER_VIOLATIONS:
        return gettext("Other violations")
    if value == OTHER_AREA:
        return gettext("Other districts")
    if value == UNKNOWN:
        return gettext("Unknown")
    return gettext(value.replace("_", " "))


def act_label(gettext: Gettext, language: str, code: str) -> str:
    """An act's own label (``extortion`` the act is "Extortion of money or property", not
    the violation "Extortion" of the same code)."""
    from uncounted.model import vocabulary

    acts = vocabulary.load("act_types")
    return str(acts.label(code, language)) if code in acts else code_label(gettext, language, code)


def cell_words(gettext: Gettext, language: str, cell: Cell) -> str:
    """Where a reader finds *cell* in the report: its row and column ("2017, Detention"; a
    total's "All"), the grand total, a month, or an act."""
    if cell == TOTAL:
        return gettext("the grand total")
    if cell == PEOPLE:
        return gettext("People documented as victims")
    if cell[0] == ACT:
        return act_label(gettext, language, cell[1])
    if cell[0] == "month":
        return cell[1]
    if cell[0] == CLAIM:  # as the claims table prints it: "People documented by then"
        kinds = [code_label(gettext, language, code) for code in cell[2].split(",") if code]
        return f"{gettext('People documented by then')} ({', '.join([cell[1], *kinds])})"
    if cell[0] == BESIDE:  # the counts of records the report prints beside the headline
        said = (
            "records"
            if cell[1] == "records"
            else "records not yet linked, each counted as one person"
        )
        return f"{gettext('People documented as victims')}: {gettext(said)}"
    if cell[0] == LISTED:  # never small, never named in a refusal; named as printed
        return f"{gettext('people on the lists')} ({' '.join(part for part in cell[1:] if part)})"
    if len(cell) == 3:
        return f"{code_label(gettext, language, cell[1])}, {code_label(gettext, language, cell[2])}"
    label = code_label(gettext, language, cell[1])
    return f"{gettext('All')}, {label}" if cell[0] == "violation" else f"{label}, {gettext('All')}"


class FigureName(Message):
    """A figure of the report's tables named as the report names it (:func:`cell_words`:
    "Vedeno District, Other violations"), in the language of whoever reads the message it is
    put in (``uncounted report``'s terminal, the Reports page): a refusal named it in the
    tables' codes, "(district ru-ce-vedensky, violation other violations)", in Russian too.
    Its English text is the English name."""

    cell: Cell

    def __new__(cls, cell: Cell) -> Self:
        self = super().__new__(cls, cell_words(str, "en", cell))
        self.cell = cell
        return self

    def _said(self, words: Gettext | Catalogue, sentence: bool) -> str:
        gettext = words.gettext if isinstance(words, Catalogue) else words
        said = cell_words(gettext, language_of(words), self.cell)
        return capital(said) if sentence else said

    def __reduce__(self) -> tuple[Any, ...]:
        return (FigureName, (self.cell,))
