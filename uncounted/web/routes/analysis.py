"""Analysis: review the pairs linkage was unsure about, run an estimate, see its posterior.

Linkage and estimation run in the services; this module only shows their results. The
posterior plot is an SVG drawn on the server from numbers (no script, no outside asset).
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup

from uncounted.services import analysis_review
from uncounted.services.permissions import Action, may
from uncounted.web.labels import Labels
from uncounted.web.shell import Shell, redirect, vault_of


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


def register(app: FastAPI, shell: Shell) -> None:
    """Add the analysis pages."""

    @app.get("/analysis", response_class=HTMLResponse)
    def analysis_page(request: Request) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            latest = analysis_review.latest_estimate(vault)
        return shell.render(
            request,
            "analysis.html",
            session,
            latest=latest,
            # drawn by uncounted.estimate.plot from numbers only, every text in it escaped
            plot=Markup(latest.posterior_svg) if latest else None,  # noqa: S704
            methods=analysis_review.ESTIMATE_METHODS,
            may_run=may(vault, Action.ESTIMATE_RUN),
        )

    @app.post("/analysis/estimate", response_class=HTMLResponse)
    async def run_estimate(
        request: Request, method: str = Form("lcmcr"), csrf_token: str = Form("")
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)

        def estimate() -> None:
            with shell.lock(session):
                analysis_review.run_estimate(vault, method)

        await shell.run_long(estimate)
        return redirect("/analysis")

    @app.get("/analysis/review", response_class=HTMLResponse)
    async def review_page(request: Request) -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        review, nothing = None, None

        def link() -> analysis_review.LinkageReview:
            with shell.lock(session):
                return analysis_review.review_linkage(vault)

        try:
            review = await shell.run_long(link)
        except analysis_review.NothingToAnalyse as refused:
            nothing = refused.translated(shell.translator(request, session).gettext)
        return shell.render(
            request,
            "analysis_review.html",
            session,
            review=review,
            nothing=nothing,
            labels=Labels(session.language),
            field_labels=field_labels(shell.translator(request, session).gettext),
        )

    @app.post("/analysis/decide", response_class=HTMLResponse)
    def decide(  # one parameter per field of the form
        request: Request,
        source_l: str = Form(""),
        record_id_l: str = Form(""),
        source_r: str = Form(""),
        record_id_r: str = Form(""),
        decision: str = Form(""),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            analysis_review.decide_pair(
                vault, (source_l, record_id_l), (source_r, record_id_r), decision == "match"
            )
        return redirect("/analysis/review")
