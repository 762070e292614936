"""The draft report made in the background, one per session, and how far it is.

Why: the draft took 31 to 50 s on the demo vault at load, and the Reports page's link showed
nothing meanwhile (the browser's own spinner at most); a user who clicked again started a
second draft beside the first. Now opening the draft starts it on a long-work thread (one of
``WebSettings.long_work_threads``, which the server's shutdown waits for) and answers at once
with a page that names the step under way (``draft_wait.html``, reloading itself); opening it
again while it is made shows that page again, never a second draft; the page that finds it
made shows it and forgets it (the next opening makes a new one: a draft is the report as it
would be published *now*).

What is kept: the draft's :class:`~uncounted.report.document.Report` (the protected tables
and the figures beside them, no identity) in the session's memory until it is shown, dropped
with the session. The vault is held only while the draft's input is read
(:func:`uncounted.services.reports.draft_report`), as before.
"""

from __future__ import annotations

import threading
from functools import partial

from uncounted.services import reports
from uncounted.web.draft_job import DraftJob
from uncounted.web.sessions import WebSession
from uncounted.web.shell import Shell, vault_of

__all__ = ["draft_of", "forget"]


def draft_of(shell: Shell, session: WebSession) -> DraftJob:
    """The session's draft: the one under way or made, else a new one, started now on one
    of *shell*'s long-work threads (:meth:`~uncounted.web.shell.Shell.start_long`)."""
    with _STARTING:
        job = session.draft
        if job is None:
            job = session.draft = DraftJob()
            shell.start_long(partial(_make, session, job))
    return job


def forget(session: WebSession, job: DraftJob) -> None:
    """Drop *job*, once shown (the next opening of the draft makes a new one)."""
    with _STARTING:
        if session.draft is job:
            session.draft = None


def _make(session: WebSession, job: DraftJob) -> None:
    try:
        job.report = reports.draft_report(vault_of(session), hold=session.lock, progress=job.told)
    except BaseException as failure:  # shown by the page that finds it (its own words)
        job.failure = failure
    finally:
        job.done.set()


#: Guards the start of a session's draft: two openings at once start one.
_STARTING = threading.Lock()
