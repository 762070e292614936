"""The JSON API on a real vault: sign-in, the one error shape, identities only when granted."""

from __future__ import annotations

from fastapi.testclient import TestClient
from web_helpers import (
    ADMIN,
    ADMIN_PASS,
    ANALYST,
    ANALYST_PASS,
    GRANTED_NAME,
    OTHER_NAME,
    WebVault,
)

from uncounted.services import records, vaults
from uncounted.vault import analysis_store
from uncounted.vault.analysis_store import StoredResult
from uncounted.web import WebSettings, app_for_vault


def api_sign_in(client: TestClient, user: str, passphrase: str) -> str:
    response = client.post("/api/session", json={"user": user, "passphrase": passphrase})
    assert response.status_code == 200, response.text
    return str(response.json()["csrf_token"])


def test_every_error_has_the_one_shape(client: TestClient) -> None:
    signed_out = client.get("/api/records")
    assert signed_out.status_code == 401
    assert signed_out.json() == {
        "error": {"code": "sign_in_required", "message": "Sign in first; the session has ended."}
    }
    api_sign_in(client, ANALYST, ANALYST_PASS)
    answers = {
        "forbidden": client.get("/api/users"),
        "not_found": client.get("/api/records/" + "0" * 32),
        "malformed_request": client.get("/api/records", params={"limit": "many"}),
        "csrf_refused": client.post("/api/users", json={}),
        "no_such_endpoint": client.get("/api/nothing-here"),
    }
    statuses = {"forbidden": 403, "not_found": 404, "malformed_request": 422}
    statuses |= {"csrf_refused": 403, "no_such_endpoint": 404}
    for code, response in answers.items():
        assert response.status_code == statuses[code], code
        body = response.json()
        assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
        assert body["error"]["code"] == code
        assert "\n" not in body["error"]["message"]
    assert "limit" in answers["malformed_request"].json()["error"]["message"]


def test_a_malformed_sign_in_never_echoes_the_passphrase(client: TestClient) -> None:
    secret = "my very secret passphrase" * 100  # too long: refused by validation
    response = client.post("/api/session", json={"user": ADMIN, "passphrase": secret})
    assert response.status_code == 422
    assert "secret" not in response.text
    wrong = client.post("/api/session", json={"user": ADMIN, "passphrase": "not it at all"})
    assert wrong.status_code == 401
    assert wrong.json()["error"]["code"] == "wrong_passphrase"
    assert "not it" not in wrong.text


def test_identity_only_in_granted_cases(client: TestClient, web_vault: WebVault) -> None:
    api_sign_in(client, ANALYST, ANALYST_PASS)
    listed = client.get("/api/records").json()
    by_id = {row["id"]: row for row in listed["records"]}
    assert by_id[web_vault.granted_id]["identity"] == {"name": GRANTED_NAME}
    assert by_id[web_vault.other_id]["identity"] is None
    assert by_id[web_vault.other_id]["pseudonym"]
    assert OTHER_NAME not in client.get(f"/api/records/{web_vault.other_id}").text
    one = client.get(f"/api/records/{web_vault.granted_id}").json()
    assert one["identity"] == {"name": GRANTED_NAME}


def test_filters_and_paging(client: TestClient, web_vault: WebVault) -> None:
    api_sign_in(client, ADMIN, ADMIN_PASS)
    killings = client.get("/api/records", params={"event_type": "killing"}).json()
    assert [row["id"] for row in killings["records"]] == [web_vault.other_id]
    march = client.get("/api/records", params={"month_from": "2017-03", "month_to": "2017-03"})
    assert [row["id"] for row in march.json()["records"]] == [web_vault.granted_id]
    first = client.get("/api/records", params={"limit": 1}).json()
    second = client.get("/api/records", params={"limit": 1, "offset": 1}).json()
    assert first["more"] and not second["more"]
    assert {first["records"][0]["id"], second["records"][0]["id"]} == {
        web_vault.granted_id,
        web_vault.other_id,
    }
    counts = client.get("/api/counts").json()
    assert counts["total"] == 2
    assert counts["by_event_type"] == {"detention": 1, "killing": 1}


def test_counts_follow_new_records(client: TestClient, web_vault: WebVault) -> None:
    api_sign_in(client, ANALYST, ANALYST_PASS)
    assert client.get("/api/counts").json()["by_event_type"] == {"detention": 1, "killing": 1}
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        draft = records.RecordDraft(
            case="case-b", source="ngo", event_type="killing", analytic={"role": "victim"}
        )
        records.create_record(admin, draft)
    counts = client.get("/api/counts").json()
    assert counts["total"] == 3
    assert counts["by_event_type"] == {"killing": 2, "detention": 1}
    assert counts["by_source"] == {"hotline": 2, "ngo": 1}


