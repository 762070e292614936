"""The differencing attacker on reports published from real vaults of random synthetic people.

Each example makes a vault (fast test KDF), imports a random synthetic world's lists, publishes
the report (HTML only: the tables are the same with or without PDF) and hands the attacker the
cells of the package's own tables.csv; the truth is computed independently of the
publication, from the register's plain tables (``reports.report_input``). The demo vault's
report is attacked the same way in ``tests/demo/test_demo.py``.
"""

from __future__ import annotations

import zipfile

import pytest
from disclosure_attacker import check_safe, read_back
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from uncounted.report.disclosure import Rules
from uncounted.services import imports, reports, vaults
from uncounted.synth import WorldConfig, default_sources, generate_world

ADMIN, ADMIN_PASS = "ana", "attacker test admin passphrase"


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    seed=st.integers(0, 10**6),
    people=st.integers(15, 90),
    lists=st.integers(2, 3),
    threshold=st.integers(3, 6),
)
def test_a_published_reports_tables_resist_differencing(
    tmp_path_factory: pytest.TempPathFactory, seed: int, people: int, lists: int, threshold: int
) -> None:
    root = tmp_path_factory.mktemp("attacked")
    world = generate_world(WorldConfig(people=people, seed=seed, sources=default_sources()[:lists]))
    rules = Rules(threshold=threshold)
    vaults.init_vault(root / "vault", ADMIN, ADMIN_PASS)
    with vaults.unlock(root / "vault", ADMIN, ADMIN_PASS) as admin:
        for source in sorted(world.records["source"].unique()):
            listing = root / f"{source}.csv"
            world.records[world.records["source"] == source].to_csv(listing, index=False)
            imports.import_file(admin, listing, source=source)
        reports.publish_report(admin, root / "report.zip", {"en": str}, rules, pdf=False)
        data = reports.report_input(admin)
    with zipfile.ZipFile(root / "report.zip") as package:
        published, truth = read_back(package.read("tables.csv"), data, rules)
    check_safe([(published, truth)], rules)
