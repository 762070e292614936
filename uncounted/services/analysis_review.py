"""Analysis as people do it in the web app: review uncertain links, then estimate and keep it.

:mod:`uncounted.services.analysis` links and estimates in one go. Here the steps are apart so
that a reviewer can look at the pairs linkage was unsure about, both records side by side
(identities only from cases the reviewer holds), and record a verdict that every later run
respects; an estimate run then links with those verdicts, estimates, and stores its figures
and posterior plot in the vault (no identities) for the dashboard and the analysis page.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.estimate import estimate
from uncounted.estimate.plot import posterior_svg
from uncounted.linkage import (
    Decision,
    Decisions,
    LinkConfig,
    LinkResult,
    capture_histories,
    link_records,
    review_pairs,
)
from uncounted.messages import N_
from uncounted.services.analysis import LINKAGE_COLUMNS, VaultAnalysis, linkable_records
from uncounted.vault import Action, LinkDecision, RecordKey, StoredResult, VaultSession, now

__all__ = [
    "ESTIMATE_METHODS",
    "LinkageReview",
    "NothingToAnalyse",
    "RecordKey",
    "ReviewPair",
    "StoredResult",
    "decide_pair",
    "latest_estimate",
    "review_linkage",
    "run_estimate",
    "save_analysis",
]

#: The methods offered to people running an estimate from the web app.
ESTIMATE_METHODS = ("lcmcr", "dga", "loglinear")
#: LCMCR settings for an interactive run: a few seconds on a small vault, reproducible.
_INTERACTIVE: dict[str, dict[str, Any]] = {
    "lcmcr": {"seed": 0, "chains": 2},
    "loglinear": {"seed": 0},
    "dga": {},
}


class NothingToAnalyse(InputError):
    """Raised when the user may read too few records (or sources) to link and estimate."""


class UnknownMethod(InputError):
    """Raised when an estimate is asked with a method the web app does not offer."""


@dataclass(frozen=True)
class ReviewPair:
    """Two records linkage was unsure about, their fields side by side."""

    left: RecordKey
    right: RecordKey
    probability: float
    fields: tuple[tuple[str, str, str], ...]
    """(field, left value, right value) for each field either record has."""


@dataclass(frozen=True)
class LinkageReview:
    """One linkage run over the readable records, and the pairs left for people to judge."""

    linked_records: int
    left_out: int
    people: int
    decisions: int
    pairs: tuple[ReviewPair, ...]


def _decisions_for(vault: VaultSession, frame: pd.DataFrame) -> Decisions:
    """The stored verdicts on records this run can see (others wait for a user who can)."""
    keys = set(zip(frame["source"].astype(str), frame["record_id"].astype(str), strict=True))
    items = [
        Decision(d.left, d.right, d.match)
        for d in store.decisions(vault.conn)
        if d.left in keys and d.right in keys
    ]
    return Decisions(tuple(items))


def _link(vault: VaultSession) -> tuple[pd.DataFrame, int, LinkResult, Decisions]:
    frame, left_out = linkable_records(vault)
    if len(frame) < 2 or frame["source"].nunique() < 2:
        raise NothingToAnalyse(
            N_(
                "linkage needs records from at least two sources in cases granted to you;"
                " {readable} readable records, {left_out} in cases not granted to you"
            ),
            readable=len(frame),
            left_out=left_out,
        )
    decided = _decisions_for(vault, frame)
    return frame, left_out, link_records(frame, LinkConfig(), decided), decided


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def review_linkage(vault: VaultSession, limit: int = 25) -> LinkageReview:
    """Link the readable records (with stored verdicts) and list the undecided uncertain pairs."""
    vault.require(Action.ESTIMATE_RUN)
    frame, left_out, linked, decided = _link(vault)
    done = {frozenset((d.left, d.right)) for d in decided.items}
    table = review_pairs(linked.records, linked.pairs, LinkConfig().review_band)
    pairs: list[ReviewPair] = []
    for row in table.to_dict("records"):
        left = (str(row["source_l"]), str(row["record_id_l"]))
        right = (str(row["source_r"]), str(row["record_id_r"]))
        if frozenset((left, right)) in done:
            continue
        fields = tuple(
            (column, _text(row.get(f"{column}_l")), _text(row.get(f"{column}_r")))
            for column in LINKAGE_COLUMNS
            if _text(row.get(f"{column}_l")) or _text(row.get(f"{column}_r"))
        )
        pairs.append(ReviewPair(left, right, float(row["match_probability"]), fields))
        if len(pairs) >= limit:
            break
    return LinkageReview(len(frame), left_out, linked.clusters, len(decided.items), tuple(pairs))


def decide_pair(vault: VaultSession, left: RecordKey, right: RecordKey, match: bool) -> None:
    """Record that records *left* and *right* are (or are not) the same person."""
    if left == right:
        raise InputError(N_("a record cannot be compared with itself"))
    vault.require(Action.ESTIMATE_RUN)
    store.save_decision(vault, LinkDecision(left, right, match))


def _stored(analysis: VaultAnalysis) -> StoredResult:
    result = analysis.estimate
    return StoredResult(
        id=0,
        created_at=now(),
        method=result.method,
        linked_records=analysis.linked_records,
        left_out=analysis.left_out,
        people=analysis.people,
        lists=tuple(result.lists),
        observed=result.observed,
        point=result.point,
        median=result.median,
        q025=result.q025,
        q975=result.q975,
        warnings=tuple(result.warnings),
        posterior_svg=posterior_svg(result),
        cautions=tuple(c.sentence for c in result.checks if c.severity != "note"),
    )


def save_analysis(vault: VaultSession, analysis: VaultAnalysis) -> StoredResult:
    """Keep an :func:`~uncounted.services.analysis.analyse_vault` result as the latest estimate.

    For the demo and the command line, which link and estimate in one go: the dashboard then
    shows their total without running the analysis again.
    """
    vault.require(Action.ESTIMATE_RUN)
    stored = _stored(analysis)
    return replace(stored, id=store.save_result(vault, stored))


def run_estimate(vault: VaultSession, method: str) -> StoredResult:
    """Link (respecting verdicts), estimate with *method*, store the figures; return them."""
    vault.require(Action.ESTIMATE_RUN)
    if method not in ESTIMATE_METHODS:
        raise UnknownMethod(
            N_("unknown method {method!r}; choose one of {choices}"),
            method=method,
            choices=", ".join(ESTIMATE_METHODS),
        )
    frame, left_out, linked, _ = _link(vault)
    histories = capture_histories(linked.records)
    result = estimate(histories, method=method, **_INTERACTIVE[method])
    analysis = VaultAnalysis(
        linked_records=len(frame),
        left_out=left_out,
        people=linked.clusters,
        histories=histories,
        estimate=result,
        linkage_summary=linked.summary,
    )
    return save_analysis(vault, analysis)


def latest_estimate(vault: VaultSession) -> StoredResult | None:
    """The most recent stored estimate (figures only), for any signed-in user."""
    vault.require(Action.RECORDS_LIST)
    return store.latest_result(vault.conn)
