"""The two-list estimate: Chapman's bias-corrected Lincoln-Petersen estimator.

With two lists the only information about the unobserved is the overlap, and the estimate
rests entirely on the lists being independent and everyone being equally likely to be
documented. Nothing in two lists can test that, so the result always carries a note. With
no one on both lists there is nothing to estimate from, and the estimate is refused (the
formula would still give a number: 3,620 for two lists of 60, with no warning, before).
"""

from __future__ import annotations

import math

from uncounted.errors import InputError
from uncounted.estimate.adequacy import data_checks, refused
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.result import Check, Estimate, ModelSummary, Severity
from uncounted.messages import N_

_Z975 = 1.959963984540054
HETEROGENEITY = Check(
    "two_lists_independence",
    Severity.NOTE,
    N_(
        "With only two lists, the estimate assumes the lists are independent and that "
        "everyone was equally likely to be documented; two lists cannot show whether that "
        "holds, and if people documented by one list are more likely to be on the other, "
        "the true number is higher."
    ),
)


class ChapmanError(InputError):
    """Raised when the Chapman estimate is asked of a table that does not have two lists."""


def fit_chapman(h: CaptureHistories) -> Estimate:
    """Chapman's estimate of N from two lists, with its normal-approximation 95% interval.

    ``N = (n1 + 1)(n2 + 1) / (m + 1) - 1``, variance
    ``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)**2 (m + 2))`` (Seber 1970); the lower end
    of the interval is never below the number observed. Refused (no number) when no one
    is on both lists.
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
    checks = data_checks(h)
    if m == 0:
        return refused(h, "chapman", checks)
    point = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    half_width = _Z975 * math.sqrt(variance)
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
    ).with_checks(HETEROGENEITY, *checks)
