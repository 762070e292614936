"""Every applicable method side by side, and what their disagreement means.

The methods differ in how they let lists depend on each other and people differ in how
likely they are to be documented; the data rarely decide between those models. When their
answers disagree, that disagreement is the honest width of what is known, and a reader
should get the range, not whichever figure was computed first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from uncounted.estimate.dga import MAX_LISTS as DGA_MAX_LISTS
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Estimate
from uncounted.messages import N_, Message

__all__ = ["applicable_methods", "estimate_all", "what_disagreement_means"]


def applicable_methods(h: CaptureHistories) -> tuple[str, ...]:
    """The methods that can run on *h*: Chapman alone for two lists; dga up to 5 lists."""
    if h.n_lists == 2:
        return ("chapman",)
    methods = ["loglinear", "lcmcr"]
    if h.n_lists <= DGA_MAX_LISTS:
        methods.insert(1, "dga")
    return tuple(methods)


def estimate_all(
    h: CaptureHistories,
    fit: Callable[[CaptureHistories, str, dict[str, Any]], Estimate],
    options: Mapping[str, dict[str, Any]],
) -> tuple[Estimate, ...]:
    """Every applicable method's estimate, each with its own ``options[method]``."""
    return tuple(fit(h, method, options.get(method, {})) for method in applicable_methods(h))


def _centre(e: Estimate) -> float | None:
    return e.median if e.median is not None else e.point


def what_disagreement_means(results: tuple[Estimate, ...]) -> Message:
    """One sentence on whether the methods agree and what it means if they do not."""
    given = [e for e in results if _centre(e) is not None]
    if len(given) < 2:
        return N_(
            "Fewer than two methods gave a figure, so there is nothing to compare; read the "
            "cautions of the others."
        )
    centres = [c for e in given if (c := _centre(e)) is not None]
    inside = all(
        e.q025 is not None and e.q975 is not None and e.q025 <= c <= e.q975
        for e in given
        for c in centres
    )
    low, high = min(centres), max(centres)
    if inside:
        return Message(
            N_(
                "The methods agree: every figure ({low:,.0f} to {high:,.0f}) lies inside "
                "every method's interval, so the choice of model does not change the answer "
                "much; it can still be wrong if all share an assumption the data break."
            ),
            low=low,
            high=high,
        )
    return Message(
        N_(
            "The methods disagree ({low:,.0f} to {high:,.0f}): the total depends on how lists "
            "are assumed to depend on each other and people to differ in how likely they are "
            "to be documented, which these lists cannot settle; report the whole range, not "
            "one figure."
        ),
        low=low,
        high=high,
    )
