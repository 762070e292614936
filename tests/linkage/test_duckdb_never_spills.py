"""The linkage database never writes what does not fit in memory to disk: its tables hold
folded names, and DuckDB's own habit is to offload them, in plaintext, to ``.tmp`` in the
working directory."""

from __future__ import annotations

from pathlib import Path

import pytest

from uncounted.linkage._backends import duckdb_api


def test_a_query_too_big_for_memory_fails_and_leaves_no_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    connection = duckdb_api().duckdb_con
    connection.execute("SET memory_limit = '40MB'")
    connection.execute("SET threads = 1")
    with pytest.raises(Exception, match="Out of Memory"):
        connection.execute(
            "SELECT count(*) FROM (SELECT md5(i::VARCHAR) AS name FROM range(3000000) t(i)"
            " ORDER BY name)"
        ).fetchall()
    assert [path.name for path in tmp_path.rglob("*")] == []
