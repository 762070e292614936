"""One draft report being made for a session (``uncounted.web.report_drafts`` makes it): the
step under way, and the draft or what stopped it. Apart from the module that makes it so that
the session (``WebSession.draft``) can hold one without importing the web shell."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from uncounted.messages import Message
from uncounted.report.document import Report
from uncounted.services import reports

__all__ = ["DraftJob"]


@dataclass
class DraftJob:
    """One draft being made: the step under way, and the draft or what stopped it."""

    step: Message = reports.DRAFT_STEPS[0]
    started: float = field(default_factory=time.monotonic)
    report: Report | None = None
    failure: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def told(self, step: str) -> None:
        """Keep the step :func:`~uncounted.services.reports.draft_report` tells."""
        if isinstance(step, Message):
            self.step = step

    @property
    def step_number(self) -> int:
        """Which step is under way, 1 the first."""
        return reports.DRAFT_STEPS.index(self.step) + 1

    def seconds(self) -> int:
        """Seconds since the draft was started."""
        return int(time.monotonic() - self.started)
