"""A run partial for want of a grant gets one advice, whichever way it was made, and the case
it names is one ``uncounted grant`` takes (review of stop 26: the demo's one-go runs had no
advice, the advice was worded three ways, and it named case 4 while ``uncounted grant`` took
only a name). The small disjoint list world with its partner list in the caseworker's case
(``left_out_world.py``): real vault, real linkage and dga. Synthetic people.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from cli_helpers import CliRunner
from left_out_world import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, left_out_copy
from vault_copies import VaultCopies

from uncounted import vault as store
from uncounted.cli._estimate import next_step
from uncounted.errors import InputError
from uncounted.services import analysis_review, grants, vaults
from uncounted.services.analysis import analyse_vault

ADMIN_ENV = {"UNCOUNTED_PASSPHRASE": ADMIN_PASS}


@pytest.fixture
def worker_world(tmp_path: Path, vault_copies: VaultCopies) -> Path:
    return left_out_copy(vault_copies, tmp_path, by_worker=True)


def _remedy(case: int) -> str:
    return (
        f"an administrator grants case {case} to {ANALYST}, who estimates again, or an analyst"
        " who holds every case links the records and estimates"
    )


def test_a_one_go_run_short_of_a_grant_gets_the_one_advice_and_grant_takes_its_number(
    worker_world: Path, cli: CliRunner
) -> None:
    with vaults.unlock(worker_world, ANALYST, ANALYST_PASS) as analyst:
        analysis = analyse_vault(analyst, method="dga")
        assert analysis.left_out == 10  # the partner list, in a case she does not hold
        run = analysis_review.save_analysis(analyst, analysis)
        assert run.partial and run.has_figure
        advice = analysis_review.next_estimate(analyst)
        (case,) = advice.cases
        assert str(run.not_granted_said()) == "records left out, not granted: 10"
        # the same words from the refusal, the Reports page's advice and the command line
        with pytest.raises(InputError) as refused:
            analysis_review.publish_estimate(analyst, run.id)
        assert _remedy(case) in str(refused.value)
        assert _remedy(case) in str(advice.grant_advice())
    on_the_command_line = " ".join(next_step(advice, worker_world).split())
    assert _remedy(case) in on_the_command_line
    assert f"`uncounted grant {worker_world} {case} {ANALYST}`" in on_the_command_line

    # `uncounted cases` prints the number; `uncounted grant` takes it
    listed = cli("cases", worker_world, "-u", ADMIN, env=ADMIN_ENV)
    assert listed.code == 0, listed.err
    assert str(case) in [line.split("\t")[0] for line in listed.out.splitlines()]
    done = cli("grant", worker_world, str(case), ANALYST, "-u", ADMIN, env=ADMIN_ENV)
    assert done.code == 0, done.err
    with vaults.unlock(worker_world, ANALYST, ANALYST_PASS) as analyst:
        assert analyse_vault(analyst, method="dga").left_out == 0


def test_a_number_that_is_also_another_cases_name_is_refused_not_guessed(
    worker_world: Path, cli: CliRunner
) -> None:
    """Granting the wrong case would show its identities to someone who should not read
    them: a name that is another case's number is refused, naming neither."""
    with vaults.unlock(worker_world, ADMIN, ADMIN_PASS) as admin:
        numbers = {info.name: info.id for info in grants.list_cases(admin)}
        taken = max(numbers.values())
        store.create_case(admin, str(taken))  # a case named as another's number
    done = cli("grant", worker_world, str(taken), ANALYST, "-u", ADMIN, env=ADMIN_ENV)
    assert done.code == 1
    assert f"“{taken}” is the name of one case and the number of another" in done.err
    missing = cli("grant", worker_world, "999999", ANALYST, "-u", ADMIN, env=ADMIN_ENV)
    assert missing.code == 1 and "there is no case '999999'" in missing.err
    with vaults.unlock(worker_world, ADMIN, ADMIN_PASS) as admin:
        assert grants.case_given(admin, "hotline") == "hotline"


def test_revoke_takes_the_number_cases_prints_as_grant_does(
    worker_world: Path, cli: CliRunner
) -> None:
    """`uncounted cases` prints each case's number first and `grant` takes it: `revoke`
    refused the same number with "there is no case '4' in this vault", a case the admin had
    just been shown (review27)."""
    with vaults.unlock(worker_world, ADMIN, ADMIN_PASS) as admin:
        case = next(info for info in grants.list_cases(admin) if ANALYST not in info.granted)
    given = cli("grant", worker_world, str(case.id), ANALYST, "-u", ADMIN, env=ADMIN_ENV)
    assert given.code == 0, given.err
    taken = cli("revoke", worker_world, str(case.id), ANALYST, "-u", ADMIN, env=ADMIN_ENV)
    assert taken.code == 0, taken.err
    assert f"Revoked case {case.name} from {ANALYST}" in taken.out + taken.err
    with vaults.unlock(worker_world, ADMIN, ADMIN_PASS) as admin:
        held = {info.name: info.granted for info in grants.list_cases(admin)}
    assert ANALYST not in held[case.name]
