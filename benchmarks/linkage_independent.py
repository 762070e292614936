"""Linkage on worlds from a generator that is not ``uncounted.synth`` (issue 12, independent check).

Every linkage figure in docs/benchmarks.md came from ``uncounted.synth``, the generator the
linkage was tuned against; an outside examiner's generator scored far lower (issue 12). This
is a second generator written from the issue's description and from general knowledge of the
region only: it neither imports nor copies ``uncounted.synth`` (its code, name tables or typo
model) nor any linkage internals. It writes each world as a records file, reads it through
the intake (:func:`uncounted.intake.read_records_file`) and links it exactly as
``uncounted link FILE -o OUT`` does, so it sees what a user sees.

Synthetic people only: every name is drawn at random from lists of common given names,
surnames and fathers' names (``linkage_independent/names.csv``, ranked by frequency, drawn
with Zipf-like weights) and a long tail of made-up surnames that sound as the region's do
(``made_up_surnames``), never a real list. ``--first`` gives the first run's worlds, with
the listed surnames only (far too few: a namesake stress test; docs/benchmarks/linkage.md).

What the generator does, each from its own tables below:

- families: a surname, a father's name (the patronymic of all his children), a home place;
  siblings born 1-4 years apart with different given names, often recorded together;
- romanisations from the published standards: ISO 9 (= GOST 7.79 system A), GOST 7.79
  system B, BGN/PCGN 1947, ICAO Doc 9303 (Russian passports since 2013), French and German
  practice, and an English-press habit with conventional spellings (Alexander, Mohammed,
  Fyodorov); some lists strip diacritics and apostrophes, some write in upper case;
- spelling variants with no rule between them (Ахмадов/Ахмедов, Магомед/Мохьмад), ё written
  as е, names in another order, initials ("Магомедов А.М."), patronymics left out;
- typos at any position, the first three letters included: a keyboard neighbour (ЙЦУКЕН or
  QWERTY), an OCR confusion (и/н, ш/щ, rn/m, cl/d), a dropped, doubled or swapped letter;
- birth as a full date, a year only, an age at the event or nothing; slips in dates;
  duplicates of one person inside one list; lists of varying coverage.

World kinds mirror issue 12's table (plus one of 100,000 records):

    python benchmarks/linkage_independent.py --kinds all --seeds 3
    python benchmarks/linkage_independent.py --kinds typos6 --seeds 1 --errors 12
    python benchmarks/linkage_independent.py --kinds big100k --seeds 1

Per world: records, pairwise precision, recall and F1 over all record pairs of one person
(pairs inside one list included), the same over pairs of two lists only, true pairs scored
(the share in ``LinkResult.pairs``: proposed by blocking and scored 0.1 or more; and with
its near misses),
seconds, peak MB (each world runs in a fresh process). ``--errors N`` reads the errors from
the outside: which true pairs were missed and at which step (never proposed, scored under
0.1 and not kept, scored under the threshold, scored over it but kept apart), whether the
public ``parse_name`` gives the two names the same keys, what the generator did to them,
the model's calibration, how often equal names are one person, and which false pairs were
linked and why, with N examples of each. ``linkage_errors.py --independent KIND:SEED`` reads
the same world from the model's side (blocking keys, levels, the missing fields).
"""

from __future__ import annotations

import argparse
import collections
import concurrent.futures
import csv
import dataclasses
import functools
import itertools
import json
import multiprocessing
import random
import resource
import statistics
import sys
import tempfile
import time
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

NAMES_FILE = Path(__file__).resolve().parent / "linkage_independent" / "names.csv"

# --- Romanisation tables, written from the published standards ------------------------------

_LOWER = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_VOWELS = set("аеёиоуыэюя")


def _table(letters: str) -> dict[str, str]:
    """The Latin of each Cyrillic letter, а to я, from a space-separated line ("_": none)."""
    latin = letters.split()
    assert len(latin) == len(_LOWER), (len(latin), latin)
    return dict(zip(_LOWER, latin, strict=True))


# ISO 9:1995, identical to GOST 7.79-2000 system A: one Latin letter per Cyrillic letter.
ISO9 = _table("a b v g d e ë ž z i j k l m n o p r s t u f h c č š ŝ ʺ y ʹ è û â")
# GOST 7.79-2000 system B (ASCII only); ц is "c" before и, е, ы, й and "cz" elsewhere.
GOST_B = _table("a b v g d e yo zh z i j k l m n o p r s t u f x cz ch sh shh `` y` ` e` yu ya")
# BGN/PCGN 1947; е and ё are "ye"/"yë" at the start, after a vowel, й, ъ or ь.
BGN = _table("a b v g d e ë zh z i y k l m n o p r s t u f kh ts ch sh shch ” y ’ e yu ya")
# ICAO Doc 9303 (7th ed., 2015), used in Russian passports since 2013: ь dropped, ъ "ie".
ICAO = _table("a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch ie y _ e iu ia")
# French practice (as the French press and OFPRA files write Russian and Chechen names).
FRENCH = _table("a b v g d e io j z i ï k l m n o p r s t ou f kh ts tch ch chtch _ y _ e iou ia")
# German practice (Duden): в "w", ж "sch", з "s", х "ch", ц "z", ч "tsch".
GERMAN = _table(
    "a b w g d e jo sch s i i k l m n o p r s t u f ch z tsch sch schtsch _ y _ e ju ja"
)
# English press: BGN without marks, ё "yo", ий "y" at the end.
PRESS = _table("a b v g d e yo zh z i y k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya")
SYSTEMS: dict[str, dict[str, str]] = {
    "iso9": ISO9,
    "gost_b": GOST_B,
    "bgn": BGN,
    "icao": ICAO,
    "french": FRENCH,
    "german": GERMAN,
    "press": PRESS,
}
# е, ё after a vowel, ъ, ь or at the start of a word, per system.
_IOTATED = {
    "bgn": {"е": "ye", "ё": "yë"},
    "press": {"е": "ye", "ё": "yo"},
    "german": {"е": "je", "ё": "jo"},
    "french": {"е": "ie", "ё": "io"},
}
# Conventional Latin spellings a press list (or a passport clerk) uses instead of the rules.
CONVENTIONAL = {
    "Магомед": ["Mohammed", "Magomed", "Muhammad"],
    "Ахмед": ["Ahmed", "Akhmed"],
    "Хасан": ["Hasan", "Hassan"],
    "Хусейн": ["Hussein", "Husein"],
    "Ибрагим": ["Ibrahim"],
    "Исмаил": ["Ismail"],
    "Сулейман": ["Suleiman", "Sulejman"],
    "Юсуп": ["Yusup", "Yusuf"],
    "Умар": ["Umar", "Omar"],
    "Абдулла": ["Abdullah"],
    "Усман": ["Usman", "Osman"],
    "Джабраил": ["Jabrail", "Dzhabrail"],
    "Ильяс": ["Ilyas"],
    "Марьям": ["Maryam", "Mariam"],
    "Хадижат": ["Khadizhat", "Hadizhat"],
    "Айшат": ["Aishat", "Aishat"],
    "Лейла": ["Leila", "Layla"],
    "Александр": ["Alexander", "Aleksandr"],
    "Алексей": ["Alexey", "Aleksei"],
    "Фёдор": ["Fyodor", "Fedor"],
    "Пётр": ["Pyotr", "Petr"],
    "Семён": ["Semyon", "Semen"],
    "Артём": ["Artyom", "Artem"],
    "Юрий": ["Yuri", "Yury"],
    "Дмитрий": ["Dmitry", "Dmitri"],
    "Евгений": ["Yevgeny", "Evgeny"],
    "Наталья": ["Natalya", "Natalia"],
    "Юлия": ["Yulia", "Julia"],
    "Ксения": ["Ksenia", "Kseniya"],
    "Фёдоров": ["Fyodorov", "Fedorov"],
    "Семёнов": ["Semyonov", "Semenov"],
    "Ковалёв": ["Kovalyov", "Kovalev"],
    "Алексеев": ["Alekseyev", "Alekseev"],
}


