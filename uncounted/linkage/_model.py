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


def _settings(extra_columns: tuple[str, ...], block_on: tuple[str, ...], prior: float) -> Any:
    from splink import SettingsCreator

    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(extra_columns),
        blocking_rules_to_generate_predictions=list[Any](blocking_rules(block_on)),
        probability_two_random_records_match=prior,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def _train(linker: Any, api: Any, labels: pd.DataFrame | None, seed: int) -> None:
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=seed)
    for rule in training_rules():
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=1e6
            )
        except Exception as error:  # Splink raises bare exceptions when a rule gives no pairs
            logger.info("EM session skipped (%s)", type(error).__name__)
    if labels is not None and len(labels) > 0:
        linker.training.estimate_m_from_pairwise_labels(api.register(labels))


def _labels_table(labels: pd.DataFrame | None) -> pd.DataFrame | None:
    if labels is None or labels.empty:
        return None
    matched = labels[labels["clerical_match_score"] >= 0.5]
    return matched if len(matched) >= _MIN_TRAINING_RECORDS else None


def score_pairs(
    features: pd.DataFrame,
    extra_columns: tuple[str, ...] = (),
    block_on: tuple[str, ...] = (),
    backend: Backend = "duckdb",
    labels: pd.DataFrame | None = None,
    keep_above: float = 0.01,
    seed: int = 0,
) -> ModelRun:
    """Train the model on *features* and score every blocked pair above *keep_above*."""
    from splink import Linker

    # Splink's training chatter (levels not observed, sampling notes) is not for caseworkers.
    logging.getLogger("splink").setLevel(logging.ERROR)
    records = len(features)
    prior = min(0.5, 1.0 / max(records, 2))
    with backend_api(backend) as api:
        table = api.register(features)
        linker = Linker(table, _settings(extra_columns, block_on, prior), log_level=None)
        trained = records >= MIN_RECORDS_TO_TRAIN
        if trained:
            _train(linker, api, _labels_table(labels), seed)
        model = linker.misc.save_model_to_json()
        model["probability_two_random_records_match"] = prior
        _floor_levels(model)
        pairs, compared = _score(Linker(table, model, log_level=None), keep_above)
    return ModelRun(pairs, compared, {"trained": trained, **_parameters(model)})


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
