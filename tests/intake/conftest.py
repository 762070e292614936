"""Helpers that write synthetic lists in the formats organisations send."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest
from intake_lists import HEADER, ROWS, WriteCsv


@pytest.fixture
def write_csv(tmp_path: Path) -> WriteCsv:
    """Write rows as CSV in the given encoding and delimiter; returns the path."""

    def write(
        rows: Sequence[Sequence[str]] = (HEADER, *ROWS),
        *,
        name: str = "list.csv",
        encoding: str = "utf-8",
        delimiter: str = ",",
    ) -> Path:
        path = tmp_path / name
        text = "\r\n".join(delimiter.join(row) for row in rows) + "\r\n"
        path.write_bytes(text.encode(encoding))
        return path

    return write
