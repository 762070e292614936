"""A model trained where namesakes far outnumber one person's records is believed (issue 12).

Twelve common names, each held by 36 different men on each of two lists (born anywhere in
fifty years, their events in one week), beside 300 men each named once by both lists. Among
all blocked pairs of the two lists the namesakes are 98%: EM on them all took them for the
matches (m of birth years apart 0.626) and the model was not believed, so the documented
defaults scored every run of that size (991,149 records of the common-name world: the same
m, 0.61). Such a model is now trained again on the pairs of records whose surname and
initial are likelier held by one person than by several; that one is believed, and
namesakes born apart stay apart.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.linkage._namesakes import held_by_one

_SURNAMES = ("Isaev", "Dudaev", "Aliev", "Umarov", "Khasanov", "Gadzhiev")
_SURNAMES += ("Magomedov", "Ibragimov", "Saidov", "Musaev", "Yusupov", "Abdulaev")
_GIVEN = ("Magomed", "Adam", "Ruslan", "Islam", "Arsen", "Said")
_GIVEN += ("Rustam", "Ibragim", "Aslan", "Timur", "Murad", "Khasan")
_SYLLABLES = ("ba", "du", "ka", "mo", "ru", "si", "ta", "ve", "zo", "ni", "le", "go", "pa", "hu")


def _date(rng: np.random.Generator) -> str:
    year, month, day = rng.integers(1950, 2000), rng.integers(1, 13), rng.integers(1, 28)
    return f"{year}-{month:02d}-{day:02d}"


def _event(rng: np.random.Generator) -> str:
    return f"2017-03-{rng.integers(1, 8):02d}"


def namesakes_beside_people(seed: int = 0) -> tuple[pd.DataFrame, list[str]]:
    """The records (source, record_id, name, birth_date, event_date, sex) and each one's
    person."""
    rng = np.random.default_rng(seed)
    rows, people = [], []
    for surname, given in zip(_SURNAMES, _GIVEN, strict=True):
        for source in ("a", "b"):
            for _ in range(36):
                rows.append((source, f"{surname} {given}", _date(rng), _event(rng)))
                people.append(f"namesake {len(people)}")
    surnames: set[str] = set()
    while len(surnames) < 300:
        surnames.add("".join(rng.choice(_SYLLABLES, 3)).capitalize() + "ev")
    for surname in sorted(surnames):
        name = f"{surname} {_GIVEN[rng.integers(len(_GIVEN))]}"
        born, event = _date(rng), _event(rng)
        for source in ("a", "b"):
            rows.append((source, name, born, event))
            people.append(name)
    frame = pd.DataFrame(rows, columns=["source", "name", "birth_date", "event_date"])
    frame["sex"] = "M"
    frame["record_id"] = [str(i) for i in range(len(frame))]
    return frame, people


def test_a_model_trained_among_namesakes_is_believed_and_keeps_them_apart() -> None:
    records, people = namesakes_beside_people()
    result = link_records(records, LinkConfig())
    model = result.summary["model"]
    assert model["trained"] is True
    assert "not_believed" not in model
    assert result.summary["warnings"] == []
    levels = {comparison["name"]: comparison["levels"] for comparison in model["comparisons"]}
    births = levels["birth"]
    assert births[-1]["m_probability"] < 0.05  # births apart: not how one person is named
    clusters = result.records["cluster_id"].to_numpy()
    person = np.array(people)
    for name in set(people):
        if not name.startswith("namesake"):
            assert len(set(clusters[person == name])) == 1  # each man named by both lists
    years = records["birth_date"].str[:4].astype(int).to_numpy()
    for cluster in set(clusters):
        born = years[clusters == cluster]
        assert born.max() - born.min() <= 2  # no namesakes born apart put together
    shuffled = records.sample(frac=1.0, random_state=3).reset_index(drop=True)
    again = link_records(shuffled, LinkConfig())
    assert again.summary["model"] == model
    by_record = again.records.set_index("record_id")["cluster_id"]
    assert (by_record.loc[records["record_id"]].to_numpy() == clusters).all()


def test_names_held_by_one_are_those_namesakes_do_not_share() -> None:
    records, people = namesakes_beside_people()
    held = held_by_one(build_features(records))
    namesake = np.array([person.startswith("namesake") for person in people])
    assert not held[namesake].any()
    assert held[~namesake].mean() > 0.9
