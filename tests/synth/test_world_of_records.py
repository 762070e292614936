"""A world sized by the records it should yield (the benchmarks' 100k and 1M worlds)."""

from __future__ import annotations

from uncounted.synth import WorldConfig, generate_world


def test_a_world_sized_by_records_yields_about_that_many() -> None:
    config = WorldConfig.of_records(6000, seed=5, given_name_zipf=1.1)
    assert (config.seed, config.given_name_zipf) == (5, 1.1)
    records = len(generate_world(config).records)
    assert 5400 <= records <= 6600, records
