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
Names and search words are folded in memory (linkage's caches) and never logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from uncounted.vault import RecordView

__all__ = ["NAME_FIELDS", "Matcher", "matching"]

#: The identity fields that hold a person's name (as written, and in the original script).
NAME_FIELDS = ("name", "name_original")

Matcher = Callable[[RecordView], bool]
Keys = tuple[tuple[str, str], ...]


def matching(text: str | None) -> Matcher | None:
    """Whether a record matches *text* (see the module's rule); None for an empty text."""
    typed = (text or "").casefold().split()
    if not typed:
        return None
    # imported here: the package loads Splink and pandas, which the command line must not
    # wait for unless it searches (the web application has loaded them already)
    from uncounted.linkage import search_keys

    words = [
        (word, _word_keys(word, search_keys), _half_typed(word, search_keys)) for word in typed
    ]

    def matches(view: RecordView) -> bool:
        identity = view.identity or {}
        written = [view.pseudonym.casefold(), view.record_id.casefold()]
        written += [(view.source_record_id or "").casefold()]
        written += [value.casefold() for value in identity.values()]
        names: Keys | None = None
        for word, keys, starts in words:
            if any(word in value for value in written):
                continue
            if names is None:
                names = _name_keys(identity, search_keys)
            if keys and all(_in_name(key, names) for key in keys):
                continue
            if not any(name.startswith(start) for start in starts for name, _ in names):
                return False
        return True

    return matches


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
