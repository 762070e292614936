"""Dates kept on one line on a page, and only there.

A 390 px phone broke «2026-/12-06» at its hyphen (stop 22). Stop 23 put the no-break forms
into the message text itself, so the command line's errors carried them too and a date copied
from one no longer parsed (grep for 2026-12-06 found nothing). The page's rendering does it
now: each date ("2026-12-06") and date and time ("2026-12-06 17:26 UTC") in a sentence the
web shows gets NON-BREAKING HYPHENs and NO-BREAK SPACEs, drawn as the hyphen and the space
they stand for; the text the core packages write stays plain.
"""

from __future__ import annotations

import re

#: A date, with its time to the minute and "UTC" when it has them, as uncounted writes one.
_DATE = re.compile(r"(?<![\d\-])\d{4}-\d\d-\d\d(?: \d\d:\d\d(?: UTC)?)?(?![\d\-])")
#: What a hyphen and a space become: NON-BREAKING HYPHEN and NO-BREAK SPACE.
_NO_BREAK = str.maketrans({"-": "\u2011", " ": "\u00a0"})


def unbroken(text: str) -> str:
    """*text* with each date in it kept on one line (its hyphens and spaces no-break)."""
    return _DATE.sub(lambda found: found.group().translate(_NO_BREAK), text)


def whole(text: str) -> str:
    """*text* (a time in words: "today 02:14", "2017-03-25 02:14 UTC") kept on one line."""
    return text.translate(_NO_BREAK)
