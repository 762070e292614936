"""The demo: a vault full of synthetic people, linked and estimated, ready to serve.

Everything here is synthetic (``uncounted.synth``). The demo goes through the same services a
real organisation uses: lists are imported file by file, a caseworker is granted some cases
and not others (so the pseudonyms show), and the analysis links the records and estimates
the total. The demo passphrases are printed on purpose: this vault holds no real person.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from uncounted.errors import InputError
from uncounted.estimate import Estimate
from uncounted.messages import N_, Message
from uncounted.services import (
    analysis_review,
    grants,
    imports,
    records,
    register,
    revisions,
    users,
    vaults,
)
from uncounted.services.analysis import VaultAnalysis, analyse_vault
from uncounted.synth import World, WorldConfig, event_details, generate_world

__all__ = ["DEMO_USERS", "DemoVault", "DemoVaultExists", "build_demo_vault"]

#: (name, role, passphrase) of the demo's users. Public on purpose: synthetic data only.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("demo", "admin", "demo passphrase - synthetic data only"),
    ("caseworker", "caseworker", "caseworker demo passphrase"),
    ("analyst", "analyst", "analyst demo passphrase"),
)
GRANTED_SHARE = 0.5
#: An estimate further than this from the truth "misses" it even when its interval holds it
#: (the calibration benchmark's definition of a miss).
MISS_ERROR = 0.2
Progress = Callable[[str], None]


class DemoVaultExists(InputError):
    """Raised when the demo would be created where a directory already exists."""


@dataclass(frozen=True)
class DemoVault:
    """What the demo built: where, for whom, and what the analysis found."""

    path: Path
    records: int
    sources: tuple[str, ...]
    granted_cases: tuple[str, ...]
    true_population: int
    analysis: VaultAnalysis
    truth_caution: Message | None = None
    """Why the estimate misses this world's truth, when it does (None when it does not)."""
    recovery_secret: str = ""
    """The demo vault's recovery secret (synthetic people only, so it may be shown): with
    it, whoever tries the demo can walk taking a case back from its last holder, granting it
    with the recovery secret and resetting a passphrase."""


def truth_caution(world: World, result: Estimate) -> Message | None:
    """One plain sentence on why *result* misses *world*'s true total, or None.

    A miss is a truth outside the interval or a central figure more than 20% off. The
    reason is read from the world itself: the share of people in its least visible class
    and how rarely any list reaches them, the dependence no method can correct from the
    lists (the data checks' ``lists_positively_dependent`` shows its sign).
    """
    truth = world.population_size
    centre = result.median if result.median is not None else result.point
    if centre is None or result.q025 is None or result.q975 is None:
        return None  # refused: the estimate's own checks say why
    inside = result.q025 <= truth <= result.q975
    if inside and abs(centre - truth) <= MISS_ERROR * truth:
        return None
    config = world.config
    weights = [w / sum(config.classes) for w in config.classes]
    hidden = min(range(len(weights)), key=lambda k: max(s.capture[k] for s in config.sources))
    return Message(
        N_(
            "The estimate misses this world's true total of {truth:,}: {share:.0%} of its "
            "people belong to a group that every list reaches rarely (each list at most "
            "{capture:.0%} of them), so the lists miss the same people together: no method "
            "can correct that from the lists alone, though its sign shows when people on one "
            "list are on the others more often than chance; real lists can do the same."
        ),
        truth=truth,
        share=weights[hidden],
        capture=max(s.capture[hidden] for s in config.sources),
    )


_TOLD = ("act_types", "status", "detained_from", "detained_until")


def _record_help(admin: vaults.UnlockedVault, details: pd.DataFrame) -> None:
    """The help given to the few people the world says were helped, each a new revision of
    their records (as a caseworker records an evacuation or a complaint after the call)."""
    helped = details[details["interventions"] != ""]
    wanted = {
        (str(s), str(r)): str(h)
        for s, r, h in helped[["source", "record_id", "interventions"]].itertuples(index=False)
    }
    if not wanted:
        return
    for view in records.list_records(admin, records.RecordFilter(), 1_000_000, 0):
        found = wanted.get((view.source, str(view.source_record_id)))
        if found is not None:
            revisions.edit_record(admin, view.record_id, {"interventions": found}, "help given")


def build_demo_vault(
    path: Path, *, people: int = 1200, seed: int = 2017, progress: Progress | None = None
) -> DemoVault:
    """Create a demo vault at *path* from a synthetic world of *people* victims."""
    say = progress or (lambda _message: None)
    if path.exists():
        raise DemoVaultExists(N_("{path} already exists: give the demo a new directory"), path=path)
    world = generate_world(WorldConfig(people=people, seed=seed))
    (admin_name, _, admin_pass), *others = DEMO_USERS
    say(N_("creating the encrypted vault"))
    recovery_secret = vaults.init_vault(path, admin_name, admin_pass)
    with vaults.unlock(path, admin_name, admin_pass) as admin:
        for name, role, passphrase in others:
            # Not admin-set, deliberately: the demo prints these passphrases so that anyone
            # trying it can walk every role; forced changes would make each walk start on the
            # Passphrase page, and the printed passphrases stop working for the next visitor.
            # A demo vault holds synthetic people only.
            users.add_user(admin, name, role, passphrase, admin_set=False)
        sources = tuple(sorted(world.records["source"].unique()))
        # what was done to each person and became of them: acts, status, detention dates
        # (list columns) and help given (recorded after the import, as a caseworker would)
        details = event_details(world)
        told = pd.concat([world.records, details[list(_TOLD)]], axis=1)
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".demo-lists-") as scratch:
            for source in sources:
                say(Message(N_("importing the list of {source}"), source=source))
                listing = Path(scratch) / f"{source}.csv"
                rows = told[told["source"] == source]
                rows.to_csv(listing, index=False, encoding="utf-8")
                imports.import_file(admin, listing, source=source)
        _record_help(admin, details)
        granted = sources[: max(1, int(len(sources) * GRANTED_SHARE))]
        for name, role, _ in others:
            # the caseworker holds half the cases (the rest show as pseudonyms); the analyst
            # holds every list, to review links and estimate over all of them
            for case in granted if role == "caseworker" else sources:
                grants.grant(admin, case, name)
        analysis = analyse_vault(admin, method="lcmcr", progress=say, seed=seed)
        analysis_review.save_analysis(admin, analysis)
        say(N_("linking the records into the person register"))
        register.link_people(admin)
        run = analysis_review.estimate_from_register(admin, "lcmcr", progress=say, seed=seed)
        analysis_review.publish_estimate(admin, run.id)  # the dashboard's headline
    return DemoVault(
        path=path,
        records=len(world.records),
        sources=sources,
        granted_cases=granted,
        true_population=world.population_size,
        analysis=analysis,
        truth_caution=truth_caution(world, analysis.estimate),
        recovery_secret=recovery_secret,
    )