# How a few practices end -ий (Дмитрий): the English press "Dmitry", French and German "Dmitri".
_II_END = {"press": "y", "french": "i", "german": "i"}


def romanise(word: str, system: str) -> str:
    """*word* (Cyrillic, any case, hyphens kept) in *system*'s Latin letters, title case."""
    table = SYSTEMS[system]
    lower = word.lower()
    out: list[str] = []
    for k, ch in enumerate(lower):
        before = lower[k - 1] if k else ""
        after = lower[k + 1] if k + 1 < len(lower) else ""
        at_start = not before or before == "-"
        if ch not in table:
            out.append(ch)
            continue
        latin = table[ch]
        iotated = _IOTATED.get(system, {})
        if ch in iotated and (at_start or before in _VOWELS or before in set("йъь")):
            latin = iotated[ch]
        elif system == "gost_b" and ch == "ц" and after in set("иеый"):
            latin = "c"
        elif (
            system in ("french", "german") and ch == "с" and before in _VOWELS and after in _VOWELS
        ):
            latin = "ss"
        elif system == "french" and ch == "г" and after in set("еиыёюя"):
            latin = "gu"
        elif system == "french" and ch in "ий" and before in _VOWELS:
            latin = "ï"
        if ch == "и" and after == "й" and k + 2 == len(lower) and system in _II_END:
            latin = _II_END[system]
        elif ch == "й" and before == "и" and not after and system in _II_END:
            latin = ""
        out.append("" if latin == "_" else latin)
    text = "".join(out)
    return "-".join(part[:1].upper() + part[1:] for part in text.split("-"))


def strip_marks(text: str) -> str:
    """*text* without diacritics and apostrophe-like signs (a list typed on a plain keyboard)."""
    plain = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in plain if not unicodedata.combining(c))
    return "".join(c for c in kept if c not in "ʹʺ’”`'")


# --- The typo model ---------------------------------------------------------------------------

_ROWS = {
    "cyr": ["йцукенгшщзхъ", "фывапролджэ", "ячсмитьбю"],
    "lat": ["qwertyuiop", "asdfghjkl", "zxcvbnm"],
}


def _neighbours(rows: list[str]) -> dict[str, str]:
    near: dict[str, str] = {}
    for r, row in enumerate(rows):
        for i, ch in enumerate(row):
            keys = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            if r > 0:
                keys += [rows[r - 1][j] for j in (i, i + 1) if 0 <= j < len(rows[r - 1])]
            if r + 1 < len(rows):
                keys += [rows[r + 1][j] for j in (i - 1, i) if 0 <= j < len(rows[r + 1])]
            near[ch] = "".join(keys)
    return near


KEYBOARD = {**_neighbours(_ROWS["cyr"]), **_neighbours(_ROWS["lat"])}
# Letters a scanner or a tired reader takes for one another.
_CONFUSIONS = (
    "и:н н:и ш:щ щ:ш п:н л:п ц:щ з:э э:з ь:б б:ь е:с с:е т:г г:т о:а "
    "m:rn d:cl u:v v:u e:c c:e i:l l:i w:vv a:o o:a h:b n:h"
)
OCR = dict(pair.split(":") for pair in _CONFUSIONS.split(" "))


def add_typo(word: str, rng: random.Random) -> tuple[str, int, str]:
    """*word* (lower case) with one typo; its position and kind."""
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 2:
        return word, -1, "none"
    i = rng.choice(letters)
    ch = word[i]
    kind = rng.choices(["key", "ocr", "drop", "double", "swap"], [35, 15, 25, 10, 15])[0]
    if kind == "key" and KEYBOARD.get(ch):
        return word[:i] + rng.choice(KEYBOARD[ch]) + word[i + 1 :], i, kind
    if kind == "ocr" and ch in OCR:
        return word[:i] + OCR[ch] + word[i + 1 :], i, kind
    if kind == "double":
        return word[: i + 1] + ch + word[i + 1 :], i, kind
    if kind == "swap" and i + 1 < len(word) and word[i + 1].isalpha() and word[i + 1] != ch:
        return word[:i] + word[i + 1] + ch + word[i + 2 :], i, kind
    return word[:i] + word[i + 1 :], i, "drop"


# --- Names ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pools:
    """Ranked names by pool and sex, with their variants."""

    ranked: dict[tuple[str, str], list[str]]
    variants: dict[str, list[str]]


def load_pools(path: Path = NAMES_FILE, tail: bool = True) -> Pools:
    """The names of *path*, and with *tail* a long tail of made-up surnames after them."""
    ranked: dict[tuple[str, str], list[str]] = collections.defaultdict(list)
    variants: dict[str, list[str]] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            ranked[(row["pool"], row["sex"])].append(row["name"])
            variants[row["name"]] = [v for v in row["variants"].split("|") if v]
    if tail:
        for pool, size in SURNAME_POOLS.items():
            names = ranked[(pool, "")]
            made = made_up_surnames(pool, size - len(names), set(names))
            names.extend(made)
            variants.update(made)
    return Pools(dict(ranked), variants)


#: The largest world whose every compared pair ``--errors`` keeps.
KEEP_ALL_UP_TO = 40_000

