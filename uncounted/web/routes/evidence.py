"""Evidence: upload a file, see its custody chain, download the working copy, export, hand over.

Uploads are parsed into memory (:mod:`uncounted.web.uploads`) and handed to the evidence
service as chunks, which hashes and encrypts them: the file never reaches the disk in the
clear. Downloads and exports are POST forms because each one is a custody event.
"""

from __future__ import annotations

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.services import evidence
from uncounted.services.permissions import Action, may
from uncounted.web.shell import Signed, SignedForm, redirect
from uncounted.web.uploads import memory_file, read_upload

MAX_EVIDENCE_BYTES = 256 << 20

router = APIRouter()


class PackageTooLarge(InputError):
    """Raised when an evidence package does not fit in the memory-backed folder it is built in."""


def _download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


@router.get("/evidence", response_class=HTMLResponse)
def evidence_list(request: Request, signed: Signed, record: str = "") -> Response:
    with signed.lock:
        items = evidence.list_evidence(signed.vault)
    return signed.render(
        request,
        "evidence_list.html",
        items=items,
        record=record,
        may_add=may(signed.vault, Action.EVIDENCE_ADD),
    )


@router.post("/evidence", response_class=HTMLResponse)
async def evidence_upload(request: Request, signed: Signed) -> Response:
    def sender_may_add(fields: dict[str, str]) -> None:
        signed.shell.check_csrf(signed.session, fields.get("csrf_token"))
        signed.vault.require(Action.EVIDENCE_ADD)

    form = await read_upload(request, "file", MAX_EVIDENCE_BYTES, sender_may_add)
    try:
        record = form.fields.get("record", "").strip() or None

        def store() -> evidence.EvidenceItem:
            with signed.lock:
                return evidence.add_evidence_upload(
                    signed.vault, form.chunks(), form.file_name or "upload", record
                )

        item = await signed.shell.run_long(store)
    finally:
        form.wipe()
    return redirect(f"/evidence/{item.id}")


@router.get("/evidence/{item_id}", response_class=HTMLResponse)
def evidence_page(request: Request, signed: Signed, item_id: str, done: str = "") -> Response:
    with signed.lock:
        chain = evidence.custody_chain(signed.vault, item_id)
        item = evidence.evidence_item(signed.vault, item_id)
    gettext = signed.gettext
    return signed.render(
        request,
        "evidence_item.html",
        item=item,
        chain=chain,
        may_export=may(signed.vault, Action.EVIDENCE_EXPORT),
        may_view=may(signed.vault, Action.EVIDENCE_EXPORT)
        or may(signed.vault, Action.EVIDENCE_ADD),
        message=gettext("The handover was recorded.") if done == "handed-over" else None,
    )


@router.post("/evidence/{item_id}/working-copy")
def working_copy(signed: SignedForm, item_id: str) -> Response:
    with signed.lock:
        item = evidence.evidence_item(signed.vault, item_id)
        chunks = list(evidence.open_working_copy(signed.vault, item_id))
    return StreamingResponse(
        iter(chunks),
        media_type=item.media_type,
        headers=_download_headers(f"{item.id}-working.{item.extension}"),
    )


@router.post("/evidence/{item_id}/export")
async def export(signed: SignedForm, item_id: str, package_copy: str = Form("working")) -> Response:
    def build() -> tuple[evidence.ExportSummary, bytes]:
        # built in anonymous memory (Linux memfd): never on a disk, and not bounded by the
        # size of /dev/shm, which is 64 MiB in a default container
        with memory_file("uncounted-export") as handle:
            with signed.lock:
                summary = evidence.export_evidence_into(
                    signed.vault, item_id, handle, working_copy=package_copy != "original"
                )
            handle.seek(0)
            return summary, handle.read()

    try:
        summary, package = await signed.shell.run_long(build)
    except (OSError, MemoryError):  # the machine's memory is full
        raise PackageTooLarge(
            N_(
                "the package is too large to build in this server's memory;"
                " export it with `uncounted evidence export`"
            )
        ) from None
    return Response(
        package,
        media_type="application/zip",
        headers=_download_headers(f"{summary.item_id}-package.zip"),
    )


@router.post("/evidence/{item_id}/hand-over", response_class=HTMLResponse)
def hand_over(signed: SignedForm, item_id: str, recipient: str = Form("")) -> Response:
    with signed.lock:
        evidence.hand_over(signed.vault, item_id, recipient)
    return redirect(f"/evidence/{item_id}?done=handed-over")
