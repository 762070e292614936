"""Which records a search may find, known without opening them: an index of what the one
search rule (:mod:`uncounted.services.search`) reads in each record, kept in the signed-in
session's memory.

Why: a name searched for matches few records, so a search read and unsealed every record the
user holds to be sure none was left (100,000 records: 11.8 s median for a rare surname, load
13, ``docs/benchmarks/web_lists.md``), and a caseworker on a hotline call waited that long at
every search. Now a search reads the records as before, in the order they were stored, and
keeps for each one it reads what a word is found in (:func:`~uncounted.services.search.written`,
case folded) and the keys of its name (:func:`~uncounted.services.search.name_keys`); the next
search looks its words up there, opens only the records they find (each still decided by the
rule itself, so the index can only narrow, never change, what a search finds) and reads on
from where the index stopped. A search that stops early (its page full and 501 found) leaves
the rest unread, so no search reads more than it did before; once one search has read to the
end (a name that matches few does), every later one opens only what it finds.

Why in memory and not a blind index in the vault (docs/security.md, "Search index"): a keyed
index stored in the database would be read by anyone holding the vault's key, every user, and
would show which records of a case they do not hold share a name or a trigram; its key would
have to be each case's key to keep the grant's promise, and rotating it re-indexes the case.
This index holds only what the session's own keys open (the same identities, in the same
memory, for as long as those keys are held), is never written anywhere and is dropped with the
session (``VaultSession.memo``, emptied at sign-out, expiry and panic).

It holds while records are only added (they come after the last one it read); a revision or
withdrawal in place, or a change of the cases the user holds or of their keys (grant,
revocation, rotation), starts it again (:func:`uncounted.vault.search_stamp`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, field, replace
from itertools import islice

from uncounted import vault as store
from uncounted.services import search
from uncounted.services.permissions import may
from uncounted.vault import Action, RecordFilter, RecordView, VaultSession

__all__ = ["Readiness", "read_ahead", "readiness", "searched"]

Name = tuple[str, str]
Keys = tuple[Name, ...]
Stamp = tuple[int, tuple[tuple[int, int], ...]]

#: Between a record's values, and between records, in the index's text: no typed word holds
#: one (a search's words are split on white space; one that did would only find more, and
#: the rule decides each record found).
_VALUES, _RECORDS = "\x00", "\x01"


@dataclass
class _Index:
    """What the rule reads in every record up to the one of id ``last`` (in the order they
    were stored), for one session and one *reveal* (whether its role may read identities)."""

    reveal: bool
    stamp: Stamp
    ids: list[str] = field(default_factory=list)
    placed: set[str] = field(default_factory=set)
    #: each record's written values joined, and where each record starts in their join
    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    joined: str = ""
    #: each key of a name word, with the records (their places in ``ids``) it is in
    names: defaultdict[Name, list[int]] = field(default_factory=lambda: defaultdict(list))

    @property
    def last(self) -> str:
        """The id of the last record read ("" before the first)."""
        return self.ids[-1] if self.ids else ""

    def add(self, view: RecordView) -> tuple[list[str], Keys] | None:
        """Keep what the rule reads in *view*, the record stored next after :attr:`last`, and
        return it (written values, name keys); None for a record read before."""
        if view.record_id in self.placed:
            return None
        place = len(self.ids)
        self.ids.append(view.record_id)
        self.placed.add(view.record_id)
        values, names = search.written(view), search.name_keys(view)
        self.starts.append(self.starts[-1] + len(self.parts[-1]) + 1 if self.parts else 0)
        self.parts.append(_VALUES.join(values))
        for name in set(names):
            self.names[name].append(place)
        return values, names

    def read(self, vault: VaultSession, most: int | None = None) -> None:
        """Add every record stored after :attr:`last` (the next *most* of them, when given)."""
        views = store.search_rows(vault, self.last, reveal=self.reveal)
        for view in views if most is None else islice(views, most):
            self.add(view)

    def found(self, words: list[search.Word]) -> tuple[str, ...]:
        """The ids of the records read so far in which every one of *words* may be found."""
        if len(self.joined) != (self.starts[-1] + len(self.parts[-1]) if self.parts else 0):
            self.joined = _RECORDS.join(self.parts)  # records read since the last search
        places = set.intersection(*(self._found(word) for word in words))
        return tuple(self.ids[place] for place in sorted(places))

    def _found(self, word: search.Word) -> set[int]:
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
        at = self.joined.find(typed)
        while at >= 0:
            place = bisect_right(self.starts, at) - 1
            places.add(place)
            if place + 1 == len(self.starts):
                break
            at = self.joined.find(typed, self.starts[place + 1])
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
    says it may find and those it has not read yet; *filters* unchanged for an empty text.

    A search with no other filter reads the records not read yet as it goes, in the order they
    were stored, and the index keeps each of them as the rule opens it: a search that stops
    early (its page full and 501 found) leaves the rest for the next one, so no search reads
    more than a search read before. With other filters (a case, a list, a month...) the search
    would skip records, so the index first reads all those it has not read."""
    vault.require(Action.RECORDS_LIST)
    rule = search.matching(text)
    if rule is None:
        return filters
    chosen = filters or RecordFilter()
    index = _current(vault)
    if replace(chosen, matches=None) != RecordFilter():
        index.read(vault)
        among = index.found(search.searched_words(text))
        return replace(chosen, matches=rule, among=among, beyond=index.last)

    words = search.searched_words(text)

    def kept(view: RecordView) -> bool:
        read = index.add(view)  # a record read for the first time: the next after index.last
        if read is None:
            return rule(view)
        values, names = read
        return search.decided(words, values, lambda: names)  # the rule, on what was read

    return replace(chosen, matches=kept, among=index.found(words), beyond=index.last)


@dataclass(frozen=True)
class Readiness:
    """How far the session's index has read: *read* records, *left* still to read (a search
    reads those as it goes, one by one, as a search read every record before the index)."""

    read: int
    left: int


def readiness(vault: VaultSession) -> Readiness:
    """How far the session's index has read (one count, no record opened)."""
    vault.require(Action.RECORDS_LIST)
    index = _current(vault)
    return Readiness(len(index.ids), store.search_left(vault, index.last))


def read_ahead(vault: VaultSession, most: int) -> bool:
    """Read the next *most* records into the session's index before any search asks for them,
    and say whether every record is read. The web application calls it from sign-in on, a
    batch at a time with the vault held (``uncounted.web.search_ready``), so the session's
    first search finds the index made instead of reading every record itself (the 11.8 s of
    a first search on 100,000 records)."""
    vault.require(Action.RECORDS_LIST)
    index = _current(vault)
    index.read(vault, most)
    return store.search_left(vault, index.last) == 0


def _current(vault: VaultSession) -> _Index:
    """The session's index; a new one when something it read may have changed."""
    reveal = may(vault, Action.IDENTITY_READ)
    stamp = store.search_stamp(vault)
    index = vault.memo.get(_MEMO)
    if not isinstance(index, _Index) or index.reveal != reveal or index.stamp != stamp:
        index = _Index(reveal, stamp)
        vault.memo[_MEMO] = index
    return index


_MEMO = "search_index"
