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

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.services import analysis_review, grants, imports, users, vaults
from uncounted.services.analysis import VaultAnalysis, analyse_vault
from uncounted.synth import WorldConfig, generate_world

__all__ = ["DEMO_USERS", "DemoVault", "DemoVaultExists", "build_demo_vault"]

#: (name, role, passphrase) of the demo's users. Public on purpose: synthetic data only.
DEMO_USERS: tuple[tuple[str, str, str], ...] = (
    ("demo", "admin", "demo passphrase - synthetic data only"),
    ("caseworker", "caseworker", "caseworker demo passphrase"),
)
GRANTED_SHARE = 0.5
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


def build_demo_vault(
    path: Path, *, people: int = 1200, seed: int = 2017, progress: Progress | None = None
) -> DemoVault:
    """Create a demo vault at *path* from a synthetic world of *people* victims."""
    say = progress or (lambda _message: None)
    if path.exists():
        raise DemoVaultExists(N_("{path} already exists: give the demo a new directory"), path=path)
    world = generate_world(WorldConfig(people=people, seed=seed))
    (admin_name, _, admin_pass), *others = DEMO_USERS
    say("creating the encrypted vault")
    vaults.init_vault(path, admin_name, admin_pass)
    with vaults.unlock(path, admin_name, admin_pass) as admin:
        for name, role, passphrase in others:
            users.add_user(admin, name, role, passphrase)
        sources = tuple(sorted(world.records["source"].unique()))
        with tempfile.TemporaryDirectory(dir=path.parent, prefix=".demo-lists-") as scratch:
            for source in sources:
                say(f"importing the list of {source}")
                listing = Path(scratch) / f"{source}.csv"
                rows = world.records[world.records["source"] == source]
                rows.to_csv(listing, index=False, encoding="utf-8")
                imports.import_file(admin, listing, source=source)
        granted = sources[: max(1, int(len(sources) * GRANTED_SHARE))]
        for case in granted:
            for name, role, _ in others:
                if role == "caseworker":
                    grants.grant(admin, case, name)
        analysis = analyse_vault(admin, method="lcmcr", progress=say, seed=seed)
        analysis_review.save_analysis(admin, analysis)  # the dashboard shows this estimate
    return DemoVault(
        path=path,
        records=len(world.records),
        sources=sources,
        granted_cases=granted,
        true_population=world.population_size,
        analysis=analysis,
    )
