"""The one search rule of every search box: records, people and the register on the web,
the API's ``q``, ``uncounted records --search`` and ``uncounted people --search``.

A caseworker asked whether a caller's brother is already in the records types the name as
the caller spells it, in Latin or in Cyrillic, on a phone: Timur Prokhodov for a record
that says Тимур Проходов, Федоров for Фёдоров, Mohammed for Магомед. So a record matches
the search text when every word of the text is found in it, either

- as written, case aside, inside its pseudonym, its ids or any identity field the user may
  read (a pseudonym, a contact, a word of the testimony); or
- inside a word of its name (``name`` or ``name_original``) once both words are keyed as
  linkage keys names (:func:`uncounted.linkage.search_keys`: one folding across scripts
  and romanisations), or equal to it as a given name (Mohammed = Магомед). A word keyed
  to fewer than three letters (Ия is "a") must be a whole word of the name; a word with a
  digit is no name and is only read as written; or
- as the start of a word of its name, half typed: a word keyed to three letters or more may
  stop inside a spelling of one sound (Prok for Prokhodov, where kh is х and keys as h), so
  it also finds a name word that starts with the key of the word one Latin letter longer
  (Prok finds Проходов through Prokh; Mary finds Maryam through Marya).

A text that is found as a whole is found word by word too, so this finds everything the
earlier rule (the whole text inside one field) found. Spellings linkage keeps apart stay
apart here: Magomedov does not find Magamedov.

Nothing is written: identities are opened and matched in memory, only in the cases the
user holds, exactly as listing opens them, and only the records shown are audited as read.
Names and search words are folded in memory (linkage's caches) and never logged. Which
records a search opens is narrowed by the session's index (:mod:`uncounted.services.search_index`),
built from :func:`written` and :func:`name_keys`: what this rule reads, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from uncounted.linkage import search_keys
from uncounted.vault import RecordView

__all__ = [
    "NAME_FIELDS",
    "Matcher",
    "Word",
    "decided",
    "matching",
    "name_keys",
    "searched_words",
    "written",
]

#: The identity fields that hold a person's name (as written, and in the original script).
NAME_FIELDS = ("name", "name_original")

Matcher = Callable[[RecordView], bool]
Keys = tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Word:
    """One word of a search text: as typed (case folded), its keys (none for a word with a
    digit) and the keys a name word may start with when it is half typed."""

    typed: str
    keys: Keys
    starts: tuple[str, ...]

    def in_names(self, names: Keys) -> bool:
        """Whether the word is found in a record's name, of which *names* are the keys."""
        if self.keys and all(_in_name(key, names) for key in self.keys):
            return True
        return any(name.startswith(start) for start in self.starts for name, _ in names)


def searched_words(text: str | None) -> list[Word]:
    """The words of *text* as the rule reads them; none for an empty text."""
    typed = (text or "").casefold().split()
    if not typed:
        return []
    return [
        Word(word, _word_keys(word, search_keys), _half_typed(word, search_keys)) for word in typed
    ]


def written(view: RecordView) -> list[str]:
    """What a word is found in as written (case folded): the record's pseudonym, its ids and
    every identity field the user may read."""
    found = [view.pseudonym.casefold(), view.record_id.casefold()]
    found += [(view.source_record_id or "").casefold()]
    found += [value.casefold() for value in (view.identity or {}).values()]
    return found


def name_keys(view: RecordView) -> Keys:
    """The keys of every word of the record's name fields together (none unread)."""
    return _name_keys(view.identity or {}, search_keys)


def matching(text: str | None) -> Matcher | None:
    """Whether a record matches *text* (see the module's rule); None for an empty text."""
    words = searched_words(text)
    if not words:
        return None

    def matches(view: RecordView) -> bool:
        return decided(words, written(view), lambda: name_keys(view))

    return matches


def decided(words: list[Word], values: list[str], names: Callable[[], Keys]) -> bool:
    """Whether a record matches: every one of *words* is found in its *values* as
    :func:`written` gives them, or in its name, whose keys *names* gives (asked only then)."""
    keys: Keys | None = None
    for word in words:
        if any(word.typed in value for value in values):
            continue
        if keys is None:
            keys = names()
        if not word.in_names(keys):
            return False
    return True


def _word_keys(word: str, keyed: Callable[[str], Keys]) -> Keys:
    """The keys of a search word, none for one with a digit (no name has one: folding
    drops digits, and Pagename3 would find every Pagename)."""
    return () if any(char.isdigit() for char in word) else keyed(word)


#: The letters a half-typed Latin word may go on with (:func:`_half_typed`).
_NEXT_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _half_typed(word: str, keyed: Callable[[str], Keys]) -> tuple[str, ...]:
    """The keys a name word may start with when *word* is the start of it, typed so far, beyond
    the word's own key: those of the word one Latin letter longer that do not start with its
    own (Prok, Prokh: proh). Only for one Latin word keyed to three letters or more: fewer
    would find nearly every name (:data:`_WHOLE_BELOW`)."""
    own = _word_keys(word, keyed)
    if len(own) != 1 or len(own[0][0]) < _WHOLE_BELOW or not word[-1].isascii():
        return ()
    longer = (keyed(word + letter) for letter in _NEXT_LETTERS)
    starts = {keys[0][0] for keys in longer if len(keys) == 1}
    return tuple(sorted(start for start in starts if not start.startswith(own[0][0])))


def _name_keys(identity: Mapping[str, str], keyed: Callable[[str], Keys]) -> Keys:
    """The keys of every word of the record's name fields together."""
    return tuple(
        key for field in NAME_FIELDS if (value := identity.get(field)) for key in keyed(value)
    )


#: A key this short is matched as a whole word of the name, not inside one: folding turns
#: Ия into "a" and Ян into "an", which are inside nearly every name (a short piece of a name
#: is still found as written).
_WHOLE_BELOW = 3


def _in_name(key: tuple[str, str], names: Keys) -> bool:
    folded, given = key
    if len(folded) < _WHOLE_BELOW:
        return any(folded == name or given == name_given for name, name_given in names)
    return any(folded in name or given == name_given for name, name_given in names)
