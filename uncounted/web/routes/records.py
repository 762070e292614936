"""The dashboard, the list of records with filters, and one record's page."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from uncounted.report.charts import (
    bar_chart_svg,
    chart_span,
    column_chart_svg,
    far_months_note,
)
from uncounted.services import analysis_review, analytics, cases, records, register, revisions
from uncounted.web.labels import Labels
from uncounted.web.paging import Paging
from uncounted.web.record_rows import record_rows
from uncounted.web.routes.evidence import evidence_on_page
from uncounted.web.routes.revisions import may_edit
from uncounted.web.search_form import kept, search_of
from uncounted.web.search_ready import waiting_page
from uncounted.web.shell import Signed
from uncounted.web.timestamps import when, zone_of

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, signed: Signed) -> Response:
    with signed.lock:
        counts = analytics.dashboard_counts(signed.vault)
        out_of_reach = register.unplaced_out_of_reach(signed.vault)
        withdrawn = revisions.withdrawn_count(signed.vault)
        headline = analysis_review.headline_estimate(signed.vault)
        behind = analysis_review.records_since(signed.vault, headline.result) if headline else 0
    _ = signed.gettext
    labels = Labels(signed.session.language)
    months = {k: v for k, v in counts.by_month.items() if k != analytics.UNKNOWN}

    def named(code: str, label: Callable[[str], str]) -> str:
        return _("Not known") if code == analytics.UNKNOWN else label(code)

    # what the month chart counts, beside the report's, which counts otherwise (reportux4)
    by_month = _(
        "A person once in each month their records tell (the published report's month chart"
        " counts a person once under each violation, in the month of its earliest record)."
    )
    drawn, far = chart_span(months)  # a mistyped year (1917) stretched it over a century
    if far:
        by_month += " " + far_months_note(far, signed.translator)
    charts = [
        (_("People by month"), column_chart_svg(_("People by month"), drawn), by_month),
        (
            _("People by event type"),
            bar_chart_svg(
                _("People by event type"),
                {named(k, labels.event_type): v for k, v in counts.by_event_type.items()},
            ),
            "",
        ),
        (
            _("People by act done to them"),
            bar_chart_svg(
                _("People by act done to them"),
                {labels.term("act_types", k): v for k, v in counts.by_act.items()},
            ),
            "",
        ),
        (
            _("People by district"),
            bar_chart_svg(
                _("People by district"),
                {named(k, labels.place): v for k, v in counts.by_district.items()},
            ),
            "",
        ),
    ]
    return signed.render(
        request,
        "dashboard.html",
        counts=counts,
        out_of_reach=out_of_reach,
        withdrawn=withdrawn,
        labels=labels,
        latest=headline.result if headline else None,
        headline=headline,
        records_since=behind,
        # the SVG is built by uncounted.report.charts, which escapes every label
        charts=[(title, Markup(svg), what) for title, svg, what in charts if svg],  # noqa: S704
    )


@router.get("/records", response_class=HTMLResponse)
def record_list(
    request: Request,
    signed: Signed,
    search: str = "",
    source: str = "",
    event_type: str = "",
    district: str = "",
    page: int = 1,
) -> Response:
    paging = Paging.at(page)
    searched = search_of(signed, search)
    if (waiting := waiting_page(request, signed, searched.text)) is not None:
        return waiting
    filters = records.RecordFilter(
        source=source or None,
        event_type=event_type or None,
        district=district or None,
    )
    with signed.lock:
        found = records.find_records(
            signed.vault, filters, paging.limit, paging.offset, text=searched.text
        )
        present = analytics.record_districts(signed.vault)
    labels = Labels(signed.session.language)
    districts = sorted(
        ((code, labels.place(code)) for code in present if code != analytics.UNKNOWN),
        key=lambda choice: choice[1],
    )
    rows = found.views
    _ = signed.gettext
    heads = [_("Person"), _("Source"), _("Event type"), _("Month"), _("District"), _("Case")]
    return signed.render(
        request,
        "records.html",
        shown=len(paging.rows(rows)),
        heads=heads,
        rows_html=record_rows(paging.rows(rows), labels, heads),
        more=paging.more(rows),
        page=paging.number,
        labels=labels,
        event_types=labels.choices("event_types"),
        districts=districts,
        search=searched,
        found=found,
        filtered=bool(searched.text or source or event_type or district),
        query={"source": source, "event_type": event_type, "district": district},
    )


#: the list's filter form: its search text kept in the session, the list shown with a token
router.post("/records", response_class=HTMLResponse)(kept)


@router.get("/records/{record_id}", response_class=HTMLResponse)
def record_page(
    request: Request, signed: Signed, record_id: str, attached: int = 0, unchanged: int = 0
) -> Response:
    """A record; *unchanged*: an edit was sent that changed no field, so no revision was
    saved (said, or a reason typed for nothing would seem kept)."""
    with signed.lock:
        record = records.show_record(signed.vault, record_id)
        case_number = cases.case_number(signed.vault, record.case)
        on_register = register.person_of(signed.vault, record_id)
        shown = evidence_on_page(
            signed, f"/records/{quote(record_id)}", [record], records=[record_id]
        )
        history = record.identity is not None or (
            record.withdrawn_at is not None and revisions.history_opens(signed.vault, record)
        )
    language = signed.session.language
    return signed.render(
        request,
        "record.html",
        record=record,
        labels=Labels(language),
        happened=records.what_happened(record),
        event_fields=records.EVENT_IDENTITY_FIELDS,
        attached=attached,
        unchanged=bool(unchanged),
        **shown,
        may=may_edit(signed),
        history=history,
        on_register=on_register,
        case_number=case_number,
        withdrawn=when(record.withdrawn_at, language, zone_of(request))
        if record.withdrawn_at
        else None,
    )
