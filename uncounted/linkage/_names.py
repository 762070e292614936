"""Split a full name into surname, given name and patronymic keys, in any order and script.

Lists write the same person as "Magomed Isayev", "ISAEV MAGOMED", "Issaev Magomed
Akhmedovitch" or "М. Исаев". Comparing whole strings would punish the order; comparing
tokens blindly would confuse a brother's given name with a surname. So each token is folded
(:mod:`uncounted.linkage._fold`) and classified: patronymics by their suffix, surnames by
theirs (-ov/-ev/-in and feminine forms), given names through the reviewed equivalence table
(Magomed = Mohammed = Muhammad), single letters as initials. Order is the last resort.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from uncounted.linkage._fold import Style, fold, strip_diacritics, token_style, transliterate
from uncounted.linkage._script import detect_script

# Suffixes as folded (fold writes ч as "sh"): -ович, -евич, -овна, -евна, -инична, -ична, -ич.
_PATRONYMIC = re.compile(r"(?:ovich|evich|ovna|evna|inichna|ichna|ich|ogli|kisi)$")
# No -an/-ian: folding drops the glide of -ян, and -an ends given names (Руслан, Султан).
_SURNAME = re.compile(r"(?:ov|ev|in|ova|eva|ina|sky|ski|skaya|kaya|ko|shvili|dse)$")
_FEMININE = (("ova", "ov"), ("eva", "ev"), ("ina", "in"), ("skaya", "sky"), ("kaya", "ky"))
_PATRONYMIC_SUFFIXES = ("inichna", "ichna", "ovich", "evich", "ovna", "evna", "ich", "ogli", "kisi")
_SEPARATORS = re.compile(r"[\s,;/]+")
_INITIALS = re.compile(r"\.(?=\S)")
_NOT_LETTER = re.compile(r"[^a-z]")  # "А.М." is two initials: a dot followed by a letter


@dataclass(frozen=True)
class NameKeys:
    """Comparable keys of one full name; ``None`` where the name lacks that part."""

    surname: str | None
    given: str | None
    given_initial: str | None
    patronymic: str | None
    # The given name's (or initial's) first sound as written: see initial_class().
    initial_sound: str | None = None


EMPTY_NAME = NameKeys(None, None, None, None)


@cache
def given_name_equivalents() -> dict[str, str]:
    """Folded spelling -> folded canonical given name, from the reviewed data table."""
    text = resources.files("uncounted.linkage").joinpath("data/given_name_equivalents.csv")
    lines = [
        line for line in text.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    table: dict[str, str] = {}
    for row in csv.DictReader(lines):
        canonical = fold(row["canonical"])
        table[canonical] = canonical
        for style in ("generic", "german", "french"):
            table[fold(row["variant"], style)] = canonical
    return table


@cache
def known_given_names() -> frozenset[str]:
    """Folded given names the parser reads as given names in any position (data table)."""
    text = resources.files("uncounted.linkage").joinpath("data/given_names.csv")
    lines = [
        line for line in text.read_text(encoding="utf-8").splitlines() if not line.startswith("#")
    ]
    names = {canonical_given(fold(row["name"].replace("-", ""))) for row in csv.DictReader(lines)}
    return frozenset(names | set(given_name_equivalents().values()))


def is_given_name(key: str) -> bool:
    """Whether a folded token is a known given name (in any of its equivalent spellings)."""
    return canonical_given(key) in known_given_names()


def canonical_given(key: str) -> str:
    """The canonical form of a folded given name (Mohammed -> magomed); itself if unknown."""
    return given_name_equivalents().get(key, key)


def feminine_to_masculine(key: str) -> str:
    """Fold the feminine surname form onto the masculine one (isaeva -> isaev)."""
    for feminine, masculine in _FEMININE:
        if key.endswith(feminine) and len(key) > len(feminine) + 2:
            return key[: -len(feminine)] + masculine
    return key


def patronymic_root(key: str) -> str:
    """The father's given name inside a folded patronymic (ahmedovich -> ahmed)."""
    for suffix in _PATRONYMIC_SUFFIXES:
        if key.endswith(suffix) and len(key) > len(suffix) + 1:
            return canonical_given(key[: -len(suffix)])
    return key


