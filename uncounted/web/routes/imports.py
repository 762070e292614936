"""Importing a list (CSV, XLSX, JSON) from the browser: every row, or none with every problem.

The upload is held in memory and read by the importer through an anonymous in-memory file
(:func:`uncounted.web.uploads.in_memory_path`). When any row is bad nothing is stored and the
page lists each problem by file, row, field and reason, never the cell's value.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.intake import ImportRejected
from uncounted.messages import N_, translated
from uncounted.services import imports
from uncounted.services.permissions import Action
from uncounted.web.shell import Signed
from uncounted.web.uploads import UploadRefused, in_memory_path, read_upload

MAX_LIST_BYTES = 64 << 20
LIST_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")
#: Problems listed on the page; a file wrong on every row says so in its first few hundred.
SHOWN_PROBLEMS = 500


@dataclass(frozen=True)
class ShownProblem:
    """One problem of a refused list as the page shows it."""

    file: str
    row: int | None
    field: str | None
    reason: str


router = APIRouter()


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, signed: Signed) -> Response:
    return signed.render(request, "import.html", form={}, problems=[])


@router.post("/import", response_class=HTMLResponse)
async def import_list(request: Request, signed: Signed) -> Response:
    def sender_may_import(fields: dict[str, str]) -> None:
        signed.shell.check_csrf(signed.session, fields.get("csrf_token"))
        signed.vault.require(Action.RECORDS_IMPORT)

    upload = await read_upload(request, "file", MAX_LIST_BYTES, sender_may_import)
    try:
        source = upload.fields.get("source", "")
        case = upload.fields.get("case", "").strip() or None
        existing = upload.fields.get("existing", "refuse")
        if upload.suffix not in LIST_SUFFIXES:
            raise UploadRefused(N_("choose a list saved as CSV, XLSX or JSON"))

        def store() -> imports.ImportSummary:
            with in_memory_path(upload.content, upload.suffix) as path, signed.lock:
                return imports.import_file(
                    signed.vault, path, source=source, case=case, existing=existing
                )

        try:
            summary = await signed.shell.run_long(store)
        except (imports.AlreadyImported, imports.RowsAlreadyStored) as refused:
            return signed.render(
                request,
                "import.html",
                409,
                form={"source": source, "case": case or "", "existing": existing},
                problems=[],
                refusal=refused.translated(signed.gettext),
            )
        except ImportRejected as rejected:
            gettext = signed.gettext
            problems = [
                ShownProblem(upload.file_name, p.row, p.field, translated(p.reason, gettext))
                for p in rejected.errors[:SHOWN_PROBLEMS]
            ]
            return signed.render(
                request,
                "import.html",
                400,
                form={"source": source, "case": case or ""},
                problems=problems,
                more_problems=rejected.total - len(problems),
                file_name=upload.file_name,
            )
    finally:
        upload.wipe()
    gettext = signed.gettext
    message = gettext("Imported %(count)s records into the case %(case)s.") % {
        "count": summary.imported,
        "case": summary.case,
    }
    if summary.skipped or summary.updated:
        message += " " + gettext(
            "Rows already in the vault: %(skipped)s skipped, %(updated)s updated."
        ) % {"skipped": summary.skipped, "updated": summary.updated}
    return signed.render(
        request,
        "import.html",
        form={},
        problems=[],
        message=message,
        warnings=[translated(text, gettext) for text in summary.warnings],
    )
