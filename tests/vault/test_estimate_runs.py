"""Estimates as saved runs with one headline: every run kept with its author, settings and
scope; a partial run (a user granted some lists only) is labelled and can never be the
headline; only a user allowed to publish chooses it; the register's histories give a run
with its sensitivity to linkage. Real vault, real estimators (dga, exact). Synthetic people.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from cli_helpers import CliRunner
from vault_helpers import ADMIN_ENV, Vault, previous_main

from uncounted.errors import AccessDenied, InputError
from uncounted.estimate import CaptureHistories, estimate
from uncounted.services import analysis_review, grants, imports, register, users, vaults
from uncounted.services.analysis import analyse_vault
from uncounted.synth import WorldConfig, default_sources, generate_world

ANALYST, ANALYST_PASS = "dina", "analyst passphrase for tests"
WORKER, WORKER_PASS = "boris", "caseworker passphrase for tests"


@pytest.fixture
def world_vault(vault: Vault, tmp_path: Path) -> Vault:
    world = generate_world(WorldConfig(people=80, seed=4, sources=default_sources()[:3]))
    with vault.unlock() as admin:
        users.add_user(admin, ANALYST, "analyst", ANALYST_PASS, admin_set=False)
        users.add_user(admin, WORKER, "caseworker", WORKER_PASS, admin_set=False)
        sources = sorted(world.records["source"].unique())
        for source in sources:
            listing = tmp_path / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(admin, listing, source=source)
        for case in sources[:2]:  # the analyst holds two of the three lists
            grants.grant(admin, case, ANALYST)
    return vault


def test_a_partial_run_is_kept_labelled_and_never_the_headline(world_vault: Vault) -> None:
    with vaults.unlock(world_vault.path, ANALYST, ANALYST_PASS) as analyst:
        # the analyst links the two lists she can read; the third list's records stay
        # unplaced, and the run says why: she holds not their case
        partial = analysis_review.estimate_from_register(analyst, "dga", relink=True)
        assert partial.partial and partial.author == ANALYST
        (reason,) = partial.partial_reasons
        assert reason.template == "records in cases not granted to {author}, so not linked: {count}"
        assert reason.params["count"] == partial.scope["unplaced_records"] > 0
        # she cannot read every victim's record: no bands at thresholds she cannot see
        assert [band["label"] for band in partial.sensitivity] == [
            "reviewed",
            "unreviewed links apart",
        ]
        with pytest.raises(InputError, match=r"cannot be the headline") as refused:
            analysis_review.publish_estimate(analyst, partial.id)
        assert "records in cases not granted to dina" in str(refused.value)
        assert "an administrator grants case" in str(refused.value)
        assert analysis_review.headline_estimate(analyst) is None
    with world_vault.unlock() as admin:
        full = analysis_review.estimate_from_register(admin, "dga", relink=True)
        assert not full.partial and full.lists_label == "3 lists" and full.partial_reasons == ()
        labels = [band["label"] for band in full.sensitivity]
        assert labels == ["reviewed", "unreviewed links apart", "threshold 0.3", "threshold 0.7"]
        # looser links can only join people, stricter ones only part them
        looser, stricter = full.sensitivity[2]["people"], full.sensitivity[3]["people"]
        assert isinstance(looser, int) and isinstance(stricter, int)
        assert looser <= full.people <= stricter
    with vaults.unlock(world_vault.path, WORKER, WORKER_PASS) as worker:
        with pytest.raises(AccessDenied):
            analysis_review.publish_estimate(worker, full.id)
        assert analysis_review.headline_estimate(worker) is None
    with vaults.unlock(world_vault.path, ANALYST, ANALYST_PASS) as analyst:
        chosen = analysis_review.publish_estimate(analyst, full.id)
        later = analysis_review.estimate_from_register(analyst, "dga")  # changes nothing
    with vaults.unlock(world_vault.path, WORKER, WORKER_PASS) as worker:
        headline = analysis_review.headline_estimate(worker)
        assert headline is not None and headline.result.id == full.id
        assert (headline.chosen_by, headline.chosen_at) == (ANALYST, chosen.chosen_at)
        assert [run.id for run in analysis_review.estimate_runs(worker)][-3:] == [
            later.id,
            full.id,
            partial.id,
        ]


def test_a_run_over_fewer_lists_says_how_many(world_vault: Vault) -> None:
    with vaults.unlock(world_vault.path, ANALYST, ANALYST_PASS) as analyst:
        result = analyse_vault(analyst, method="dga")
        partial = analysis_review.save_analysis(analyst, result)
    assert partial.partial and partial.lists_label == "2 of 3 lists"
    assert [reason.template for reason in partial.partial_reasons] == [
        "lists: {used} of {total}",
        "records left out, not granted: {count}",
    ]


def test_from_register_runs_and_publish_on_the_command_line(
    cli: CliRunner, world_vault: Vault
) -> None:
    env = ADMIN_ENV
    unlinked = cli("estimate", world_vault.path, "--from-register", "-u", "ana", "--json", env=env)
    # no figure (nothing linked, every list alone): the run is saved, and the command says
    # why in its last line and exits 1 (cliwords2)
    assert unlinked.code == 1, unlinked.err
    assert unlinked.err.strip().splitlines()[-1].startswith("error: run 1 gave no estimate: ")
    first = json.loads(unlinked.out)
    assert first["partial"] and first["scope"]["unplaced_records"] > 0  # nothing linked yet
    with world_vault.unlock() as admin:
        register.link_people(admin)
    linked = json.loads(
        cli("estimate", world_vault.path, "--from-register", "-u", "ana", "--json", env=env).out
    )
    assert not linked["partial"] and linked["scope"]["unplaced_records"] == 0
    assert linked["settings"]["histories"] == "register"
    assert "histories" not in linked["scope"], "a table per run: --histories-out writes it"
    labels = [band["label"] for band in linked["sensitivity"]]
    # the admin reads every list: the thresholds around linkage's too
    assert labels == ["reviewed", "unreviewed links apart", "threshold 0.3", "threshold 0.7"]
    apart = linked["sensitivity"][1]["people"]
    assert apart == linked["observed"] + linked["scope"]["unreviewed_links"]
    refused = cli("estimate", "publish", world_vault.path, str(first["run"]), "-u", "ana", env=env)
    assert refused.code == 1 and "cannot be the headline" in refused.err
    published = cli(
        "estimate", "publish", world_vault.path, str(linked["run"]), "-u", "ana", env=env
    )
    assert published.code == 0, published.err
    listing = json.loads(
        cli("estimate", "runs", world_vault.path, "-u", "ana", "--json", env=env).out
    )
    assert listing["headline"] == linked["run"] and listing["chosen_by"] == "ana"
    assert [run["run"] for run in listing["runs"]] == [linked["run"], first["run"]]


def test_runs_of_the_previous_schema_are_carried_forward(world_vault: Vault) -> None:
    with world_vault.unlock() as admin:
        analysis_review.estimate_from_register(admin, "dga", relink=True)
        key = admin.vault_key
    with previous_main(world_vault.path, key, "ledger_0002") as conn:
        conn.execute("UPDATE analysis_results SET left_out = 3")  # a run that left records out
    with world_vault.unlock() as admin:
        (old,) = analysis_review.estimate_runs(admin)
        assert old.partial and old.sensitivity == () and old.author == "ana"
        with pytest.raises(InputError):
            analysis_review.publish_estimate(admin, old.id)


def test_a_run_that_gave_no_figure_is_never_the_headline(world_vault: Vault) -> None:
    with world_vault.unlock() as admin:
        analysis = analyse_vault(admin, method="dga")
        # one list overlapping no other: every method refuses, and the run keeps no figure
        apart = CaptureHistories.from_cells(["a", "b", "c", "d"], [0, 3, 3, 2, 3, 1, 1, 1, 2])
        refused = analysis_review.save_analysis(
            admin, replace(analysis, estimate=estimate(apart, "dga"))
        )
        assert not refused.partial and not refused.has_figure
        with pytest.raises(InputError, match=r"gave no figure"):
            analysis_review.publish_estimate(admin, refused.id)
        assert analysis_review.headline_estimate(admin) is None