# Patronymic suffixes as written (ICAO/BGN, French, German): a slip in one of them is read
# against these, before folding changes it further (Dzhamalovihc folds to ...ovihts).
_WRITTEN_SUFFIXES = (
    "ovich",
    "evich",
    "ovitch",
    "evitch",
    "owitsch",
    "ewitsch",
    "ovna",
    "evna",
    "owna",
    "ewna",
)


def _one_slip(a: str, b: str) -> bool:
    """Whether *a* and *b* differ by one insertion, deletion, substitution or swap of two
    neighbouring letters."""
    if a == b or abs(len(a) - len(b)) > 1:
        return False
    if len(a) == len(b):
        diff = [i for i in range(len(a)) if a[i] != b[i]]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


@lru_cache(maxsize=1_000_000)
def slipped_patronymic(written: str, style: Style = "generic") -> str | None:
    """The father's given name in a patronymic with one slip in its suffix (Dzhamalovihc,
    Akhmedovan, Ахмедовчи), or None.

    Only when what precedes the suffix is a known given name, and the slipped suffix is
    four letters or more: Ibragimova (a surname) is a known name and -ova, one letter from
    -ovna, and must stay a surname. *style* is the habit the token is read in.
    """
    lowered = transliterate(strip_diacritics(written.lower()))
    for suffix in _WRITTEN_SUFFIXES:
        for cut in range(len(lowered) - len(suffix) - 1, len(lowered) - len(suffix) + 2):
            stem, tail = lowered[:cut], lowered[cut:]
            if len(stem) < 3 or len(tail) < 4 or not _one_slip(tail, suffix):
                continue
            father = canonical_given(fold(stem, style))
            if father in known_given_names():
                return father
    return None


# Initials as sounds, not letters: lists write one Cyrillic initial with different Latin
# letters (Х as K, Kh, H or X; Я and Ю as Y, I or J; Ж, З, Ц as Z, S, J or C), and folding
# drops the glide of a full name (Iakub -> akub) that its initial keeps (I.). So the class
# is taken from the name as written, transliterated, and voiced and voiceless consonants
# are merged as in the consonant code of blocking; vowels other than the glides stay apart
# (А. and И. are different people), but о and у are one class: French lists write у as ou,
# so Умар, Усман, Увайс are Oumar, Ousman, Ouvais there and their initial is O.
_INITIAL_CLASS = {
    **dict.fromkeys("iyj", "i"),
    **dict.fromkeys("ou", "u"),
    **dict.fromkeys("hkgqx", "k"),
    **dict.fromkeys("szc", "s"),
    **dict.fromkeys("dt", "t"),
    **dict.fromkeys("bp", "p"),
    **dict.fromkeys("vwf", "f"),
}


# First sounds a habit spells with letters that stand for another sound elsewhere: German ch
# and a lone C. are х (Chassan, and C. for Cheda), tsch is ч; French tch is ч, ou is у and
# j is ж (Janna, J. for Жанна; я, ю and й are ia, iou and ï there).
# Ц is ts in ICAO 9303 but c in GOST 7.79 and scientific lists: both read as the c class.
_ONSETS: dict[Style, tuple[tuple[str, str], ...]] = {
    "german": (("tsch", "c"), ("c", "k"), ("ts", "c")),
    "french": (("tch", "c"), ("ou", "u"), ("ts", "c"), ("j", "s")),
    "generic": (("ts", "c"),),
}


@lru_cache(maxsize=1_000_000)
def initial_class(written: str | None, style: Style = "generic") -> str | None:
    """The sound class of a name's first letter as written (Х, Kh, H, X -> k; Я, Ia, Y -> i).

    *style* is the habit the name is read in (:func:`token_style`): the German Cheda and
    its initial C. begin with х, the English Cheda with ч.
    """
    if not written:
        return None
    # Lower case first: the table of diacritics is lower case (GOST 7.79's Û of Юсуп is ju).
    letters = _NOT_LETTER.sub("", transliterate(strip_diacritics(written.lower())))
    if not letters:
        return None
    habit: Style = style if detect_script(written) == "latin" else "generic"
    for onset, sound in _ONSETS[habit]:
        if letters.startswith(onset):
            letters = sound
            break
    return _INITIAL_CLASS.get(letters[0], letters[0])


