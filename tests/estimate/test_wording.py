"""How a report that hides its estimate words the estimators' sentences
(``uncounted.estimate.wording``): the warning kept, no figure of the estimate or of its people,
in English and Russian; and no sentence of an estimator carries a figure the rewording misses.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

from uncounted.estimate import adequacy
from uncounted.estimate.wording import (
    FEW_OVERLAPS,
    HIDDEN,
    NOT_FIGURES,
    PUBLISHED,
    WITHHELD,
    published,
    without_figures,
)
from uncounted.messages import N_, Message
from uncounted.web.i18n import Translator

ESTIMATE = Path(adequacy.__file__).parent
#: Values of the estimators' sentences that are words, never numbers.
WORDS = {
    "list",
    "first",
    "second",
    "model",
    "criterion",
    "terms",
    "other",
    "method",
    "choices",
    "stratum",
    "finding",
    "remedy",
    "column",
    "problem",
    "order",
}
#: Sentences with a figure that are never among a run's warnings, so never in a report: the
#: command line's "In words" (``Estimate.in_words``), ``estimate --method all``'s comparison
#: and an error refusing a table dga cannot take.
NOT_IN_A_RUN = {
    "{observed:,} people are documented; the lists cannot tell reliably how many people they"
    " all missed: {finding}",
    "{observed:,} people are documented; the total is estimated at about {centre:,.0f} (between"
    " {low:,.0f} and {high:,.0f}), so about {missed:,.0f} people are not on any list, if the"
    " method's assumptions hold.",
    "The methods agree: every figure ({low:,.0f} to {high:,.0f}) lies inside every method's"
    " interval, so the choice of model does not change the answer much; it can still be wrong if"
    " all share an assumption the data break.",
    "The methods disagree ({low:,.0f} to {high:,.0f}): the total depends on how lists are"
    " assumed to depend on each other and people to differ in how likely they are to be"
    " documented, which these lists cannot settle; report the whole range, not one figure.",
    "dga averages over all decomposable models for {low} to {high} lists; this table has {lists}"
    " (merge lists, or use lcmcr or loglinear)",
}


def _templates() -> set[str]:
    """Every template an estimator marks with ``N_`` (read from the source, as babel does)."""
    found = set()
    for path in ESTIMATE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                argument = node.args[0]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    found.add(argument.value)
    return found


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_sentence_with_a_figure_is_reworded_for_a_hidden_estimate() -> None:
    """A sentence a run keeps with a value that is neither a word nor named in NOT_FIGURES
    prints a figure: a report that hides its estimate rewords it (HIDDEN), or PUBLISHED has
    already dropped that value. A check added with a figure fails here until it is."""
    unhandled = set()
    for template in _templates() - set(HIDDEN.values()) - set(PUBLISHED.values()):
        figures = _names(template) - NOT_FIGURES - WORDS
        if template in PUBLISHED:
            figures &= _names(PUBLISHED[template])
        if figures and template not in HIDDEN:
            unhandled.add(template)
    assert unhandled == NOT_IN_A_RUN
    for reworded in HIDDEN.values():
        assert not _names(reworded) - NOT_FIGURES - WORDS, reworded


def test_a_caution_beside_a_hidden_estimate_keeps_its_warning_not_its_figure() -> None:
    """dga's check of its posterior (98 people on the lists, the interval up to 2,850), as a
    run keeps it: the report that shows the estimate prints 2,850; the one that hides it
    keeps the warning and says why the figure is missing, in English and Russian."""
    (check,) = adequacy.mass_at_documented(98, 0.4, 2850.0)
    kept = published(check.sentence)
    en, ru = Translator("en"), Translator("ru")
    assert isinstance(kept, Message) and "2,850" in kept.translated(en)
    hidden = without_figures(kept)
    assert isinstance(hidden, Message)
    for words, warning, why in (
        (en, "the lists cannot tell whether few or many", "the estimate is hidden because"),
        (ru, "по спискам нельзя понять, пропущено мало", "оценка скрыта, потому что"),
    ):
        said = hidden.translated(words)
        assert warning in said and why in said and "40%" in said, said
        assert "2" not in said.replace("40%", ""), said  # no 2,850, 2 850


def test_figures_no_rewording_knows_are_withheld_and_old_sentences_lose_their_numbers() -> None:
    """A sentence with a figure HIDDEN has no entry for (a check added later) is replaced by
    WITHHELD; a value PUBLISHED's wording no longer says is no figure; a plain string (a run
    kept before sentences kept their templates) has every number printed "·"; a sentence with
    no figure is printed as it is."""
    later = Message(N_("{people} people were seen twice."), people=98)
    assert without_figures(later) == WITHHELD
    overlaps = published(Message(FEW_OVERLAPS, overlap=3, minimum=7))
    assert without_figures(overlaps) == overlaps and "3" not in overlaps
    old = "Nobody is only on list press: all its 1,050 people are on other lists too."
    assert (
        without_figures(old)
        == "Nobody is only on list press: all its · people are on other lists too."
    )
    note = Message(N_("The chain has not settled (split R-hat {rhat:.2f})."), rhat=1.31)
    assert without_figures(note) == note
