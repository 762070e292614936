"""Editing a record on the web makes a new revision, its history shows what changed, and
consent withdrawn destroys the identity only after the record's code is typed.

Against the real app on a real SQLCipher vault (the conftest's); synthetic identities only.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from intake_helpers import VICTIM_NAME, intake_data
from web_helpers import ADMIN, ADMIN_PASS, ANALYST, ANALYST_PASS, GRANTED_NAME, WebVault, sign_in

from uncounted.services import records, revisions, vaults

NEW_NAME = "Зелимхан Тестович"  # synthetic


def _pseudonym(client: TestClient, record_id: str) -> str:
    page = client.get(f"/records/{record_id}").text
    found = re.search(r'<dd class="pseudonym">([^<]+)</dd>', page)
    assert found
    return found.group(1)


def test_an_edit_is_a_new_revision_and_the_history_marks_what_changed(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker granted case-a
    record = web_vault.granted_id
    assert 'href="/records/' + record + '/edit"' in client.get(f"/records/{record}").text
    form = client.get(f"/records/{record}/edit").text
    assert GRANTED_NAME in form and 'name="reason"' in form
    sent = client.post(
        f"/records/{record}/edit",
        data={"csrf_token": token, "name": NEW_NAME, "event_type": "detention", "reason": "typo"},
        follow_redirects=False,
    )
    assert sent.status_code == 303 and sent.headers["location"] == f"/records/{record}/history"
    history = client.get(f"/records/{record}/history").text
    row = history.split('data-field="name"', 1)[1].split("</tr>", 1)[0]
    assert f"<del>{GRANTED_NAME}</del>" in row and f"<ins>{NEW_NAME}</ins>" in row
    assert "typo" in history and "Revision 2" in history
    assert NEW_NAME in client.get(f"/records/{record}").text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        kept = revisions.record_history(admin, record)
        assert [r.identity and r.identity["name"] for r in kept] == [GRANTED_NAME, NEW_NAME]


def test_an_edit_that_changes_nothing_says_nothing_was_saved(
    client: TestClient, web_vault: WebVault
) -> None:
    """walkday7: 'Save as a new revision' with a reason typed and no field changed went back
    to the record saying nothing, as if the correction had been kept."""
    token = sign_in(client, ANALYST, ANALYST_PASS)  # a caseworker granted case-a
    record = web_vault.granted_id
    sent = client.post(
        f"/records/{record}/edit",
        data={"csrf_token": token, "name": GRANTED_NAME, "event_type": "detention", "reason": "x"},
    )
    assert sent.status_code == 200 and str(sent.url).endswith(f"/records/{record}?unchanged=1")
    said = sent.text.split('id="record-unchanged">', 1)[1].split("</p>", 1)[0]
    assert "Nothing was saved: no field was changed" in said
    assert "Revision 2" not in client.get(f"/records/{record}/history").text
    assert 'id="record-unchanged"' not in client.get(f"/records/{record}").text  # only then
    client.post("/language", data={"language": "ru", "csrf_token": token})
    russian = client.get(f"/records/{record}?unchanged=1").text
    assert "Ничего не сохранено: ни одно поле не изменено" in russian


def test_a_testimonys_history_shows_no_internal_id(client: TestClient, web_vault: WebVault) -> None:
    """A record told in a testimony carries the id of its event inside the vault: its history
    showed that code as a field ("Event a87f60c300f1489d")."""
    token = sign_in(client, ADMIN, ADMIN_PASS)
    told = client.post("/testimony", data=intake_data(token))
    assert told.status_code == 200, told.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        (record,) = [
            view.record_id
            for view in records.list_records(admin)
            if view.identity and view.identity.get("name") == VICTIM_NAME
        ]
        event = records.show_record(admin, record).analytic["event_id"]
    history = client.get(f"/records/{record}/history").text
    first = history.split('id="revision-1"', 1)[1]
    assert VICTIM_NAME in first
    # the event's id is shown only inside the record's number in its list ("<event>-1")
    assert first.count(event) == first.count(f"{event}-"), "the event's internal id is shown"


def test_a_bad_value_is_shown_at_its_field_and_nothing_is_saved(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    record = web_vault.granted_id
    sent = client.post(
        f"/records/{record}/edit",
        data={"csrf_token": token, "birth_date": "не дата", "event_type": "detention"},
    )
    assert sent.status_code == 400
    assert 'id="birth_date-error"' in sent.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        assert records.show_record(admin, record).revision == 1


def test_without_the_grant_neither_edit_nor_history_opens(
    client: TestClient, web_vault: WebVault
) -> None:
    sign_in(client, ANALYST, ANALYST_PASS)
    other = web_vault.other_id  # case-b, not granted to the caseworker
    assert client.get(f"/records/{other}/edit").status_code == 403
    assert client.get(f"/records/{other}/history").status_code == 403
    assert "/edit" not in client.get(f"/records/{other}").text


def test_withdrawal_needs_the_records_code_and_leaves_a_tombstone(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ADMIN, ADMIN_PASS)
    record = web_vault.granted_id
    code = _pseudonym(client, record)
    page = client.get(f"/records/{record}/withdraw").text
    assert "cannot be undone" in page and code in page
    wrong = client.post(f"/records/{record}/withdraw", data={"csrf_token": token, "code": "X"})
    assert wrong.status_code == 400 and "nothing was destroyed" in wrong.text
    assert GRANTED_NAME in client.get(f"/records/{record}").text
    done = client.post(
        f"/records/{record}/withdraw",
        data={"csrf_token": token, "code": code.lower()},
        follow_redirects=False,
    )
    assert done.status_code == 303
    shown = client.get(f"/records/{record}").text
    assert GRANTED_NAME not in shown and "Consent was withdrawn" in shown
    assert client.get(f"/records/{record}/edit").status_code == 400  # a tombstone stays one
    dashboard = client.get("/").text.split('id="dashboard-records"', 1)[1].split("</p>", 1)[0]
    assert "including 1 whose consent was withdrawn" in dashboard


def test_a_withdrawn_records_history_is_offered_only_to_whoever_may_open_it(
    client: TestClient, web_vault: WebVault
) -> None:
    other = web_vault.other_id  # case-b: the admin holds it, the caseworker does not
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        revisions.withdraw_record(admin, other)
    sign_in(client, ADMIN, ADMIN_PASS)
    assert f'href="/records/{other}/history"' in client.get(f"/records/{other}").text
    assert client.get(f"/records/{other}/history").status_code == 200
    sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get(f"/records/{other}")
    assert page.status_code == 200 and "Consent was withdrawn" in page.text
    assert "/history" not in page.text  # a link that could only end in "not permitted"
    assert client.get(f"/records/{other}/history").status_code == 403


def test_a_caseworker_may_not_withdraw(client: TestClient, web_vault: WebVault) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    record = web_vault.granted_id
    assert client.get(f"/records/{record}/withdraw").status_code == 403
    refused = client.post(
        f"/records/{record}/withdraw", data={"csrf_token": token, "code": "anything"}
    )
    assert refused.status_code == 403
    assert "/withdraw" not in client.get(f"/records/{record}").text


def test_what_is_typed_into_the_edit_form_is_kept_until_saved(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    record = web_vault.granted_id
    kept = client.post(
        f"/records/{record}/edit/draft",
        data={"csrf_token": token, "name": NEW_NAME, "reason": "half typed"},
    )
    assert kept.status_code == 204
    form = client.get(f"/records/{record}/edit").text
    assert f'value="{NEW_NAME}"' in form and "half typed" in form
    assert "What you typed earlier is back" in form
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:  # a draft is not a revision
        assert records.show_record(admin, record).revision == 1
    client.post(
        f"/records/{record}/edit",
        data={"csrf_token": token, "name": NEW_NAME, "event_type": "detention"},
    )
    again = client.get(f"/records/{record}/edit").text
    assert "What you typed earlier is back" not in again


def test_the_status_over_time_is_chosen_from_labels_not_typed_as_codes(
    client: TestClient, web_vault: WebVault
) -> None:
    token = sign_in(client, ANALYST, ANALYST_PASS)
    record = web_vault.granted_id
    form = client.get(f"/records/{record}/edit").text
    assert 'name="status_history-code-0"' in form and ">Released<" in form
    sent = client.post(
        f"/records/{record}/edit",
        data={
            "csrf_token": token,
            "event_type": "detention",
            "status_history-rows": "2",
            "status_history-code-0": "detained",
            "status_history-date-0": "2017-03",
            "status_history-code-1": "released",
            "status_history-date-1": "2017-05-20",
        },
        follow_redirects=False,
    )
    assert sent.status_code == 303, sent.text
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        shown = records.show_record(admin, record)
    assert shown.analytic["status"] == "released"
    assert shown.identity is not None
    assert shown.identity["status_history"] == "2017-03 detained\n2017-05-20 released"
    again = client.get(f"/records/{record}/edit").text  # the rows come back, one more to add
    assert 'name="status_history-code-2"' in again
