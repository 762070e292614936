"""Analysis: review the pairs linkage was unsure about, run an estimate, see its posterior.

Linkage and estimation run in the services; this module only shows their results. The
posterior plot is an SVG drawn on the server from numbers (no script, no outside asset).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from uncounted.estimate.plot import WORDS, in_language
from uncounted.services import analysis_review
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.shell import Signed, SignedForm, redirect

router = APIRouter()


def field_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """The linkage fields' names in the user's language."""
    return {
        "name": gettext("Name"),
        "name_original": gettext("Name as written in the source"),
        "birth_date": gettext("Birth date"),
        "age": gettext("Age"),
        "sex": gettext("Sex"),
        "place": gettext("Place"),
        "event_date": gettext("Event date"),
        "event_type": gettext("Event type"),
    }


@router.get("/analysis", response_class=HTMLResponse)
def analysis_page(request: Request, signed: Signed) -> Response:
    may_run = may(signed.vault, Action.ESTIMATE_RUN)
    with signed.lock:
        latest = analysis_review.latest_estimate(signed.vault)
        runs = analysis_review.estimate_runs(signed.vault)
        headline = analysis_review.headline_estimate(signed.vault)
        lists = analysis_review.estimate_lists(signed.vault) if may_run else []
        advice = analysis_review.next_estimate(signed.vault)
    return signed.render(
        request,
        "analysis.html",
        latest=latest,
        runs=runs,
        headline=headline,
        may_publish=may(signed.vault, Action.ESTIMATE_PUBLISH),
        labels=Labels(signed.session.language),
        # drawn by uncounted.estimate.plot from numbers only, every text in it escaped; its
        # words put in the page's language (the vault keeps the picture in English)
        plot=Markup(in_language(latest.posterior_svg, _words(signed.gettext)))  # noqa: S704
        if latest
        else None,
        methods=analysis_review.ESTIMATE_METHODS,
        may_run=may_run,
        estimate_lists=lists,
        sharing_no_one=advice.sharing_no_one,
        none_shared=advice.none_shared_advice(),
    )


def _words(gettext: Callable[[str], str]) -> dict[str, str]:
    """The estimate picture's words (:data:`uncounted.estimate.plot.WORDS`) translated."""
    return {key: gettext(template) for key, template in WORDS.items()}


@router.post("/analysis/estimate", response_class=HTMLResponse)
async def run_estimate(
    signed: SignedForm,
    method: str = Form("lcmcr"),
    event_type: str = Form(""),
    lists: Annotated[list[str] | None, Form()] = None,
    offered: Annotated[list[str] | None, Form()] = None,
) -> Response:
    # the boxes left unticked among those the page offered: a list imported since the page
    # was opened is in the estimate, never left out unseen
    leave_out = [name for name in offered or () if name not in set(lists or ())]

    def estimate() -> None:
        with signed.lock:
            analysis_review.estimate_from_register(
                signed.vault, method, event_type or None, relink=True, leave_out=leave_out
            )

    await signed.shell.run_long(estimate)
    return redirect("/analysis")


@router.post("/analysis/publish", response_class=HTMLResponse)
def publish(signed: SignedForm, run: int = Form(0)) -> Response:
    with signed.lock:
        analysis_review.publish_estimate(signed.vault, run)
    return redirect("/analysis")


@router.get("/analysis/review", response_class=HTMLResponse)
async def review_page(request: Request, signed: Signed) -> Response:
    review, nothing = None, None

    def link() -> analysis_review.LinkageReview:
        with signed.lock:
            return analysis_review.review_linkage(signed.vault)

    try:
        review = await signed.shell.run_long(link)
    except analysis_review.NothingToAnalyse as refused:
        nothing = refused.translated(signed.gettext)
    return signed.render(
        request,
        "analysis_review.html",
        review=review,
        nothing=nothing,
        labels=Labels(signed.session.language),
        field_labels=field_labels(signed.gettext),
    )


@router.post("/analysis/decide", response_class=HTMLResponse)
def decide(  # one parameter per field of the form
    signed: SignedForm,
    source_l: str = Form(""),
    record_id_l: str = Form(""),
    source_r: str = Form(""),
    record_id_r: str = Form(""),
    decision: str = Form(""),
) -> Response:
    with signed.lock:
        analysis_review.decide_pair(
            signed.vault, (source_l, record_id_l), (source_r, record_id_r), decision == "match"
        )
    return redirect("/analysis/review")
