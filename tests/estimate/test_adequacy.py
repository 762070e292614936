"""The data checks every method runs first, on the tables the issue measured them on.

Each case is built from a reference file the way issue 16 built it: artificial_3 (list C
overlaps no one), kosovo without the people only HRW documented (a list with no one of its
own), kosovo with a copy of a list, and 16 people on 4 lists. Before these checks LCMCR gave
a confident interval with no warning on every one of them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reference_data import REFERENCE

from uncounted.estimate import CaptureHistories, Estimate, data_checks, estimate
from uncounted.estimate.adequacy import pairwise_dependence
from uncounted.synth import simulate_histories

#: Short LCMCR runs: these tests are about the checks, not about the posterior.
QUICK = {"seed": 1, "chains": 2, "burnin": 200, "samples": 60, "thinning": 5}
METHODS = ["dga", "loglinear", "lcmcr"]


def run(h: CaptureHistories, method: str) -> Estimate:
    return estimate(h, method, **(QUICK if method == "lcmcr" else {}))


def from_frame(frame: pd.DataFrame, tmp_path: Path) -> CaptureHistories:
    path = tmp_path / "table.csv"
    frame.to_csv(path, index=False)
    return CaptureHistories.from_csv(path)


def kosovo() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "kosovo.csv")


def codes(result: Estimate, severity: str) -> list[tuple[str, tuple[str, ...]]]:
    return [(c.code, c.lists) for c in result.checks if c.severity == severity]


@pytest.mark.parametrize("method", METHODS)
def test_a_list_that_overlaps_no_one_is_refused_by_every_method(method: str) -> None:
    """artificial_3: LCMCR gave 403 (240-825) with no warning."""
    result = run(CaptureHistories.from_csv(REFERENCE / "artificial_3.csv"), method)
    assert result.refused
    assert (result.median, result.point, result.q025, result.q975) == (None,) * 4
    assert codes(result, "refuse") == [("list_overlaps_none", ("C",))]
    assert result.in_words() is not None
    assert "List C shares no one" in str(result.in_words())
    assert result.warnings[0] == str(result.checks[0].sentence)


@pytest.mark.parametrize("method", METHODS)
def test_a_list_with_no_one_of_its_own_is_named(method: str, tmp_path: Path) -> None:
    """kosovo without the HRW-only cell: dga's median was the documented count, unexplained."""
    frame = kosovo()
    only_hrw = (frame[["EXH", "ABA", "OSCE"]].sum(axis=1) == 0) & (frame["HRW"] == 1)
    result = run(from_frame(frame[~only_hrw], tmp_path), method)
    assert ("list_without_unique", ("HRW",)) in codes(result, "caution")
    assert "the lists cannot tell reliably" in str(result.in_words())
    assert any(w.startswith("Nobody is only on list HRW") for w in result.warnings)


@pytest.mark.parametrize("method", METHODS)
def test_a_list_that_copies_another_is_named(method: str, tmp_path: Path) -> None:
    """kosovo with EXH listed twice: LCMCR gave 7,124 (6,534-7,895) with no warning."""
    frame = kosovo()
    frame.insert(1, "EXH_copy", frame["EXH"])
    result = run(from_frame(frame, tmp_path), method)
    assert ("lists_copy", ("EXH", "EXH_copy")) in codes(result, "caution")
    assert result.cautioned


@pytest.mark.parametrize("method", METHODS)
def test_sixteen_people_on_four_lists_are_too_few(method: str, tmp_path: Path) -> None:
    """16 people on 4 lists gave 29 (18-65) with no warning."""
    rows = [
        [1, 0, 0, 0, 3],
        [0, 1, 0, 0, 2],
        [0, 0, 1, 0, 2],
        [0, 0, 0, 1, 1],
        [1, 1, 0, 0, 3],
        [0, 1, 1, 0, 2],
        [1, 0, 1, 1, 1],
        [1, 1, 1, 1, 2],
    ]
    frame = pd.DataFrame(rows, columns=["A", "B", "C", "D", "count"])
    result = run(from_frame(frame, tmp_path), method)
    assert result.observed == 16
    assert ("few_people", ()) in codes(result, "caution")
    assert any(w.startswith("16 people on 4 lists are few") for w in result.warnings)


def test_three_lists_carry_the_standing_note_and_four_do_not() -> None:
    three = CaptureHistories.from_csv(REFERENCE / "spina_bifida_3.csv")
    assert [(c.code, c.severity) for c in data_checks(three)] == [("three_lists", "note")]
    assert data_checks(CaptureHistories.from_csv(REFERENCE / "hiv_rome_4.csv")) == ()


def test_kosovo_lists_are_positively_dependent() -> None:
    """Among people a third list found, kosovo's lists share people 2.45 times as often
    (in odds) as independent lists would: the caution says so, with that figure."""
    found = data_checks(CaptureHistories.from_csv(REFERENCE / "kosovo.csv"))
    assert [(c.code, c.severity) for c in found] == [("lists_positively_dependent", "caution")]
    assert "(odds 2.45 times as high" in str(found[0].message)


def test_few_overlaps_are_a_caution_with_the_count() -> None:
    h = CaptureHistories.from_cells(["a", "b", "c", "d"], [0, *([40] * 15)])
    assert data_checks(h) == ()
    cells = [0] * 16
    cells[1], cells[2], cells[4], cells[8], cells[3], cells[12] = 100, 100, 100, 100, 3, 2
    found = data_checks(CaptureHistories.from_cells(["a", "b", "c", "d"], cells))
    assert [c.code for c in found] == ["few_overlaps"]
    assert str(found[0].message).startswith("Only 5 people are on more than one list")


