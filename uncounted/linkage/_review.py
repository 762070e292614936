"""Clerical review: the uncertain pairs out to people, their decisions back in as constraints.

A decisions file has columns source_l, record_id_l, source_r, record_id_r, decision
(``match`` or ``non-match``). Decisions are always respected by the clustering: a forced
non-match never ends in one cluster, a forced match always does.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from uncounted.errors import InputError
from uncounted.model import PERSON_COLUMNS

DECISION_COLUMNS = ("source_l", "record_id_l", "source_r", "record_id_r", "decision")
_SIDE_BY_SIDE = PERSON_COLUMNS


class DecisionsError(InputError):
    """Raised when a decisions file is malformed or names a record that is not in the input."""


@dataclass(frozen=True)
class Decision:
    """One reviewer's verdict on one pair of records, identified by source and record id."""

    left: tuple[str, str]
    right: tuple[str, str]
    match: bool


@dataclass(frozen=True)
class Decisions:
    """All reviewers' verdicts, in file order."""

    items: tuple[Decision, ...]

    def labels(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Labelled pairs in Splink's form (record positions and a 0/1 clerical score)."""
        index = _position_index(frame)
        rows = [
            (index[item.left], index[item.right], 1.0 if item.match else 0.0)
            for item in self.items
            if item.left in index and item.right in index
        ]
        return pd.DataFrame(rows, columns=["unique_id_l", "unique_id_r", "clerical_match_score"])


def read_decisions(path: Path) -> Decisions:
    """Read a decisions CSV, refusing unknown decisions and missing columns (row named)."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        raise DecisionsError(f"{path.name}: cannot be read as a UTF-8 CSV file") from None
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    missing = [column for column in DECISION_COLUMNS if column not in frame.columns]
    if missing:
        raise DecisionsError(f"{path.name}: missing column {', '.join(missing)}")
    items: list[Decision] = []
    for position, row in enumerate(frame.itertuples(index=False), start=2):
        verdict = str(row.decision).strip().lower().replace("_", "-")
        if verdict not in ("match", "non-match"):
            raise DecisionsError(
                f"{path.name}: row {position}, field decision: use 'match' or 'non-match'"
            )
        left = (str(row.source_l), str(row.record_id_l))
        right = (str(row.source_r), str(row.record_id_r))
        items.append(Decision(left, right, verdict == "match"))
    return Decisions(tuple(items))


def _position_index(frame: pd.DataFrame) -> dict[tuple[str, str], int]:
    keys = zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True)
    return {key: position for position, key in enumerate(keys)}


def positions_of(
    frame: pd.DataFrame, decisions: Decisions
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Must-link and cannot-link record positions; a decision on an unknown record is an error."""
    index = _position_index(frame)
    must: list[tuple[int, int]] = []
    cannot: list[tuple[int, int]] = []
    for number, item in enumerate(decisions.items, start=2):
        if item.left not in index or item.right not in index:
            raise DecisionsError(
                f"decisions file: row {number} names a source and record_id not in the records"
            )
        pair = (index[item.left], index[item.right])
        (must if item.match else cannot).append(pair)
    return must, cannot


def review_pairs(
    records: pd.DataFrame, pairs: pd.DataFrame, band: tuple[float, float]
) -> pd.DataFrame:
    """Pairs whose probability falls in *band*, both records side by side, most uncertain first.

    The ``decision`` column is left empty for the reviewer; the file can then be passed back
    as ``--decisions``.
    """
    low, high = band
    uncertain = pairs[(pairs["match_probability"] >= low) & (pairs["match_probability"] < high)]
    uncertain = uncertain.assign(distance=(uncertain["match_probability"] - 0.5).abs())
    uncertain = uncertain.sort_values("distance", kind="stable")
    out = uncertain[["source_l", "record_id_l", "source_r", "record_id_r", "match_probability"]]
    out = out.reset_index(drop=True)
    for column in _SIDE_BY_SIDE:
        if column in records.columns:
            values = records[column].to_numpy()
            out[f"{column}_l"] = values[uncertain["left"].to_numpy()]
            out[f"{column}_r"] = values[uncertain["right"].to_numpy()]
    out["decision"] = ""
    return out
