"""Evidence: upload files, see their custody chain, download the working copy, export, hand over.

Files are attached where the work is: the record, person, event and case pages list the
evidence of what they show (kind, description, thumbnail, date, who added it; only to users
granted the case) and carry a form for one or several files at once, each with its kind and
description (:func:`evidence_on_page`). After the upload the browser goes back to that page.

Uploads are parsed into memory (:mod:`uncounted.web.uploads`) and handed to the evidence
service as chunks, which hashes and encrypts them: the file never reaches the disk in the
clear. Downloads and exports are POST forms because each one is a custody event.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any, BinaryIO, TypeVar

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.services import evidence, users
from uncounted.services.permissions import Action, may
from uncounted.services.records import RecordView
from uncounted.web.labels import Labels
from uncounted.web.shell import Signed, SignedForm, SignedIn, redirect
from uncounted.web.uploads import UploadedFile, memory_file, read_upload

MAX_EVIDENCE_BYTES = 256 << 20
#: Files one form may attach at once (together at most MAX_EVIDENCE_BYTES).
MAX_EVIDENCE_FILES = 20

router = APIRouter()


class NoFileChosen(InputError):
    """Raised when an evidence form arrives without a file."""


T = TypeVar("T")


class PackageTooLarge(InputError):
    """Raised when an evidence package does not fit in the memory-backed folder it is built in."""


def _download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


async def built_in_memory(
    signed: SignedIn, name: str, write: Callable[[BinaryIO], T], too_large: InputError
) -> tuple[T, bytes]:
    """For a download the app builds (an evidence export, a case's package, a published report):
    what *write* returns and the bytes it wrote into a file in anonymous memory (Linux memfd:
    never on a disk, and not bounded by the size of /dev/shm, 64 MiB in a default container),
    written under the session's lock on a long-work thread. When the machine's memory is full
    *too_large* is raised (it names the command that exports the same without a browser)."""

    def build() -> tuple[T, bytes]:
        with memory_file(name) as handle:
            with signed.lock:
                result = write(handle)
            handle.seek(0)
            return result, handle.read()

    try:
        return await signed.shell.run_long(build)
    except (OSError, MemoryError):  # the machine's memory is full
        raise too_large from None


def zip_download(package: bytes, filename: str) -> Response:
    """*package* as a ZIP file the browser saves as *filename*."""
    return Response(package, media_type="application/zip", headers=_download_headers(filename))


def evidence_on_page(
    signed: SignedIn,
    back: str,
    attach_to: Sequence[RecordView] = (),
    *,
    records: Iterable[str] = (),
    case: str | None = None,
    event: str | None = None,
) -> dict[str, Any]:
    """What ``_evidence.html`` needs on a page: the evidence of *records*, *case* or *event*
    that this user may see, and the records a file may be attached to from there (none when
    the role may not add evidence; the page of a case or an event always asks which person a
    file is about). Called with the vault lock held."""
    vault = signed.vault
    shown = evidence.described_evidence(vault, records=records, case=case, event=event)
    may_attach = may(vault, Action.EVIDENCE_ADD)
    # a file is attached only to a record whose case the user holds (its identity was opened)
    held = [record for record in attach_to if record.identity is not None]
    return {
        "evidence": shown,
        "attach_to": held if may_attach else [],
        "evidence_back": back,
        "attach_choose": case is not None or event is not None,
    }


def _local(url: str) -> str | None:
    """*url* when it is a path on this server (never another site), else None."""
    if url.startswith("/") and not url.startswith("//") and "\\" not in url:
        return url
    return None


@router.get("/evidence", response_class=HTMLResponse)
def evidence_list(request: Request, signed: Signed) -> Response:
    with signed.lock:
        items = evidence.list_evidence(signed.vault)
    return signed.render(
        request,
        "evidence_list.html",
        items=[(item, kind_in_words(item, signed)) for item in items],
        may_add=may(signed.vault, Action.EVIDENCE_ADD),
    )


def kind_in_words(item: evidence.EvidenceItem, signed: SignedIn) -> str:
    """What *item* is, in the reader's language: the kind it was added as (Photograph, ...),
    a report's or package's manifest as such, else its media type."""
    if item.kind:
        return Labels(signed.session.language).term("evidence_kinds", item.kind)
    if item.media_type == evidence.MANIFEST_MEDIA_TYPE:
        return signed.gettext("A set of files (a report or a package)")
    return item.media_type


def _described(fields: dict[str, str], index: int) -> evidence.Description:
    """The kind and description typed for the *index*-th file (the first row's for a file
    the page gave no row of its own: the form without its script has one row for all)."""
    own = f"kind-{index}" in fields or f"description-{index}" in fields
    at = index if own else 0
    return evidence.describe(fields.get(f"kind-{at}", ""), fields.get(f"description-{at}", ""))


@router.post("/evidence", response_class=HTMLResponse)
async def evidence_upload(request: Request, signed: Signed) -> Response:
    def sender_may_add(fields: dict[str, str]) -> None:
        signed.shell.check_csrf(signed.session, fields.get("csrf_token"))
        signed.vault.require(Action.EVIDENCE_ADD)

    form = await read_upload(
        request, "file", MAX_EVIDENCE_BYTES, sender_may_add, max_files=MAX_EVIDENCE_FILES
    )
    try:
        record = form.fields.get("record", "").strip() or None
        chosen = [upload for upload in form.files if upload.name or upload.content]
        described = [_described(form.fields, index) for index in range(len(chosen))]

        def store(upload: UploadedFile, about: evidence.Description) -> evidence.EvidenceItem:
            with signed.lock:
                return evidence.add_evidence_upload(
                    signed.vault, upload.chunks(), upload.name or "upload", record, about
                )

        items = []
        for upload, about in zip(chosen, described, strict=True):
            items.append(await signed.shell.run_long(partial(store, upload, about)))
            upload.wipe()
    finally:
        form.wipe()
    if not items:
        raise NoFileChosen(N_("the evidence file is empty; choose the file again"))
    back = _local(form.fields.get("back", ""))
    if back is not None:
        joiner = "&" if "?" in back else "?"
        return redirect(f"{back}{joiner}attached={len(items)}#evidence")
    return redirect(f"/evidence/{items[0].id}" if len(items) == 1 else "/evidence")


@router.get("/evidence/{item_id}/thumbnail")
def thumbnail(signed: Signed, item_id: str) -> Response:
    """The item's thumbnail for the pages that list it: checked against the grant, never cached."""
    with signed.lock:
        image = evidence.evidence_thumbnail(signed.vault, item_id)
    if image is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    return Response(image, media_type="image/jpeg", headers={"Cache-Control": "no-store"})


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
        kind=kind_in_words(item, signed),
        role_names=users.role_names(),
        custody_words={
            "added": gettext("added"),
            "viewed": gettext("viewed"),
            "working-copy-made": gettext("working copy made"),
            "handed-over": gettext("handed over"),
            "exported": gettext("exported"),
        },
        # a custody event's details (its codes kept in the ledger) in the reader's language:
        # a Russian page read "copy: original; kind: report" (walkday8)
        custody_details={
            "copy": gettext("copy"),
            "kind": gettext("kind"),
            "in": gettext("in package"),
            "to": gettext("handed to"),
        },
        custody_values={
            "original": gettext("original"),
            "working": gettext("working copy"),
            "report": gettext("report"),
            "package": gettext("evidence package"),
        },
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
    summary, package = await built_in_memory(
        signed,
        "uncounted-export",
        lambda handle: evidence.export_evidence_into(
            signed.vault, item_id, handle, working_copy=package_copy != "original"
        ),
        PackageTooLarge(
            N_(
                "the package is too large to build in this server's memory;"
                " export it with `uncounted evidence export`"
            )
        ),
    )
    return zip_download(package, f"{summary.item_id}-package.zip")


@router.post("/evidence/{item_id}/hand-over", response_class=HTMLResponse)
def hand_over(signed: SignedForm, item_id: str, recipient: str = Form("")) -> Response:
    with signed.lock:
        evidence.hand_over(signed.vault, item_id, recipient)
    return redirect(f"/evidence/{item_id}?done=handed-over")
