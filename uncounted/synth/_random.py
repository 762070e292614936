"""Random world settings: linkage measured on many kinds of list, never tuned to one world.

``random_world_config(seed)`` draws a whole setting: how many lists, each list's script and
romanisation (from Cyrillic, the ``iuliia`` standards and the French and German habits),
name order and case, which fields it records, and how often it makes each kind of error
(typos, also in the first letters; vowel and soft-sign spelling variants; initials, joined
or not; swapped order; Arabic-origin given names; missing fields; shifted dates), how often
it lists a person twice, how many siblings families have and how skewed given names are.

The ranges are written out below so that a reader can see what "random" covered. A
benchmark tunes on one range of seeds and reports on another, disjoint one.
"""

from __future__ import annotations

import numpy as np

from uncounted.synth._config import (
    BirthField,
    NameOrder,
    NoiseRates,
    PlaceField,
    SourceSpec,
    WorldConfig,
)

ROMANISATIONS = (
    "cyrillic",
    "wikipedia",
    "icao_doc_9303",
    "bgn_pcgn",
    "gost_779",
    "scientific",
    "ala_lc",
    "mvd_310_fr",
    "french",
    "german",
)
_BIRTH: tuple[BirthField, ...] = ("date", "year", "age", "none")
_PLACE_LATIN: tuple[PlaceField, ...] = ("label_en", "romanised", "none")
_FAMILIES = ((0.8, 0.14, 0.06), (0.6, 0.25, 0.1, 0.05), (0.45, 0.25, 0.15, 0.1, 0.05))


def _noise(rng: np.random.Generator) -> NoiseRates:
    def between(low: float, high: float) -> float:
        return round(float(rng.uniform(low, high)), 3)

    def sometimes(chance: float, low: float, high: float) -> float:
        return between(low, high) if rng.random() < chance else 0.0

    return NoiseRates(
        typo=between(0.0, 0.12),
        typo_head=between(0.0, 0.6),
        spelling_variant=sometimes(0.6, 0.0, 0.1),
        missing_patronymic=between(0.0, 0.6),
        missing_birth=between(0.02, 0.5),
        birth_year_only=between(0.0, 0.4),
        birth_month_only=between(0.0, 0.1),
        age_off_by_one=between(0.0, 0.3),
        swapped_order=between(0.0, 0.15),
        initials=sometimes(0.3, 0.05, 0.35),
        initials_joined=between(0.0, 1.0),
        arabic_variant=sometimes(0.5, 0.0, 0.4),
        event_date_shift=between(0.0, 0.4),
        event_date_shift_days=int(rng.integers(1, 15)),
        missing_event_date=between(0.0, 0.2),
        missing_place=between(0.0, 0.3),
        missing_sex=between(0.0, 0.3),
    )


def _source(index: int, classes: int, rng: np.random.Generator) -> SourceSpec:
    romanisation = str(rng.choice(ROMANISATIONS))
    cyrillic = romanisation == "cyrillic"
    order: NameOrder = "surname_first" if rng.random() < 0.6 else "given_first"
    place: PlaceField = (
        "label_ru" if cyrillic else _PLACE_LATIN[int(rng.integers(len(_PLACE_LATIN)))]
    )
    capture = tuple(sorted(round(float(p), 3) for p in rng.uniform(0.02, 0.7, size=classes)))
    return SourceSpec(
        name=f"list{index + 1}",
        romanisation=romanisation,
        capture=capture,
        name_order=order,
        upper_case=bool(rng.random() < 0.25),
        patronymic=bool(rng.random() < 0.5),
        birth=_BIRTH[int(rng.integers(len(_BIRTH)))],
        sex=bool(rng.random() < 0.8),
        place=place,
        event_date=bool(rng.random() < 0.85),
        event_type=bool(rng.random() < 0.8),
        original_name=0.0 if cyrillic or rng.random() < 0.7 else 0.5,
        duplicates=round(float(rng.uniform(0.0, 0.15)), 3) if rng.random() < 0.35 else 0.0,
        noise=_noise(rng),
    )


def random_world_config(seed: int, people: int = 3000) -> WorldConfig:
    """A random setting of *people* (3 to 6 lists); the same *seed* gives the same setting."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 7]))
    lists = int(rng.integers(3, 7))
    classes = (0.55, 0.3, 0.15)
    sources = tuple(_source(i, len(classes), rng) for i in range(lists))
    family_sizes = _FAMILIES[int(rng.integers(len(_FAMILIES)))]
    zipf = round(float(rng.uniform(0.8, 1.6)), 2) if rng.random() < 0.4 else 0.0
    config = WorldConfig(
        people=people,
        sources=sources,
        seed=seed,
        classes=classes,
        family_sizes=family_sizes,
        given_name_zipf=zipf,
    )
    config.validate()
    return config


def describe_setting(config: WorldConfig) -> str:
    """A one-line summary of a setting (lists and scripts, the harder knobs)."""
    scripts = ",".join(source.romanisation for source in config.sources)
    typo = max(source.noise.typo for source in config.sources)
    duplicates = max(source.duplicates for source in config.sources)
    siblings = 1.0 - config.family_sizes[0] / sum(config.family_sizes)
    return (
        f"{len(config.sources)} lists [{scripts}] typo<={typo:.2f} dup<={duplicates:.2f} "
        f"siblings {siblings:.2f} zipf {config.given_name_zipf:.2f}"
    )
