"""Reading the vault through the API: records, counts, cases, sources, claims, evidence."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time, and they name dependencies local to register().
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from uncounted.services import analysis_review, analytics, cases, claims, evidence, people, records
from uncounted.web.api.deps import readers, vault_of
from uncounted.web.api.models import (
    CaseOut,
    ClaimOut,
    Counts,
    EstimateOut,
    EvidenceOut,
    LatestEstimate,
    RecordOut,
    RecordPage,
    SourceOut,
)
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell

Text = Annotated[str | None, Query(max_length=200)]
Month = Annotated[str | None, Query(max_length=7, description="YYYY-MM")]


def register(router: APIRouter, shell: Shell) -> None:
    """Add the read-only endpoints every role that may list records can use."""
    signed_in, _ = readers(shell)
    Session = Annotated[WebSession, Depends(signed_in)]

    @router.get("/records")
    def record_list(
        session: Session,
        q: Text = None,
        case: Text = None,
        source: Text = None,
        event_type: Text = None,
        district: Text = None,
        month_from: Month = None,
        month_to: Month = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> RecordPage:
        """Records matching the filters, identities only in granted cases (audited)."""
        filters = records.RecordFilter(
            case=case or None,
            source=source or None,
            event_type=event_type or None,
            district=district or None,
            month_from=month_from or None,
            month_to=month_to or None,
            text=q or None,
        )
        with shell.lock(session):
            rows = records.list_records(vault_of(session), filters, limit + 1, offset)
        return RecordPage(
            records=[RecordOut.of(row) for row in rows[:limit]],
            offset=offset,
            limit=limit,
            more=len(rows) > limit,
        )

    @router.get("/records/{record_id}")
    def record(session: Session, record_id: str) -> RecordOut:
        """One record; its identity only when its case is granted to you (audited)."""
        with shell.lock(session):
            return RecordOut.of(records.show_record(vault_of(session), record_id))

    @router.get("/counts")
    def counts(session: Session) -> Counts:
        """Record counts by month, event type, district and source."""
        with shell.lock(session):
            return Counts.of(analytics.dashboard_counts(vault_of(session)))

    @router.get("/cases")
    def case_list(session: Session) -> list[CaseOut]:
        """Every assistance case with its workflow fields (no summaries)."""
        with shell.lock(session):
            return [CaseOut.of(case) for case in cases.list_case_details(vault_of(session))]

    @router.get("/cases/view")
    def case(session: Session, name: Annotated[str, Query(max_length=200)]) -> CaseOut:
        """One case; its sealed summary when you hold its key (audited)."""
        with shell.lock(session):
            return CaseOut.of(cases.show_case(vault_of(session), name))

    @router.get("/sources")
    def source_list(session: Session) -> list[SourceOut]:
        """Every source with its number of records and the months covered."""
        with shell.lock(session):
            return [SourceOut.of(row) for row in people.list_sources(vault_of(session))]

    @router.get("/claims")
    def claim_list(session: Session, claim_type: Text = None) -> list[ClaimOut]:
        """Official claims, latest first, with how many records document their subject."""
        with shell.lock(session):
            rows = claims.list_claims(vault_of(session), claim_type or None)
        return [ClaimOut.of(row) for row in rows]

    @router.get("/evidence")
    def evidence_list(session: Session) -> list[EvidenceOut]:
        """Every evidence item's hashes, sizes and type (its file metadata stays sealed)."""
        with shell.lock(session):
            return [EvidenceOut.of(item) for item in evidence.list_evidence(vault_of(session))]

    @router.get("/estimate")
    def latest_estimate(session: Session) -> LatestEstimate:
        """The latest stored estimate of the total with its interval (null before any run)."""
        with shell.lock(session):
            result = analysis_review.latest_estimate(vault_of(session))
        return LatestEstimate(estimate=None if result is None else EstimateOut.of(result))
