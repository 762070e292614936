"""Official claims stored in the vault, and the documentation each one is set against.

A claim is public speech by an official ("there are no such people here"); it identifies no
victim, so it is stored in the clear inside the encrypted database.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from uncounted.model import Claim, PartialDate
from uncounted.vault import audit
from uncounted.vault.clock import now
from uncounted.vault.database import Connection, transaction
from uncounted.vault.session import VaultSession


@dataclass(frozen=True)
class ClaimRow:
    """A stored claim with the number of people documented as victims of its event types up to
    its date (each person once, from the person register)."""

    claim: Claim
    documented: int


def insert_claim(session: VaultSession, claim: Claim) -> str:
    """Store *claim* under a new random id (audited); return the id."""
    claim_id = os.urandom(8).hex()
    with transaction(session.conn) as conn:
        conn.execute(
            "INSERT INTO claims (id, claim_type, speaker, speaker_office, date, statement,"
            " reference, event_types, created_at, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                claim_id,
                claim.claim_type,
                claim.speaker,
                claim.speaker_office,
                str(claim.date),
                claim.statement,
                claim.reference,
                ",".join(sorted(claim.event_types)),
                now(),
                session.user.id,
            ),
        )
        audit.record(conn, audit.AuditEntry(session.user.name, "claim.create", claim_id))
    return claim_id


def _documented(conn: Connection, claim: Claim) -> int:
    """People documented as victims of the claim's event types (any type when none) in events
    dated up to the claim's date; a person on several lists counts once."""
    types = json.dumps(sorted(claim.event_types))
    row = conn.execute(
        "SELECT count(DISTINCT coalesce(pr.person_id, r.id)) FROM records r"
        " LEFT JOIN person_records pr ON pr.record_id = r.id"
        " WHERE r.event_month <= ? AND json_extract(r.analytic, '$.role') = 'victim'"
        " AND (? = '[]' OR r.event_type IN (SELECT value FROM json_each(?)))",
        (str(claim.date.to_month()), types, types),
    ).fetchone()
    return int(row[0])


def list_claims(session: VaultSession, claim_type: str | None = None) -> list[ClaimRow]:
    """Every claim (of *claim_type*, when given), latest first, with its documentation count."""
    rows = session.conn.execute(
        "SELECT id, claim_type, speaker, date, statement, speaker_office, reference, event_types"
        " FROM claims WHERE (? IS NULL OR claim_type = ?) ORDER BY date DESC, created_at DESC",
        (claim_type, claim_type),
    ).fetchall()
    result = []
    for row in rows:
        claim = Claim(
            claim_id=str(row[0]),
            claim_type=str(row[1]),
            speaker=str(row[2]),
            date=PartialDate.parse(str(row[3])),
            statement=str(row[4]),
            speaker_office=row[5],
            reference=row[6],
            event_types=frozenset(code for code in str(row[7]).split(",") if code),
        )
        result.append(ClaimRow(claim, _documented(session.conn, claim)))
    return result
