"""The layering of DESIGN.md holds: pure libraries never import storage, crypto or shells."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "uncounted"
PURE = ["model", "linkage", "estimate", "report", "synth"]
FORBIDDEN = (
    "uncounted.vault",
    "uncounted.web",
    "uncounted.cli",
    "uncounted.services",
    "uncounted.intake",
    "uncounted.ledger",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_import_no_storage_or_shell(layer: str) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offending == []


def test_shells_hold_no_sql() -> None:
    sql_words = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")
    offending = [
        str(path.relative_to(PACKAGE))
        for shell in ("cli", "web")
        for path in sorted((PACKAGE / shell).rglob("*.py"))
        if any(word in path.read_text(encoding="utf-8") for word in sql_words)
    ]
    assert offending == []
