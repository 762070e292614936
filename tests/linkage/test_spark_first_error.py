"""When a Spark run fails, the user sees that failure, not the cache clean-up's after it.

Spark's cached tables are dropped after every run; when Spark has already failed (an
executor lost, the JVM gone), dropping them fails too, and raised from ``finally`` that second
error replaced the first. No Spark is started here: a stand-in API fails on clean-up.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from uncounted.linkage import _backends


class _Gone(RuntimeError):
    """What Spark raises once its context is gone."""


def _spark_that_fails_to_clean(dropped: list[str]) -> Any:
    def clear_cache() -> None:
        dropped.append("tried")
        raise _Gone("SparkContext was shut down")

    return SimpleNamespace(spark=SimpleNamespace(catalog=SimpleNamespace(clearCache=clear_cache)))


def test_the_first_error_of_a_spark_run_is_the_one_raised(monkeypatch: pytest.MonkeyPatch) -> None:
    dropped: list[str] = []
    monkeypatch.setattr(_backends, "spark_api", lambda: _spark_that_fails_to_clean(dropped))
    with pytest.raises(MemoryError, match="executor lost"), _backends.backend_api("spark"):
        raise MemoryError("executor lost")
    assert dropped == ["tried"]  # the cache was still dropped, as far as Spark could


def test_a_clean_up_failure_after_a_good_run_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_backends, "spark_api", lambda: _spark_that_fails_to_clean([]))
    with pytest.raises(_Gone), _backends.backend_api("spark"):
        pass
