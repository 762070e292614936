"""LCMCR: agreement with the R package, reproducible seeds, the cap, and honest warnings.

R's results are those of LCMCR 0.4.14 under R 4.2.2 in ``../shared/reference/README.md``
("Results of the R packages on these data"): ``lcmCR(tabular=TRUE, K=10, a_alpha=0.25,
b_alpha=0.25, thinning=100, seed=s)`` then ``lcmCR_PostSampl(burnin=10000, samples=1000,
thinning=100)`` for seeds 1, 2 and 3. They are typed below as (q025, median, q975) per seed.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from reference_data import REFERENCE

from uncounted.errors import InputError
from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.lcmcr import fit_lcmcr

# (q025, median, q975) for R seeds 1, 2, 3; source: shared/reference/README.md, LCMCR rows.
R_LCMCR: dict[str, tuple[tuple[int, int, int], ...]] = {
    "artificial_3": ((238, 405, 806), (237, 401, 786), (240, 400, 882)),
    "dga_my97_3list_example": ((691, 735, 811), (683, 735, 832), (686, 732, 838)),
    "dga_my97_5list_example": ((589, 628, 726), (592, 631, 715), (588, 626, 714)),
    "hiv_rome_4": ((9327, 10842, 12863), (9421, 10922, 13224), (9325, 10925, 13127)),
    "korea_palembang_3": ((124, 137, 190), (123, 137, 197), (124, 138, 213)),
    "kosovo": ((9245, 10598, 14786), (9108, 10422, 13620), (9049, 10406, 14118)),
    "lesbian_allegheny_4": ((4414, 5461, 6993), (4364, 5470, 7151), (4503, 5527, 7272)),
    "netherlands_5": ((41931, 48477, 59634), (41870, 49285, 69890), (111157, 142106, 170257)),
    "netherlands_6": ((42815, 50726, 141530), (45385, 67114, 107389), (113458, 146326, 170870)),
    "new_orleans_5": ((564, 836, 1373), (565, 837, 1368), (572, 847, 1313)),
    "new_orleans_8": ((500, 694, 1015), (501, 693, 1028), (517, 704, 1032)),
    "scot_pwid_4": ((19539, 29441, 43527), (18598, 21317, 38355), (18634, 20848, 32760)),
    "spina_bifida_3": ((678, 729, 820), (679, 727, 812), (681, 727, 826)),
    "uk_modern_slavery_5": ((11984, 20972, 30155), (10705, 12918, 29290), (15988, 22384, 35177)),
    "uk_modern_slavery_6": ((10014, 20193, 29454), (17051, 22528, 33714), (16409, 22616, 36607)),
    "western_us_5": ((1318, 1841, 3113), (1315, 1835, 3100), (1305, 1812, 3037)),
}

#: R's seeds "agree" when their medians are within 3% of each other (the issue's criterion).
AGREEMENT = 0.03


def _seeds_agree(name: str) -> bool:
    medians = [seed[1] for seed in R_LCMCR[name]]
    return max(medians) <= (1 + AGREEMENT) * min(medians)


AGREEING = sorted(name for name in R_LCMCR if _seeds_agree(name))
DISAGREEING = sorted(name for name in R_LCMCR if not _seeds_agree(name))

#: Short runs for tests about behaviour rather than about the posterior.
QUICK = {"burnin": 200, "samples": 50, "thinning": 5, "chains": 2}


def load(name: str) -> CaptureHistories:
    return CaptureHistories.from_csv(REFERENCE / f"{name}.csv")


def test_r_seeds_disagree_exactly_where_the_issue_says() -> None:
    """Guards the typed table: the split by the 3% rule is the one the issue names."""
    assert DISAGREEING == [
        "netherlands_5",
        "netherlands_6",
        "scot_pwid_4",
        "uk_modern_slavery_5",
        "uk_modern_slavery_6",
    ]
    assert len(AGREEING) == 11


@pytest.mark.slow
@pytest.mark.parametrize("name", AGREEING)
def test_posterior_matches_r_where_r_agrees_with_itself(name: str) -> None:
    """At R's documented settings and our default eight chains (pooled), the median is within
    3% of the mean of R's three seeds' medians, and each interval end within 6% of the
    nearest of R's three values for that end (R's own seeds differ by up to 12% there).

    The chains must also agree and mix (no "not reliable" warning). They usually do on these
    data, but not always: with seed 20260101 and two chains, one HIV chain sat near 12,000
    and the other near 10,900, and the output said "the chains disagree" (R-hat 1.14).
    """
    estimate = fit_lcmcr(load(name), seed=2026)
    assert not any("not reliable" in w for w in estimate.warnings)
    r_runs = R_LCMCR[name]
    r_median = float(np.mean([run[1] for run in r_runs]))
    assert estimate.median == pytest.approx(r_median, rel=0.03)
    for ours, index in ((estimate.q025, 0), (estimate.q975, 2)):
        assert ours is not None
        nearest = min((run[index] for run in r_runs), key=lambda value: abs(value - ours))
        assert ours == pytest.approx(nearest, rel=0.06), f"interval end {index}"
    assert estimate.models[0].name == "LCMCR K=10"
    assert estimate.models[0].weight == 1.0


def test_same_seed_gives_identical_draws_and_other_seeds_do_not() -> None:
    h = load("korea_palembang_3")
    first = fit_lcmcr(h, seed=7, **QUICK)
    again = fit_lcmcr(h, seed=7, **QUICK)
    other = fit_lcmcr(h, seed=8, **QUICK)
    assert first.draws is not None and again.draws is not None and other.draws is not None
    assert np.array_equal(first.draws, again.draws)
    assert first.to_json_dict() == again.to_json_dict()
    assert not np.array_equal(first.draws, other.draws)


def test_chains_get_different_seeds() -> None:
    estimate = fit_lcmcr(load("korea_palembang_3"), seed=3, **QUICK)
    assert estimate.draws is not None
    first, second = estimate.draws.reshape(2, -1)
    assert not np.array_equal(first, second)


def test_a_run_without_seed_reports_the_seed_that_repeats_it() -> None:
    h = load("korea_palembang_3")
    unseeded = fit_lcmcr(h, **QUICK)
    repeated = fit_lcmcr(h, seed=unseeded.diagnostics["seed"], **QUICK)
    assert unseeded.draws is not None and repeated.draws is not None
    assert np.array_equal(unseeded.draws, repeated.draws)


def test_draws_are_totals_between_the_observed_count_and_the_cap() -> None:
    h = load("artificial_3")
    estimate = fit_lcmcr(h, seed=1, **QUICK)
    assert estimate.draws is not None
    assert estimate.draws.shape == (2 * QUICK["samples"],)
    assert estimate.draws.min() >= h.observed
    assert estimate.draws.max() <= 21 * h.observed
    assert estimate.q025 is not None and estimate.median is not None
    assert estimate.q975 is not None
    assert h.observed <= estimate.q025 <= estimate.median <= estimate.q975


def test_output_is_one_json_document_with_the_diagnostics() -> None:
    estimate = fit_lcmcr(load("spina_bifida_3"), seed=1, **QUICK)
    document = json.loads(json.dumps(estimate.to_json_dict()))
    assert document["method"] == "lcmcr"
    assert document["point"] is None
    assert document["models"][0]["name"] == "LCMCR K=10"
    diagnostics = document["diagnostics"]
    assert len(diagnostics["chain_medians"]) == 2
    for key in ("rhat", "ess_bulk", "ess_tail", "share_draws_near_cap", "seed"):
        assert key in diagnostics


def test_a_binding_cap_is_reported() -> None:
    """Kosovo's posterior puts about 6,000 undocumented beside 4,400 documented; a cap of
    one times the documented must bind, and the user must be told the upper end is the
    cap's, not the data's."""
    h = load("kosovo")
    estimate = fit_lcmcr(h, seed=1, max_unseen_factor=1, **QUICK)
    assert estimate.draws is not None
    assert estimate.draws.max() <= 2 * h.observed
    assert estimate.diagnostics["share_draws_near_cap"] > 0.1
    assert estimate.diagnostics["share_sweeps_capped"] > 0.01
    assert any("upper limit" in w and "1 times" in w for w in estimate.warnings)


def test_the_default_cap_does_not_warn_when_it_is_far_away() -> None:
    estimate = fit_lcmcr(load("spina_bifida_3"), seed=1, **QUICK)
    assert not any("upper limit" in w for w in estimate.warnings)


@pytest.mark.parametrize(
    ("setting", "fragment"),
    [
        ({"K": 1}, "--K"),
        ({"samples": 2}, "--samples"),
        ({"thinning": 0}, "--thinning"),
        ({"chains": 0}, "--chains"),
        ({"burnin": -1}, "--burnin"),
        ({"seed": -5}, "--seed"),
    ],
)
def test_bad_settings_are_refused_naming_the_option(setting: dict[str, int], fragment: str) -> None:
    with pytest.raises(InputError, match=fragment):
        fit_lcmcr(load("spina_bifida_3"), **setting)
