"""A model that cannot silently fail, and the same clusters from the same input (item 3)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from uncounted.intake.synthetic import as_text
from uncounted.linkage import LinkConfig, ScoredPairs, cluster, link_records
from uncounted.linkage._model import expectation_maximisation, implausible
from uncounted.synth import generate_world, random_world_config


def _mixture_patterns(
    rng: np.random.Generator,
    true_m: list[np.ndarray],
    true_u: list[np.ndarray],
    *,
    pairs: int,
    share: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Comparison patterns of *pairs* pairs, a *share* of them matches drawn from *true_m*,
    the rest from *true_u*, and how often each pattern occurs."""
    match = rng.random(pairs) < share
    columns = []
    for m, u in zip(true_m, true_u, strict=True):
        drawn_m = rng.choice(len(m), size=match.size, p=m)
        drawn_u = rng.choice(len(u), size=match.size, p=u)
        columns.append(np.where(match, drawn_m, drawn_u))
    return np.unique(np.column_stack(columns), axis=0, return_counts=True)


def test_em_recovers_m_from_patterns_of_a_known_mixture() -> None:
    rng = np.random.default_rng(3)
    true_m = [np.array([0.85, 0.1, 0.05]), np.array([0.7, 0.2, 0.1]), np.array([0.9, 0.1])]
    true_u = [np.array([0.05, 0.15, 0.8]), np.array([0.1, 0.3, 0.6]), np.array([0.2, 0.8])]
    patterns, counts = _mixture_patterns(rng, true_m, true_u, pairs=200_000, share=0.2)
    start = [np.full(3, 1 / 3), np.array([0.5, 0.3, 0.2]), np.array([0.6, 0.4])]
    m, share = expectation_maximisation(patterns, counts.astype(np.float64), start)
    assert share == pytest.approx(0.2, abs=0.02)
    for found, true in zip(m, true_m, strict=True):
        assert np.allclose(found, true, atol=0.03)


def test_tied_levels_are_floored_together_so_a_small_one_keeps_its_matches() -> None:
    """Levels floored together (one part the same, the other a slip away, split by whether
    the slip is held once): a level under the floor among the blocked pairs keeps its m,
    where flooring each one's u took its matches for non-matches (1003)."""
    rng = np.random.default_rng(5)
    # Comparison 0: same, slip held once, slip held by others, different.
    true_m = [np.array([0.8, 0.09, 0.003, 0.107]), np.array([0.7, 0.2, 0.1]), np.array([0.9, 0.1])]
    true_u = [np.array([0.01, 0.002, 0.02, 0.968]), np.array([0.1, 0.3, 0.6]), np.array([0.2, 0.8])]
    patterns, counts = _mixture_patterns(rng, true_m, true_u, pairs=300_000, share=0.05)
    start = [np.array([0.7, 0.05, 0.05, 0.2]), np.array([0.5, 0.3, 0.2]), np.array([0.6, 0.4])]
    m, _ = expectation_maximisation(patterns, counts.astype(np.float64), start, tied={0: [1, 2]})
    assert m[0][1] == pytest.approx(0.09, abs=0.01)
    assert m[0][2] <= 0.01


def _model(name_levels: list[float], birth_levels: list[float]) -> dict[str, object]:
    def comparison(name: str, values: list[float]) -> dict[str, object]:
        levels = [{"is_null_level": True}] + [{"m_probability": v} for v in values]
        return {"output_column_name": name, "comparison_levels": levels}

    return {"comparisons": [comparison("name", name_levels), comparison("birth", birth_levels)]}


def test_implausible_parameters_are_named_and_plausible_ones_pass() -> None:
    good = _model([0.8, 0.1, 0.05, 0.05], [0.6, 0.3, 0.1])
    assert implausible(good) is None
    names_differ = _model([0.4, 0.1, 0.1, 0.39], [0.6, 0.3, 0.1])
    assert "names completely different" in (implausible(names_differ) or "")
    no_exact = _model([0.1, 0.5, 0.35, 0.05], [0.6, 0.3, 0.1])
    assert "same folded name" in (implausible(no_exact) or "")
    births_apart = _model([0.8, 0.1, 0.05, 0.05], [0.3, 0.3, 0.4])
    assert "birth years apart" in (implausible(births_apart) or "")


