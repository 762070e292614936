"""The Reports page: the reports published, the draft, and publishing it.

``/reports`` shows, to roles with ``report.public``, each published report as it went out
(its stored tables: nothing is recomputed to show them) and a link to the draft;
``/reports/draft`` is the draft itself, computed when asked for, the self-contained HTML file
of the report in the page's language; ``/reports/publish`` (``report.publish``) commits the
report to the ledger and sends the browser back to ``/reports?published=ID``: the new report
first, a notice that it was published, and its download form sent by the page's script as it
opens (``data-autostart``), so report.zip is saved and the page is fresh (the wait message
gone, Publish ready again, the list up to date); ``/reports/{id}/download``
(``report.publish``) hands a published report's package out, built in anonymous memory.
"""

from __future__ import annotations

import base64
import hashlib
import re

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.errors import InputError
from uncounted.messages import N_, translated
from uncounted.report.document import render_html
from uncounted.services import analysis_review, ledger, reports
from uncounted.services.permissions import Action, may
from uncounted.web import report_drafts
from uncounted.web.i18n import Translator
from uncounted.web.routes.evidence import built_in_memory, zip_download
from uncounted.web.security import CONTENT_SECURITY_POLICY
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect

router = APIRouter()


class ReportTooLarge(InputError):
    """Raised when the server's memory cannot hold the report package being built."""


@router.get("/reports", response_class=HTMLResponse)
def report_page(
    request: Request, signed: Signed, published: str = "", repeats: str = ""
) -> Response:
    """The reports page; *published* names the report just published (the publish form
    comes back here), which the page announces and starts downloading; *repeats* names the
    published report that the one asked for would repeat word for word (nothing was
    published), which the page names before asking to publish it again all the same. A report
    that publishing now would repeat is named so before the button, with the same tick."""
    with signed.lock:
        listed = reports.published_reports(signed.vault)
        may_publish = may(signed.vault, Action.REPORT_PUBLISH)
        repeated = next((r for r in listed if r.evidence_id == repeats and may_publish), None)
        # said before the button (the refusal after pressing stays, for a page opened before)
        ahead = (
            reports.would_repeat(signed.vault, compute=False)
            if may_publish and not repeated
            else None
        )
        behind = reports.estimate_behind(signed.vault) if may_publish else None
        # the way to an estimate that counts the new records (walkday6: "estimate again"
        # led nowhere while every new run refused or was partial)
        advice = analysis_review.next_estimate(signed.vault) if behind else None
        chosen = analysis_review.headline_estimate(signed.vault)
        # what `uncounted verify --fingerprint` takes, beside the tables' own fingerprint
        # (walkday8: a lawyer gave that one and read "signed by someone else")
        key = ledger.publish_head(signed.vault).public_key.fingerprint if listed else None
    just = next((r for r in listed if r.evidence_id == published and may_publish), None)
    return signed.render(
        request,
        "reports.html",
        published=listed,
        just_published=just,
        repeated=repeated,
        would_repeat=ahead,
        estimate_behind=behind,
        next_estimate=advice,
        headline_left_out=chosen.result.left_out_said() if chosen else None,
        # a run kept before runs kept their histories (session 28): the package's are
        # rebuilt from today's register, approximate once records changed after it
        histories_rebuilt=bool(behind and chosen and chosen.result.histories_kept is None),
        may_publish=may_publish,
        key_fingerprint=key,
    )


@router.get("/reports/draft", response_class=HTMLResponse)
def report_draft(request: Request, signed: Signed) -> Response:
    """The draft, made in the background (the vault held only while its input is read): a
    page naming the step under way, reloading itself, until it is made; then the draft, in
    the page's language, once (:mod:`uncounted.web.report_drafts`)."""
    signed.vault.require(Action.REPORT_PUBLIC)  # an outsider hears 'not allowed' at once
    job = report_drafts.draft_of(signed.shell, signed.session)
    if not job.done.is_set():
        return signed.render(
            request,
            "draft_wait.html",
            step=job.step_number,
            steps=[translated(s, signed.translator, sentence=False) for s in reports.DRAFT_STEPS],
            seconds=job.seconds(),
        )
    report_drafts.forget(signed.session, job)
    if job.failure is not None:
        raise job.failure
    assert job.report is not None  # made when no failure
    html = _marked_as_draft(
        signed, render_html(job.report, signed.translator, signed.session.language)
    )
    return HTMLResponse(html, headers={"Content-Security-Policy": _draft_policy(html)})


def _marked_as_draft(signed: SignedIn, html: str) -> str:
    """The report's page with a banner at the top saying it is a draft, not published, and a
    way back to the Reports page: a screenshot of the draft looked like a published report
    (walkday6 #11). Only the page is marked; the published file is rendered without it."""
    banner = signed.shell.templates.env.get_template("_draft_banner.html").render(_=signed.gettext)
    marked, found = re.subn(r"<body>", lambda _: "<body>\n" + banner, html, count=1)
    assert found == 1, "the report has one <body>"
    return marked


def _draft_policy(html: str) -> str:
    """The app's policy, but allowing the report's own inline styles by their hash: the
    report is one self-contained file, the same one that is published."""
    styles = re.findall(r"<style>(.*?)</style>", html, flags=re.S)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256(s.encode()).digest()).decode() + "'"
        for s in styles
    )
    return CONTENT_SECURITY_POLICY.replace("style-src 'self'", f"style-src 'self' {hashes}")


@router.post("/reports/publish")
async def report_publish(
    signed: SignedForm, confirm: str = Form(""), again: str = Form("")
) -> Response:
    """Publish the report (``report.publish``), once the user ticked that they understand it
    cannot be taken back: it is committed to the ledger for good, and the browser goes to the
    reports page, which downloads it (a hand-out, audited as any other). A report that would
    say what a published one says is not published: the browser goes back to the page, which
    names that report and asks to tick *again* to publish it all the same."""
    if confirm != "yes":
        signed.vault.require(Action.REPORT_PUBLISH)  # an outsider hears 'not allowed' first
        raise InputError(
            N_("tick the box: a published report cannot be taken back; nothing was published")
        )
    translators = {language: Translator(language) for language in ("en", "ru")}

    def publish() -> str:  # the vault held only to read and to commit (the user's pages go on)
        with signed.lock.kept() as turns:
            return reports.publish_report_kept(
                signed.vault, translators, again=again == "yes", hold=turns
            )

    try:
        evidence_id = await signed.shell.run_long(publish)
    except reports.ReportRepeats as repeats:
        return redirect(f"/reports?repeats={repeats.earlier.evidence_id}")
    return redirect(f"/reports?published={evidence_id}")


@router.post("/reports/{evidence_id}/download")
async def report_download(evidence_id: str, signed: SignedForm) -> Response:
    """A published report's package again (``report.publish``; audited as a hand-out)."""
    name, package = await built_in_memory(
        signed,
        "uncounted-report",
        lambda handle: reports.report_package_into(signed.vault, evidence_id, handle),
        ReportTooLarge(
            N_("the report is too large to build in this server's memory; use `uncounted report`")
        ),
    )
    return zip_download(package, name)
