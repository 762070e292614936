"""The name and place vocabularies a synthetic population is drawn from.

All names are synthetic combinations: given names are common North-Caucasus given names;
surnames are a short list of common forms plus forms *built* from syllables, given-name stems
and compound elements (-хан, -султан, -бек, ...), so that at 100,000 people most full names
are distinct while common names still collide, as they do in real lists. Nothing here is a
record of a real person. Tables live in ``data/`` so they can be reviewed and swapped.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
import numpy.typing as npt

DATA = Path(__file__).resolve().parent / "data"
MODEL_PLACES = Path(__file__).resolve().parents[1] / "model" / "vocab" / "places.csv"

_CORE_SUFFIX = {
    "хан": "ов",
    "султан": "ов",
    "бек": "ов",
    "мурза": "ев",
    "хаджи": "ев",
    "гири": "ев",
    "бай": "ев",
    "али": "ев",
}
_VOWELS = set("аеёиоуыэюя")

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


def _read(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class NameVocabulary:
    """Cyrillic name tokens and the weighted tables persons are drawn from.

    Every name part is an index into ``tokens``. Surnames and patronymics come in a male and
    a female form at the same position (``surname_male[i]`` / ``surname_female[i]``).
    """

    tokens: tuple[str, ...]
    given_male: IntArray
    given_male_weight: FloatArray
    given_female: IntArray
    given_female_weight: FloatArray
    patronymic_male: IntArray  # aligned with given_male: the patronymic a son of that father has
    patronymic_female: IntArray
    surname_male: IntArray
    surname_female: IntArray
    surname_weight: FloatArray
    latin_variants: dict[int, tuple[str, ...]]
    cyrillic_variants: dict[int, tuple[str, ...]]


@dataclass(frozen=True)
class Place:
    """A district or city where people live and events happen."""

    code: str
    label_en: str
    label_ru: str
    weight: float


def _surname_candidates() -> dict[str, float]:
    """Male surname forms with their relative frequency (before random dispersion)."""
    weights: dict[str, float] = {}

    def add(surname: str, weight: float) -> None:
        weights[surname] = max(weights.get(surname, 0.0), weight)

    for row in _read("surnames.csv"):
        add(row["surname"], float(row["weight"]))
    given = [row for row in _read("given_names.csv") if row["sex"] == "M"]
    for row in given:
        add(row["patronymic_stem"], 0.25 * float(row["weight"]))
    parts = _read("surname_parts.csv")
    first = [p["text"] for p in parts if p["kind"] == "first"]
    second = [p["text"] for p in parts if p["kind"] == "second"]
    cores = [p["text"] for p in parts if p["kind"] == "core"]
    for head in first:
        for tail in second:
            add(head + tail + "ев", 0.5)
            for end in second[::3]:  # rarer three-syllable stems: Сайдулаев, Дакумаев
                add(head + tail + end + "ев", 0.04)
    for row in given:
        stem = row["name"]
        if "-" in stem or len(stem) > 5:  # long names make implausible compounds
            continue
        for core in cores:
            glue = core[1:] if stem[-1] in _VOWELS and core[0] in _VOWELS else core
            add((stem + glue + _CORE_SUFFIX[core]).replace("йев", "ев"), 0.3)
    return weights


def _patronymic(stem: str, female: bool) -> str:
    return stem + ("на" if female else "ич")


@cache
def name_vocabulary() -> NameVocabulary:
    """Build (once per process) the name vocabulary from the data tables."""
    ids: dict[str, int] = {}

    def tok(text: str) -> int:
        return ids.setdefault(text, len(ids))

    rows = _read("given_names.csv")
    males = [r for r in rows if r["sex"] == "M"]
    females = [r for r in rows if r["sex"] == "F"]
    surnames = _surname_candidates()
    # A fixed dispersion (not the world's seed): the vocabulary is the same in every world.
    dispersion = np.random.default_rng(20170401).lognormal(0.0, 0.6, size=len(surnames))
    variants = {r["name"]: r for r in _read("given_name_variants.csv")}

    def split(field: str, name: str) -> tuple[str, ...]:
        row = variants.get(name)
        return tuple(v for v in row[field].split("|") if v) if row else ()

    given_male = np.array([tok(r["name"]) for r in males], dtype=np.int64)
    given_female = np.array([tok(r["name"]) for r in females], dtype=np.int64)
    vocab = NameVocabulary(
        tokens=(),
        given_male=given_male,
        given_male_weight=np.array([float(r["weight"]) for r in males]),
        given_female=given_female,
        given_female_weight=np.array([float(r["weight"]) for r in females]),
        patronymic_male=np.array(
            [tok(_patronymic(r["patronymic_stem"], False)) for r in males], dtype=np.int64
        ),
        patronymic_female=np.array(
            [tok(_patronymic(r["patronymic_stem"], True)) for r in males], dtype=np.int64
        ),
        surname_male=np.array([tok(s) for s in surnames], dtype=np.int64),
        surname_female=np.array([tok(s + "а") for s in surnames], dtype=np.int64),
        surname_weight=np.array(list(surnames.values())) * dispersion,
        latin_variants={
            ids[r["name"]]: split("latin_variants", r["name"])
            for r in rows
            if split("latin_variants", r["name"])
        },
        cyrillic_variants={
            ids[r["name"]]: split("cyrillic_variants", r["name"])
            for r in rows
            if split("cyrillic_variants", r["name"])
        },
    )
    return NameVocabulary(**{**vocab.__dict__, "tokens": tuple(ids)})


@cache
def places() -> tuple[Place, ...]:
    """The districts and cities of Chechnya events happen in, weighted by how many victims.

    Labels come from the project's gazetteer (``uncounted/model/vocab/places.csv``) when it
    exists, so synthetic places are ones the linkage knows; otherwise from the copy here.
    Only places named in ``data/place_weights.csv`` are used.
    """
    weights = {r["code"]: float(r["weight"]) for r in _read("place_weights.csv")}
    source = MODEL_PLACES if MODEL_PLACES.exists() else DATA / "places.csv"
    with source.open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r.get("code") in weights]
    if not rows:  # a gazetteer that lost these codes cannot host a world: use the copy
        rows = [r for r in _read("places.csv") if r["code"] in weights]
    return tuple(Place(r["code"], r["label_en"], r["label_ru"], weights[r["code"]]) for r in rows)
