"""The ledger package exposes exactly its documented names, and needs no vault to verify."""

from __future__ import annotations

import ast
import types
from pathlib import Path

import uncounted.ledger as ledger

PACKAGE = Path(ledger.__file__).parent


def test_all_lists_exactly_the_public_names() -> None:
    public = {
        name
        for name, value in vars(ledger).items()
        if not name.startswith("_") and not isinstance(value, types.ModuleType)
    }
    assert set(ledger.__all__) == public
    assert len(ledger.__all__) == len(set(ledger.__all__))


def test_the_ledger_imports_no_vault_service_or_shell() -> None:
    forbidden = ("uncounted.vault", "uncounted.services", "uncounted.cli", "uncounted.web")
    offending = []
    for path in PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(forbidden):
                offending.append(f"{path.name}: {node.module}")
            if isinstance(node, ast.Import):
                offending += [
                    f"{path.name}: {a.name}" for a in node.names if a.name.startswith(forbidden)
                ]
    assert offending == []
