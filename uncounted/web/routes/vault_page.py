"""The vault's published face: the signed ledger head and the organisation's key fingerprint.

Both are public by design (evidence packages tell recipients to compare them), so every
signed-in user may see and copy them; the QR code is drawn here as SVG, nothing is fetched.
"""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.services import backups, ledger
from uncounted.services.permissions import Action, may
from uncounted.web.routes.account import qr_code
from uncounted.web.shell import Signed

router = APIRouter()


@router.get("/vault", response_class=HTMLResponse)
def vault_page(request: Request, signed: Signed) -> Response:
    with signed.lock:
        published = ledger.publish_head(signed.vault)
        keeper = may(signed.vault, Action.BACKUP_CREATE)
        last = backups.last_backup(signed.vault) if keeper else None
    document = published.to_json()
    publishable = (
        f"{document['checkpoint'].rstrip()}\n"
        f"key fingerprint: {document['key_fingerprint']}\n"
        f"vkey: {document['vkey']}\n"
    )
    return signed.render(
        request,
        "vault.html",
        head=document,
        publishable=publishable,
        qr=qr_code(f"{document['key_fingerprint']} {document['root_hash']}"),
        keeper=keeper,
        last_backup=last,
        panic_after=signed.shell.settings.panic_after_failures,
        vault_path=signed.shell.settings.vault,
    )