#: How many surnames each pool holds with the tail. The 60 listed Chechen surnames alone
#: gave the commonest one 13% of all people (Zipf 0.9), several times what lists of the
#: region show (the commonest surnames about 1-3% each); 1,500 at Zipf 0.7 give it 2.6%.
SURNAME_POOLS = {"north_surname": 1500, "ingush_surname": 300, "russian_surname": 400}
_ONSETS = {
    "north_surname": "б в г д ж з к л м н р с т х ц ч ш хь кх",
    "ingush_surname": "б г д ж з к л м н п т х ц ч",
    "russian_surname": "б в г д ж з к л м н п р с т ф ч ш",
}
# Suffixes after a closed syllable, and after a vowel (Бата-ев, Би-султанов).
_SUFFIXES = {
    "north_surname": (
        ["ов", "ов", "аев", "иев", "алиев", "ханов", "гериев"],
        ["ев", "ев", "ханов", "султанов"],
    ),
    "ingush_surname": (["ов", "иев", "оев"], ["ев"]),
    "russian_surname": (["ов", "ов", "ев", "ин", "ский", "ников"], ["ев"]),
}


def made_up_surnames(pool: str, count: int, taken: set[str]) -> dict[str, list[str]]:
    """*count* surnames that sound as the pool's do, none of them taken, each with a
    spelling variant one time in five (a vowel written otherwise: Батаев/Батоев)."""
    rng = random.Random(f"surnames-{pool}")
    made: dict[str, list[str]] = {}
    while len(made) < count:
        syllables = rng.choice([1, 2, 2, 2, 3])
        root = "".join(
            rng.choice(_ONSETS[pool].split(" ")) + rng.choice("аааиуео") for _ in range(syllables)
        )
        if pool == "russian_surname" or rng.random() < 0.5:
            root += rng.choice("вклмнрст")
        closed, open_ = _SUFFIXES[pool]
        suffix = rng.choice(open_ if root[-1] in "аиуео" else closed)
        name = (root + suffix).capitalize()
        if name in taken or name in made or len(name) < 5:
            continue
        variants = []
        vowels = [i for i, c in enumerate(root) if c in "аое"]
        if vowels and rng.random() < 0.2:
            i = vowels[-1]
            swapped = root[:i] + {"а": "о", "о": "а", "е": "и"}[root[i]] + root[i + 1 :]
            variants.append((swapped + suffix).capitalize())
        made[name] = variants
    return made


def zipf_weights(n: int, s: float) -> list[float]:
    return [1.0 / (rank**s) for rank in range(1, n + 1)]


def patronymic(father: str, sex: str) -> str:
    """The patronymic of a child of *father* (Russian rules, as Chechen names take them)."""
    special = {"Илья": ("Ильич", "Ильинична"), "Дмитрий": ("Дмитриевич", "Дмитриевна")}
    if father in special:
        return special[father][sex == "f"]
    if father.endswith("ий"):
        stem, m, f = father[:-2] + "ь", "евич", "евна"
    elif father.endswith(("й", "ь")):
        stem, m, f = father[:-1], "евич", "евна"
    elif father[-1] in "аяиоуеэы" or father[-1] in "жшчщц":
        stem, m, f = father, "евич", "евна"
    else:
        stem, m, f = father, "ович", "овна"
    return stem + (f if sex == "f" else m)


def surname_for(surname: str, sex: str) -> str:
    if sex == "f" and surname.endswith(("ов", "ев", "ёв", "ин")):
        return surname + "а"
    return surname


# --- Worlds -----------------------------------------------------------------------------------

VILLAGES = [
    "Грозный",
    "Шали",
    "Урус-Мартан",
    "Гудермес",
    "Аргун",
    "Ачхой-Мартан",
    "Самашки",
    "Ведено",
    "Курчалой",
    "Старые Атаги",
    "Алхан-Кала",
    "Гойты",
    "Автуры",
    "Майртуп",
    "Цоци-Юрт",
    "Бачи-Юрт",
    "Знаменское",
    "Наурская",
    "Шатой",
    "Серноводское",
    "Назрань",
    "Малгобек",
    "Карабулак",
    "Сунжа",
    "Катыр-Юрт",
    "Толстой-Юрт",
    "Мескер-Юрт",
    "Новые Атаги",
    "Валерик",
    "Гехи",
    "Чири-Юрт",
    "Дуба-Юрт",
    "Элистанжи",
]
EVENT_TYPES = {
    "detention": ("Задержание", "detention"),
    "abduction": ("Похищение", "abduction"),
    "disappearance": ("Исчезновение", "disappeared"),
    "torture": ("Пытки", "torture"),
}


@dataclass(frozen=True)
class ListSpec:
    """How one list writes its people: script, habits, fields, errors, coverage."""

    name: str
    system: str  # "cyrillic" or a romanisation of SYSTEMS
    plain: bool  # diacritics and apostrophes stripped
    upper: bool
    order: str  # SGP, GPS, SG or GS
    patronymic: float  # share of records that write it when the order has it
    swapped: float  # share written in another order
    initials: float
    typo: float  # per name part
    variant: float  # spelling variant of a name part
    yo_as_e: float
    conventional: float
    birth: tuple[float, float, float, float]  # full date, year only, age, nothing
    date_slip: float
    sex: float
    place: float
    event: float
    duplicates: float
    coverage: float


@dataclass(frozen=True)
class Kind:
    """One row of issue 12's table: the world's shape; lists are drawn per seed."""

    lists: int
    people: int
    cyrillic_lists: int = 1
    typo: tuple[float, float] = (0.02, 0.08)
    siblings: float = 0.25  # share of families with 2+ children
    together: float = 0.4  # chance a list records a family's children together
    zipf_given: float = 1.0
    zipf_surname: float = 0.7
    given_pool: int = 0  # 0: every name of the pool; else only the commonest
    duplicates: tuple[float, float] = (0.0, 0.02)
    coverage: tuple[float, float] = (0.25, 0.5)


KINDS: dict[str, Kind] = {
    "five": Kind(lists=5, people=1700),
    "typos6": Kind(lists=6, people=1750, typo=(0.12, 0.25)),
    "siblings": Kind(lists=5, people=2900, siblings=0.75, together=0.7),
    "common": Kind(lists=4, people=1770, zipf_given=1.5, given_pool=20),
    "duplicates": Kind(lists=5, people=1750, duplicates=(0.08, 0.25)),
    "big": Kind(lists=6, people=20000, coverage=(0.12, 0.32)),
    "halfru": Kind(lists=6, people=1800, cyrillic_lists=3),
    "big100k": Kind(lists=6, people=68000, coverage=(0.12, 0.32)),
}
REPORTED = ["five", "typos6", "siblings", "common", "duplicates", "big", "halfru"]


