"""Capture is heterogeneous, histories agree with the truth, and simulated histories are sound."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.synth import (
    SynthConfigError,
    World,
    WorldConfig,
    default_sources,
    generate_world,
    simulate_histories,
)


def _histories_from_truth(world: World) -> pd.DataFrame:
    seen = pd.crosstab(world.truth["person_id"], world.truth["source"]).clip(upper=1)
    seen = seen.reindex(columns=list(world.source_names), fill_value=0)
    counted = seen.value_counts().rename("count").reset_index()
    return counted.sort_values(list(world.source_names)).reset_index(drop=True)


def test_capture_histories_agree_with_the_truth(world: World) -> None:
    histories = world.capture_histories()
    assert list(histories.columns) == [*world.source_names, "count"]
    assert (histories[list(world.source_names)].sum(axis=1) > 0).all()
    assert histories["count"].sum() == world.truth["person_id"].nunique()
    assert histories["count"].sum() < world.population_size
    expected = _histories_from_truth(world)
    ordered = histories.sort_values(list(world.source_names)).reset_index(drop=True)
    pd.testing.assert_frame_equal(ordered, expected, check_dtype=False)


def test_population_size_is_the_configured_n(world: World) -> None:
    assert world.population_size == world.config.people == len(world.people)


def test_sources_catch_each_visibility_class_at_its_rate() -> None:
    world = generate_world(WorldConfig(people=20_000, seed=3))
    people = world.people.set_index("person_id")
    klass = people["visibility_class"]
    for index, spec in enumerate(world.config.sources):
        boosted = [kind for kind, _ in spec.event_type_factor]
        plain = ~people["event_type"].isin(boosted)
        class_sizes = klass[plain].value_counts()
        caught = world.sources[index].person_id
        per_class = klass.loc[caught][plain.loc[caught].to_numpy()].value_counts()
        for c, probability in enumerate(spec.capture):
            rate = per_class.get(c, 0) / class_sizes[c]
            assert rate == pytest.approx(probability, abs=0.03), (spec.name, c)


def test_lists_overlap_more_than_independence_predicts() -> None:
    """Heterogeneity makes visible people appear on many lists: positive dependence."""
    world = generate_world(WorldConfig(people=20_000, seed=4))
    n = world.population_size
    seen = pd.crosstab(world.truth["person_id"], world.truth["source"]).clip(upper=1)
    a, b = seen["hotline"], seen["press_en"]
    both = int(((a == 1) & (b == 1)).sum())
    assert both > 1.2 * (a.sum() / n) * (b.sum() / n) * n


def test_no_duplicates_within_a_source_unless_asked() -> None:
    plain = generate_world(WorldConfig(people=2000, seed=1))
    assert not plain.truth.duplicated(["source", "person_id"]).any()
    twice = tuple(replace(s, duplicates=0.2) for s in default_sources())
    doubled = generate_world(WorldConfig(people=2000, seed=1, sources=twice))
    share = doubled.truth.duplicated(["source", "person_id"]).mean()
    assert 0.12 < share < 0.22
    assert doubled.capture_histories()["count"].sum() == doubled.truth["person_id"].nunique()


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=3000),
    lists=st.integers(min_value=1, max_value=6),
    classes=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=2**31),
)
def test_simulated_histories_are_a_valid_capture_table(
    n: int, lists: int, classes: int, seed: int
) -> None:
    probs = np.random.default_rng(seed).uniform(0.05, 0.9, size=(classes, lists))
    table = simulate_histories(n, probs, [1.0] * classes, seed=seed)
    patterns = table.drop(columns="count")
    assert list(patterns.columns) == [chr(ord("A") + j) for j in range(lists)]
    assert (patterns.sum(axis=1) > 0).all()
    assert not patterns.duplicated().any()
    assert (table["count"] > 0).all()
    assert table["count"].sum() <= n


def test_simulated_histories_catch_the_expected_share_of_people() -> None:
    probs = [[0.1, 0.1, 0.1], [0.5, 0.6, 0.4]]
    weights = [0.7, 0.3]
    table = simulate_histories(50_000, probs, weights, seed=9, lists=["x", "y", "z"])
    missed = [np.prod([1 - p for p in row]) for row in probs]
    expected = 50_000 * (1 - (0.7 * missed[0] + 0.3 * missed[1]))
    assert table["count"].sum() == pytest.approx(expected, rel=0.02)
    assert list(table.columns) == ["x", "y", "z", "count"]
    again = simulate_histories(50_000, probs, weights, seed=9, lists=["x", "y", "z"])
    pd.testing.assert_frame_equal(table, again)


def test_simulated_histories_refuse_mismatched_shapes() -> None:
    with pytest.raises(SynthConfigError):
        simulate_histories(100, [[0.2, 0.3]], [0.5, 0.5])
    with pytest.raises(SynthConfigError):
        simulate_histories(100, [[0.2, 1.3]], [1.0])


def test_press_reports_killings_more_often_than_threats() -> None:
    world = generate_world(WorldConfig(people=20_000, seed=8))
    people = world.people.set_index("person_id")
    press = set(world.truth.loc[world.truth["source"] == "press_en", "person_id"])
    reported = people.index.isin(list(press))
    by_kind = pd.Series(reported, index=people.index).groupby(people["event_type"]).mean()
    assert by_kind["killing"] > 1.5 * by_kind["threat"]


def test_expected_records_per_person_sizes_a_world() -> None:
    config = WorldConfig(people=30_000, seed=6)
    world = generate_world(config)
    expected = config.people * config.expected_records_per_person()
    assert len(world.records) == pytest.approx(expected, rel=0.03)


def _latent_class_world(people: int, seed: int) -> World:
    """The default sources with class-only capture: no event-type factors, two classes."""
    captures = [(0.2, 0.5), (0.1, 0.4), (0.15, 0.4), (0.15, 0.45), (0.12, 0.4)]
    sources = tuple(
        replace(spec, capture=capture, event_type_factor=())
        for spec, capture in zip(default_sources()[:5], captures, strict=True)
    )
    return generate_world(
        WorldConfig(people=people, seed=seed, sources=sources, classes=(0.6, 0.4))
    )


def test_lists_are_independent_within_a_visibility_class() -> None:
    """Given a person's class, being on one list says nothing about being on another.

    This is what makes a world's true histories follow the latent-class model that LCMCR
    fits; a hidden shared factor (families, waves, districts) would break it.
    """
    world = generate_world(WorldConfig(people=40_000, seed=12))
    seen = np.zeros((world.population_size, len(world.sources)), dtype=np.float64)
    for column, source in enumerate(world.sources):
        seen[source.person_id, column] = 1.0
    klass = world.population.visibility
    for c in range(len(world.config.classes)):
        caught = seen[klass == c]
        n = len(caught)
        rates = caught.mean(axis=0)
        for a in range(seen.shape[1]):
            for b in range(a + 1, seen.shape[1]):
                both = float((caught[:, a] * caught[:, b]).mean())
                expected = float(rates[a] * rates[b])
                spread = np.sqrt(expected * (1 - expected) / n)
                assert abs(both - expected) < 4.5 * spread, (c, a, b, both, expected)


def test_true_histories_fit_the_latent_class_model_they_were_drawn_from() -> None:
    """Pattern counts of a class-only world match the model's probabilities (chi-square).

    The same configuration fed to ``simulate_histories`` describes the same distribution,
    so estimators calibrated on simulated histories meet nothing new in a generated world.
    """
    from scipy.stats import chisquare

    world = _latent_class_world(60_000, seed=2)
    probs = np.array([spec.capture for spec in world.config.sources]).T
    weights = np.array(world.config.classes) / sum(world.config.classes)
    lists = len(world.sources)
    patterns = (np.arange(2**lists)[:, None] >> np.arange(lists - 1, -1, -1)) & 1
    per_class = np.prod(np.where(patterns[None], probs[:, None], 1 - probs[:, None]), axis=2)
    expected = world.population_size * (weights @ per_class)
    table = world.capture_histories()
    codes = (table[list(world.source_names)].to_numpy() << np.arange(lists - 1, -1, -1)).sum(1)
    observed = np.zeros(2**lists)
    observed[codes] = table["count"].to_numpy()
    observed[0] = world.population_size - observed.sum()
    assert chisquare(observed, expected).pvalue > 0.001
