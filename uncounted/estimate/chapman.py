"""The two-list estimate: Chapman's bias-corrected Lincoln-Petersen estimator.

With two lists the only information about the unobserved is the overlap, and the estimate
rests entirely on the lists being independent and everyone being equally likely to be
documented. Nothing in two lists can test that, so the result always carries a warning.
"""

from __future__ import annotations

import math

from uncounted.errors import InputError
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Estimate, ModelSummary
from uncounted.messages import N_

_Z975 = 1.959963984540054
HETEROGENEITY_WARNING = (
    "With only two lists, the estimate assumes the lists are independent and that everyone "
    "was equally likely to be documented; two lists cannot show whether that holds, and "
    "if people documented by one list are more likely to be on the other, the true number "
    "is higher."
)


class ChapmanError(InputError):
    """Raised when the Chapman estimate is asked of a table that does not have two lists."""


def fit_chapman(h: CaptureHistories) -> Estimate:
    """Chapman's estimate of N from two lists, with its normal-approximation 95% interval.

    ``N = (n1 + 1)(n2 + 1) / (m + 1) - 1``, variance
    ``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)**2 (m + 2))`` (Seber 1970); the lower end
    of the interval is never below the number observed.
    """
    if h.n_lists != 2:
        raise ChapmanError(
            N_("the Chapman estimate needs exactly 2 lists; this table has {lists}"),
            lists=h.n_lists,
        )
    cells = h.cell_counts()
    n1 = int(cells[0b01] + cells[0b11])
    n2 = int(cells[0b10] + cells[0b11])
    m = int(cells[0b11])
    point = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    half_width = _Z975 * math.sqrt(variance)
    warnings = [HETEROGENEITY_WARNING]
    if m < 7:
        warnings.append(
            f"Only {m} people are on both lists; with fewer than about 7 in the overlap the "
            "Chapman estimate and its interval are unreliable."
        )
    return Estimate(
        method="chapman",
        lists=h.lists,
        observed=h.observed,
        point=point,
        median=None,
        mean=None,
        q025=max(float(h.observed), point - half_width),
        q975=point + half_width,
        models=(ModelSummary(name="independent lists (Chapman)", weight=1.0, estimate=point),),
        diagnostics={"on_first_list": n1, "on_second_list": n2, "on_both_lists": m},
        warnings=tuple(warnings),
    )
