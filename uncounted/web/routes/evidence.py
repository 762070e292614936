"""Evidence: upload a file, see its custody chain, download the working copy, export, hand over.

Uploads are parsed into memory (:mod:`uncounted.web.uploads`) and handed to the evidence
service as chunks, which hashes and encrypts them: the file never reaches the disk in the
clear. Downloads and exports are POST forms because each one is a custody event.
"""

from __future__ import annotations

from fastapi import FastAPI, Form, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from uncounted.errors import InputError
from uncounted.messages import N_
from uncounted.services import evidence
from uncounted.services.permissions import Action, may
from uncounted.web.shell import Shell, redirect, vault_of
from uncounted.web.uploads import memory_file, read_upload

MAX_EVIDENCE_BYTES = 256 << 20


class PackageTooLarge(InputError):
    """Raised when an evidence package does not fit in the memory-backed folder it is built in."""


def _download_headers(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}


def register(app: FastAPI, shell: Shell) -> None:
    """Add the evidence pages."""

    @app.get("/evidence", response_class=HTMLResponse)
    def evidence_list(request: Request, record: str = "") -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            items = evidence.list_evidence(vault)
        return shell.render(
            request,
            "evidence_list.html",
            session,
            items=items,
            record=record,
            may_add=may(vault, Action.EVIDENCE_ADD),
        )

    @app.post("/evidence", response_class=HTMLResponse)
    async def evidence_upload(request: Request) -> Response:
        session = shell.require(request)
        form = await read_upload(request, "file", MAX_EVIDENCE_BYTES)
        try:
            shell.check_csrf(session, form.fields.get("csrf_token"))
            vault = vault_of(session)
            record = form.fields.get("record", "").strip() or None

            def store() -> evidence.EvidenceItem:
                with shell.lock(session):
                    return evidence.add_evidence_upload(
                        vault, form.chunks(), form.file_name or "upload", record
                    )

            item = await shell.run_long(store)
        finally:
            form.wipe()
        return redirect(f"/evidence/{item.id}")

    @app.get("/evidence/{item_id}", response_class=HTMLResponse)
    def evidence_page(request: Request, item_id: str, done: str = "") -> Response:
        session = shell.require(request)
        vault = vault_of(session)
        with shell.lock(session):
            chain = evidence.custody_chain(vault, item_id)
            item = evidence.evidence_item(vault, item_id)
        gettext = shell.translator(request, session).gettext
        return shell.render(
            request,
            "evidence_item.html",
            session,
            item=item,
            chain=chain,
            may_export=may(vault, Action.EVIDENCE_EXPORT),
            may_view=may(vault, Action.EVIDENCE_EXPORT) or may(vault, Action.EVIDENCE_ADD),
            message=gettext("The handover was recorded.") if done == "handed-over" else None,
        )

    @app.post("/evidence/{item_id}/working-copy")
    def working_copy(request: Request, item_id: str, csrf_token: str = Form("")) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            item = evidence.evidence_item(vault, item_id)
            chunks = list(evidence.open_working_copy(vault, item_id))
        return StreamingResponse(
            iter(chunks),
            media_type=item.media_type,
            headers=_download_headers(f"{item.id}-working.{item.extension}"),
        )

    @app.post("/evidence/{item_id}/export")
    async def export(
        request: Request,
        item_id: str,
        package_copy: str = Form("working"),
        csrf_token: str = Form(""),
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)

        def build() -> tuple[evidence.ExportSummary, bytes]:
            # built in anonymous memory (Linux memfd): never on a disk, and not bounded by the
            # size of /dev/shm, which is 64 MiB in a default container
            with memory_file("uncounted-export") as handle:
                with shell.lock(session):
                    summary = evidence.export_evidence_into(
                        vault, item_id, handle, working_copy=package_copy != "original"
                    )
                handle.seek(0)
                return summary, handle.read()

        try:
            summary, package = await shell.run_long(build)
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

    @app.post("/evidence/{item_id}/hand-over", response_class=HTMLResponse)
    def hand_over(
        request: Request, item_id: str, recipient: str = Form(""), csrf_token: str = Form("")
    ) -> Response:
        session = shell.require_form(request, csrf_token)
        vault = vault_of(session)
        with shell.lock(session):
            evidence.hand_over(vault, item_id, recipient)
        return redirect(f"/evidence/{item_id}?done=handed-over")
