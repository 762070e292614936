"""The one result type every estimation method returns.

Estimates of the total N (documented plus undocumented) from different methods are compared,
combined across strata and rendered by the same code; keeping one typed shape is what makes
that possible. ``to_json_dict`` gives DESIGN.md's ``estimate --json`` document.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from uncounted.messages import N_, Message


class Severity(StrEnum):
    """How much a check matters to the number it is about.

    ``refuse``: no number is given (the data cannot carry one); ``caution``: the number is
    given, after the caution; ``note``: a fact about the method worth knowing.
    """

    REFUSE = "refuse"
    CAUTION = "caution"
    NOTE = "note"

    @property
    def rank(self) -> int:
        """0 for refuse, 1 for caution, 2 for note: the order in which they are shown."""
        return list(Severity).index(self)


@dataclass(frozen=True)
class Check:
    """One finding about whether the data (or the sampler) can carry the estimate.

    ``code`` is stable (for programs and the web page); ``message`` says what is wrong and
    ``remedy`` what would help, both translatable; ``lists`` names the lists concerned.
    """

    code: str
    severity: Severity
    message: Message
    remedy: Message | None = None
    lists: tuple[str, ...] = ()

    def with_values(self, **values: object) -> Check:
        """The same check with its message and remedy filled with *values*."""
        remedy = None if self.remedy is None else Message(self.remedy.template, **values)
        return replace(self, message=Message(self.message.template, **values), remedy=remedy)

    @property
    def sentence(self) -> Message:
        """The finding and its remedy as one sentence (the entry in ``warnings``)."""
        if self.remedy is None:
            return self.message
        return Message(N_("{finding} {remedy}"), finding=self.message, remedy=self.remedy)

    def to_json_dict(self) -> dict[str, Any]:
        """``{code, severity, message, remedy, lists}`` (English text)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": str(self.message),
            "remedy": None if self.remedy is None else str(self.remedy),
            "lists": list(self.lists),
        }


@dataclass(frozen=True)
class ModelSummary:
    """One model considered by a method: its name, weight and own estimate of N."""

    name: str
    weight: float
    estimate: float | None = None
    details: dict[str, float | int | str | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    """An estimate of the total population N, observed individuals included.

    ``draws`` holds posterior draws (Bayesian methods) or bootstrap replicates (log-linear)
    of N when the method has them; stratified estimation adds them across strata.
    ``posterior`` is ``(grid, probabilities)`` for methods that compute N's posterior exactly.
    """

    method: str
    lists: tuple[str, ...]
    observed: int
    point: float | None
    median: float | None
    mean: float | None
    q025: float | None
    q975: float | None
    models: tuple[ModelSummary, ...] = ()
    diagnostics: dict[str, Any] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()
    draws: npt.NDArray[np.float64] | None = None
    posterior: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]] | None = None
    checks: tuple[Check, ...] = ()

    @property
    def refused(self) -> bool:
        """Whether a check refused the estimate (then no number is given)."""
        return any(c.severity is Severity.REFUSE for c in self.checks)

    @property
    def cautioned(self) -> bool:
        """Whether a check refused the estimate or cautions against reading it as it is."""
        return any(c.severity is not Severity.NOTE for c in self.checks)

    def with_checks(self, *checks: Check) -> Estimate:
        """This estimate with *checks* added: refusals first, then cautions, then notes, the
        added ones before those already there within each severity.

        ``warnings`` is rebuilt as the checks' sentences in that order followed by the
        method's other warnings, so every reader of ``warnings`` meets the cautions first.
        """
        old = {c.sentence for c in self.checks}
        others = [w for w in self.warnings if w not in old]
        merged = sorted(dict.fromkeys((*checks, *self.checks)), key=lambda c: c.severity.rank)
        return replace(
            self,
            checks=tuple(merged),
            warnings=(*(c.sentence for c in merged), *others),
        )

    def in_words(self) -> Message | None:
        """The sentence a reader may quote, or None when there is no figure to put in words.

        When a check refuses or cautions, the sentence carries no figure: it says that the
        lists cannot tell how many people they missed, and why (the first such check), so
        that no one quotes the figure without its caution.
        """
        serious = [c for c in self.checks if c.severity is not Severity.NOTE]
        if serious:
            return Message(
                N_(
                    "{observed:,} people are documented; the lists cannot tell reliably how "
                    "many people they all missed: {finding}"
                ),
                observed=self.observed,
                finding=serious[0].message,
            )
        centre = self.median if self.median is not None else self.point
        if centre is None or self.q025 is None or self.q975 is None:
            return None
        return Message(
            N_(
                "{observed:,} people are documented; the total is estimated at about "
                "{centre:,.0f} (between {low:,.0f} and {high:,.0f}), so about {missed:,.0f} "
                "people are not on any list, if the method's assumptions hold."
            ),
            observed=self.observed,
            centre=centre,
            low=self.q025,
            high=self.q975,
            missed=max(centre - self.observed, 0),
        )

    def to_json_dict(self) -> dict[str, Any]:
        """The JSON document of ``uncounted estimate --json`` (no draws, no posterior)."""
        return {
            "method": self.method,
            "lists": list(self.lists),
            "observed": self.observed,
            "point": self.point,
            "median": self.median,
            "mean": self.mean,
            "q025": self.q025,
            "q975": self.q975,
            "models": [
                {
                    "name": m.name,
                    "weight": m.weight,
                    "estimate": m.estimate,
                    **({"details": m.details} if m.details else {}),
                }
                for m in self.models
            ],
            "diagnostics": self.diagnostics,
            "warnings": [str(w) for w in self.warnings],
            "checks": [c.to_json_dict() for c in self.checks],
            "in_words": None if (words := self.in_words()) is None else str(words),
        }