def test_the_estimate_is_null_until_a_run_is_chosen_then_its_figures(
    client: TestClient, web_vault: WebVault
) -> None:
    api_sign_in(client, ANALYST, ANALYST_PASS)
    assert client.get("/api/estimate").json() == {"estimate": None}
    stored = StoredResult(
        id=0,
        created_at="2026-11-25T12:00:00+00:00",
        method="lcmcr",
        linked_records=2,
        left_out=0,
        people=2,
        lists=("hotline", "ngo"),
        observed=2,
        point=None,
        median=5.0,
        q025=2.0,
        q975=11.0,
        warnings=("few records", "two lists only"),
        posterior_svg="<svg></svg>",
        cautions=("few records",),
    )
    with vaults.unlock(web_vault.path, ADMIN, ADMIN_PASS) as admin:
        run = analysis_store.save_result(admin, stored)
        assert client.get("/api/estimate").json() == {"estimate": None}  # saved, not chosen
        analysis_store.publish(admin, run)
    latest = client.get("/api/estimate").json()["estimate"]
    assert (latest["median"], latest["q025"], latest["q975"]) == (5.0, 2.0, 11.0)
    assert latest["chosen_by"] == ADMIN and latest["author"] == ADMIN
    assert latest["lists"] == ["hotline", "ngo"] and "posterior_svg" not in latest
    assert latest["warnings"] == ["few records", "two lists only"]
    assert latest["cautions"] == ["few records"]


def test_the_api_and_the_pages_share_one_session(client: TestClient) -> None:
    csrf = api_sign_in(client, ANALYST, ANALYST_PASS)
    page = client.get("/records", follow_redirects=False)
    assert page.status_code == 200
    assert csrf in page.text  # the forms on the page carry the same token
    assert client.get("/api/session").json()["user"] == ANALYST


def test_admin_adds_a_user_and_grants_a_case_who_then_sees_it(
    client: TestClient, web_vault: WebVault
) -> None:
    csrf = api_sign_in(client, ADMIN, ADMIN_PASS)
    header = {"X-CSRF-Token": csrf}
    new_user = {"name": "zarema", "role": "legal", "passphrase": "legal passphrase here"}
    added = client.post("/api/users", json=new_user, headers=header)
    assert added.json() == {"name": "zarema", "role": "legal"}
    granted = client.post("/api/grants", json={"case": "case-b", "user": "zarema"}, headers=header)
    assert granted.json() == {"done": True}
    access = {row["case"]: row["granted"] for row in client.get("/api/grants").json()}
    assert "zarema" in access["case-b"]
    actions = [entry["action"] for entry in client.get("/api/audit").json()]
    assert "user.add" in actions
    assert client.delete("/api/session", headers=header).json() == {"done": True}

    zarema = api_sign_in(client, "zarema", "legal passphrase here")
    refused = client.get(f"/api/records/{web_vault.other_id}")  # the admin chose it: change it
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "passphrase_change_required"
    own = {
        "current": "legal passphrase here",
        "new": "zarema's own words only",
        "csrf_token": zarema,
    }
    client.post("/account/passphrase", data={**own, "again": own["new"]})
    record = client.get(f"/api/records/{web_vault.other_id}").json()
    assert record["identity"] == {"name": OTHER_NAME}
    assert client.post("/api/users", json=new_user, headers=header).status_code == 403


def test_repeated_failures_lock_the_name_out(web_vault: WebVault) -> None:
    app = app_for_vault(WebSettings(vault=web_vault.path, max_failed_attempts=2))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        for _ in range(2):
            wrong = client.post("/api/session", json={"user": ADMIN, "passphrase": "wrong guess"})
            assert wrong.status_code == 401
        locked = client.post("/api/session", json={"user": ADMIN, "passphrase": ADMIN_PASS})
        assert locked.status_code == 429
        assert locked.json()["error"]["code"] == "locked_out"
        assert client.get("/api/records").status_code == 401


def test_openapi_lists_the_error_shape(client: TestClient) -> None:
    document = client.get("/api/openapi.json").json()
    records = document["paths"]["/api/records"]["get"]["responses"]
    assert records["401"]["content"]["application/json"]["schema"]["$ref"].endswith("ErrorBody")
    for path, operations in document["paths"].items():
        if path.startswith("/api/"):
            for operation in operations.values():
                malformed = operation["responses"]["422"]["content"]["application/json"]
                assert malformed["schema"]["$ref"].endswith("ErrorBody"), path


def test_the_schema_says_which_counts_are_records(client: TestClient) -> None:
    """An API user reads the schema, not our docstrings: each count of /api/counts says
    whether it counts people or records (unreviewed links and unplaced records are records,
    more than the people they name)."""
    counts = client.get("/api/openapi.json").json()["components"]["schemas"]["Counts"]
    described = {name: field.get("description", "") for name, field in counts["properties"].items()}
    for name in ("records", "unreviewed_links", "unplaced_records"):
        assert "a count of records, not of people" in described[name], name
    for name in ("total", "people", "by_month", "by_event_type", "by_district", "by_source"):
        assert described[name].startswith("People") or "of people" in described[name], name
    assert "records" in counts["properties"]["unreviewed_links"]["title"].lower()
    assert counts["properties"]["unplaced_records"]["title"] == "Records not yet linked"
