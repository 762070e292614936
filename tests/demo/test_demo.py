"""``uncounted demo`` builds a working vault of synthetic people and analyses it."""

from __future__ import annotations

from pathlib import Path

from cli_helpers import CliRunner

from uncounted.services import records, vaults
from uncounted.services.demo import DEMO_USERS


def test_demo_builds_an_analysed_vault_that_its_users_can_open(
    cli: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "demo"
    result = cli("demo", target, "--no-serve", "--people", "300")
    assert result.code == 0, result.err
    output = result.out + result.err
    assert "estimated total:" in output
    assert "true total in this synthetic world: 300" in output
    (admin, _, admin_pass), (worker, _, worker_pass) = DEMO_USERS
    with vaults.unlock(target, admin, admin_pass) as vault:
        everything = records.list_records(vault)
    assert everything
    assert all(view.identity is not None for view in everything)
    with vaults.unlock(target, worker, worker_pass) as vault:
        seen = records.list_records(vault)
    granted = [view for view in seen if view.identity is not None]
    sealed = [view for view in seen if view.identity is None]
    assert granted
    assert sealed, "the caseworker should see some people only as pseudonyms"


def test_demo_never_overwrites_an_existing_directory(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "keep.txt").write_text("user data")
    result = cli("demo", target, "--no-serve")
    assert result.code == 0, result.err
    assert (target / "keep.txt").read_text() == "user data"
