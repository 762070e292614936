"""``uncounted demo`` builds a working vault of synthetic people and analyses it."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from cli_helpers import CliRunner
from disclosure_attacker import check_safe, read_back

from uncounted.estimate import Estimate
from uncounted.report.disclosure import Rules
from uncounted.services import analytics, grants, records, reports, vaults
from uncounted.services.demo import DEMO_USERS, truth_caution
from uncounted.synth import WorldConfig, generate_world


def test_demo_builds_an_analysed_vault_that_its_users_can_open(
    cli: CliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "demo"
    result = cli("demo", target, "--no-serve", "--people", "300")
    assert result.code == 0, result.err
    output = result.out + result.err
    assert "estimated total:" in output
    assert "true total in this synthetic world: 300" in output
    _never_disagrees_without_a_caution(result.out, 300)
    report = tmp_path / "demo-report.zip"
    assert f"verifiable): {report}" in result.out and report.is_file()
    (admin, _, admin_pass), (worker, _, worker_pass), (analyst, role, analyst_pass) = DEMO_USERS
    assert role == "analyst" and f"{analyst} (analyst): {analyst_pass}" in result.out
    with vaults.unlock(target, admin, admin_pass) as vault:
        everything = records.list_records(vault)
        data = reports.report_input(vault)
        by_act = analytics.dashboard_counts(vault).by_act
    # the detention story: acts, statuses (released with a date, dead, missing), help given
    stories = [records.what_happened(view) for view in everything]
    assert by_act["arrest"] > by_act.get("electric_shock", 0) > 0
    assert {"released", "dead", "whereabouts_unknown"} <= {s.status for s in stories}
    assert any(s.status == "released" and s.detained_until for s in stories)
    assert any(s.interventions for s in stories)
    # issue 13: the differencing attacker on the demo's real published tables
    with zipfile.ZipFile(report) as package:
        published, truth = read_back(package.read("tables.csv"), data, Rules())
    assert published.hidden, "the demo's report hides small cells: the attack is not empty"
    check_safe([(published, truth)], Rules())
    assert everything
    assert all(view.identity is not None for view in everything)
    with vaults.unlock(target, worker, worker_pass) as vault:
        seen = records.list_records(vault)
    granted = [view for view in seen if view.identity is not None]
    sealed = [view for view in seen if view.identity is None]
    assert granted
    assert sealed, "the caseworker should see some people only as pseudonyms"
    with vaults.unlock(target, analyst, analyst_pass) as vault:  # reviews links on every list
        assert all(view.identity is not None for view in records.list_records(vault))
    # the recovery secret is printed (synthetic people only), so the demo's admin can walk
    # taking a case back from its last holder and giving it back with the secret
    printed = re.search(r"Recovery secret of this demo vault \(.*\): (\S+)", result.out)
    assert printed is not None
    with vaults.unlock(target, admin, admin_pass) as vault:
        case = next(case.name for case in grants.list_cases(vault) if worker not in case.granted)
        grants.grant_with_recovery(vault, case, worker, printed.group(1))
        assert worker in next(c.granted for c in grants.list_cases(vault) if c.name == case)


def test_demo_never_overwrites_an_existing_directory(cli: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "demo"
    target.mkdir()
    (target / "keep.txt").write_text("user data")
    result = cli("demo", target, "--no-serve")
    assert result.code == 0, result.err
    assert (target / "keep.txt").read_text() == "user data"
    # in the terminal's language (cliwords2): where it serves from and how to sign in
    russian = cli("demo", target, "--no-serve", env={"LANG": "ru_RU.UTF-8", "LC_ALL": ""})
    assert russian.code == 0 and (target / "keep.txt").read_text() == "user data"
    assert russian.err.strip() == f"{target} уже существует: открываем его как есть."
    signs = russian.out.splitlines()
    assert signs[0] == "Для входа (данные только синтетические, поэтому парольные фразы не секрет):"
    (admin, _, admin_pass), _, (analyst, _, analyst_pass) = DEMO_USERS
    assert f"  {admin} (администратор): {admin_pass}" in signs
    assert f"  {analyst} (аналитик): {analyst_pass}" in signs


def _never_disagrees_without_a_caution(output: str, truth: int) -> None:
    """Issue 16, item 6: the printed truth and estimate never disagree without a caution."""
    match = re.search(r"estimated total: ([\d,]+) \(95% interval ([\d,]+) to ([\d,]+)", output)
    assert match, output
    centre, low, high = (int(g.replace(",", "")) for g in match.groups())
    if not low <= truth <= high or abs(centre - truth) > 0.2 * truth:
        assert "CAUTION:" in output
        assert output.index("CAUTION:") < output.index("estimated total:")


def test_a_miss_is_explained_from_the_world_and_a_hit_is_not() -> None:
    """The default world (1,200 people) gave 1,047 (979-1,154) and said nothing."""
    world = generate_world(WorldConfig(people=200, seed=5))
    truth = world.population_size

    def result(low: float, centre: float, high: float) -> Estimate:
        return Estimate("lcmcr", ("a", "b"), 100, None, centre, None, low, high)

    assert truth_caution(world, result(0.9 * truth, truth, 1.1 * truth)) is None
    miss = truth_caution(world, result(0.7 * truth, 0.8 * truth, 0.9 * truth))
    assert miss is not None
    assert str(miss).startswith(f"The estimate misses this world's true total of {truth:,}: 55%")
    assert "every list reaches rarely (each list at most 25% of them)" in str(miss)
    far = truth_caution(world, result(0.5 * truth, 0.75 * truth, 1.1 * truth))
    assert far is not None  # inside the interval but 25% off