@pytest.mark.slow
def test_the_same_records_in_any_order_give_the_same_clusters_byte_for_byte() -> None:
    world = generate_world(random_world_config(1003, people=1500))
    records = as_text(world.records)
    first = link_records(records, LinkConfig()).records
    again = link_records(records, LinkConfig()).records
    assert first.to_csv(index=False) == again.to_csv(index=False)
    shuffled = records.sample(frac=1.0, random_state=7).reset_index(drop=True)
    linked = link_records(shuffled, LinkConfig()).records
    keyed = linked.set_index(["source", "record_id"]).loc[
        list(zip(records["source"], records["record_id"], strict=True))
    ]
    assert (keyed["cluster_id"].to_numpy() == first["cluster_id"].to_numpy()).all()


def test_tied_pairs_cluster_the_same_whatever_order_they_arrive_in() -> None:
    # Record 0 ties between 1 and 2 of one other list: the lower position wins, always.
    sources = ["a", "b", "b"]
    left, right = np.array([0, 0]), np.array([1, 2])
    probability, weight = np.array([0.9, 0.9]), np.array([5.0, 5.0])
    forward = cluster(sources, ScoredPairs(left, right, probability, weight), 0.5)
    backward = cluster(
        sources, ScoredPairs(left[::-1], right[::-1], probability[::-1], weight[::-1]), 0.5
    )
    assert forward.labels.tolist() == backward.labels.tolist()
    assert forward.labels[0] == forward.labels[1] != forward.labels[2]


def test_duplicates_inside_one_list_link_only_above_their_own_threshold() -> None:
    sources = ["a", "a", "b"]
    pairs = ScoredPairs(
        np.array([0, 0]), np.array([1, 2]), np.array([0.8, 0.6]), np.array([4.0, 1.0])
    )
    strict = cluster(sources, pairs, 0.5, duplicate_threshold=0.9)
    assert strict.labels[0] != strict.labels[1]
    assert strict.labels[0] == strict.labels[2]
    lenient = cluster(sources, pairs, 0.5, duplicate_threshold=0.7)
    assert lenient.labels[0] == lenient.labels[1] == lenient.labels[2]
    never = cluster(sources, pairs, 0.5, duplicate_threshold=None)
    assert never.labels[0] != never.labels[1]


def test_a_list_naming_a_person_twice_is_linked() -> None:
    rows = [
        ("hotline", "1", "Исаев Магомед Ахмедович", "1983-04-02", "M", "2017-03-01"),
        ("hotline", "2", "Исаев Магомед Ахмедович", "1983-04-02", "M", "2017-03-01"),
        ("press", "1", "Magomed Isaev", "1983-04-02", "M", "2017-03-02"),
        ("press", "2", "Adam Dudaev", "1990-01-01", "M", "2018-01-01"),
    ]
    frame = pd.DataFrame(
        rows, columns=["source", "record_id", "name", "birth_date", "sex", "event_date"]
    )
    labels = link_records(frame, LinkConfig()).records["cluster_id"].tolist()
    assert labels[0] == labels[1] == labels[2] != labels[3]
    apart = link_records(frame, LinkConfig(duplicate_threshold=None)).records["cluster_id"]
    assert apart[0] != apart[1]


def test_pairs_compared_in_slices_equal_pairs_compared_whole() -> None:
    from uncounted.linkage import _model as model_module
    from uncounted.linkage import build_features
    from uncounted.linkage._backends import backend_api

    world = generate_world(random_world_config(1002, people=800))
    features = build_features(as_text(world.records))
    with backend_api("duckdb") as api:
        table = api.register(model_module._typed(features))
        settings = model_module._settings(features, (), (), 0.001, True)
        model = model_module._linker(table, settings).misc.save_model_to_json()
        linker = model_module._linker(table, settings)
        columns = model_module._compared_columns(features)
        whole = model_module._compare(linker, table, model, columns, len(features), chunks=1)
        sliced = model_module._compare(linker, table, model, columns, len(features), chunks=3)

    def listed(pairs: model_module.ComparedPairs) -> pd.DataFrame:
        frame = pd.DataFrame(
            {"l": pairs.left, "r": pairs.right, "code": pairs.code, "x": pairs.cross}
        )
        return frame.sort_values(["l", "r"], ignore_index=True)

    assert whole.cross.sum() > 0
    pd.testing.assert_frame_equal(listed(whole), listed(sliced))
    gamma, counts = model_module._patterns(whole, model)
    assert counts.sum() == whole.cross.sum()
    sizes = model_module._sizes(model)
    codes = model_module.pattern_codes(gamma, sizes)
    assert np.array_equal(codes, np.unique(whole.code[whole.cross]))


