"""Linking prints nothing on stdout: DuckDB's progress bar for a long query went there.

A script that links (``link_records`` from Python, the web server's linkage runs) had DuckDB's
bar lines on its standard output: a 100,000-record run in a child process printed dozens
before the JSON its parent read, and the parent failed to read it.
"""

from __future__ import annotations

import pytest

from uncounted.linkage._backends import duckdb_api


def test_a_long_query_prints_no_progress_bar(capfd: pytest.CaptureFixture[str]) -> None:
    connection = duckdb_api().duckdb_con
    connection.execute("SET progress_bar_time = 0")  # any query counts as long
    connection.execute("SELECT count(*) FROM range(20000000) t(i) WHERE i % 7 = 3").fetchall()
    assert capfd.readouterr().out == ""
