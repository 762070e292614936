"""How a published report words the estimators' sentences: the one place for it.

A check's sentence as a run keeps it is for the organisation: it names a list and counts its
people, or prints figures of the estimate (a chain's median, the interval's upper end, the
people on the lists), because staff act on them. A published report describes its lists
without naming them, to protect their sources, and prints no count of people its disclosure
control did not audit (``uncounted.report.document.listed_figures``). Two rewordings, each a
table from the template a run keeps to the template a report prints:

* :data:`PUBLISHED` (every report, :func:`published`): no list named, no count of people on
  a list. Disclosure8's walk printed "Nobody is only on list press: all its 50 people are on
  other lists too" in a report that hid its headline.
* :data:`HIDDEN` (a report whose estimate is hidden, or whose people on the lists are not
  printed as they are: :func:`without_figures`): no figure of the estimate or of its people,
  the warning kept and the number's place saying why it is missing. Disclosure9 found the
  LCMCR caution "20 times the 98 documented", the interval's upper end and the chains'
  medians beside an estimate printed "·" (each of them at least the people on the lists, so
  at least as telling as the hidden figure).

The templates reworded live here, and the estimators fill them (``adequacy``, ``lcmcr``,
``dga``, ``loglinear``): a template changed in one place is changed in the other. Imports
nothing but the messages, so a report can word its sentences without loading a sampler.
"""

from __future__ import annotations

import re
from string import Formatter

from uncounted.messages import N_, Counted, Message

__all__ = [
    "BEST_FINITE",
    "CAP_BINDS",
    "CHAINS_DISAGREE",
    "FEW_OVERLAPS",
    "FEW_PEOPLE",
    "GRID_TOO_SHORT",
    "HIDDEN",
    "IMPROPER_POSTERIOR",
    "LISTS_COPY",
    "MASS_AT_DOCUMENTED",
    "NOBODY_ONLY_ON",
    "NOT_FIGURES",
    "NO_FINITE_BEST",
    "PUBLISHED",
    "SHARES_NO_ONE",
    "WITHHELD",
    "published",
    "without_figures",
]

SHARES_NO_ONE = N_(
    "List {list} shares no one with any other list, so the lists cannot tell how many people"
    " it missed."
)
FEW_OVERLAPS = N_(
    "Only {overlap} people are on more than one list; with fewer than {minimum} the overlaps"
    " say little about how many people all lists missed."
)
NOBODY_ONLY_ON = N_(
    "Nobody is only on list {list}: all its {people} people are on other lists too, which"
    " makes every method think almost no one is missing."
)
LISTS_COPY = N_(
    "Lists {first} and {second} nearly copy each other ({share:.0%} of the people on either"
    " are on both), so together they say little about who both missed and the total comes out"
    " too low."
)
FEW_PEOPLE = N_(
    "{people} people on {lists} lists are few: a model that lets the lists depend on each"
    " other has {parameters} parameters, and about {needed} people are needed to estimate them."
)
MASS_AT_DOCUMENTED = N_(
    "The estimate gives {share:.0%} probability that almost no one was missed while its"
    " interval reaches {upper:,.0f}: the lists cannot tell whether few or many people were"
    " missed."
)
CAP_BINDS = N_(
    "The sampler's upper limit on undocumented people ({factor:g} times the {observed:,}"
    " documented) was hit in {capped:.1%} of its steps and {near:.1%} of draws lie close to"
    " it: the limit, not the data, sets the upper end of the interval."
)
CHAINS_DISAGREE = N_(
    "The chains disagree: their medians range from {low:,.0f} to {high:,.0f} (R-hat"
    " {rhat:.2f}); the data may allow very different totals, and the estimate is not reliable"
    " at these settings."
)
IMPROPER_POSTERIOR = N_(
    "Under this prior the distribution of the total cannot be normalised (some models put"
    " weight on arbitrarily large totals); every figure depends on where the computation stops"
    " ({top:,})."
)
GRID_TOO_SHORT = N_(
    "The distribution of the total has not vanished at the largest total computed ({top:,},"
    " after {doublings} doublings); the upper end of the interval may be too low."
)
NO_FINITE_BEST = N_(
    "The estimate does not exist: the model that fits best by {criterion}, {model} ({terms}),"
    " lets the number never documented grow without bound, so no finite number can be"
    " reported."
)
BEST_FINITE = N_(
    "The best model with a finite estimate, {model} (N = {estimate:,.0f}), fits worse by"
    " {criterion}; it is listed among the models but not reported as the estimate."
)

#: Each sentence that names a list or counts people on the lists, and the sentence every
#: published report prints instead (:func:`published`). The organisation's pages and the
#: command line keep the first: staff need the list's name to act on it.
PUBLISHED: dict[str, Message] = {
    SHARES_NO_ONE: N_(
        "One of the lists shares no one with any other list, so the lists cannot tell how many"
        " people it missed."
    ),
    FEW_OVERLAPS: N_(
        "Few people are on more than one list (fewer than {minimum}): the overlaps say little"
        " about how many people all lists missed."
    ),
    NOBODY_ONLY_ON: N_(
        "Nobody is only on one of the lists: all its people are on other lists too, which"
        " makes every method think almost no one is missing."
    ),
    LISTS_COPY: N_(
        "Two of the lists nearly copy each other (nearly everyone on either is on both), so"
        " together they say little about who both missed and the total comes out too low."
    ),
    FEW_PEOPLE: N_(
        "The people on the {lists} lists are few: a model that lets the lists depend on each"
        " other has {parameters} parameters, and about {needed} people are needed to estimate"
        " them."
    ),
    # its terms name the lists ("press:walk"); the model's name numbers them ("[12]")
    NO_FINITE_BEST: N_(
        "The estimate does not exist: the model that fits best by {criterion}, {model}, lets"
        " the number never documented grow without bound, so no finite number can be reported."
    ),
}