def _is_upper(name: str) -> bool:
    return name.isupper() and sum(char.isalpha() for char in name) > 1


def _surname_index(tokens: list[str], upper: bool, patronymic_at: int | None) -> int:
    """The surname token: the one not a known given name, else by suffix, else by order."""
    others = [i for i, token in enumerate(tokens) if not is_given_name(token)]
    if len(others) == 1:
        return others[0]
    candidates = others or list(range(len(tokens)))
    suffixed = [i for i in candidates if len(tokens[i]) > 4 and _SURNAME.search(tokens[i])]
    if len(suffixed) == 1:
        return suffixed[0]
    if upper:
        return candidates[0]
    if patronymic_at is not None and patronymic_at == len(tokens):
        return candidates[0]
    return candidates[-1]


def name_tokens(name: str, listed: Style | None = None) -> list[tuple[str, str]]:
    """Each token of *name* as written, with its key; tokens without letters are dropped.

    A token's key depends on that token and its list's habit only (:func:`token_style`).
    """
    spaced = _INITIALS.sub(". ", name.replace("-", ""))
    written = [token.strip(".-'") for token in _SEPARATORS.split(spaced)]
    keyed = [(token, fold(token, token_style(token, listed))) for token in written if token]
    return [(token, key) for token, key in keyed if key]


def search_keys(name: str) -> tuple[tuple[str, str], ...]:
    """Each token of *name* as a search compares it: its key and its given-name key.

    The key is :func:`fold`'s (any script and romanisation, ё and е, й and и: Тимур
    Проходов and Timur Prokhodov give the same keys); the given-name key is the reviewed
    equivalence of the data table on top (Mohammed and Магомед give ``magomed``). Names are
    read one by one, so no list habit applies. A search, not linkage, calls this: linkage
    reads whole names with :func:`parse_name`.
    """
    return tuple((key, canonical_given(key)) for _, key in name_tokens(name))


@lru_cache(maxsize=1_000_000)
def parse_name(name: str, listed: Style | None = None) -> NameKeys:
    """Keys of a full name written in any script, romanisation, order and case.

    *listed* is the romanisation habit of the name's list (:func:`list_style`), read from
    all its names; each Latin token is read in it unless the token itself shows marks of
    another (:func:`token_style`), so a typo in one part never changes another part's key.
    """
    folded = name_tokens(name, listed)
    if not folded:
        return EMPTY_NAME
    tokens: list[str] = []
    written: list[str] = []
    initials: list[str] = []
    written_initials: list[str] = []
    patronymic: str | None = None
    patronymic_at: int | None = None
    for token, key in folded:
        if len(token) <= 2 and len(key) <= 2:
            initials.append(key[0])
            written_initials.append(token)
        elif patronymic is None and len(key) > 6 and _PATRONYMIC.search(key):
            patronymic = patronymic_root(key)
            patronymic_at = len(tokens)
        elif (
            patronymic is None
            and len(folded) >= 3  # a patronymic stands beside a surname and a given name
            and (father := slipped_patronymic(token, token_style(token, listed))) is not None
        ):
            patronymic = father
            patronymic_at = len(tokens)
        else:
            tokens.append(key)
            written.append(token)
    first_initial = written_initials[0] if written_initials else None
    if not tokens:
        initial = initials[0] if initials else None
        return NameKeys(None, None, initial, patronymic, _sound(first_initial, listed))
    at = _surname_index(tokens, _is_upper(name), patronymic_at)
    surname = feminine_to_masculine(tokens[at])
    rest = tokens[:at] + tokens[at + 1 :]
    given = canonical_given(rest[0]) if rest else None
    initial = given[0] if given else (initials[0] if initials else None)
    sound = (written[:at] + written[at + 1 :])[0] if rest else first_initial
    return NameKeys(surname, given, initial, patronymic, _sound(sound, listed))


def _sound(written: str | None, listed: Style | None) -> str | None:
    return initial_class(written, token_style(written, listed)) if written else None
