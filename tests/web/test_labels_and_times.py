"""Labels, not codes, and times in words in the user's time zone (issue 14)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, WebVault, sign_in

from uncounted.model import vocabulary
from uncounted.services import records, vaults
from uncounted.web.timestamps import when

MOSCOW = ZoneInfo("Europe/Moscow")
NOW = dt.datetime(2026, 12, 5, 0, 30, tzinfo=dt.UTC)  # 03:30 in Moscow


def test_times_are_in_words_in_the_users_zone() -> None:
    # each kept on one line of a page: its hyphens and spaces the no-break kind (U+2011,
    # U+00A0), which read the same (uncounted.web.unbroken)
    said = {
        ("2026-12-04T23:14:00+00:00", "ru", MOSCOW): "сегодня 02:14",
        ("2026-12-04T23:14:00+00:00", "en", None): "yesterday 23:14 UTC",
        ("2026-12-04T10:00:00+00:00", "en", MOSCOW): "yesterday 13:00",
        ("2026-11-30T20:00:00+00:00", "en", MOSCOW): "2026-11-30 23:00",
    }
    for (stored, language, zone), words in said.items():
        shown = when(stored, language, zone, NOW)
        assert shown == words.replace("-", "\u2011").replace(" ", "\u00a0")
    assert when("not a time", "en", MOSCOW, NOW) == "not a time"


@given(st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2090, 1, 1)))
def test_the_clock_shown_is_the_local_clock(moment: dt.datetime) -> None:
    stored = moment.replace(tzinfo=dt.UTC, microsecond=0).isoformat()
    shown = when(stored, "en", MOSCOW, NOW)
    local = moment.replace(tzinfo=dt.UTC).astimezone(MOSCOW)
    assert shown.endswith(local.strftime("%H:%M"))


def test_a_record_page_names_its_fields_and_places(client: TestClient, web_vault: WebVault) -> None:
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        record_id = records.create_record(
            admin,
            records.RecordDraft(
                case="case-a",
                source="hotline",
                event_type="detention",
                event_month="2017-03",
                analytic={"role": "victim"},
                identity={
                    "name": "Labelled Testov",
                    "event_date": "2017-03-25",
                    "place": "ru-ce-grozny",
                    "perpetrator_unit": "a unit",
                },
            ),
        )
    sign_in(client, ANALYST, ANALYST_PASS)
    client.cookies.set("uncounted_tz", "Europe/Moscow")
    page = client.get(f"/records/{record_id}").text
    for code in ("event_date", "ru-ce-grozny", "perpetrator_unit"):
        assert code not in page.split("<main", 1)[1].replace(f"/records/{record_id}", "")
    assert "Date of the event" in page and "Unit or official, as told" in page
    assert "Grozny" in page


def test_an_act_of_three_things_is_read_with_its_commas(client: TestClient) -> None:
    """The testimony form offered 'Лишение еды воды или сна' ('Deprivation of food water or
    sleep'): the list's commas were missing. A list that spells it the old way still names it."""
    token = sign_in(client, ANALYST, ANALYST_PASS)
    assert "Deprivation of food, water or sleep" in client.get("/testimony").text
    client.post("/language", data={"language": "ru", "csrf_token": token})
    assert "Лишение еды, воды или сна" in client.get("/testimony").text
    acts = vocabulary.load("act_types")
    assert acts.lookup("Лишение еды воды или сна") == acts.lookup("starvation") == "deprivation"
