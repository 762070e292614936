"""Turning the true population into one source's records, with that source's habits.

Each source draws from its own random stream (seeded by the world seed and the source's
name), so adding or removing a source never changes the others. All random numbers a source
may need are drawn for every record whatever the error rates, so two worlds that differ only
in error rates differ only in the records where an error was made.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from functools import cache

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.model import RECORD_COLUMNS
from uncounted.synth._config import SourceSpec, WorldConfig
from uncounted.synth._people import Population
from uncounted.synth._romanise import romanise_all, romaniser
from uncounted.synth._typos import CYRILLIC, LATIN, spelling_variant, typo
from uncounted.synth._vocab import NameVocabulary, Place, name_vocabulary

# One uniform draw per record for each of these decisions, always in this order.
_DRAWS = (
    "variant",
    "variant_pick",
    "patronymic",
    "initials",
    "order",
    "typo",
    "typo_kind",
    "typo_place",
    "typo_letter",
    "original",
    "birth",
    "birth_precision",
    "age",
    "age_sign",
    "sex",
    "place",
    "event_shift",
    "event_shift_size",
    "event_shift_sign",
    "event_missing",
    # Appended last, so that worlds made before these settings existed are unchanged.
    "typo_head",
    "spelling",
    "spelling_kind",
    "spelling_place",
    "initials_joined",
)

Strings = npt.NDArray[np.object_]


@dataclass(frozen=True)
class SourceRecords:
    """One source's records (records format) and the true person behind each row."""

    records: pd.DataFrame
    person_id: npt.NDArray[np.int64]


@cache
def _written_tokens(scheme: str) -> Strings:
    return np.array(romanise_all(name_vocabulary().tokens, scheme), dtype=object)


@cache
def _written_places(scheme: str, places: tuple[Place, ...]) -> Strings:
    write = romaniser(scheme)
    return np.array([write(p.label_ru) for p in places], dtype=object)


def _source_rng(seed: int, name: str) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence([seed, 2, zlib.crc32(name.encode())]))


def _captured(
    spec: SourceSpec, config: WorldConfig, population: Population, rng: np.random.Generator
) -> npt.NDArray[np.int64]:
    """Who this source records, in the (shuffled) order of its record ids."""
    factors = dict(spec.event_type_factor)
    by_kind = np.array([factors.get(kind, 1.0) for kind, _ in config.event_types])
    probability = np.asarray(spec.capture, dtype=np.float64)[population.visibility]
    probability = np.minimum(1.0, probability * by_kind[population.event_type])
    caught = np.flatnonzero(rng.random(population.size) < probability)
    again = caught[rng.random(len(caught)) < spec.duplicates]
    everyone = np.concatenate([caught, again]).astype(np.int64)
    return everyone[rng.permutation(len(everyone))]


def _given_names(
    spec: SourceSpec,
    tokens: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
    vocab: NameVocabulary,
) -> Strings:
    given: Strings = _written_tokens(spec.romanisation)[tokens]
    variants = vocab.cyrillic_variants if spec.script == "cyrillic" else vocab.latin_variants
    for i in np.flatnonzero(u["variant"] < spec.noise.arabic_variant):
        options = variants.get(int(tokens[i]))
        if options:
            given[i] = options[min(int(u["variant_pick"][i] * len(options)), len(options) - 1)]
    return given


def _initial(part: str) -> str:
    return part[:1] + "." if part else part


def _names(
    spec: SourceSpec,
    population: Population,
    who: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
    vocab: NameVocabulary,
) -> tuple[list[str], list[str]]:
    """Each record's name as the source writes it, and its quoted Cyrillic original."""
    noise = spec.noise
    written = _written_tokens(spec.romanisation)
    given = _given_names(spec, population.given[who], u, vocab)
    surname = written[population.surname[who]]
    if noise.spelling_variant > 0:
        write = romaniser(spec.romanisation)
        for i in np.flatnonzero(u["spelling"] < noise.spelling_variant):
            cyrillic = vocab.tokens[population.surname[who[i]]]
            variant = spelling_variant(cyrillic, u["spelling_kind"][i], u["spelling_place"][i])
            surname[i] = write(variant)
    has_patronymic = spec.patronymic & (u["patronymic"] >= noise.missing_patronymic)
    patronymic = np.where(has_patronymic, written[population.patronymic[who]], "")
    for i in np.flatnonzero(u["initials"] < noise.initials):
        given[i], patronymic[i] = _initial(given[i]), _initial(patronymic[i])
        if u["initials_joined"][i] < noise.initials_joined:
            given[i], patronymic[i] = given[i] + patronymic[i], ""
    surname_first = (spec.name_order == "surname_first") ^ (u["order"] < noise.swapped_order)
    names = [
        " ".join(filter(None, (s, g, p) if first else (g, p, s)))
        for s, g, p, first in zip(surname, given, patronymic, surname_first, strict=True)
    ]
    if spec.upper_case:
        names = [name.upper() for name in names]
    alphabet = CYRILLIC if spec.script == "cyrillic" else LATIN
    draws = np.column_stack([u["typo_kind"], u["typo_place"], u["typo_letter"]])
    for i in np.flatnonzero(u["typo"] < noise.typo):
        names[i] = typo(names[i], alphabet, draws[i], head=u["typo_head"][i] < noise.typo_head)
    return names, _originals(spec, population, who, u, vocab)