def draw_lists(kind: Kind, rng: random.Random) -> list[ListSpec]:
    latin = ["iso9", "gost_b", "bgn", "icao", "french", "german", "press"]
    systems = ["cyrillic"] * kind.cyrillic_lists + rng.sample(
        latin * 2, kind.lists - kind.cyrillic_lists
    )
    rng.shuffle(systems)
    specs = []
    for n, system in enumerate(systems):
        cyr = system == "cyrillic"
        order = rng.choice(["SGP", "SGP", "GPS"] if cyr else ["SG", "GS", "SGP", "GS"])
        full, year, age = rng.uniform(0.3, 0.8), rng.uniform(0.05, 0.3), rng.uniform(0.0, 0.2)
        none = max(0.05, 1.0 - full - year - age)
        specs.append(
            ListSpec(
                name=f"list{n + 1}",
                system=system,
                plain=rng.random() < 0.5,
                upper=system == "icao" or rng.random() < 0.15,
                order=order,
                patronymic=rng.uniform(0.6, 1.0),
                swapped=rng.uniform(0.0, 0.1),
                initials=rng.uniform(0.0, 0.08),
                typo=rng.uniform(*kind.typo),
                variant=rng.uniform(0.05, 0.2),
                yo_as_e=rng.uniform(0.5, 1.0),
                conventional=rng.uniform(0.3, 0.8) if system == "press" else rng.uniform(0, 0.1),
                birth=(full, year, age, none),
                date_slip=rng.uniform(0.0, 0.05),
                sex=rng.uniform(0.5, 1.0),
                place=rng.uniform(0.3, 0.9),
                event=rng.uniform(0.4, 1.0),
                duplicates=rng.uniform(*kind.duplicates),
                coverage=rng.uniform(*kind.coverage),
            )
        )
    return specs


@dataclass
class Person:
    person: int
    family: int
    sex: str
    surname: str  # masculine form
    given: str
    father: str
    birth: date
    place: str
    event: date
    event_type: str
    pool: str


def draw_people(kind: Kind, pools: Pools, rng: random.Random) -> list[Person]:
    people: list[Person] = []
    family = 0
    while len(people) < kind.people:
        family += 1
        r = rng.random()
        if r < 0.86:
            pool = "north"
            name_pool = "ingush_surname" if rng.random() < 0.17 else "north_surname"
        else:
            pool, name_pool = "russian", "russian_surname"
        surnames = pools.ranked[(name_pool, "")]
        surname = rng.choices(surnames, zipf_weights(len(surnames), kind.zipf_surname))[0]
        males = _given_pool(pools, pool, "m", kind)
        father = rng.choices(males, zipf_weights(len(males), kind.zipf_given))[0]
        children = rng.choice([2, 2, 3, 3, 4, 5]) if rng.random() < kind.siblings else 1
        born = date(rng.randint(1950, 1992), 1, 1)
        place = rng.choice(VILLAGES)
        event = date(2000, 1, 1) + timedelta(days=rng.randint(0, 3650))
        event_type = rng.choices(list(EVENT_TYPES), [5, 3, 2, 2])[0]
        taken: set[str] = {father}
        for _ in range(children):
            sex = "m" if rng.random() < 0.8 else "f"
            names = [g for g in _given_pool(pools, pool, sex, kind) if g not in taken]
            weights = zipf_weights(len(_given_pool(pools, pool, sex, kind)), kind.zipf_given)
            ranks = {g: i for i, g in enumerate(_given_pool(pools, pool, sex, kind))}
            given = rng.choices(names, [weights[ranks[g]] for g in names])[0]
            taken.add(given)
            birth = born + timedelta(days=rng.randint(0, 364))
            together = rng.random() < kind.together
            shift = rng.randint(-900, 900)
            adult = birth.replace(year=birth.year + 16, day=min(birth.day, 28))  # no child detained
            people.append(
                Person(
                    person=len(people),
                    family=family,
                    sex=sex,
                    surname=surname,
                    given=given,
                    father=father,
                    birth=birth,
                    place=place,
                    event=max(adult, event if together else event + timedelta(days=shift)),
                    event_type=event_type,
                    pool=pool,
                )
            )
            born = date(born.year + rng.randint(1, 4), 1, 1)
    return people[: kind.people]


def _given_pool(pools: Pools, pool: str, sex: str, kind: Kind) -> list[str]:
    names = pools.ranked[(f"{pool}_given", sex)]
    return names[: kind.given_pool] if kind.given_pool else names


@dataclass
class Written:
    """One record as a list writes it, and what the generator did to it."""

    name: str
    notes: list[str] = field(default_factory=list)


def write_part(
    cyrillic: str, spec: ListSpec, rng: random.Random, part: str, written: Written
) -> str:
    """One name part as *spec*'s list writes it (lower case; casing comes later)."""
    word = cyrillic
    if "ё" in word and rng.random() < spec.yo_as_e:
        word = word.replace("ё", "е")
    if spec.system == "cyrillic":
        text = word.lower()
    elif cyrillic in CONVENTIONAL and rng.random() < spec.conventional:
        text = rng.choice(CONVENTIONAL[cyrillic]).lower()
        written.notes.append(f"conventional_{part}")
    else:
        text = romanise(word, spec.system).lower()
        if spec.plain:
            text = strip_marks(text)
    if rng.random() < spec.typo:
        text, at, kind = add_typo(text, rng)
        if at >= 0:
            written.notes.append(f"typo_{part}_{'first3' if at < 3 else 'later'}_{kind}")
        if rng.random() < spec.typo / 3:
            text, _, _ = add_typo(text, rng)
    return text


def write_name(person: Person, spec: ListSpec, pools: Pools, rng: random.Random) -> Written:
    written = Written("")
    surname = surname_for(person.surname, person.sex)
    given, father = person.given, person.father
    if pools.variants.get(person.surname) and rng.random() < spec.variant:
        surname = surname_for(rng.choice(pools.variants[person.surname]), person.sex)
        written.notes.append("variant_surname")
    if pools.variants.get(given) and rng.random() < spec.variant:
        given = rng.choice(pools.variants[given])
        written.notes.append("variant_given")
    if pools.variants.get(father) and rng.random() < spec.variant:
        father = rng.choice(pools.variants[father])
        written.notes.append("variant_patronymic")
    order = spec.order
    if rng.random() < spec.swapped:
        order = rng.choice([o for o in ("SGP", "GPS", "SG", "GS") if o != order])
        written.notes.append("order_" + order)
    with_patronymic = "P" in order and rng.random() < spec.patronymic
    if "P" in order and not with_patronymic:
        written.notes.append("no_patronymic")
    sn = write_part(surname, spec, rng, "surname", written)
    gn = write_part(given, spec, rng, "given", written)
    pn = (
        write_part(patronymic(father, person.sex), spec, rng, "patronymic", written)
        if with_patronymic
        else ""
    )
    if rng.random() < spec.initials:
        written.notes.append("initials")
        gn = _initial(given, spec) + "."
        pn = _initial(patronymic(father, person.sex), spec) + "." if pn else ""
        parts = [sn, gn + pn] if rng.random() < 0.7 else [gn + pn, sn]
    else:
        by = {"S": sn, "G": gn, "P": pn}
        parts = [by[c] for c in order if by[c]]
    name = " ".join(_case(p, spec) for p in parts)
    written.name = name
    return written


