"""A field one record lacks is no evidence against a match (issue 12, item 3 / priority 1).

Measured on a random world setting of the synthetic generator (real model, real EM): pairs
of records of one person, in two lists, whose folded full names agree exactly and where
one record has no birth date, no place and no event date. Only the name speaks for them;
when nobody else bears it, that is enough.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, build_features, link_records
from uncounted.synth import generate_world, random_world_config


@pytest.mark.slow
def test_identical_rare_names_link_when_one_record_has_nothing_else() -> None:
    world = generate_world(random_world_config(1001, 3000))
    records = as_text(world.records)
    features = build_features(records)
    person = records.merge(world.truth, on=["source", "record_id"])["person_id"].to_numpy()
    bare = (
        features["by_lo"].isna() & features["place_code"].isna() & features["ev_first"].isna()
    ).to_numpy()
    name = features["name_key"].to_numpy(dtype=object)
    people_per_name = pd.Series(person).groupby(name).nunique()
    one_person = np.array([people_per_name.get(key, 0) == 1 for key in name])
    sources = features["source"].to_numpy()
    labels = link_records(records, LinkConfig()).records["cluster_id"].to_numpy()
    linked, total = 0, 0
    for _key, positions in pd.Series(np.arange(len(name))).groupby(name):
        at = positions.to_numpy()
        if not one_person[at[0]]:  # rare: the name is this one person's only
            continue
        for i, a in enumerate(at):
            for b in at[i + 1 :]:
                if sources[a] != sources[b] and (bare[a] or bare[b]):
                    total += 1
                    linked += int(labels[a] == labels[b])
    assert total >= 40, f"the setting has only {total} such pairs: pick another"
    # 38 of 48 (79%) before the name frequencies counted what the parts make likely.
    assert linked / total >= 0.95, (linked, total)
