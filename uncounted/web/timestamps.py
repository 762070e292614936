"""Times as a tired person reads them: in their own time zone, and in words ("today 02:14").

The vault keeps UTC (``uncounted.vault.clock``). The browser tells its time zone in the
``uncounted_tz`` cookie (an IANA name set by ``static/app.js``; not identifying, and checked
against the zone database here); without it, times are shown in UTC and say so.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request

from uncounted.web.i18n import Translator
from uncounted.web.unbroken import whole

ZONE_COOKIE = "uncounted_tz"


def zone_of(request: Request) -> ZoneInfo | None:
    """The browser's time zone from its cookie, or None when absent or not a known zone."""
    name = request.cookies.get(ZONE_COOKIE, "")
    if not name or len(name) > 64 or ".." in name or name.startswith("/"):
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def when(stored: str, language: str, zone: ZoneInfo | None, now: dt.datetime | None = None) -> str:
    """*stored* (the vault's UTC ISO time) in *zone* and in words: "today 02:14",
    "yesterday 23:50", else "2017-03-25 02:14"; "UTC" added when the zone is not known; kept
    on one line (:func:`~uncounted.web.unbroken.whole`: a page's, never a message's)."""
    _ = Translator(language).gettext
    try:
        moment = dt.datetime.fromisoformat(stored)
    except ValueError:
        return stored
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    here = zone or dt.UTC
    local = moment.astimezone(here)
    today = (now or dt.datetime.now(dt.UTC)).astimezone(here).date()
    clock = local.strftime("%H:%M")
    if local.date() == today:
        text = _("today {time}").format(time=clock)
    elif local.date() == today - dt.timedelta(days=1):
        text = _("yesterday {time}").format(time=clock)
    else:
        text = f"{local.date().isoformat()} {clock}"
    return whole(text if zone is not None else f"{text} UTC")