def _initial(cyrillic: str, spec: ListSpec) -> str:
    if spec.system == "cyrillic":
        return cyrillic[0].upper()
    latin = strip_marks(romanise(cyrillic[0], spec.system)) or cyrillic[0]
    return latin[:1].upper() + latin[1:].lower()


def _case(text: str, spec: ListSpec) -> str:
    if spec.upper:
        return text.upper()
    return "-".join(p[:1].upper() + p[1:] for p in text.split("-"))


def write_birth(
    person: Person, spec: ListSpec, rng: random.Random, notes: list[str]
) -> tuple[str, str]:
    """(birth_date, age) as the list writes them."""
    mode = rng.choices(["full", "year", "age", "none"], spec.birth)[0]
    born = person.birth
    if rng.random() < spec.date_slip:
        slip = rng.choice(["year", "swap", "day"])
        notes.append(f"date_slip_{slip}")
        if slip == "year":
            born = born.replace(year=born.year + rng.choice([-1, 1]), day=min(born.day, 28))
        elif slip == "swap" and born.day <= 12:
            born = date(born.year, born.day, min(born.month, 28))
        else:
            born = born.replace(day=min(28, max(1, born.day + rng.choice([-1, 1, 10]))))
    notes.append(f"birth_{mode}")
    if mode == "full":
        text = born.strftime("%d.%m.%Y") if spec.system == "cyrillic" else born.isoformat()
        return text, ""
    if mode == "year":
        return str(born.year), ""
    if mode == "age":
        age = (
            person.event.year
            - born.year
            - ((person.event.month, person.event.day) < (born.month, born.day))
        )
        return "", str(age)
    return "", ""


def write_place(person: Person, spec: ListSpec, rng: random.Random) -> str:
    if rng.random() >= spec.place:
        return ""
    if spec.system == "cyrillic":
        return person.place
    text = romanise(person.place, spec.system)
    return strip_marks(text) if spec.plain else text


HEADER = [
    "source",
    "record_id",
    "name",
    "birth_date",
    "age",
    "sex",
    "place",
    "event_date",
    "event_type",
]


@dataclass(frozen=True)
class World:
    """Records (rows of HEADER), their truth and the lists that wrote them."""

    kind: str
    seed: int
    rows: list[list[str]]
    truth: list[dict[str, Any]]
    specs: list[ListSpec]


def generate(kind_name: str, seed: int, first: bool = False) -> World:
    """The world of *kind_name* and *seed*: the same for the same arguments, byte for byte.

    *first* makes the worlds of this generator's first run: the listed surnames only, at
    Zipf 0.9 (the commonest surname 13% of people; see SURNAME_POOLS)."""
    kind = KINDS[kind_name]
    if first:
        kind = dataclasses.replace(kind, zipf_surname=0.9)
    pools = load_pools(tail=not first)
    rng = random.Random(f"linkgen-{kind_name}-{seed}")
    specs = draw_lists(kind, rng)
    people = draw_people(kind, pools, rng)
    families: dict[int, list[Person]] = collections.defaultdict(list)
    for p in people:
        families[p.family].append(p)
    heterogeneity = {p.person: rng.lognormvariate(0.0, 0.5) for p in people}
    rows: list[list[str]] = []
    truth: list[dict[str, Any]] = []
    for spec in specs:
        written: list[tuple[Person, bool]] = []
        for members in families.values():
            shared = rng.random() if rng.random() < kind.together else None
            for p in members:
                draw = shared if shared is not None else rng.random()
                if draw < min(0.95, spec.coverage * heterogeneity[p.person]):
                    written.append((p, False))
                    if rng.random() < spec.duplicates:
                        written.append((p, True))
        rng.shuffle(written)
        for number, (p, duplicate) in enumerate(written, start=1):
            record = write_name(p, spec, pools, rng)
            birth, age = write_birth(p, spec, rng, record.notes)
            sex = ""
            if rng.random() < spec.sex:
                sex = ("м" if p.sex == "m" else "ж") if spec.system == "cyrillic" else p.sex.upper()
            event = ""
            if rng.random() < spec.event:
                event = (p.event + timedelta(days=rng.choice([0, 0, 0, 1, -1, 30]))).isoformat()
            cyr, lat = EVENT_TYPES[p.event_type]
            event_type = (cyr if spec.system == "cyrillic" else lat) if event else ""
            record_id = f"{spec.name[0].upper()}{spec.name[-1]}-{number:05d}"
            rows.append(
                [
                    spec.name,
                    record_id,
                    record.name,
                    birth,
                    age,
                    sex,
                    write_place(p, spec, rng),
                    event,
                    event_type,
                ]
            )
            truth.append(
                {
                    "source": spec.name,
                    "record_id": record_id,
                    "person": p.person,
                    "family": p.family,
                    "duplicate": duplicate,
                    "system": spec.system,
                    "canonical": f"{p.surname} {p.given}",
                    "notes": record.notes,
                }
            )
    return World(kind_name, seed, rows, truth, specs)


def write_csv(world: World, path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER)
        out.writerows(world.rows)


# --- Linking as the user's command does, and scoring ---------------------------------------


@dataclass(frozen=True)
class Row:
    kind: str
    seed: int
    lists: str
    records: int
    precision: float
    recall: float
    f1: float
    f1_across: float
    completeness: float
    reach: float
    reduction: float
    seconds: float
    peak_mb: float


def read_file(path: Path, keep_all: bool = False) -> tuple[Any, Any]:
    """The records of *path* as ``uncounted link PATH -o OUT`` reads them, and its config.

    *keep_all* (reading errors only) lowers the review band's floor to 0, so that
    ``LinkResult.pairs`` holds every pair compared, not only those scored 0.1 or more: a
    missed pair absent even then was never proposed by blocking."""
    import pandas as pd

    from uncounted.intake import read_records_file
    from uncounted.linkage import LinkConfig

    table = read_records_file(path)
    frame = pd.DataFrame(table.values, columns=list(table.columns))
    config = LinkConfig(
        threshold=0.5,
        extra_columns=tuple(table.identifiers),
        block_on=tuple(table.documents),
        **({"review_band": (0.0, 0.9)} if keep_all else {}),
    )
    return frame, config


def link_file(path: Path, keep_all: bool = False) -> Any:
    """``uncounted link PATH -o OUT`` without the writing: the same reader and config."""
    from uncounted.linkage import link_records

    return link_records(*read_file(path, keep_all))


