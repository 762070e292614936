"""How many people hold each folded full name, and so how likely two records agreeing on it
are one person.

An exact name is strong evidence when nobody else holds it and weak when many do; how many
do is read from the lists themselves, not from a frequency table of records (which counts
one person named by four lists as four people, and a list's duplicate as a second person).

For each full name the number of people m holding it is inferred:

- before looking at how its records fall over the lists, m is one (somebody holds it) plus
  the namesakes its parts predict: records with its surname times records with its given
  name, each less one person's records (the name's records, at most the records per
  distinct name: three records of Isaev Magomed may be two brothers where a third of
  everyone is Magomed), over all records, is how many records of other people would carry
  it if surnames and given names were drawn independently; divided by the records per
  distinct name, people (at least NAMESAKE_FLOOR);
- then from the count in each list: each of the m people is in list j with chance p_j and
  is written twice there with chance d_j. Both are read from the half of the names whose
  parts predict the fewest namesakes: p_j is the share of those seen in two other lists
  that list j names too (people are not alike: one named by several lists is likelier to be
  in the next, and p_j read from names seen in one other list made a name in every list of
  five look like two people's), d_j the share of those list j names that it names twice.

Two records agreeing on the name, one from each of two lists, are one person with chance
E[1/m] (each record names one of the m people, all alike). Neither the number of records
nor the number of lists enters otherwise, so the same name in the same lists scores the
same at 3,000 records as at 100,000: what grows with the lists is the namesakes the parts
predict, as it should.
"""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
import pandas as pd

# Expected other people holding a name whose parts nobody else has: not zero (a typo can
# make a namesake, a list can hold two people its parts do not show), not much more.
NAMESAKE_FLOOR = 0.01
# The most people one name is thought to be shared by (a grid for the posterior); names with
# more records than this are scored by their counts alone (see same_person_chance).
MOST_PEOPLE = 48
_CAPTURE = (0.02, 0.98)
_DUPLICATE = (0.002, 0.5)
# Fewest names a list's rates are read from; below it, the defaults (half, and seldom twice).
_ENOUGH = 5


