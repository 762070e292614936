"""A reader holding every published report works out no number under the threshold.

Each report is audited with every report published before it (``Publication.
reports_before``), not with the last one alone: on seeded synthetic registers of 30 to 200
victims, 3 to 5 reports a few new victims apart (some with one victim's violation corrected),
the attacker of the tests, holding every report's published figures at once (one unknown per
cell and figure, ``disclosure_attacker.attack_every``), narrows no small cell of any of them.
Audited with the last report alone (stop 28's rule), seed 8 gave one away: reports No. 2 and
No. 4 both had 8 killings (No. 3 between them 7, one corrected to another violation), No. 4
hid its total and its new killing in Gudermes, and the two reports alone put that killing at
exactly 1. Then a real vault: three reports published, each read back with the sealed figures
of all the reports before it.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from disclosure_attacker import check_every_safe
from report_helpers import ARGUN, VEDENO, add_victims

from uncounted.report.disclosure import Case, Cell, Publication, ReportUnprotectable, Rules
from uncounted.report.document import ReportInput, build
from uncounted.services import audit, reports, vaults

VIOLATIONS = ("detention", "torture", "threat", "killing", "abduction", "forced_outing")
WEIGHTS = (10, 5, 3, 2, 1, 1)
DISTRICTS = (VEDENO, ARGUN, "ru-ce-gudermessky", "ru-ce-grozny", "ru-ce-naursky")
MONTHS = [f"2017-{m:02d}" for m in range(1, 13)] + [f"2018-{m:02d}" for m in range(1, 7)]

Victim = tuple[list[str], str, str]


def _victim(rng: random.Random, months: list[str]) -> Victim:
    """A synthetic victim: their violations, district and month."""
    suffered = sorted(set(rng.choices(VIOLATIONS, WEIGHTS, k=rng.choice((1, 1, 1, 2)))))
    return suffered, rng.choice(DISTRICTS[: rng.choice((2, 3, 5))]), rng.choice(months)


def sequence(seed: int, every: bool = True) -> list[tuple[Publication, dict[Cell, int]]]:
    """3 to 5 reports of a growing register, each built as the vault builds it (audited with
    every report before it; not *every*: with the last one alone, stop 28's rule), as a reader
    holds them: published cells and true figures (``benchmarks/report_sequences.py``)."""
    rng = random.Random(seed)
    world = [_victim(rng, MONTHS) for _ in range(rng.randrange(30, 200))]
    out: list[tuple[Publication, dict[Cell, int]]] = []
    previous: Publication | None = None
    for number in range(rng.randrange(3, 6)):
        if number:
            added = rng.choice((1, 2, 3, 3, 4, 6, 12))
            world += [_victim(rng, MONTHS[-rng.randrange(1, 8) :]) for _ in range(added)]
            if rng.random() < 0.3:  # one victim's violation corrected
                changed = rng.randrange(len(world))
                _old, district, month = world[changed]
                world[changed] = ([rng.choice(VIOLATIONS)], district, month)
        cases = [Case(v, month, district) for suffered, district, month in world for v in suffered]
        try:
            report = build(ReportInput(cases=cases, people=len(world)), Rules(), previous)
        except ReportUnprotectable:
            continue  # refused: nothing published
        publication = report.publication
        publication.number = number + 1
        if previous is not None and every:
            publication.reports_before = [*previous.reports_before, previous]
        out.append((Publication(dict(publication.cells), []), dict(publication.figures)))
        previous = publication
    return out


@pytest.mark.parametrize("seed", [8, 1, 2, 3])
def test_every_report_read_together_gives_no_small_number_away(seed: int) -> None:
    reports_read = sequence(seed)
    assert len(reports_read) >= 3
    check_every_safe(reports_read, Rules())


ADMIN, ADMIN_PASS = "ana", "report sequences admin passphrase"


def test_a_vault_audits_its_third_report_with_the_first_two(tmp_path: Path) -> None:
    """Three reports published from a real vault, new victims between them: the third was
    protected with the sealed figures of both earlier ones (the audit trail says "1, 2"),
    and the three read together resist the attacker."""
    vault = tmp_path / "vault"
    vaults.init_vault(vault, ADMIN, ADMIN_PASS)
    groups = [
        [("detention", "2017-03", VEDENO, 30), ("killing", "2017-04", ARGUN, 12)],
        [("detention", "2017-06", VEDENO, 3)],
        [("killing", "2017-07", ARGUN, 2), ("detention", "2017-08", ARGUN, 12)],
    ]
    read: list[tuple[Publication, dict[Cell, int]]] = []
    with vaults.unlock(vault, ADMIN, ADMIN_PASS) as admin:
        for number, group in enumerate(groups):
            add_victims(admin, group, start=100 * number)
            reports.publish_report_kept(admin, {"en": str})
            kept = reports.last_publication(admin)
            assert kept is not None
            assert [p.number for p in kept.reports_before] == list(range(1, number + 1))
            read.append((Publication(dict(kept.cells), []), dict(kept.figures)))
        trail = audit.audit_trail(admin, 50, 0, None, "report.publish")
    said = [entry.detail.get("protected_with_reports") for entry in trail]
    assert said.count("1, 2") == 1, trail  # report No. 3's; No. 2's names No. 1 alone
    check_every_safe(read, Rules())
