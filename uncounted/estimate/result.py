"""The one result type every estimation method returns.

Estimates of the total N (documented plus undocumented) from different methods are compared,
combined across strata and rendered by the same code; keeping one typed shape is what makes
that possible. ``to_json_dict`` gives DESIGN.md's ``estimate --json`` document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt


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
            "warnings": list(self.warnings),
        }
