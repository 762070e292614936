"""Can these lists carry an estimate at all? Checks shared by every method, run first.

Every method reads the number nobody documented out of how the lists overlap. Some tables
cannot tell it whatever the method, and a sampler will still print a confident interval for
them (an LCMCR run on a list that overlaps no one gave 403, 240-825, with no warning). These
checks look at the table alone, before any model, and each says how much it matters
(:class:`~uncounted.estimate.result.Severity`) and what would help. Where each threshold
comes from (docs/estimation.md has the same list):

* **A list that overlaps no other** (refuse): the only evidence of how many people a list
  missed is how many of its people the other lists also found; with none, that share is 0
  and every method's answer is set by its prior or its search limits, not by the data.
* **Few people on two or more lists** (caution below :data:`MIN_OVERLAP`, 7): Chapman's
  estimate is nearly unbiased only with about 7 or more people in the overlap (Robson &
  Regier 1964, the rule the two-list estimate has always warned with); with several lists
  the overlaps together play that part. No overlap at all is a refusal (every list then
  overlaps no other).
* **A list with nobody only on it** (caution, lists of :data:`MIN_LIST_FOR_UNIQUE` or
  more): a list built from the other lists, or whose every record was merged into another
  list's person, has no one of its own. The methods then see the strongest possible
  dependence and conclude that almost no one is missing. By chance alone it is rare: with 10
  people on the list and even a 70% chance for each to be on another list, the chance that
  none is unique is 0.7**10, about 3%.
* **Two lists that nearly copy each other** (caution, overlap of at least
  :data:`COPY_OVERLAP` of their union, 90%): for independent lists that catch a share p of
  everyone, the overlap is p/(2 - p) of the union, which reaches 90% only when both catch
  more than 94% of all people. A copy adds no information about who both missed and drives
  independence-based models to too low a total.
* **Few people for the number of lists** (caution below :data:`PEOPLE_PER_PARAMETER` people
  per parameter of the model with every pairwise dependence, 1 + J + J(J-1)/2 for J lists):
  the usual "ten events per variable" of regression (Peduzzi et al. 1996), since any method
  that allows lists to depend on each other estimates about that many quantities.
* **Lists positively dependent** (caution when the pairwise odds ratio, among people some
  third list found, averages at least :data:`DEPENDENCE_ODDS` (1.1) with a z-score of at
  least :data:`DEPENDENCE_Z` (4)): among people a third list found, independent lists are
  independent whatever the third list is, so an odds ratio above 1 means people on one list
  are on the others more often than chance. That is what people who differ in how likely
  every list is to reach them produce, and those whom every list tends to miss are missing
  from every overlap too: the methods' totals then come out too low (Link 2003 shows the
  size of that class cannot be read from the lists at all). The thresholds were set on the
  tuning worlds 0-99 of ``benchmarks/estimate_calibration.py``: there it fired on 43% of the
  log-linear misses and 6% of the good results (a z of 3: 49% and 11%). Pairs share people,
  so under independence the z-score spreads more than a standard normal (standard deviation
  1.36 over 1,000 simulated tables of independent lists, 3-8 lists, 300-20,000 people): a z
  of 3 fired on 11 of those 1,000 tables, a z of 4 on none.
* **Three lists** (note): with three lists, any difference between people in how likely
  they are to be documented looks like list dependence, and the one three-way term that
  would tell them apart is the one no model of three lists can estimate.
"""

from __future__ import annotations

from itertools import combinations

import numpy as np

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Check, Estimate, Severity
from uncounted.estimate.wording import (
    FEW_OVERLAPS,
    FEW_PEOPLE,
    LISTS_COPY,
    MASS_AT_DOCUMENTED,
    NOBODY_ONLY_ON,
    SHARES_NO_ONE,
)
from uncounted.messages import N_

__all__ = [
    "COPY_OVERLAP",
    "DEPENDENCE_ODDS",
    "DEPENDENCE_Z",
    "MIN_LIST_FOR_UNIQUE",
    "MIN_OVERLAP",
    "NEAR_DOCUMENTED",
    "PEOPLE_PER_PARAMETER",
    "data_checks",
    "mass_at_documented",
    "pairwise_dependence",
    "refused",
]

