"""The default log-linear interval allows for the choice of model where that is cheap.

With 3 or 4 lists (all hierarchical models searched) the default interval is the BCa
bootstrap that re-chooses the model in each of 200 resamples; with 5 or more lists, and with
stepwise selection, it stays the chosen model's profile likelihood (docs/estimation.md says
why, from the calibration study's tuning worlds).
"""

from __future__ import annotations

from functools import partial

from cli_helpers import CliRunner
from reference_data import REFERENCE

from uncounted.estimate import CaptureHistories, estimate
from uncounted.estimate.loglinear import fit_loglinear


def _load(name: str) -> CaptureHistories:
    return CaptureHistories.from_csv(REFERENCE / f"{name}.csv")


def test_four_lists_get_the_bootstrap_by_default_and_a_recorded_seed_repeats_it() -> None:
    kosovo = _load("kosovo")
    first = fit_loglinear(kosovo)

    assert first.diagnostics["interval"] == "BCa bootstrap"
    assert first.diagnostics["bootstrap_replicates"] == 200
    seed = first.diagnostics["bootstrap_seed"]
    assert isinstance(seed, int)
    # the chosen model's profile interval is kept beside it
    assert first.diagnostics["profile_interval"]["lower"] < first.point
    again = fit_loglinear(kosovo, seed=seed)
    assert (again.q025, again.q975) == (first.q025, first.q975)
    assert first.q025 is not None and first.q975 is not None
    assert first.q025 < first.point < first.q975  # type: ignore[operator]


def test_bootstrap_zero_gives_the_profile_interval_and_five_lists_keep_it() -> None:
    profile = fit_loglinear(_load("kosovo"), bootstrap=0)
    assert profile.diagnostics["interval"] == "profile likelihood"
    five = fit_loglinear(_load("western_us_5"))
    assert five.diagnostics["interval"] == "profile likelihood"
    assert "bootstrap_seed" not in five.diagnostics


def test_stepwise_selection_keeps_the_profile_interval_unless_asked() -> None:
    eight = fit_loglinear(_load("new_orleans_8"))
    assert eight.diagnostics["selection"] == "stepwise"
    assert eight.diagnostics["interval"] == "profile likelihood"
    asked = fit_loglinear(_load("new_orleans_8"), bootstrap=60, seed=4)
    assert asked.diagnostics["interval"] == "BCa bootstrap"
    assert asked.draws is not None and asked.draws.size > 40


def test_the_command_line_says_which_interval_it_printed(cli: CliRunner) -> None:
    run = partial(cli, "estimate")
    done = run(REFERENCE / "kosovo.csv", "--method", "loglinear", "--seed", "1")
    assert done.code == 0, done.err
    out = " ".join(done.out.split())
    assert "95% interval (bootstrap, model re-chosen)" in out
    assert "bootstrap_replicates: 200" in out and "bootstrap_seed: 1" in out
    profile = run(REFERENCE / "kosovo.csv", "--method", "loglinear", "--bootstrap", "0")
    assert "95% interval (profile likelihood)" in " ".join(profile.out.split())
    direct = estimate(_load("kosovo"), "loglinear", seed=1)
    assert f"{direct.q025:,.0f} to {direct.q975:,.0f}" in out


def test_the_default_interval_covers_a_truth_the_profile_interval_misses() -> None:
    """Calibration tuning world 47: 14,179 synthetic people, three lists, two classes whose
    capture differs 2-fold, and a fifth of people whom two lists reach together. The
    BIC-best model's profile interval (13,454-14,171) excludes the truth; the bootstrap that
    re-chooses the model (12,728-14,601 with seed 47) does not."""
    from uncounted.synth import simulate_histories

    probs = [
        [0.2414900118591568, 0.5867407399302935, 0.3283001283517124],
        [0.1207450059295784, 0.29337036996514676, 0.1641500641758562],
        [0.7244700355774705, 0.9, 0.10943337611723747],
    ]
    table = simulate_histories(14_179, probs, [0.4, 0.4, 0.2], seed=47)
    h = CaptureHistories.from_dataframe(table)
    profile = fit_loglinear(h, bootstrap=0)
    default = fit_loglinear(h, seed=47)
    assert profile.q025 is not None and profile.q975 is not None
    assert not profile.q025 <= 14_179 <= profile.q975
    assert default.q025 is not None and default.q975 is not None
    assert default.q025 <= 14_179 <= default.q975
    assert default.point == profile.point  # the figure is the same; only the interval moved