def _list_rates(
    counts: npt.NDArray[np.int64], alone: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Chance a person is in each list and, if so, written twice there, from names held by
    one person as far as their parts say (*alone*)."""
    present = counts > 0
    lists = counts.shape[1]
    capture = np.full(lists, 0.5)
    duplicate = np.full(lists, _DUPLICATE[0])
    once = alone & (counts.max(axis=1) <= 1)
    for j in range(lists):
        # Seen in two other lists (see the module's docstring), or in one where too few are.
        others = present.sum(axis=1) - present[:, j]
        for seen in (2, 1):
            elsewhere = once & (others >= seen)
            if elsewhere.sum() >= _ENOUGH:
                capture[j] = float(present[elsewhere, j].mean())
                break
        named = alone & present[:, j]
        if named.sum() >= _ENOUGH:
            duplicate[j] = float((counts[named, j] >= 2).mean())
    return np.clip(capture, *_CAPTURE), np.clip(duplicate, *_DUPLICATE)


def _binomial(trials: int, chance: float) -> npt.NDArray[np.float64]:
    """P(k successes of *trials*), k = 0..trials."""
    return np.array(
        [
            math.comb(trials, k) * chance**k * (1.0 - chance) ** (trials - k)
            for k in range(trials + 1)
        ]
    )


def _log_list_likelihood(capture: float, duplicate: float, most: int) -> npt.NDArray[np.float64]:
    """log P(n records in a list | m people hold the name), n in 0..2*most, m in 1..most.

    x of the m people are in the list (binomial), each of them written twice with chance
    *duplicate*: n = x + duplicates."""
    # records[x, n]: n records from x people in the list
    records = np.zeros((most + 1, 2 * most + 1))
    for found in range(most + 1):
        records[found, found : 2 * found + 1] = _binomial(found, duplicate)
    table = np.zeros((2 * most + 1, most))
    for people in range(1, most + 1):
        table[:, people - 1] = _binomial(people, capture) @ records[: people + 1]
    return np.log(np.maximum(table, 1e-300))


def same_person_chance(
    features: pd.DataFrame, key: str = "name_key", given_part: str = "gn"
) -> pd.Series:
    """E[1/m] per folded full name (``name_key``): the chance that two records with that
    name, from different lists, are one person, before anything else about them is seen.

    With *key* ``sgi`` and *given_part* ``gi`` the same for a surname and a given name's
    first sound (Isaev M.): m is then everyone with that surname whose given name begins
    so, the namesakes the parts predict those of the surname and the initial, and a
    person's records per distinct full name still what one person is named by."""
    present = features.loc[features[key].notna()]
    if present.empty:
        return pd.Series(dtype=np.float64)
    table = pd.crosstab(present[key], present["source"]).sort_index()
    counts = table.to_numpy(dtype=np.int64)
    total = float(len(present))
    held = counts.sum(axis=1).astype(np.float64)
    per_person = max(total / len(held), 1.0)
    if key != "name_key" and "name_key" in features.columns:
        names = features["name_key"].dropna()
        per_person = max(len(names) / max(names.nunique(), 1), 1.0)
    if "sn" in present.columns and given_part in present.columns:
        first = present.drop_duplicates(key).set_index(key).reindex(table.index)
        surname = first["sn"].map(present["sn"].value_counts()).to_numpy(dtype=np.float64)
        given_counts = present[given_part].value_counts()
        given = first[given_part].map(given_counts).to_numpy(dtype=np.float64)
        own = np.minimum(held, per_person)
        by_parts = np.maximum(surname - own, 0.0) * np.maximum(given - own, 0.0) / total
        # The half of the names whose parts predict the fewest namesakes if all the name's
        # records are one person's: the lists' rates are read from them.
        if_one = np.maximum(surname - held, 0.0) * np.maximum(given - held, 0.0)
        alone = if_one <= np.quantile(if_one, 0.5)
    else:
        by_parts = np.zeros(len(held))
        alone = np.ones(len(held), dtype=bool)
    namesakes = np.maximum(by_parts / per_person, NAMESAKE_FLOOR)
    capture, duplicate = _list_rates(counts, alone)

    chance = np.empty(len(held))
    small = held <= MOST_PEOPLE
    people = np.arange(1, MOST_PEOPLE + 1, dtype=np.float64)
    # m - 1 namesakes, Poisson with mean *namesakes*
    others = people - 1
    log_post = others[None, :] * np.log(namesakes[small, None]) - namesakes[small, None]
    log_post -= np.array([math.lgamma(k + 1.0) for k in others])[None, :]
    capped = np.minimum(counts[small], 2 * MOST_PEOPLE)
    for j in range(counts.shape[1]):
        log_post += _log_list_likelihood(capture[j], duplicate[j], MOST_PEOPLE)[capped[:, j]]
    log_post -= log_post.max(axis=1, keepdims=True)
    posterior = np.exp(log_post)
    posterior /= posterior.sum(axis=1, keepdims=True)
    chance[small] = posterior @ (1.0 / people)
    # A name held by more records than the grid: about one person per records-per-person.
    chance[~small] = np.minimum(1.0 / counts[~small].max(axis=1), per_person / held[~small])
    return pd.Series(chance, index=table.index.astype(str), name="same_person")


def held_by_one(features: pd.DataFrame) -> npt.NDArray[np.bool_]:
    """Whether each record's surname and given name's first sound (``sgi``: Isaev M. and
    Isaev Magomed alike) are likelier held by one person than by several
    (:func:`same_person_chance` at least one half).

    Pairs of such records are where namesakes do not outnumber one person's records,
    whatever the number of records (see ``_model._fit``). The surname and initial, not
    the full name: a record written by initials would otherwise be judged by a coarser key
    than one written in full, and fewer of one person's pairs of the two would count."""
    rows = features["sgi"].notna().to_numpy()
    held = np.zeros(len(features), dtype=bool)
    if rows.any():
        chance = same_person_chance(features, "sgi", "gi")
        looked_up = features.loc[rows, "sgi"].astype(str).map(chance).fillna(0.0)
        held[rows] = looked_up.to_numpy(dtype=np.float64) >= 0.5
    return held
