"""The permission table in docs/permissions.md is the one the code enforces."""

from __future__ import annotations

from pathlib import Path

from uncounted.vault.permissions import Action, Role, allowed, markdown_table, parse_role

DOC = Path(__file__).resolve().parents[2] / "docs" / "permissions.md"


def test_documented_table_equals_the_code() -> None:
    text = DOC.read_text(encoding="utf-8")
    table = text.split("<!-- permissions:begin -->")[1].split("<!-- permissions:end -->")[0]
    assert table.strip() == markdown_table()


def test_every_action_is_described() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert all(f"| {action.value} | covers" not in text for action in Action)
    assert all(text.count(f"| {action.value} |") == 2 for action in Action)


def test_role_facts_users_rely_on() -> None:
    assert all(allowed(Role.ADMIN, action) for action in Action)
    assert allowed(Role.ANALYST, Action.IDENTITY_READ)  # linking; the grants decide what
    assert not allowed(Role.VIEWER, Action.IDENTITY_READ)
    assert allowed(Role.LEGAL, Action.EVIDENCE_EXPORT)
    assert parse_role(" Caseworker ") is Role.CASEWORKER
