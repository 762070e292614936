"""Helpers of the intake, case and XSS tests: a third, ungranted user and form data."""

from __future__ import annotations

from pathlib import Path

from web_helpers import ADMIN, ADMIN_PASS

from uncounted.services import users, vaults

OUTSIDER, OUTSIDER_PASS = "vera", "outsider passphrase for tests"  # a caseworker, no grants
VIEWER, VIEWER_PASS = "gleb", "viewer passphrase for tests"
WITNESS_NAME = "Аминат Примерова"  # synthetic
VICTIM_NAME = "Movsar Testoev"  # synthetic


def add_outsiders(path: Path) -> None:
    """Add a caseworker granted nothing and a viewer to the test vault."""
    with vaults.unlock(path, ADMIN, ADMIN_PASS) as admin:
        users.add_user(admin, OUTSIDER, "caseworker", OUTSIDER_PASS, admin_set=False)
        users.add_user(admin, VIEWER, "viewer", VIEWER_PASS, admin_set=False)


def intake_data(csrf: str, case: str = "case-t", **overrides: str) -> dict[str, str]:
    """A complete, valid intake form: a detention with a victim and a witness."""
    data = {
        "csrf_token": csrf,
        "rows": "3",
        "case": case,
        "source": "hotline",
        "source_type": "hotline_testimony",
        "event_type": "detention",
        "event_date": "2017-03",
        "place": "ru-ce",
        "place_text": "the old bus station",
        "perpetrator_type": "police_unit",
        "perpetrator_unit": "PPS regiment",
        "testimony": "He was taken from the bus station at night.",
        "people-0-role": "victim",
        "people-0-name": VICTIM_NAME,
        "people-0-age": "24",
        "people-0-sex": "male",
        "people-0-act_type-0": "arrest",
        "people-1-role": "witness",
        "people-1-name": WITNESS_NAME,
        "people-1-contact": "+7 900 000 00 00",
        "people-2-role": "victim",
    }
    data.update(overrides)
    return data
