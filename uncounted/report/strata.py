"""The strata of the capture histories behind the estimate: coarsened until they are safe.

A statistician reproduces the report's estimate only from the very table it was made from:
suppressing a small pattern cell (say, the 2 people on lists A and C and no other) would
break that. So instead of suppressing, the strata are coarsened: people are placed in the
district of their earliest record, districts are first merged as the report's tables merge
them (:func:`uncounted.report.disclosure.merge_areas`), and then the stratum with a small
pattern cell (1 to threshold - 1 people) is merged into the smallest other stratum, again
and again, until no stratum has one; then further, until no stratum's people, beside the
report's tables, let a reader work out a figure the tables hide (an audit the report gives:
:func:`uncounted.report.disclosure.strata_exposed`; a stratum of one district is that
district's people, and histories.csv gave a hidden "Vedeno, Detention" of 30 away beside
Vedeno's 33, and with it 3 tortures). When only one stratum is left, the histories are
published without strata, and the file says so: they are the estimate's own input, with the
lists named by letters, and a pattern count carries no place, date or violation of anyone.
Apart from :mod:`uncounted.report.histories` (the files), which reads the report's wording,
so that the report can coarsen the strata it publishes.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from uncounted.messages import N_
from uncounted.report.disclosure import UNKNOWN, Case, Rules, merge_areas

#: Why histories.csv has fewer strata than its pattern cells allow: printed in
#: histories-README.txt, in each language of the report.
STRATA_MERGED = N_(
    "The strata of histories.csv are merged further than its pattern cells need: with"
    " fewer districts apart, a stratum's people, beside the report's tables, would let a"
    " reader work out a number the report hides (a district's people of a violation hidden"
    " to protect a smaller number). The estimate is over all strata together, so it is"
    " reproduced all the same."
)

#: A person's place in the histories: their lists (as given) and their district.
Person = tuple[frozenset[str], str]


@dataclass(frozen=True)
class ResearchHistories:
    """Pattern counts per stratum (one stratum "all" when published without strata)."""

    lists: tuple[str, ...]
    letters: tuple[str, ...]
    counts: dict[str, Counter[tuple[int, ...]]]
    stratified: bool
    threshold: int
    #: The districts each stratum holds (each person in the district of their earliest record).
    members: dict[str, frozenset[str]] = field(default_factory=dict)
    #: Whether strata were merged further because, beside the report's tables, they would
    #: have given away a figure the report hides (:func:`research_histories`' *audit*).
    audited: bool = False

    @property
    def note(self) -> str:
        """What a reader must know about the strata (English, for the research README)."""
        further = (
            ", then further until no stratum's people, beside the report's tables, give"
            " away a figure the report hides"
            if self.audited
            else ""
        )
        if self.stratified:
            return (
                f"{len(self.counts)} strata (districts merged until no pattern cell has"
                f" 1 to {self.threshold - 1} people{further})"
            )
        if self.audited:
            return (
                "no strata: every split of the districts, beside the report's tables, would"
                " give away a figure the report hides, so the histories are the estimate's"
                " whole table, published without strata"
            )
        return (
            "no strata: merging districts left no split in which every pattern cell has"
            f" 0 or at least {self.threshold} people, so the histories are the estimate's"
            " whole table, published without strata"
        )


def _small(counter: Counter[tuple[int, ...]], threshold: int) -> bool:
    return any(0 < count < threshold for count in counter.values())


def _pattern(person_lists: frozenset[str], lists: Sequence[str]) -> tuple[int, ...]:
    return tuple(int(name in person_lists) for name in lists)


#: Whether strata are safe to print beside the report's tables: each stratum's districts and
#: people (:func:`uncounted.report.disclosure.strata_exposed` says, given the report).
StrataAudit = Callable[[Mapping[frozenset[str], int]], bool]


def research_histories(
    people: Sequence[Person],
    lists: Sequence[str],
    rules: Rules,
    audit: StrataAudit | None = None,
) -> ResearchHistories:
    """The histories of *people* over *lists*, in the coarsest strata the rule needs; with
    *audit*, merged further (the smallest stratum into the next smallest) until the audit
    finds the strata safe beside the report's tables, down to no strata at all (the whole
    table, whose people the report's audit already holds)."""
    areas = merge_areas(
        [Case("", "", district or UNKNOWN) for _lists, district in people], rules.area_floor
    )
    counts: dict[str, Counter[tuple[int, ...]]] = {}
    members: dict[str, frozenset[str]] = {}
    for person_lists, district in people:
        stratum = areas[district or UNKNOWN]
        counts.setdefault(stratum, Counter())[_pattern(person_lists, lists)] += 1
        members[stratum] = members.get(stratum, frozenset()) | {district or UNKNOWN}
    while len(counts) > 1:
        offending = [s for s, c in counts.items() if _small(c, rules.threshold)]
        if not offending:
            break
        counts, members = _merged(counts, members, offending)
    audited = False
    while audit is not None and len(counts) > 1 and not audit(_people_of(counts, members)):
        counts, members, audited = *_merged(counts, members, list(counts)), True
    stratified = len(counts) > 1
    if not stratified:
        whole: Counter[tuple[int, ...]] = Counter()
        for counter in counts.values():
            whole.update(counter)
        counts = {"all": whole}
        members = {"all": frozenset(d for m in members.values() for d in m)}
    letters = tuple(_letter(i) for i in range(len(lists)))
    return ResearchHistories(
        tuple(lists), letters, counts, stratified, rules.threshold, members, audited
    )


def _people_of(
    counts: Mapping[str, Counter[tuple[int, ...]]], members: Mapping[str, frozenset[str]]
) -> dict[frozenset[str], int]:
    """Each stratum's districts and people, as the audit reads them."""
    return {members[s]: sum(c.values()) for s, c in counts.items()}


def _merged(
    counts: dict[str, Counter[tuple[int, ...]]],
    members: dict[str, frozenset[str]],
    among: Sequence[str],
) -> tuple[dict[str, Counter[tuple[int, ...]]], dict[str, frozenset[str]]]:
    """The smallest stratum of *among* merged into the smallest other one (one rule for the
    small pattern cells and the audit)."""
    size = {s: sum(c.values()) for s, c in counts.items()}
    worst = min(among, key=lambda s: (size[s], s))
    into = min((s for s in counts if s != worst), key=lambda s: (size[s], s))
    joined = _joined(into, worst)
    merged_counts = {s: c for s, c in counts.items() if s not in (worst, into)}
    merged_counts[joined] = counts[into] + counts[worst]
    merged_members = {s: m for s, m in members.items() if s not in (worst, into)}
    merged_members[joined] = members[into] | members[worst]
    return merged_counts, merged_members


def _joined(first: str, second: str) -> str:
    return " + ".join(sorted({*first.split(" + "), *second.split(" + ")}))


def _letter(index: int) -> str:
    letters = string.ascii_uppercase
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]
