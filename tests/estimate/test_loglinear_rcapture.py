"""Agreement with Rcapture 1.4-4 (``closedpMS.t`` BIC-best model, ``closedpCI.t`` interval).

Every expected figure below is typed from /work/shared/reference/README.md, table "Results of
the R packages on these data", rows "Rcapture" (R 4.2.2, ``closedpMS.t(dfreq = TRUE)``,
maximum order t - 1, BIC-best model; interval from ``closedpCI.t``, profile likelihood).
The README rounds to whole people, so intervals are compared within half a person plus 0.1%.
Rcapture's interval is the chosen model's profile likelihood, which ``bootstrap=0`` asks for
(the default for 3-4 lists is a bootstrap that re-chooses the model; the profile interval is
then kept in ``diagnostics["profile_interval"]``, also compared below).
"""

from __future__ import annotations

import pytest
from reference_data import REFERENCE

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear import fit_loglinear

# data set: (BIC-best model, lower, upper, point) as printed by Rcapture
RCAPTURE = {
    "dga_my97_3list_example": ("[12,3]", 700, 766, 731),
    "dga_my97_5list_example": ("[12,13,45]", 593, 652, 620),
    "hiv_rome_4": ("[1,2,3,4]", 9_532, 13_114, 11_125),
    "korea_palembang_3": ("[12,23]", 129, 226, 157),
    "kosovo": ("[123,14,34]", 8_994, 12_110, 10_357),
    "lesbian_allegheny_4": ("[12,14,23,24,34]", 5_422, 7_536, 6_349),
    "netherlands_5": ("[135,12,24,34]", 116_618, 194_421, 148_789),
    "new_orleans_5": ("[1,2,3,4,5]", 666, 1_762, 1_034),
    "scot_pwid_4": ("[13,23,24]", 29_623, 41_455, 34_828),
    "spina_bifida_3": ("[23,1]", 693, 759, 724),
    "uk_modern_slavery_5": ("[123,25,34]", 19_389, 34_111, 25_311),
    "western_us_5": ("[15,2,3,4]", 1_681, 3_928, 2_483),
}


def _load(name: str) -> CaptureHistories:
    return CaptureHistories.from_csv(REFERENCE / f"{name}.csv")


def _close(ours: float | None, theirs: float) -> bool:
    return ours is not None and abs(ours - theirs) <= 0.5 + 1e-3 * theirs


@pytest.mark.parametrize("name", sorted(RCAPTURE))
def test_same_bic_best_model_estimate_and_profile_interval_as_rcapture(name: str) -> None:
    model, lower, upper, point = RCAPTURE[name]
    estimate = fit_loglinear(_load(name), bootstrap=0)

    assert estimate.models[0].name == model
    assert estimate.diagnostics["model"] == model
    assert estimate.point is not None
    # Rcapture prints whole people: within 0.1% (and rounding) of R's point estimate.
    assert abs(estimate.point - point) <= max(0.001 * point, 0.5)
    assert estimate.diagnostics["interval"] == "profile likelihood"
    assert _close(estimate.q025, lower), estimate.q025
    assert _close(estimate.q975, upper), estimate.q975
    profile = estimate.diagnostics["profile_interval"]
    assert _close(profile["lower"], lower) and _close(profile["upper"], upper)


def test_kosovo_published_point_estimate_is_the_bic_best_model() -> None:
    # Ball et al. (2002) report 10,356 from Rcapture's model [123,14,34].
    estimate = fit_loglinear(_load("kosovo"))
    assert estimate.point is not None and round(estimate.point) in (10_356, 10_357)


def test_artificial_3_says_the_estimate_does_not_exist_instead_of_a_number() -> None:
    # Rcapture's BIC-best model here is [12,3] with N = 13,917,726,213,834: list C never
    # overlaps A or B, so that model's estimate does not exist.
    estimate = fit_loglinear(_load("artificial_3"))

    assert estimate.point is None and estimate.q025 is None and estimate.q975 is None
    text = " ".join(estimate.warnings)
    assert "does not exist" in text
    assert "[12,3]" in text
    assert "List C shares no one with any other list" in text
    assert all(m.estimate is not None and m.estimate < 1e6 for m in estimate.models)


def test_aic_can_choose_a_different_model_than_bic() -> None:
    by_aic = fit_loglinear(_load("kosovo"), criterion="aic")
    by_bic = fit_loglinear(_load("kosovo"), criterion="bic")
    assert by_aic.diagnostics["criterion"] == "aic"
    aics = [m.details["aic"] for m in by_aic.models]
    assert aics == sorted(aics)  # type: ignore[type-var]
    assert by_aic.models[0].name != by_bic.models[0].name