#: Each sentence (as :data:`PUBLISHED` words it) that prints a figure of the estimate or of
#: its people, and the sentence a report prints instead when it hides the estimate or the
#: people on its lists (:func:`without_figures`): the warning kept, the number's place saying
#: why it is missing. Every such figure is at least the people on the lists (the draws, the
#: chains, the grid and a model's estimate are totals, documented people included), so each
#: would tell a reader as much as the hidden figure or more.
HIDDEN: dict[str, Message] = {
    CAP_BINDS: N_(
        "The sampler's upper limit on undocumented people ({factor:g} times the people on the"
        " lists) was hit in {capped:.1%} of its steps and {near:.1%} of draws lie close to it:"
        " the limit, not the data, sets the upper end of the interval. The number of people on"
        " the lists is not given: the estimate is hidden because its figures would let a reader"
        " work out a number this report hides."
    ),
    CHAINS_DISAGREE: N_(
        "The chains disagree (R-hat {rhat:.2f}): the data may allow very different totals, and"
        " the estimate is not reliable at these settings. Their medians are not given: the"
        " estimate is hidden because its figures would let a reader work out a number this"
        " report hides."
    ),
    MASS_AT_DOCUMENTED: N_(
        "The estimate gives {share:.0%} probability that almost no one was missed while its"
        " interval reaches more than a fifth above the people on the lists: the lists cannot"
        " tell whether few or many people were missed. The interval's upper end is not given:"
        " the estimate is hidden because its figures would let a reader work out a number this"
        " report hides."
    ),
    IMPROPER_POSTERIOR: N_(
        "Under this prior the distribution of the total cannot be normalised (some models put"
        " weight on arbitrarily large totals); every figure depends on where the computation"
        " stops. Where it stops is not given: the estimate is hidden because its figures would"
        " let a reader work out a number this report hides."
    ),
    GRID_TOO_SHORT: N_(
        "The distribution of the total has not vanished at the largest total computed; the"
        " upper end of the interval may be too low. That total is not given: the estimate is"
        " hidden because its figures would let a reader work out a number this report hides."
    ),
    BEST_FINITE: N_(
        "The best model with a finite estimate, {model}, fits worse by {criterion}; it is"
        " listed among the models but not reported as the estimate. Its figure is not given:"
        " the estimate is hidden because its figures would let a reader work out a number this"
        " report hides."
    ),
}

#: What a report whose estimate is hidden prints for a sentence with a figure no entry of
#: :data:`HIDDEN` rewords (a check added later): its figure must not go out, and a sentence
#: cannot be cut in two in every language, so it says that a caution was withheld, and why.
WITHHELD = N_(
    "A caution of the method is not printed here, because it gives figures of the estimate:"
    " the estimate is hidden because its figures would let a reader work out a number this"
    " report hides."
)

#: The values of the estimators' sentences that are never figures of the estimate or of its
#: people: shares, ratios, the sampler's diagnostics, counts of models, draws and lists, the
#: fixed thresholds. Any other number in a sentence is taken for a figure
#: (:func:`without_figures`), so a new check's figure is withheld until it is named here or
#: reworded in :data:`HIDDEN`.
NOT_FIGURES = frozenset(
    {
        "capped",
        "near",
        "factor",
        "rhat",
        "ess",
        "share",
        "weight",
        "odds",
        "minimum",
        "lists",
        "parameters",
        "needed",
        "missing",
        "unidentified",
        "models",
        "failed",
        "replicates",
        "n",
    }
)


def published(text: str) -> str:
    """*text*, a check's sentence as a run keeps it (:meth:`Check.sentence`, or one inside
    another: "Stratum {stratum}: {finding}"), as a published report says it: every part
    that names a list or counts people in :data:`PUBLISHED`'s words, the rest as it is (a
    plain string, stored before sentences kept their templates, is left as it is)."""
    if not isinstance(text, Message) or isinstance(text, Counted):
        return text
    values = {
        name: published(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }
    return Message(PUBLISHED.get(text.template, text.template), **values)


def without_figures(text: str) -> str:
    """*text* (as :func:`published` words it) as a report that hides its estimate prints it:
    each part with a figure of the estimate in :data:`HIDDEN`'s words, or, for a figure no
    entry rewords, :data:`WITHHELD`; a plain string (a run kept before sentences kept their
    templates) with every number replaced by "·", as the report marks a hidden figure."""
    if isinstance(text, Counted):
        return "·" if _figures(text) else text
    if not isinstance(text, Message):
        return re.sub(r"\d+(?:[.,\u202f]\d+)*", "·", text)
    values = {
        name: without_figures(value) if isinstance(value, Message) else value
        for name, value in text.params.items()
    }
    if text.template in HIDDEN:
        return Message(HIDDEN[text.template], **values)
    if _figures(text):
        return WITHHELD
    return Message(text.template, **values)


def _figures(text: Message) -> bool:
    """Whether *text*'s own values (not those of a sentence inside it) hold a figure."""
    if isinstance(text, Counted):
        return True  # a count in words: of people or records, never a diagnostic
    try:
        said = {name for _, name, _, _ in Formatter().parse(text.template) if name}
    except ValueError:  # unbalanced braces: a template with no values, taken as words
        said = set()
    return any(
        isinstance(value, int | float) and not isinstance(value, bool) and name not in NOT_FIGURES
        for name, value in text.params.items()
        if name in said  # a reworded template keeps the values it no longer says
    )