@settings(max_examples=15, deadline=None)
@given(
    probs=st.lists(st.floats(0.15, 0.6), min_size=4, max_size=6),
    seed=st.integers(0, 10_000),
)
def test_large_independent_lists_draw_no_data_caution(probs: list[float], seed: int) -> None:
    """The checks speak about the data: 3,000 people, lists that catch 15-60% of them
    independently, nothing to caution about (the false alarms a reader would learn to skip)."""
    table = simulate_histories(3000, [probs], [1.0], seed=seed)
    h = CaptureHistories.from_dataframe(table)
    assert data_checks(h) == ()


#: A population whose people differ in reach: 30% whom every list reaches often, 70% whom
#: every list reaches 20 times less often (the calibration study's "extreme" setting).
REACHED = [0.4, 0.3, 0.5, 0.35]
HIDDEN = [p / 20 for p in REACHED]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_people_who_differ_in_reach_show_as_positive_dependence(seed: int) -> None:
    """Every list misses the same people: the overlaps look dependent, the check says so
    in words, and the log-linear total is indeed far below the truth of 5,000."""
    table = simulate_histories(5000, [REACHED, HIDDEN], [0.3, 0.7], seed=seed)
    h = CaptureHistories.from_dataframe(table)
    result = estimate(h, "loglinear")
    assert result.point is not None and result.point < 0.8 * 5000
    caution = [c for c in result.checks if c.code == "lists_positively_dependent"]
    assert [c.severity for c in caution] == ["caution"]
    assert str(caution[0].message).startswith(
        "People on one list are on the other lists more often than independent lists"
    )
    assert "probably too low" in str(result.in_words())
    assert "estimated at about" not in str(result.in_words())


@settings(max_examples=15, deadline=None)
@given(
    probs=st.lists(st.floats(0.05, 0.6), min_size=3, max_size=8),
    size=st.integers(300, 20_000),
    seed=st.integers(0, 10_000),
)
def test_independent_lists_are_not_called_dependent(
    probs: list[float], size: int, seed: int
) -> None:
    """One class, lists independent: whatever their number, reach and size, the dependence
    caution stays silent (it fired on none of 1,000 such tables when its threshold was set)."""
    h = CaptureHistories.from_dataframe(simulate_histories(size, [probs], [1.0], seed=seed))
    assert "lists_positively_dependent" not in [c.code for c in data_checks(h)]


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000), order=st.permutations(range(4)))
def test_the_dependence_measure_does_not_depend_on_the_order_of_the_lists(
    seed: int, order: list[int]
) -> None:
    """The same people on the same lists, the columns in another order: the same figures."""
    table = simulate_histories(2000, [REACHED, HIDDEN], [0.5, 0.5], seed=seed)
    first = CaptureHistories.from_dataframe(table)
    lists = [c for c in table.columns if c != "count"]
    second = CaptureHistories.from_dataframe(table[[*(lists[i] for i in order), "count"]])
    one, other = (pairwise_dependence_of(h) for h in (first, second))
    assert one is not None and other is not None
    assert one == pytest.approx(other, rel=1e-9)


def pairwise_dependence_of(h: CaptureHistories) -> tuple[float, float] | None:
    index = np.arange(2**h.n_lists)
    on = [(index >> j) & 1 == 1 for j in range(h.n_lists)]
    return pairwise_dependence(h.cell_counts().astype(np.int64), on)


def test_negative_dependence_is_not_called_positive() -> None:
    """Two groups of lists reaching different people: the lists are negatively dependent,
    which the caution does not claim (its sentence says the total is too low)."""
    first, second = [0.4, 0.4, 0.05, 0.05], [0.05, 0.05, 0.4, 0.4]
    h = CaptureHistories.from_dataframe(
        simulate_histories(5000, [first, second], [0.5, 0.5], seed=4)
    )
    assert "lists_positively_dependent" not in [c.code for c in data_checks(h)]


def test_checks_are_in_the_json_next_to_the_warnings(tmp_path: Path) -> None:
    frame = kosovo()
    frame.insert(1, "EXH_copy", frame["EXH"])
    document = estimate(from_frame(frame, tmp_path), "dga").to_json_dict()
    first = document["checks"][0]
    assert set(first) == {"code", "severity", "message", "remedy", "lists"}
    assert first["severity"] == "caution"
    assert document["warnings"][0] == f"{first['message']} {first['remedy']}"
    assert all(isinstance(w, str) for w in document["warnings"])


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(1, 13))
def test_netherlands_5_is_flagged_on_twelve_seeds_out_of_twelve(seed: int) -> None:
    """At the package's documented settings R gives 48k, 49k or 142k by seed, and in 2 of 12
    seeds all eight of our chains sat in the low mode with only "run longer" said. With
    dispersed starts the chains disagree, and the result cautions, on every seed.

    One test per seed (the twelve are all asserted, as before): as one test the twelve runs
    passed the suite's 600 s timeout on a CI try at load 25-30 (stop 25)."""
    h = CaptureHistories.from_csv(REFERENCE / "netherlands_5.csv")
    result = estimate(h, "lcmcr", seed=seed)
    assert any(c.code == "chains_disagree" for c in result.checks), seed
    medians = result.diagnostics["chain_medians"]
    assert max(medians) > 1.5 * min(medians), seed
