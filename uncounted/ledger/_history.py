"""Comparing signed heads from several places: a split view or a rewritten history shows.

A log that shows one person a tree and another person a different tree (a *split view*) signs
two heads that cannot both be true: two of the same size with different roots, or two of
different sizes for which no consistency proof exists. Each package alone still verifies; only
putting the heads side by side reveals it, which is what :func:`compare_heads` does with every
head it is given (from packages, published checkpoints, consistency bundles), offline.

The organisation's own timestamps are compared too: a larger tree dated before a smaller one
means its dates are not true, whatever else holds.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from uncounted.ledger._checkpoint import ConsistencyBundle
from uncounted.ledger._merkle import verify_consistency
from uncounted.ledger._package_verify import CLOCK_TOLERANCE, HeadSeen, iso_time

FindingKind = Literal["split-view", "inconsistent", "consistent", "unproven", "time-order"]


@dataclass(frozen=True)
class HistoryFinding:
    """What comparing two heads showed; ``forgery`` marks evidence the log misbehaved."""

    kind: FindingKind
    forgery: bool
    message: str


def compare_heads(
    heads: Sequence[HeadSeen], bundles: Sequence[ConsistencyBundle] = ()
) -> list[HistoryFinding]:
    """Compare every pair of *heads* signed by the same key, using the proofs in *bundles*."""
    distinct: dict[tuple[bytes, int, bytes], HeadSeen] = {}
    for head in heads:
        distinct.setdefault((head.public_key, head.tree_size, head.root_hash), head)
    ordered = sorted(distinct.values(), key=lambda h: (h.public_key, h.tree_size, h.root_hash))
    findings: list[HistoryFinding] = []
    for number, old in enumerate(ordered):
        for new in ordered[number + 1 :]:
            if new.public_key == old.public_key:
                findings.extend(_compare(old, new, bundles))
    return findings


def _compare(
    old: HeadSeen, new: HeadSeen, bundles: Sequence[ConsistencyBundle]
) -> list[HistoryFinding]:
    names = f"{old.source} ({old.tree_size} entries) and {new.source} ({new.tree_size})"
    found: list[HistoryFinding] = []
    if old.tree_size == new.tree_size:
        found.append(
            HistoryFinding(
                "split-view",
                True,
                f"SPLIT VIEW: {names} are signed heads of the same size with different roots:"
                " the log was shown differently to different people",
            )
        )
    else:
        found.append(_proof_finding(old, new, names, bundles))
    if (
        old.org_time is not None
        and new.org_time is not None
        and old.org_time > new.org_time + CLOCK_TOLERANCE
    ):
        found.append(
            HistoryFinding(
                "time-order",
                True,
                f"FALSE DATES: {old.source} ({old.tree_size} entries) is dated"
                f" {iso_time(old.org_time)}, after {new.source} ({new.tree_size} entries,"
                f" dated {iso_time(new.org_time)}): the organisation's dates go backwards",
            )
        )
    return found


def _proof_finding(
    old: HeadSeen, new: HeadSeen, names: str, bundles: Sequence[ConsistencyBundle]
) -> HistoryFinding:
    proofs = [
        bundle.proof
        for bundle in bundles
        if bundle.old_size == old.tree_size
        and bundle.checkpoint.checkpoint.tree_size == new.tree_size
        and bundle.checkpoint.checkpoint.root_hash == new.root_hash
    ]
    if not proofs:
        return HistoryFinding(
            "unproven",
            False,
            f"{names}: no consistency proof between them was given, so they are not shown to"
            " be one history (uncounted ledger prove makes one)",
        )
    size, root = new.tree_size, new.root_hash
    if any(verify_consistency(old.tree_size, old.root_hash, size, root, p) for p in proofs):
        return HistoryFinding(
            "consistent", False, f"{names}: the larger log extends the smaller one (proven)"
        )
    return HistoryFinding(
        "inconsistent",
        True,
        f"FORK: {names}: the consistency proof does not hold: the later log does not extend"
        " the earlier one (entries were removed or rewritten)",
    )
