"""Reading the vault through the API: records, counts, cases, sources, claims, evidence."""

# No `from __future__ import annotations`: FastAPI reads these routes' annotations at
# definition time.
from typing import Annotated

from fastapi import APIRouter, Query

from uncounted.services import analysis_review, analytics, cases, claims, evidence, people, records
from uncounted.web.api.errors import ApiRoute
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
from uncounted.web.shell import Signed

Text = Annotated[str | None, Query(max_length=200)]
Month = Annotated[str | None, Query(max_length=7, description="YYYY-MM")]

router = APIRouter(route_class=ApiRoute)


@router.get("/records")
def record_list(
    signed: Signed,
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
    )
    with signed.lock:
        rows = records.list_records(signed.vault, filters, limit + 1, offset, text=q or "")
    return RecordPage(
        records=[RecordOut.of(row) for row in rows[:limit]],
        offset=offset,
        limit=limit,
        more=len(rows) > limit,
    )


@router.get("/records/{record_id}")
def record(signed: Signed, record_id: str) -> RecordOut:
    """One record; its identity only when its case is granted to you (audited)."""
    with signed.lock:
        return RecordOut.of(records.show_record(signed.vault, record_id))


@router.get("/counts")
def counts(signed: Signed) -> Counts:
    """People counted as victims (each once) by month, event type, district and source."""
    with signed.lock:
        return Counts.of(analytics.dashboard_counts(signed.vault))


@router.get("/cases")
def case_list(signed: Signed) -> list[CaseOut]:
    """Every assistance case with its workflow fields (no summaries)."""
    with signed.lock:
        return [CaseOut.of(case) for case in cases.list_case_details(signed.vault)]


@router.get("/cases/view")
def case(signed: Signed, name: Annotated[str, Query(max_length=200)]) -> CaseOut:
    """One case; its sealed summary when you hold its key (audited)."""
    with signed.lock:
        return CaseOut.of(cases.show_case(signed.vault, name))


@router.get("/sources")
def source_list(signed: Signed) -> list[SourceOut]:
    """Every source with its number of records and the months covered."""
    with signed.lock:
        return [SourceOut.of(row) for row in people.list_sources(signed.vault)]


@router.get("/claims")
def claim_list(signed: Signed, claim_type: Text = None) -> list[ClaimOut]:
    """Official claims, latest first, with how many records document their subject."""
    with signed.lock:
        rows = claims.list_claims(signed.vault, claim_type or None)
    return [ClaimOut.of(row) for row in rows]


@router.get("/evidence")
def evidence_list(signed: Signed) -> list[EvidenceOut]:
    """Every evidence item's hashes, sizes and type (its file metadata stays sealed)."""
    with signed.lock:
        return [EvidenceOut.of(item) for item in evidence.list_evidence(signed.vault)]


@router.get("/estimate")
def latest_estimate(signed: Signed) -> LatestEstimate:
    """The headline estimate of the total with its interval (null until one is chosen)."""
    with signed.lock:
        chosen = analysis_review.headline_estimate(signed.vault)
    return LatestEstimate(
        estimate=None if chosen is None else EstimateOut.of(chosen.result, chosen)
    )