MIN_OVERLAP = 7
MIN_LIST_FOR_UNIQUE = 10
COPY_OVERLAP = 0.9
MIN_UNION_FOR_COPY = 10
PEOPLE_PER_PARAMETER = 10
#: Average pairwise odds ratio (among people some third list found) from which lists count
#: as positively dependent...
DEPENDENCE_ODDS = 1.1
#: ...when its z-score (log odds ratio over its standard error) is at least this.
DEPENDENCE_Z = 4.0
#: "Almost no one missed": at most this share of the documented count unobserved.
NEAR_DOCUMENTED = 0.01
#: Probability of "almost no one missed" above this is worth a caution...
NEAR_DOCUMENTED_MASS = 0.05
#: ...when the interval also reaches this far above the documented count.
WIDE_UPPER = 1.2


def data_checks(h: CaptureHistories) -> tuple[Check, ...]:
    """Every shared check that fires on *h*, refusals first."""
    cells = h.cell_counts().astype(np.int64)
    index = np.arange(len(cells))
    on = [(index >> j) & 1 == 1 for j in range(h.n_lists)]
    size = [int(cells[mask].sum()) for mask in on]
    found: list[Check] = []
    found += _isolated(h, cells, size)
    found += _few_overlaps(h, cells, index)
    found += _no_unique(h, cells, size)
    found += _copies(h, cells, on)
    found += _few_people(h)
    found += _positive_dependence(cells, on)
    if h.n_lists == 3:
        found.append(
            Check(
                "three_lists",
                Severity.NOTE,
                N_(
                    "With three lists, differences between people in how likely they are to "
                    "be documented cannot be told apart from dependence between the lists."
                ),
                N_("A fourth list, independent of these three, would show it."),
            )
        )
    return tuple(sorted(found, key=lambda c: c.severity.rank))


def _isolated(h: CaptureHistories, cells: np.ndarray, size: list[int]) -> list[Check]:
    found = []
    for j, name in enumerate(h.lists):
        alone = int(cells[1 << j])
        if size[j] > 0 and alone == size[j]:
            found.append(
                Check(
                    "list_overlaps_none",
                    Severity.REFUSE,
                    SHARES_NO_ONE,
                    N_(
                        "Check that its records were linked with the other lists; otherwise "
                        "estimate without it and count its people as documented."
                    ),
                    lists=(name,),
                ).with_values(list=name)
            )
    return found


def _few_overlaps(h: CaptureHistories, cells: np.ndarray, index: np.ndarray) -> list[Check]:
    multiple = int(cells[np.array([int(i).bit_count() >= 2 for i in index])].sum())
    if multiple >= MIN_OVERLAP or multiple == 0 or h.n_lists < 2:
        return []  # no overlap at all: every list overlaps none, refused above
    return [
        Check(
            "few_overlaps",
            Severity.CAUTION,
            FEW_OVERLAPS,
            N_("More people on more than one list (a longer period, more lists) would help."),
        ).with_values(overlap=multiple, minimum=MIN_OVERLAP)
    ]


def _no_unique(h: CaptureHistories, cells: np.ndarray, size: list[int]) -> list[Check]:
    found = []
    for j, name in enumerate(h.lists):
        if size[j] >= MIN_LIST_FOR_UNIQUE and int(cells[1 << j]) == 0:
            found.append(
                Check(
                    "list_without_unique",
                    Severity.CAUTION,
                    NOBODY_ONLY_ON,
                    N_(
                        "If the list was compiled from the other lists, leave it out; if not, "
                        "check that linkage did not merge its people into others."
                    ),
                    lists=(name,),
                ).with_values(list=name, people=size[j])
            )
    return found


def _copies(h: CaptureHistories, cells: np.ndarray, on: list[np.ndarray]) -> list[Check]:
    found = []
    for a, b in combinations(range(h.n_lists), 2):
        both = int(cells[on[a] & on[b]].sum())
        either = int(cells[on[a] | on[b]].sum())
        if either >= MIN_UNION_FOR_COPY and both >= COPY_OVERLAP * either:
            names = (h.lists[a], h.lists[b])
            found.append(
                Check(
                    "lists_copy",
                    Severity.CAUTION,
                    LISTS_COPY,
                    N_("Merge the two lists into one, or leave one of them out."),
                    lists=names,
                ).with_values(first=names[0], second=names[1], share=both / either)
            )
    return found