def _pair_count(groups: Iterable[int]) -> int:
    return sum(n * (n - 1) // 2 for n in groups)


def score(labels: Sequence[Any], people: Sequence[int]) -> tuple[float, float, float]:
    """Pairwise precision, recall and F1 of cluster *labels* against *people*."""
    both = _pair_count(collections.Counter(zip(labels, people, strict=True)).values())
    predicted = _pair_count(collections.Counter(labels).values())
    true = _pair_count(collections.Counter(people).values())
    p = both / predicted if predicted else 1.0
    r = both / true if true else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def true_pairs(keys: Sequence[tuple[str, str]], people: Sequence[int]) -> list[tuple[int, int]]:
    by_person: dict[int, list[int]] = collections.defaultdict(list)
    for i, person in enumerate(people):
        by_person[person].append(i)
    return [pair for members in by_person.values() for pair in itertools.combinations(members, 2)]


def describe_lists(specs: Sequence[ListSpec]) -> str:
    return " ".join(
        f"{s.system}{'/plain' if s.plain and s.system != 'cyrillic' else ''}:{s.order}"
        f":t{s.typo:.2f}:d{s.duplicates:.2f}:c{s.coverage:.2f}"
        for s in specs
    )


def run_world(kind: str, seed: int, errors: int, first: bool = False) -> Row:
    world = generate(kind, seed, first)
    with tempfile.TemporaryDirectory(prefix="linkgen-") as folder:
        path = Path(folder) / f"{kind}-{seed}.csv"
        write_csv(world, path)
        started = time.perf_counter()
        result = link_file(path)
        # Keeping every compared pair costs gigabytes at 100,000 records: there the pairs
        # never proposed and those scored under 0.1 are read as one step.
        keep_all = errors and len(world.rows) <= KEEP_ALL_UP_TO
        compared = _probabilities(link_file(path, keep_all=True).pairs) if keep_all else {}
        seconds = time.perf_counter() - started
    records = result.records
    truth = {(t["source"], t["record_id"]): t for t in world.truth}
    keys = list(zip(records["source"].astype(str), records["record_id"].astype(str), strict=True))
    people = [truth[k]["person"] for k in keys]
    labels = records["cluster_id"].tolist()
    precision, recall, f1 = score(labels, people)
    pairs = true_pairs(keys, people)
    scored = _probabilities(result.pairs)
    near = _probabilities(result.near_misses) if result.near_misses is not None else {}
    found = sum((keys[a], keys[b]) in scored or (keys[b], keys[a]) in scored for a, b in pairs)
    reached = sum(
        any(k in d for d in (scored, near) for k in ((keys[a], keys[b]), (keys[b], keys[a])))
        for a, b in pairs
    )
    across = _across_f1(keys, labels, people)
    if errors:
        reading = Reading(world, keys, labels, people, scored, near, compared, errors)
        print(
            f"pairs compared {result.summary['pairs_compared']}, "
            f"scored {result.summary['pairs_scored']}, in LinkResult.pairs {len(result.pairs)}"
        )
        reading.missed(pairs)
        given = result.given_names
        reading.kept_apart(pairs, given.tolist() if given is not None else [-1] * len(keys))
        reading.calibration()
        reading.ambiguity()
        reading.false()
    return Row(
        kind=kind,
        seed=seed,
        lists=describe_lists(world.specs),
        records=len(keys),
        precision=precision,
        recall=recall,
        f1=f1,
        f1_across=across,
        completeness=found / len(pairs) if pairs else 1.0,
        reach=reached / len(pairs) if pairs else 1.0,
        reduction=1.0 - result.summary["pairs_compared"] / max(len(keys) * (len(keys) - 1) / 2, 1),
        seconds=seconds,
        peak_mb=resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    )


def _probabilities(frame: Any) -> dict[tuple[tuple[str, str], tuple[str, str]], float]:
    if frame is None or not len(frame):
        return {}
    left = zip(frame["source_l"].astype(str), frame["record_id_l"].astype(str), strict=True)
    right = zip(frame["source_r"].astype(str), frame["record_id_r"].astype(str), strict=True)
    return dict(
        zip(zip(left, right, strict=True), frame["match_probability"].astype(float), strict=True)
    )


def _across_f1(
    keys: Sequence[tuple[str, str]], labels: Sequence[Any], people: Sequence[int]
) -> float:
    """F1 over pairs of two different lists only (what a linker without duplicates can reach)."""

    def pairs_across(groups: dict[Any, list[int]]) -> set[tuple[int, int]]:
        out: set[tuple[int, int]] = set()
        for members in groups.values():
            for a, b in itertools.combinations(members, 2):
                if keys[a][0] != keys[b][0]:
                    out.add((a, b))
        return out

    def group(values: Sequence[Any]) -> dict[Any, list[int]]:
        grouped: dict[Any, list[int]] = collections.defaultdict(list)
        for i, v in enumerate(values):
            grouped[v].append(i)
        return grouped

    predicted, true = pairs_across(group(labels)), pairs_across(group(people))
    hits = len(predicted & true)
    p = hits / len(predicted) if predicted else 1.0
    r = hits / len(true) if true else 1.0
    return 2 * p * r / (p + r) if p + r else 0.0


# --- Reading the errors from the outside -----------------------------------------------------


def _tags(
    index: dict[tuple[str, str], dict[str, Any]], a: tuple[str, str], b: tuple[str, str]
) -> list[str]:
    """What the generator did to the two records of a true pair."""
    ta, tb = index[a], index[b]
    tags: set[str] = set()
    if a[0] == b[0]:
        tags.add("same_list")
    if len({t["system"] == "cyrillic" for t in (ta, tb)}) == 2:
        tags.add("cyrillic_vs_latin")
    for t in (ta, tb):
        for note in t["notes"]:
            if note.startswith("typo_"):
                tags.add(note.rsplit("_", 1)[0])
            elif note.startswith(("variant_", "conventional_")):
                tags.add(note)
            elif note.startswith(("order_", "date_slip")):
                tags.add(note.rsplit("_", 1)[0])
            elif note in ("initials", "no_patronymic", "birth_none", "birth_age", "birth_year"):
                tags.add(note)
        if t["system"] in ("french", "german"):
            tags.add(t["system"])
    return sorted(tags)


Key = tuple[str, str]


@dataclass(frozen=True)
class Reading:
    """A linked world and its truth, to read its errors from the outside."""

    world: World
    keys: list[Key]
    labels: list[Any]
    people: list[int]
    scored: dict[tuple[Key, Key], float]
    near: dict[tuple[Key, Key], float]
    compared: dict[tuple[Key, Key], float]
    show: int

    def chance(self, a: Key, b: Key) -> tuple[str, float]:
        """Where the pair was scored (kept pairs, near misses or never) and its probability."""
        kept = ((self.scored, "scored"), (self.near, "near_miss"), (self.compared, "under_0.1"))
        for found, where in kept:
            for k in ((a, b), (b, a)):
                if k in found:
                    return where, found[k]
        return ("not_proposed" if self.compared else "not_proposed_or_under_0.1"), 0.0

    def line(self, k: Key) -> str:
        r = self.rows[k]
        born, age, sex, place = (v or "-" for v in r[3:7])
        return f"    {r[0]} {r[2]!r} born={born} age={age} sex={sex} place={place}"

    @functools.cached_property
    def rows(self) -> dict[Key, list[str]]:
        return {(r[0], r[1]): r for r in self.world.rows}

    @functools.cached_property
    def index(self) -> dict[Key, dict[str, Any]]:
        return {(t["source"], t["record_id"]): t for t in self.world.truth}

    @functools.cached_property
    def name_keys(self) -> dict[Key, tuple[str | None, str | None]]:
        """(surname, given) keys of each record by the public ``parse_name``, each list read
        in its habit (``list_style``), as the linkage reads it."""
        from uncounted.linkage import list_style, parse_name

        by_list: dict[str, list[list[str]]] = collections.defaultdict(list)
        for r in self.world.rows:
            by_list[r[0]].append(r)
        keys: dict[Key, tuple[str | None, str | None]] = {}
        for rows in by_list.values():
            style = list_style(r[2] for r in rows)
            for r in rows:
                parsed = parse_name(r[2], listed=style)
                keys[(r[0], r[1])] = (parsed.surname, parsed.given)
        return keys

    def agreement(self, a: Key, b: Key) -> str:
        """How the public name keys of two records compare."""
        (sa, ga), (sb, gb) = self.name_keys[a], self.name_keys[b]
        if ga is None or gb is None:
            return "keys_surname_equal_no_given" if sa == sb else "keys_differ_no_given"
        if sa == sb and ga == gb:
            return "keys_equal"
        if sa == gb and ga == sb:
            return "keys_equal_swapped"
        if sa == sb:
            return "keys_given_differs"
        if ga == gb:
            return "keys_surname_differs"
        return "keys_both_differ"

    def missed(self, pairs: list[tuple[int, int]]) -> None:
        keys, index = self.keys, self.index
        missed = [(a, b) for a, b in pairs if self.labels[a] != self.labels[b]]
        steps: collections.Counter[str] = collections.Counter()
        tag_missed: collections.Counter[str] = collections.Counter()
        tag_all: collections.Counter[str] = collections.Counter()
        for a, b in pairs:
            tag_all.update(_tags(index, keys[a], keys[b]))
        examples: list[str] = []
        for a, b in missed:
            where, p = self.chance(keys[a], keys[b])
            step = (
                where
                if where.startswith(("not_proposed", "under_0.1"))
                else f"{where}{'<' if p < 0.5 else '>='}0.5"
            )
            steps[step] += 1
            steps[f"{step} {self.agreement(keys[a], keys[b])}"] += 1
            tags = _tags(index, keys[a], keys[b])
            tag_missed.update(tags)
            examples.append(
                f"  {step} p={p:.3f} {','.join(tags)}\n{self.line(keys[a])}\n{self.line(keys[b])}"
            )
        world = self.world
        print(
            f"\n== {world.kind} seed {world.seed}: {len(missed)} of {len(pairs)} true pairs missed"
        )
        for step, n in sorted(steps.items(), key=lambda item: (item[0].split()[0], -item[1])):
            print(f"  {'' if ' ' in step else 'step '}{step}: {n} ({n / max(len(missed), 1):.0%})")
        print("  what the generator did to the missed pairs:")
        for tag, n in tag_missed.most_common():
            print(
                f"    {tag}: {n / len(missed):.0%} of missed; {tag_all[tag] / len(pairs):.1%} "
                f"of all true pairs; {n / tag_all[tag]:.1%} of those missed"
            )
        for text in random.Random(0).sample(examples, min(self.show, len(examples))):
            print(text)

    def kept_apart(self, pairs: list[tuple[int, int]], given: Sequence[int]) -> None:
        """Why the missed true pairs scored 0.5 or more are in two clusters, read on the
        clusters made: the pair is of one list (under the list's bar for duplicates), or
        the two clusters hold a record of one list, two given names (``given``: the
        clustering's reading of each record, ``LinkResult.given_names``), or birth years
        more than 3 apart (the clustering's slack), or none of these (the link lost to
        another); and whether a cluster holds a record of another person (a wrong record
        in the way) or both hold the pair's person only."""
        members: dict[Any, list[int]] = collections.defaultdict(list)
        for i, label in enumerate(self.labels):
            members[label].append(i)
        births = [_birth_year(self.rows[k]) for k in self.keys]
        kinds: collections.Counter[str] = collections.Counter()
        for a, b in pairs:
            if self.labels[a] == self.labels[b]:
                continue
            where, p = self.chance(self.keys[a], self.keys[b])
            if where != "scored" or p < 0.5:
                continue
            if self.keys[a][0] == self.keys[b][0]:
                kinds["one list, under its bar"] += 1
                continue
            left, right = members[self.labels[a]], members[self.labels[b]]
            lists = {self.keys[x][0] for x in left} & {self.keys[y][0] for y in right}
            names = any(
                given[x] >= 0 and given[y] >= 0 and given[x] != given[y]
                for x in left
                for y in right
            )
            born = any(
                (bx := births[x]) is not None and (by := births[y]) is not None and abs(bx - by) > 3
                for x in left
                for y in right
            )
            why = [
                w for w, held in (("a list", lists), ("given names", names), ("born", born)) if held
            ]
            wrong = any(self.people[x] != self.people[a] for x in left) or any(
                self.people[y] != self.people[b] for y in right
            )
            held = "a wrong record" if wrong else "one person each"
            kind = f"{' + '.join(why) or 'nothing shared'}, {held}"
            kinds[kind] += 1
        total = sum(kinds.values())
        print(f"  missed true pairs scored 0.5 or more: {total}; both clusters hold:")
        for kind, n in kinds.most_common():
            print(f"    {kind}: {n} ({n / max(total, 1):.0%})")

    def calibration(self) -> None:
        """The share of kept pairs that are one person, by the model's probability."""
        person = {k: self.people[i] for i, k in enumerate(self.keys)}
        bins = [0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 0.99, 1.01]
        counts = collections.Counter[tuple[int, bool]]()
        for (a, b), p in (self.compared or self.scored).items():
            slot = next(i for i in range(len(bins) - 1) if p < bins[i + 1])
            counts[(slot, person[a] == person[b])] += 1
        kept = "every pair compared" if self.compared else "pairs kept, 0.1 or more"
        print(f"  calibration ({kept}): probability -> share one person")
        for i in range(len(bins) - 1):
            n = counts[(i, True)] + counts[(i, False)]
            if n:
                share = counts[(i, True)] / n
                print(f"    {bins[i]:.2f}-{min(bins[i + 1], 1):.2f}: {share:.1%} of {n:,}")

    def ambiguity(self) -> None:
        """How often two records of two lists with equal name keys are one person, by what
        else they say: what the names alone allow any linker."""
        rows = self.rows
        groups: dict[tuple[str | None, str | None], list[Key]] = collections.defaultdict(list)
        for k, (sn, gn) in self.name_keys.items():
            if sn and gn:
                groups[(sn, gn)].append(k)
        person = {k: self.people[i] for i, k in enumerate(self.keys)}
        counts: collections.Counter[tuple[str, bool]] = collections.Counter()
        sample = random.Random(2)
        for members in groups.values():
            # A common name's pairs are counted on 300 of its records, each pair weighted
            # for all of them, so that 100,000 records take seconds.
            weight = 1.0
            if len(members) > 300:
                weight = len(members) * (len(members) - 1) / (300 * 299)
                members = sample.sample(members, 300)
            for a, b in itertools.combinations(members, 2):
                if a[0] == b[0]:
                    continue
                ya, yb = _birth_year(rows[a]), _birth_year(rows[b])
                if ya is None or yb is None:
                    what = "one or both without birth"
                elif abs(ya - yb) <= 1:
                    what = "birth years within 1"
                else:
                    what = "birth years further apart"
                counts[(what, person[a] == person[b])] += weight
        print("  pairs of two lists with equal name keys: share one person")
        for what in (
            "one or both without birth",
            "birth years within 1",
            "birth years further apart",
        ):
            n = counts[(what, True)] + counts[(what, False)]
            if n:
                print(f"    {what}: {counts[(what, True)] / n:.1%} of {n:,.0f}")

    def false(self) -> None:
        keys, index, rows = self.keys, self.index, self.rows
        clusters: dict[Any, list[int]] = collections.defaultdict(list)
        for i, label in enumerate(self.labels):
            clusters[label].append(i)
        false = [
            (a, b)
            for members in clusters.values()
            for a, b in itertools.combinations(members, 2)
            if self.people[a] != self.people[b]
        ]
        kinds: collections.Counter[str] = collections.Counter()
        examples: list[str] = []
        for a, b in false:
            ta, tb = index[keys[a]], index[keys[b]]
            tags = [_who(ta, tb)]
            tags.append("same_list" if keys[a][0] == keys[b][0] else "two_lists")
            if not any(rows[keys[a]][3:5]) or not any(rows[keys[b]][3:5]):
                tags.append("a_record_without_birth")
            if "initials" in ta["notes"] or "initials" in tb["notes"]:
                tags.append("initials")
            tags.append(self.agreement(keys[a], keys[b]))
            where, p = self.chance(keys[a], keys[b])
            tags.append("direct" if where == "scored" and p >= 0.5 else "through_a_third_record")
            kinds.update(tags)
            examples.append(
                f"  {' '.join(tags)} p={p:.3f}\n{self.line(keys[a])}\n{self.line(keys[b])}"
            )
        print(f"  {len(false)} false pairs in clusters (a pair has several tags):")
        for tag, n in kinds.most_common():
            print(f"    {tag}: {n} ({n / max(len(false), 1):.0%})")
        for text in random.Random(1).sample(examples, min(self.show, len(examples))):
            print(text)


def _birth_year(row: list[str]) -> int | None:
    """The birth year a row says (from an age, the event's year less the age), if any."""
    born, age, event = row[3], row[4], row[7]
    if born:
        return int(born[-4:]) if "." in born else int(born[:4])
    if age and event:
        return int(event[:4]) - int(age)
    return None


def _who(ta: dict[str, Any], tb: dict[str, Any]) -> str:
    """How two different people of a false pair are related in the truth."""
    if ta["family"] == tb["family"]:
        return "siblings"
    if ta["canonical"] == tb["canonical"]:
        return "namesakes"
    if ta["canonical"].split()[0] == tb["canonical"].split()[0]:
        return "same_surname"
    return "other_people"


# --- Command line ----------------------------------------------------------------------------


def _fresh(kind: str, seed: int, errors: int, first: bool) -> Row:
    context = multiprocessing.get_context("fork")
    with concurrent.futures.ProcessPoolExecutor(1, mp_context=context) as pool:
        return pool.submit(run_world, kind, seed, errors, first).result()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--kinds", default="all", help="comma-separated kinds, or all (the seven of issue 12)"
    )
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=1)
    parser.add_argument("--errors", type=int, default=0, help="read the errors, with N examples")
    parser.add_argument("--write", type=Path, help="only write the worlds' CSVs (and truth) here")
    parser.add_argument(
        "--first", action="store_true", help="the first run's worlds: 105 listed surnames only"
    )
    parser.add_argument("--jsonl", type=Path, help="append each row as JSON here")
    args = parser.parse_args(argv)
    kinds = REPORTED if args.kinds == "all" else args.kinds.split(",")
    seeds = range(args.first_seed, args.first_seed + args.seeds)
    if args.write:
        args.write.mkdir(parents=True, exist_ok=True)
        for kind, seed in itertools.product(kinds, seeds):
            world = generate(kind, seed, args.first)
            write_csv(world, args.write / f"{kind}-{seed}.csv")
            with (args.write / f"{kind}-{seed}.truth.jsonl").open("w", encoding="utf-8") as handle:
                for t in world.truth:
                    handle.write(json.dumps(t, ensure_ascii=False) + "\n")
        return
    print(
        "| world | seed | lists | records | precision | recall | F1 | F1 across lists "
        "| true pairs scored | with near misses | reduction ratio | seconds | peak MB |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    rows: list[Row] = []
    for kind, seed in itertools.product(kinds, seeds):
        row = _fresh(kind, seed, args.errors, args.first)
        rows.append(row)
        print(
            f"| {row.kind} | {row.seed} | {row.lists} | {row.records:,} "
            f"| {row.precision:.4f} | {row.recall:.4f} "
            f"| {row.f1:.4f} | {row.f1_across:.4f} | {row.completeness:.4f} | {row.reach:.4f} "
            f"| {row.reduction:.5f} | {row.seconds:.1f} | {row.peak_mb:.0f} |",
            flush=True,
        )
        if args.jsonl:
            with args.jsonl.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(row.__dict__) + "\n")
    if len(rows) > 1:
        for name in ("f1", "precision", "recall", "completeness"):
            values = [getattr(r, name) for r in rows]
            worst = min(rows, key=lambda r: getattr(r, name))
            print(
                f"{name}: median {statistics.median(values):.4f}, "
                f"worst {min(values):.4f} ({worst.kind} {worst.seed})"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