def _originals(
    spec: SourceSpec,
    population: Population,
    who: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
    vocab: NameVocabulary,
) -> list[str]:
    """The full Cyrillic name where a Latin-script source quotes it, '' elsewhere."""
    quote = (u["original"] < spec.original_name) & (spec.script != "cyrillic")
    originals = [""] * len(who)
    for i in np.flatnonzero(quote):
        person = who[i]
        originals[i] = " ".join(
            vocab.tokens[part[person]]
            for part in (population.surname, population.given, population.patronymic)
        )
    return originals


def _birth(
    spec: SourceSpec,
    population: Population,
    who: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
) -> tuple[Strings, pd.Series]:
    noise = spec.noise
    missing = u["birth"] < noise.missing_birth
    dates = np.datetime_as_string(population.birth_date[who], unit="D")
    empty_age = pd.Series(pd.NA, index=range(len(who)), dtype="Int64")
    if spec.birth == "none":
        return np.full(len(who), "", dtype=object), empty_age
    if spec.birth == "age":
        days = (population.event_date[who] - population.birth_date[who]).astype(np.int64)
        age = np.floor(days / 365.25).astype(np.int64)
        off = np.where(u["age"] < noise.age_off_by_one, np.where(u["age_sign"] < 0.5, -1, 1), 0)
        ages = pd.Series(pd.array(age + off, dtype="Int64"))
        ages[missing] = pd.NA
        return np.full(len(who), "", dtype=object), ages
    year, month = dates.astype("<U4"), dates.astype("<U7")
    if spec.birth == "year":
        written = year
    else:
        precision = u["birth_precision"]
        written = np.where(
            precision < noise.birth_year_only,
            year,
            np.where(precision < noise.birth_year_only + noise.birth_month_only, month, dates),
        )
    return np.where(missing, "", written).astype(object), empty_age


def _event_dates(
    spec: SourceSpec,
    population: Population,
    who: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
) -> Strings:
    noise = spec.noise
    if not spec.event_date:
        return np.full(len(who), "", dtype=object)
    size = 1 + np.floor(u["event_shift_size"] * noise.event_date_shift_days).astype(np.int64)
    shift = np.where(u["event_shift"] < noise.event_date_shift, size, 0)
    shift = np.where(u["event_shift_sign"] < 0.5, -shift, shift)
    dates = population.event_date[who] + shift.astype("timedelta64[D]")
    written = np.datetime_as_string(dates, unit="D")
    return np.where(u["event_missing"] < noise.missing_event_date, "", written).astype(object)


def _places(
    spec: SourceSpec,
    population: Population,
    who: npt.NDArray[np.int64],
    u: dict[str, npt.NDArray[np.float64]],
    places: tuple[Place, ...],
) -> Strings:
    if spec.place == "none":
        return np.full(len(who), "", dtype=object)
    if spec.place == "label_ru":
        labels = np.array([p.label_ru for p in places], dtype=object)
    elif spec.place == "label_en":
        labels = np.array([p.label_en for p in places], dtype=object)
    else:
        labels = _written_places(spec.romanisation, places)
    if spec.upper_case:
        labels = np.array([label.upper() for label in labels], dtype=object)
    written = labels[population.event_place[who]]
    return np.where(u["place"] < spec.noise.missing_place, "", written).astype(object)


def render_source(
    spec: SourceSpec, config: WorldConfig, population: Population, places: tuple[Place, ...]
) -> SourceRecords:
    """The records *spec* holds about *population*, as written by that source."""
    vocab = name_vocabulary()
    rng = _source_rng(config.seed, spec.name)
    who = _captured(spec, config, population, rng)
    draws = rng.random((len(_DRAWS), len(who)))
    u = dict(zip(_DRAWS, draws, strict=True))
    names, originals = _names(spec, population, who, u, vocab)
    birth, age = _birth(spec, population, who, u)
    sex = np.where(population.male[who], "M", "F")
    kinds = np.array([kind for kind, _ in config.event_types], dtype=object)
    records = pd.DataFrame(
        {
            "source": spec.name,
            "record_id": [f"{spec.name}-{k:06d}" for k in range(1, len(who) + 1)],
            "name": names,
            "name_original": originals,
            "birth_date": birth,
            "age": age,
            "sex": np.where(spec.sex & (u["sex"] >= spec.noise.missing_sex), sex, ""),
            "place": _places(spec, population, who, u, places),
            "event_date": _event_dates(spec, population, who, u),
            "event_type": kinds[population.event_type[who]] if spec.event_type else "",
        },
        columns=list(RECORD_COLUMNS),
    )
    return SourceRecords(records=records, person_id=who)