def test_pairs_scored_from_their_patterns_as_splink_scores_them() -> None:
    """The one pass (compare once, count for EM, score the same arrays) gives each pair the
    weight and probability Splink's own prediction gives it with the same model."""
    from uncounted.linkage import _model as model_module
    from uncounted.linkage import build_features
    from uncounted.linkage._backends import backend_api

    # 1004: one of its three lists writes initials (Isaev M.), so both adjusted levels occur.
    world = generate_world(random_world_config(1004, people=600))
    features = build_features(as_text(world.records))
    with backend_api("duckdb") as api:
        table = api.register(model_module._typed(features))
        settings = model_module._settings(features, (), (), 0.002, True)
        linker = model_module._linker(table, settings)
        model = model_module._estimate_u(linker, api, None, 0)
        columns = model_module._compared_columns(features)
        compared = model_module._compare(linker, table, model, columns, len(features))
        model, _, _ = model_module._fit(model, compared, features)
        model["probability_two_random_records_match"] = 0.002
        # The same place is scored by its frequency only where 1,000 records name places,
        # and never below the levels beneath it (test_partial_agreement): Splink's own term
        # frequencies do neither, so the place's are left out of this comparison.
        for comparison in model["comparisons"]:
            for level in comparison["comparison_levels"]:
                if level.get("tf_adjustment_column") in model_module.VALUE_KEYS:
                    del level["tf_adjustment_column"]
        scorer = model_module._linker(table, model)
        name = next(c for c in model["comparisons"] if c["output_column_name"] == "name")
        exact = next(lvl for lvl in name["comparison_levels"] if not lvl.get("is_null_level"))
        frequencies = model_module.name_frequencies(features, 0.002, exact["m_probability"])
        scorer.table_management.register_term_frequency_lookup(
            api.register(frequencies), "name_key"
        )
        initial = next(
            lvl for lvl in name["comparison_levels"] if lvl.get("tf_adjustment_column") == "sgi"
        )
        by_initial = model_module.name_frequencies(
            features, 0.002, initial["m_probability"], "sgi", "gi"
        )
        scorer.table_management.register_term_frequency_lookup(api.register(by_initial), "sgi")
        for part in model_module.PART_KEYS:
            held = model_module.part_frequencies(features, part)
            scorer.table_management.register_term_frequency_lookup(api.register(held), part)
        splink = scorer.inference.predict().as_pandas_dataframe()
    ours = model_module._score(compared, model, features, keep_above=0.0)
    theirs = splink.sort_values(["unique_id_l", "unique_id_r"], ignore_index=True)
    assert len(ours.left) == len(theirs) == len(compared.left) > 1000
    assert np.array_equal(ours.left, theirs["unique_id_l"].to_numpy())
    assert np.array_equal(ours.right, theirs["unique_id_r"].to_numpy())
    np.testing.assert_allclose(ours.weight, theirs["match_weight"].to_numpy(), atol=1e-9)
    np.testing.assert_allclose(
        ours.probability, theirs["match_probability"].to_numpy(), rtol=1e-9, atol=1e-12
    )
    # Pairs agreeing on the full name took its term-frequency adjustment.
    names = features["name_key"].to_numpy(dtype=object)
    assert (names[ours.left] == names[ours.right]).sum() > 50
    # And pairs of a surname and an initial (one side without a given name) took theirs.
    initials = features["sgi"].to_numpy(dtype=object)
    given = features["gn"].to_numpy(dtype=object)
    bare = pd.isna(given[ours.left]) | pd.isna(given[ours.right])
    assert ((initials[ours.left] == initials[ours.right]) & bare).sum() > 20
    # And pairs of one part the same and the other a slip away took the same part's.
    surnames, givens = features["sn"].to_numpy(dtype=object), given
    slips = (surnames[ours.left] == surnames[ours.right]) & (
        givens[ours.left] != givens[ours.right]
    )
    assert (slips & ~bare).sum() > 20
