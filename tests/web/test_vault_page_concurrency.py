"""The published head page under load: every role's sessions at once, each reading identities
(which grows the access log, anchored into the vault's log when the head is signed) between
loads of ``/vault`` (which signs a fresh head). A walk in Russian once saw ``/vault`` answer
500 for a caseworker about one time in four; this is the load that would show it again.

Served by uvicorn on a loopback port (real threads, real SQLCipher connections, one per
session), not the in-process test client, which runs one request at a time.
"""

from __future__ import annotations

import re
import threading

import httpx
from permission_helpers import ROLE_USERS, RoleVault
from server_helpers import serving
from web_helpers import post_sign_in

from uncounted.services import ledger, vaults
from uncounted.vault import Role
from uncounted.web import WebSettings, app_for_vault

ROUNDS = 30
_SIZE = re.compile(r'<dd id="tree-size">(\d+)</dd>')


def _signed_in(site: str, role: Role) -> httpx.Client:
    client = httpx.Client(base_url=site, timeout=120, cookies={"uncounted_language": "ru"})
    answer = post_sign_in(client, *ROLE_USERS[role])
    assert answer.status_code in (200, 303), answer.status_code
    return client


def _walk(client: httpx.Client, record_id: str, seen: list[tuple[int, int]]) -> None:
    """Alternate a record (an identity read, for the roles granted it) and the vault page;
    keep each vault page's status and the log size it shows."""
    for _ in range(ROUNDS):
        client.get(f"/records/{record_id}")
        page = client.get("/vault")
        size = _SIZE.search(page.text)
        seen.append((page.status_code, int(size.group(1)) if size else -1))


def test_the_vault_page_answers_every_role_in_parallel_and_in_turn(
    role_vault: RoleVault,
) -> None:
    with serving(app_for_vault(WebSettings(vault=role_vault.path))) as site:
        clients = [_signed_in(site, role) for role in Role]  # one session per user
        try:
            parallel: list[list[tuple[int, int]]] = [[] for _ in clients]
            threads = [
                threading.Thread(target=_walk, args=(client, role_vault.record_id, seen))
                for client, seen in zip(clients, parallel, strict=True)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            in_turn: list[tuple[int, int]] = []
            _walk(clients[1], role_vault.record_id, in_turn)  # the caseworker, alone
        finally:
            for client in clients:
                client.close()
    for seen in (*parallel, in_turn):
        assert [status for status, _ in seen] == [200] * ROUNDS
        sizes = [size for _, size in seen]
        assert sizes == sorted(sizes) and sizes[0] > 0  # a session never sees the log shrink
    admin, passphrase = ROLE_USERS[Role.ADMIN]
    with vaults.unlock(role_vault.path, admin, passphrase) as session:
        assert ledger.check_ledger(session).problem is None  # every head signed holds
