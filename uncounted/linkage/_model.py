"""Training and scoring the Fellegi–Sunter model with Splink.

u-probabilities come from random pairs; m-probabilities from unsupervised EM on a few
blocking rules (and, when reviewers supplied decisions, from those labelled pairs). Two
lessons of the prototype are applied to the trained model before scoring:
m-probabilities are floored (EM otherwise gives absurd weights such as −67 for event dates
two weeks apart) and u-probabilities barely (so none is zero), and the prior is set near
1/n records.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from uncounted.linkage._backends import Backend, backend_api
from uncounted.linkage._blocking import key_columns
from uncounted.linkage._clustering import ScoredPairs
from uncounted.linkage._comparisons import blocking_rules, comparisons, training_rules

M_FLOOR = 0.005
# Below this many records, random-pair u estimates and EM are noise: the defaults are used.
MIN_RECORDS_TO_TRAIN = 300
U_FLOOR = 1e-6
_MIN_TRAINING_RECORDS = 4

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ModelRun:
    """Scored candidate pairs and the parameters of the model that scored them."""

    pairs: ScoredPairs
    pairs_compared: int
    parameters: dict[str, Any]


def _floor_levels(model: dict[str, Any]) -> None:
    """Floor m (so no level can veto a true match) and u (so none gives infinite weight)."""
    for comparison in model["comparisons"]:
        levels = [
            level for level in comparison["comparison_levels"] if not level.get("is_null_level")
        ]
        for key, floor in (("m_probability", M_FLOOR), ("u_probability", U_FLOOR)):
            values = np.array([float(level.get(key) or floor) for level in levels])
            values = np.maximum(values, floor)
            values = values / values.sum()
            for level, value in zip(levels, values, strict=True):
                level[key] = float(value)


def linkable_pairs(features: pd.DataFrame) -> int:
    """How many pairs the hard rules allow: different sources and no conflicting sex."""
    known = features["sex"].notna()
    per_source = features.groupby("source").size().to_numpy(dtype=np.float64)
    by_sex = pd.crosstab(features.loc[known, "source"], features.loc[known, "sex"])
    cross_source = (per_source.sum() ** 2 - (per_source**2).sum()) / 2
    sex_counts = by_sex.to_numpy(dtype=np.float64)
    # Pairs of different sources with two known, different sexes: all such ordered pairs,
    # less those within one source, halved.
    per_sex = sex_counts.sum(axis=0)
    either_order = per_sex.sum() ** 2 - (per_sex**2).sum()
    same_source = (sex_counts.sum(axis=1) ** 2 - (sex_counts**2).sum(axis=1)).sum()
    conflicting = (either_order - same_source) / 2
    return round(float(cross_source - conflicting))


def prior_match_probability(features: pd.DataFrame) -> float:
    """The chance that two records the hard rules allow to match are the same person.

    About one other record per record is the same person (people appear in one list or in
    several), so about n/2 of the pairs match; they are spread over the pairs that *can*
    match — records of different sources whose sex does not conflict — not over all n²/2
    pairs, of which those rules already exclude a third or more.
    """
    records = len(features)
    allowed = linkable_pairs(features)
    if allowed <= 0:
        return min(0.5, 1.0 / max(records, 2))
    return float(min(0.5, (records / 2) / allowed))


def _settings(
    features: pd.DataFrame,
    extra_columns: tuple[str, ...],
    block_on: tuple[str, ...],
    prior: float,
    within_source: bool = True,
) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(extra_columns),
        blocking_rules_to_generate_predictions=list[Any](
            blocking_rules(key_columns(features), block_on, within_source)
        ),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def _comparison_names(linker: Any) -> list[str]:
    model = linker.misc.save_model_to_json()
    return [comparison["output_column_name"] for comparison in model["comparisons"]]


def _em_session(linker: Any, table: Any, rule: str) -> Any:
    """One EM session on *rule*; the linker as it was before it if the session fails.

    Splink removes the comparisons a session's blocking rule fixes while the session runs
    and does not put them back when an iteration raises (an m-probability that reaches 0,
    which happens on small inputs where a level is seen in a handful of pairs). The linker
    then silently scores without its name comparison and recall collapses, so the model is
    snapshotted before each session and restored if the session fails or loses a comparison.
    """
    snapshot = linker.misc.save_model_to_json()
    expected = [comparison["output_column_name"] for comparison in snapshot["comparisons"]]
    try:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, estimate_without_term_frequencies=True, max_pairs=1e6
        )
    except Exception as error:  # Splink raises bare exceptions (no pairs, m underflow to 0)
        logger.info("EM session skipped (%s)", type(error).__name__)
        return _linker(table, snapshot)
    if _comparison_names(linker) != expected:
        logger.info("EM session dropped a comparison; its estimates are discarded")
        return _linker(table, snapshot)
    return linker


def _linker(table: Any, settings: Any) -> Any:
    from splink import Linker

    return Linker(table, settings, log_level=None)


def _train(linker: Any, table: Any, api: Any, labels: pd.DataFrame | None, seed: int) -> Any:
    """Estimate u from random pairs, then m by EM (and labels); return the trained linker."""
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in training_rules():
        linker = _em_session(linker, table, rule)
    if labels is not None and len(labels) > 0:
        linker.training.estimate_m_from_pairwise_labels(api.register(labels))
    return linker


def _labels_table(labels: pd.DataFrame | None) -> pd.DataFrame | None:
    if labels is None or labels.empty:
        return None
    matched = labels[labels["clerical_match_score"] >= 0.5]
    return matched if len(matched) >= _MIN_TRAINING_RECORDS else None


_NUMERIC = ("unique_id", "by_lo", "by_hi", "ev_first", "ev_last")


def _typed(features: pd.DataFrame) -> pd.DataFrame:
    """Text columns as strings even when all empty (the database would guess a number)."""
    text = [column for column in features.columns if column not in _NUMERIC]
    return features.astype({column: "string" for column in text})


def score_pairs(
    features: pd.DataFrame,
    extra_columns: tuple[str, ...] = (),
    block_on: tuple[str, ...] = (),
    backend: Backend = "duckdb",
    labels: pd.DataFrame | None = None,
    keep_above: float = 0.01,
    seed: int = 0,
    within_source: bool = True,
) -> ModelRun:
    """Train the model on *features* and score every blocked pair above *keep_above*."""
    # Splink's training chatter (levels not observed, sampling notes) is not for caseworkers.
    logging.getLogger("splink").setLevel(logging.ERROR)
    records = len(features)
    prior = prior_match_probability(features)
    with backend_api(backend) as api:
        table = api.register(_typed(features))
        linker = _linker(table, _settings(features, extra_columns, block_on, prior, within_source))
        trained = records >= MIN_RECORDS_TO_TRAIN
        if trained:
            linker = _train(linker, table, api, _labels_table(labels), seed)
        model = linker.misc.save_model_to_json()
        model["probability_two_random_records_match"] = prior
        _floor_levels(model)
        scorer = _linker(table, model)
        scorer.table_management.register_term_frequency_lookup(
            api.register(name_frequencies(features)), "name_key"
        )
        pairs, compared = _score(scorer, keep_above)
    return ModelRun(pairs, compared, {"trained": trained, **_parameters(model)})


def name_frequencies(features: pd.DataFrame) -> pd.DataFrame:
    """Term frequencies of the folded full name among *other people*, not other records.

    Splink's own table counts every record, so a name held by one person who appears in
    three lists gets frequency 3/n, and a pair agreeing on it is judged as if two other
    people shared it; plain name matches then fall under the threshold, more so as lists
    multiply. Here the records carrying a name are split into people: at least as many as
    the most records one list has with that name (a list names a person once), and about
    count / r, where r = records per distinct name in the input estimates records per
    person. A pair agreeing on the name is a non-match only through the *other* people's
    records, count x (1 - 1 / people); half a record at least, so no name is certain.
    """
    present = features.loc[features["name_key"].notna(), ["name_key", "source"]]
    if present.empty:
        return pd.DataFrame({"name_key": [], "tf_name_key": []})
    counts = present["name_key"].value_counts().sort_index()
    per_list = present.groupby(["name_key", "source"]).size().groupby(level=0).max()
    busiest = per_list.reindex(counts.index).to_numpy(dtype=np.float64)
    total = float(len(present))
    per_person = max(total / len(counts), 1.0)
    count = counts.to_numpy(dtype=np.float64)
    people = np.maximum(busiest, count / per_person)
    others = np.maximum(count * (1.0 - 1.0 / people), 0.5)
    return pd.DataFrame(
        {"name_key": counts.index.astype(str), "tf_name_key": (others / total).astype(np.float64)}
    )


def _score(scorer: Any, keep_above: float) -> tuple[ScoredPairs, int]:
    """Score every blocked pair; keep those at least *keep_above* probable, count them all."""
    predictions = scorer.inference.predict()
    # Both queries are built from Splink's own table name and a float: no user text.
    table_name = predictions.physical_name
    count_sql = f"select count(*) as n from {table_name}"  # noqa: S608 — see above
    compared = int(scorer.misc.query_sql(count_sql, output_type="pandas")["n"][0])
    kept_sql = (
        "select unique_id_l, unique_id_r, match_probability, match_weight "  # noqa: S608 — see above
        f"from {table_name} where match_probability >= {float(keep_above)}"
    )
    kept = scorer.misc.query_sql(kept_sql, output_type="pandas")
    pairs = ScoredPairs(
        left=kept["unique_id_l"].to_numpy(dtype=np.int64),
        right=kept["unique_id_r"].to_numpy(dtype=np.int64),
        probability=kept["match_probability"].to_numpy(dtype=np.float64),
        weight=kept["match_weight"].to_numpy(dtype=np.float64),
    )
    return pairs, compared


def _parameters(model: dict[str, Any]) -> dict[str, Any]:
    """The trained parameters in a JSON-friendly, human-readable form."""
    return {
        "probability_two_random_records_match": model["probability_two_random_records_match"],
        "comparisons": [
            {
                "name": comparison["output_column_name"],
                "levels": [
                    {
                        "level": level.get("label_for_charts", ""),
                        "m_probability": level.get("m_probability"),
                        "u_probability": level.get("u_probability"),
                    }
                    for level in comparison["comparison_levels"]
                    if not level.get("is_null_level")
                ],
            }
            for comparison in model["comparisons"]
        ],
    }
