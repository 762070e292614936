"""The true population of a synthetic world: who they are, what happened to them, and where.

People come in families (siblings share a surname, a father's name and a home district but
never a given name); each has one primary event dated inside a wave of persecution, and a
latent visibility class that drives how likely each source is to record them. Everything is
drawn with numpy in whole arrays, so a million people take seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

from uncounted.synth._config import WorldConfig
from uncounted.synth._vocab import NameVocabulary, Place

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]
DateArray = npt.NDArray[np.datetime64]

_MEAN_AGE, _SD_AGE, _MIN_AGE, _MAX_AGE = 28.0, 8.0, 16.0, 70.0


@dataclass(frozen=True)
class Population:
    """One entry per person; name parts are indices into the vocabulary's tokens."""

    male: BoolArray
    given: IntArray
    surname: IntArray
    patronymic: IntArray
    family: IntArray
    birth_date: DateArray
    event_date: DateArray
    event_type: IntArray
    home: IntArray
    event_place: IntArray
    visibility: IntArray

    @property
    def size(self) -> int:
        """The true number of people (N)."""
        return len(self.male)


def _weights(values: npt.ArrayLike) -> npt.NDArray[np.float64]:
    array = np.asarray(values, dtype=np.float64)
    normalised: npt.NDArray[np.float64] = array / array.sum()
    return normalised


def _families(n: int, shares: tuple[float, ...], rng: np.random.Generator) -> IntArray:
    sizes = rng.choice(len(shares), size=n, p=_weights(shares)) + 1
    count = int(np.searchsorted(np.cumsum(sizes), n)) + 1
    return np.repeat(np.arange(count, dtype=np.int64), sizes[:count])[:n]


def _zipf(weights: npt.NDArray[np.float64], exponent: float) -> npt.NDArray[np.float64]:
    """1 / rank ** *exponent*, rank 1 for the largest of *weights* (ties in table order)."""
    if exponent <= 0:
        return _weights(weights)
    ranks = np.empty(len(weights), dtype=np.float64)
    ranks[np.argsort(-weights, kind="stable")] = np.arange(1, len(weights) + 1)
    return _weights(1.0 / ranks**exponent)


def _given_weights(
    config: WorldConfig, vocab: NameVocabulary
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Male and female given-name weights: the table's, or Zipf by the table's rank."""
    skew = config.given_name_zipf
    return _zipf(vocab.given_male_weight, skew), _zipf(vocab.given_female_weight, skew)


def _distinct_sibling_names(
    family: IntArray,
    male: BoolArray,
    weights: tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]],
    rng: np.random.Generator,
) -> tuple[IntArray, IntArray]:
    """Draw given names, redrawing a sibling's name while it repeats a same-sex sibling's."""
    pm, pf = weights
    male_pick = rng.choice(len(pm), size=len(male), p=pm)
    female_pick = rng.choice(len(pf), size=len(male), p=pf)
    for _ in range(20):
        chosen = np.where(male, male_pick, female_pick + len(pm))
        repeat = pd.DataFrame({"f": family, "g": chosen}).duplicated().to_numpy()
        if not repeat.any():
            break
        again = int(repeat.sum())
        male_pick[repeat] = rng.choice(len(pm), size=again, p=pm)
        female_pick[repeat] = rng.choice(len(pf), size=again, p=pf)
    return male_pick.astype(np.int64), female_pick.astype(np.int64)


def _event_dates(config: WorldConfig, n: int, rng: np.random.Generator) -> DateArray:
    waves = config.waves
    which = rng.choice(len(waves), size=n, p=_weights([w.weight for w in waves]))
    starts = np.array([np.datetime64(w.start, "D") for w in waves])
    spans = np.array([(w.end - w.start).days + 1 for w in waves])
    offsets = np.floor(rng.random(n) * spans[which]).astype(np.int64)
    dates: DateArray = starts[which] + offsets.astype("timedelta64[D]")
    return dates


def draw_population(
    config: WorldConfig, vocab: NameVocabulary, places: tuple[Place, ...], seed: int
) -> Population:
    """Draw the true population of *config* (its own random stream: *seed*)."""
    rng = np.random.default_rng(np.random.SeedSequence([seed, 1]))
    n = config.people
    family = _families(n, config.family_sizes, rng)
    families = int(family[-1]) + 1
    surname = rng.choice(
        len(vocab.surname_weight), size=families, p=_weights(vocab.surname_weight)
    )[family]
    given_weights = _given_weights(config, vocab)
    father = rng.choice(len(vocab.given_male), size=families, p=given_weights[0])[family]
    place_weights = _weights([p.weight for p in places])
    home = rng.choice(len(places), size=families, p=place_weights)[family]
    male = rng.random(n) < config.male_share
    male_pick, female_pick = _distinct_sibling_names(family, male, given_weights, rng)
    event_date = _event_dates(config, n, rng)
    age = np.clip(rng.normal(_MEAN_AGE, _SD_AGE, size=n), _MIN_AGE, _MAX_AGE)
    days_old = np.floor(np.floor(age) * 365.25 + rng.random(n) * 365).astype(np.int64)
    elsewhere = rng.choice(len(places), size=n, p=place_weights)
    at_home = rng.random(n) < config.event_in_home_district
    kinds = _weights([share for _, share in config.event_types])
    return Population(
        male=male,
        given=np.where(male, vocab.given_male[male_pick], vocab.given_female[female_pick]),
        surname=np.where(male, vocab.surname_male[surname], vocab.surname_female[surname]),
        patronymic=np.where(male, vocab.patronymic_male[father], vocab.patronymic_female[father]),
        family=family,
        birth_date=event_date - days_old.astype("timedelta64[D]"),
        event_date=event_date,
        event_type=rng.choice(len(kinds), size=n, p=kinds).astype(np.int64),
        home=home.astype(np.int64),
        event_place=np.where(at_home, home, elsewhere).astype(np.int64),
        visibility=rng.choice(len(config.classes), size=n, p=_weights(config.classes)).astype(
            np.int64
        ),
    )


def people_frame(
    population: Population, config: WorldConfig, vocab: NameVocabulary, places: tuple[Place, ...]
) -> pd.DataFrame:
    """The population as a table (Cyrillic names, ISO dates, place codes), one row a person."""
    tokens = np.array(vocab.tokens, dtype=object)
    codes = np.array([p.code for p in places], dtype=object)
    kinds = np.array([kind for kind, _ in config.event_types], dtype=object)
    return pd.DataFrame(
        {
            "person_id": np.arange(population.size, dtype=np.int64),
            "surname": tokens[population.surname],
            "given_name": tokens[population.given],
            "patronymic": tokens[population.patronymic],
            "sex": np.where(population.male, "M", "F"),
            "birth_date": np.datetime_as_string(population.birth_date, unit="D"),
            "home_district": codes[population.home],
            "event_date": np.datetime_as_string(population.event_date, unit="D"),
            "event_type": kinds[population.event_type],
            "event_place": codes[population.event_place],
            "family_id": population.family,
            "visibility_class": population.visibility,
        }
    )
