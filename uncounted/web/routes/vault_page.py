"""The vault's published face: the signed ledger head and the organisation's key fingerprint.

Both are public by design (evidence packages tell recipients to compare them), so every
signed-in user may see and copy them; the QR code is drawn here as SVG, nothing is fetched.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import AsyncIterator

import anyio.to_thread
from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.services import backups, ledger, vaults
from uncounted.services.permissions import Action, may
from uncounted.web.api.panic import panic_after
from uncounted.web.routes.account import qr_code
from uncounted.web.shell import Signed, SignedForm, redirect

router = APIRouter()


@router.get("/vault", response_class=HTMLResponse)
def vault_page(request: Request, signed: Signed, done: str = "") -> Response:
    with signed.lock:
        published = ledger.publish_head(signed.vault)
        keeper = may(signed.vault, Action.BACKUP_CREATE)
        last = backups.last_backup(signed.vault) if keeper else None
        withdrawn = backups.backups_before_withdrawal(signed.vault) if keeper else None
        settles = may(signed.vault, Action.VAULT_SETTINGS)
    settings = signed.shell.settings
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
        withdrawn=withdrawn,
        panic_after=panic_after(settings),
        panic_option=settings.panic_after_failures,
        panic_stored=vaults.panic_after(settings.vault),
        settles=settles,
        vault_path=settings.vault,
        message=signed.gettext("The setting was saved.") if done == "panic-after" else None,
    )


@router.post("/vault/panic-after")
def set_panic_after(
    signed: SignedForm, failures: str = Form(""), confirm: str = Form("")
) -> Response:
    """The vault's panic-after-N (empty: never), once the admin ticked that they understand."""
    if confirm != "yes":
        raise InputError(
            N_("tick the box that says you understand what this setting does; nothing was changed")
        )
    text = failures.strip()
    if text and not text.isdigit():
        raise InputError(N_("{value!r} is not a whole number of failed sign-ins"), value=text)
    with signed.lock:
        vaults.set_panic_after(signed.vault, int(text) if text else None)
    return redirect("/vault?done=panic-after")


class _Gone(Exception):
    """Raised in the backup's writer when the browser went away (the download is dropped)."""


_FAILED = b"\0failed"  # a marker compared by identity, never sent
_log = logging.getLogger(__name__)


class _Pipe:
    """A bounded queue between the thread writing a backup and the response sending it:
    a few 1 MiB messages in memory at a time, ciphertext only, and nothing on a disk."""

    def __init__(self) -> None:
        self._pieces: queue.Queue[bytes | None] = queue.Queue(maxsize=8)
        self._gone = threading.Event()

    def write(self, piece: bytes) -> int:
        while not self._gone.is_set():
            try:
                self._pieces.put(bytes(piece), timeout=1.0)
                return len(piece)
            except queue.Full:
                continue
        raise _Gone

    def end(self, failed: bool = False) -> None:
        """No more pieces; *failed*: the backup broke off (the download must not look whole)."""
        while not self._gone.is_set():
            try:
                self._pieces.put(_FAILED if failed else None, timeout=1.0)
                return
            except queue.Full:
                continue

    def get(self) -> bytes | None:
        piece = self._pieces.get()
        if piece is _FAILED:
            raise _Gone  # the response stops mid-stream: the browser sees a failed download
        return piece

    def close(self) -> None:
        self._gone.set()


@router.get("/vault/backup")
def backup_download(signed: Signed) -> Response:
    """The encrypted backup, made as it downloads: the browser's file is the only copy.

    A download cut short is refused by ``uncounted restore`` (its stream has no final tag).
    """
    with signed.lock:
        write = backups.backup_writer(signed.vault)  # refuses other roles before answering
    name = "uncounted.backup"
    pipe = _Pipe()

    def work() -> None:  # one thread from start to end: the backup holds the database still
        try:
            with signed.lock:
                write(pipe, name)  # type: ignore[arg-type]  # writes only, as a file would
        except _Gone:
            return
        except Exception as error:
            _log.warning("a backup download failed: %s", type(error).__name__)
            pipe.end(failed=True)
            return
        pipe.end()

    threading.Thread(target=work, name="backup-download", daemon=True).start()

    async def body() -> AsyncIterator[bytes]:
        try:
            while (piece := await anyio.to_thread.run_sync(pipe.get)) is not None:
                yield piece
        finally:
            pipe.close()

    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
    }
    return StreamingResponse(body(), media_type="application/octet-stream", headers=headers)