def _few_people(h: CaptureHistories) -> list[Check]:
    j = h.n_lists
    parameters = 1 + j + j * (j - 1) // 2
    needed = PEOPLE_PER_PARAMETER * parameters
    if j < 3 or h.observed >= needed:
        return []
    return [
        Check(
            "few_people",
            Severity.CAUTION,
            FEW_PEOPLE,
            N_("Read the interval, not the central figure; merging small lists would help."),
        ).with_values(people=h.observed, lists=j, parameters=parameters, needed=needed)
    ]


def pairwise_dependence(cells: np.ndarray, on: list[np.ndarray]) -> tuple[float, float] | None:
    """The average log odds ratio of list pairs among people some third list found, and its
    z-score; None for fewer than three lists.

    For each pair (a, b) the 2x2 table of a and b among people on at least one other list is
    complete (nobody in it is unobserved), so its odds ratio is 1 for independent lists. A
    pair whose table has an empty cell is left out (its odds ratio is 0 or infinite: adding
    1/2 to every cell, as Haldane did, turned tables of 3 and 2 people into odds of 11 and
    made two separate pairs of overlapping lists look dependent); the others are averaged
    with inverse-variance (Woolf) weights. Pairs share people, so the z-score overstates the
    evidence somewhat: the threshold was chosen with that in it. None when no pair is left.
    """
    lists = len(on)
    if lists < 3:
        return None
    logs, weights = [], []
    for a, b in combinations(range(lists), 2):
        third = np.zeros(len(cells), dtype=bool)
        for c in range(lists):
            if c not in (a, b):
                third |= on[c]
        table = [
            float(cells[third & first & second].sum())
            for first in (on[a], ~on[a])
            for second in (on[b], ~on[b])
        ]
        if min(table) > 0:
            logs.append(np.log(table[0] * table[3] / (table[1] * table[2])))
            weights.append(1 / sum(1 / n for n in table))
    if not logs:
        return None
    w = np.array(weights)
    mean = float(np.dot(logs, w) / w.sum())
    return mean, mean * float(np.sqrt(w.sum()))


def _positive_dependence(cells: np.ndarray, on: list[np.ndarray]) -> list[Check]:
    found = pairwise_dependence(cells, on)
    if found is None:
        return []
    log_odds, z = found
    if log_odds < np.log(DEPENDENCE_ODDS) or z < DEPENDENCE_Z:
        return []
    return [
        Check(
            "lists_positively_dependent",
            Severity.CAUTION,
            N_(
                "People on one list are on the other lists more often than independent lists "
                "would give (odds {odds:.2f} times as high, on average over pairs of lists): "
                "people differ in how likely they are to be documented, and those whom every "
                "list tends to miss are missing from the overlaps too, so the total is "
                "probably too low."
            ),
            N_(
                "Read the figure as a likely lower bound; a list that reaches people the "
                "other lists rarely reach would help most."
            ),
        ).with_values(odds=float(np.exp(log_odds)))
    ]


def mass_at_documented(observed: int, share: float, q975: float) -> list[Check]:
    """The Bayesian methods' check on their posterior: *share* of it has almost no one
    missed (within :data:`NEAR_DOCUMENTED` of *observed*) while the interval's upper end
    *q975* says many may be. Both at once mean the lists cannot tell few from many; the
    first alone (a narrow interval at the documented count) is what heavily overlapping
    lists should give, and says nothing wrong."""
    if share <= NEAR_DOCUMENTED_MASS or q975 <= WIDE_UPPER * observed:
        return []
    return [
        Check(
            "mass_at_documented",
            Severity.CAUTION,
            MASS_AT_DOCUMENTED,
            N_("Look for lists built from other lists, and compare with another method."),
        ).with_values(share=share, upper=q975)
    ]


def refused(h: CaptureHistories, method: str, checks: tuple[Check, ...]) -> Estimate:
    """An estimate with no number, carrying the *checks* that say why."""
    return Estimate(
        method=method,
        lists=h.lists,
        observed=h.observed,
        point=None,
        median=None,
        mean=None,
        q025=None,
        q975=None,
    ).with_checks(*checks)
