"""Assistance cases due for follow-up: open cases whose follow-up date has come."""

from __future__ import annotations

import datetime as dt

from uncounted.model import OPEN_STATUSES
from uncounted.services.cases import CaseDetails, list_case_details
from uncounted.vault import VaultSession

__all__ = ["cases_due"]


def cases_due(vault: VaultSession, today: dt.date) -> list[CaseDetails]:
    """Open cases with a follow-up date on or before *today*, the most overdue first."""
    due = [
        case
        for case in list_case_details(vault)
        if case.fields.status in OPEN_STATUSES
        and case.fields.follow_up is not None
        and dt.date.fromisoformat(case.fields.follow_up) <= today
    ]
    return sorted(due, key=lambda case: (case.fields.follow_up or "", case.name))
