"""Which records a search may find, known without opening them: an index of what the one
search rule (:mod:`uncounted.services.search`) reads in each record, kept in the signed-in
session's memory.

Why: a name searched for matches few records, so a search read and unsealed every record the
user holds to be sure none was left (100,000 records: 11.8 s median for a rare surname, load
13, ``docs/benchmarks/web_lists.md``), and a caseworker on a hotline call waited that long at
every search. Now the first search of a session reads them once, as before, and keeps for each
record what a word is found in (:func:`~uncounted.services.search.written`, case folded) and
the keys of its name (:func:`~uncounted.services.search.name_keys`); every later search looks
its words up there and opens only the records they find, each still decided by the rule itself
(so the index can only narrow, never change, what a search finds).

Why in memory and not a blind index in the vault (docs/security.md, "Search index"): a keyed
index stored in the database would be read by anyone holding the vault's key, every user, and
would show which records of a case they do not hold share a name or a trigram; its key would
have to be each case's key to keep the grant's promise, and rotating it re-indexes the case.
This index holds only what the session's own keys open (the same identities, in the same
memory, for as long as those keys are held), is never written anywhere and is dropped with the
session (``VaultSession.memo``, emptied at sign-out, expiry and panic).

It holds while records are only added (a later search reads those above the highest rowid it
read); a revision or withdrawal in place, or a change of the cases the user holds or of their
keys (grant, revocation, rotation), makes the next search read everything again
(:func:`uncounted.vault.search_stamp`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace

from uncounted import vault as store
from uncounted.services import search
from uncounted.services.permissions import may
from uncounted.vault import Action, RecordFilter, VaultSession

__all__ = ["searched"]

Name = tuple[str, str]
Stamp = tuple[int, int, tuple[tuple[int, int], ...]]

#: Between a record's values, and between records, in the index's text: no typed word holds
#: one (a search's words are split on white space; one that did would only find more, and
#: the rule decides each record found).
_VALUES, _RECORDS = "\x00", "\x01"


@dataclass
class _Index:
    """What the rule reads in every record up to rowid ``last``, for one session and one
    *reveal* (whether its role may read identities at all)."""

    reveal: bool
    stamp: Stamp
    rowids: list[int] = field(default_factory=list)
    #: each record's written values joined, the records joined, and where each record starts
    text: str = ""
    starts: list[int] = field(default_factory=list)
    #: each key of a name word, with the records (their places in ``rowids``) it is in
    names: defaultdict[Name, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def last(self) -> int:
        """The highest rowid read."""
        return self.stamp[0]

    def read(self, vault: VaultSession, stamp: Stamp) -> None:
        """Add every record stored after :attr:`last`; *stamp* was taken before reading."""
        parts = [self.text] if self.rowids else []
        at = len(self.text) + 1 if self.rowids else 0
        for rowid, view in store.search_rows(vault, self.last, reveal=self.reveal):
            place = len(self.rowids)
            self.rowids.append(rowid)
            part = _VALUES.join(search.written(view))
            parts.append(part)
            self.starts.append(at)
            at += len(part) + 1
            for name in set(search.name_keys(view)):
                self.names[name].append(place)
        self.text = _RECORDS.join(parts)
        # rows stored while reading were read too: go on after the last one read
        self.stamp = (max(stamp[0], self.rowids[-1] if self.rowids else 0), stamp[1], stamp[2])

    def found(self, word: search.Word) -> set[int]:
        """The places of the records in which *word* may be found (the rule's three ways)."""
        places = self._written(word.typed)
        if word.keys:  # every key of the word in some word of the record's name
            keyed = [self._named(search.Word(word.typed, (key,), ())) for key in word.keys]
            places |= set.intersection(*keyed)
        if word.starts:
            places |= self._named(search.Word(word.typed, (), word.starts))
        return places

    def _written(self, typed: str) -> set[int]:
        """The records with *typed* inside a value as written (each looked at once)."""
        places: set[int] = set()
        at = self.text.find(typed)
        while at >= 0:
            place = bisect_right(self.starts, at) - 1
            places.add(place)
            if place + 1 == len(self.starts):
                break
            at = self.text.find(typed, self.starts[place + 1])
        return places

    def _named(self, word: search.Word) -> set[int]:
        """The records with a name word in which *word* is found."""
        places: set[int] = set()
        for name, where in self.names.items():
            if word.in_names((name,)):
                places.update(where)
        return places


def searched(vault: VaultSession, filters: RecordFilter | None, text: str) -> RecordFilter | None:
    """*filters* with the search rule for *text*, narrowed to the records the session's index
    says it may find; *filters* unchanged for an empty text."""
    vault.require(Action.RECORDS_LIST)
    rule = search.matching(text)
    if rule is None:
        return filters
    rowids = _candidates(vault, search.searched_words(text))
    return replace(filters or RecordFilter(), matches=rule, rowids=rowids)


def _candidates(vault: VaultSession, words: list[search.Word]) -> tuple[int, ...]:
    """The rowids of the records in which every one of *words* may be found, oldest first."""
    index = _current(vault)
    places = set.intersection(*(index.found(word) for word in words))
    return tuple(index.rowids[place] for place in sorted(places))


def _current(vault: VaultSession) -> _Index:
    """The session's index, read to the last record (again from the first when something it
    read may have changed)."""
    reveal = may(vault, Action.IDENTITY_READ)
    stamp = store.search_stamp(vault)
    index = vault.memo.get(_MEMO)
    if not isinstance(index, _Index) or index.reveal != reveal or index.stamp[1:] != stamp[1:]:
        index = _Index(reveal, (0, stamp[1], stamp[2]))
        vault.memo[_MEMO] = index
    if index.last < stamp[0]:
        index.read(vault, stamp)
    return index


_MEMO = "search_index"
