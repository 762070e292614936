"""Hand-checkable properties of the log-linear models, their fits and their checks."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import REFERENCE

from uncounted.estimate.histories import CaptureHistories
from uncounted.estimate.loglinear import (
    LogLinearOptionError,
    Status,
    all_hierarchical_models,
    cell_patterns,
    fit_loglinear,
    fit_model,
    parse_model_name,
)


@pytest.mark.parametrize(
    ("lists", "order", "count"), [(3, 2, 8), (4, 3, 113), (5, 4, 6_893), (6, 2, 32_768)]
)
def test_as_many_hierarchical_models_as_rcapture_enumerates(
    lists: int, order: int, count: int
) -> None:
    # 6,893 for 5 lists and 32,768 for 6 lists up to two-way: the figures of issue 3.
    models = all_hierarchical_models(lists, order)
    assert len(models) == count
    if count < 10_000:  # naming every one of 32,768 models is slow and adds nothing
        assert len({m.name() for m in models}) == count


@pytest.mark.parametrize("name", ["[123,14,34]", "[135,12,24,34]", "[23,1]", "[1,2,3,4]"])
def test_model_names_round_trip_in_rcapture_notation(name: str) -> None:
    n_lists = max(int(ch) for ch in name if ch.isdigit())
    assert parse_model_name(name, n_lists).name() == name


def test_two_lists_give_the_lincoln_petersen_estimate() -> None:
    # n11 = 30 on both lists, n10 = 70 only on the first, n01 = 50 only on the second:
    # N = n + n10 * n01 / n11 = 150 + 70 * 50 / 30.
    histories = CaptureHistories.from_cells(("first", "second"), [0, 70, 50, 30])
    estimate = fit_loglinear(histories)
    assert estimate.point == pytest.approx(150 + 70 * 50 / 30, rel=1e-9)
    assert estimate.q025 is not None and estimate.q975 is not None
    assert estimate.q025 < estimate.point < estimate.q975
    assert any("two lists" in w for w in estimate.warnings)


def test_three_independent_lists_estimate_matches_closed_form() -> None:
    # Expected counts of N = 1000 people on three independent lists (p = 0.5, 0.4, 0.3):
    # the main-effects model reproduces N exactly.
    p = np.array([0.5, 0.4, 0.3])
    cells = [1000 * np.prod([p[j] if c >> j & 1 else 1 - p[j] for j in range(3)]) for c in range(8)]
    model = parse_model_name("[1,2,3]", 3)
    fit = fit_model(model, cell_patterns(3), np.asarray(cells[1:]))
    assert fit.estimate == pytest.approx(1000, rel=1e-9)


def test_bic_and_aic_differ_by_the_log_of_the_observed_count_per_parameter() -> None:
    histories = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    y = histories.cell_counts()[1:].astype(float)
    fit = fit_model(parse_model_name("[123,14,34]", 4), cell_patterns(4), y)
    assert fit.aic is not None and fit.bic is not None
    assert fit.bic - fit.aic == pytest.approx((np.log(4_400) - 2) * 11)


def test_sparsemse_checkident_examples_on_artificial_3() -> None:
    # SparseMSE's checkident examples: all two-list effects -> not identifiable; A:B alone ->
    # the estimate does not exist; A:C and B:C -> passes both checks.
    y = CaptureHistories.from_csv(REFERENCE / "artificial_3.csv").cell_counts()[1:].astype(float)
    cells = cell_patterns(3)
    assert fit_model(parse_model_name("[12,13,23]", 3), cells, y).status is Status.NOT_IDENTIFIABLE
    assert fit_model(parse_model_name("[12,3]", 3), cells, y).status is Status.DOES_NOT_EXIST
    assert fit_model(parse_model_name("[13,23]", 3), cells, y).status is Status.OK


@st.composite
def _table_and_model(draw: st.DrawFn) -> tuple[int, np.ndarray, str]:
    n_lists = draw(st.integers(3, 4))
    counts = draw(st.lists(st.integers(1, 400), min_size=2**n_lists - 1, max_size=2**n_lists - 1))
    models = all_hierarchical_models(n_lists, n_lists - 1)
    model = models[draw(st.integers(0, len(models) - 1))]
    return n_lists, np.asarray(counts, dtype=float), model.name()


@settings(max_examples=40, deadline=None)
@given(_table_and_model())
def test_fitted_values_reproduce_the_observed_margins_of_every_model_term(
    case: tuple[int, np.ndarray, str],
) -> None:
    # The likelihood equations of a log-linear model: fitted and observed margins agree for
    # every term of the model. With every cell positive the estimate always exists.
    n_lists, y, name = case
    fit = fit_model(parse_model_name(name, n_lists), cell_patterns(n_lists), y)
    assert fit.status is Status.OK and fit.fitted is not None and fit.prepared is not None
    design = fit.prepared.design
    np.testing.assert_allclose(design.T @ fit.fitted, design.T @ y, rtol=1e-7, atol=1e-7)
    assert fit.estimate is not None and fit.estimate > y.sum()


@settings(max_examples=25, deadline=None)
@given(st.lists(st.integers(0, 30), min_size=7, max_size=7).filter(lambda c: sum(c) > 0))
def test_a_model_reported_as_existing_has_a_finite_fit_and_stable_estimate(
    counts: list[int],
) -> None:
    # Whatever the zeros, every model either is excluded with a reason or has a finite,
    # converged estimate at least the observed count.
    y = np.asarray(counts, dtype=float)
    for model in all_hierarchical_models(3, 2):
        fit = fit_model(model, cell_patterns(3), y)
        if fit.status is Status.OK:
            assert fit.estimate is not None and np.isfinite(fit.estimate)
            assert fit.estimate >= y.sum() - 1e-9
            assert fit.estimate < 1e9


def test_bad_options_are_refused_with_the_option_named() -> None:
    histories = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    with pytest.raises(LogLinearOptionError, match="--criterion"):
        fit_loglinear(histories, criterion="dic")
    with pytest.raises(LogLinearOptionError, match="--threshold"):
        fit_loglinear(histories, stepwise=True, threshold=1.5)
    with pytest.raises(LogLinearOptionError, match="--max-order"):
        fit_loglinear(histories, max_order=4)
    with pytest.raises(LogLinearOptionError, match="--stepwise"):
        fit_loglinear(CaptureHistories.from_csv(REFERENCE / "new_orleans_8.csv"), stepwise=False)


def test_progress_reaches_the_number_of_models() -> None:
    calls: list[tuple[int, int]] = []
    histories = CaptureHistories.from_csv(REFERENCE / "kosovo.csv")
    fit_loglinear(histories, bootstrap=0, progress=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (113, 113)


def test_model_weights_sum_to_at_most_one_and_are_ordered() -> None:
    estimate = fit_loglinear(CaptureHistories.from_csv(REFERENCE / "hiv_rome_4.csv"))
    weights = [m.weight for m in estimate.models]
    assert weights == sorted(weights, reverse=True)
    assert 0 < sum(weights) <= 1 + 1e-12
    document = estimate.to_json_dict()
    assert document["models"][0]["name"] == "[1,2,3,4]"


def test_public_surface_is_exactly_what_is_documented() -> None:
    import uncounted.estimate.loglinear as package

    assert sorted(package.__all__) == sorted(
        [
            "LogLinearModel",
            "LogLinearOptionError",
            "ModelFit",
            "Status",
            "all_hierarchical_models",
            "cell_patterns",
            "fit_loglinear",
            "fit_model",
            "parse_model_name",
        ]
    )


@settings(max_examples=6, deadline=None)
@given(
    st.lists(
        st.one_of(st.just(0), st.just(0), st.integers(1, 40)), min_size=15, max_size=15
    ).filter(lambda c: sum(c) > 20)
)
def test_fast_search_agrees_with_the_exact_check_of_every_model(counts: list[int]) -> None:
    # The search settles existence from the Newton iterations where it can; the exact linear
    # program and rank check, model by model, must give the same verdicts on sparse tables.
    from uncounted.estimate.loglinear._search import search_all
    from uncounted.estimate.loglinear._stepwise import check_model

    y = np.asarray(counts, dtype=float)
    cells = cell_patterns(4)
    models = all_hierarchical_models(4, 3)
    result = search_all(models, cells, y)
    assert result.status == [check_model(m, cells, y) for m in models]
