"""Importing a list (CSV, XLSX, JSON) from the browser: upload, map its columns, import.

1. ``POST /import``: the upload is held in memory in the session (never on disk; see
   :class:`uncounted.web.uploads.HeldList`); a file imported before is refused at once.
2. The mapping page shows the file's own headers, each with a select of uncounted's fields in
   the user's language, guessed as the CLI guesses (:class:`uncounted.intake.ColumnMapping`)
   or as chosen at the source's last import, and the first rows as the import will read them;
   with them, how dates like 05/03/1990 read (as the source's last import said, else unsaid),
   asked only of a file holding dates the order changes, and naming where they are in the
   whole file, and which no order reads (:class:`uncounted.intake.DateSurvey`).
3. ``POST /import/map``: ``preview`` shows the rows again with the choices made; ``import``
   imports every row or none (the same service as ``uncounted import --mapping``) and keeps the
   choices and the date order for the source's next list. Problems are named by the file's
   headers and the rows as a spreadsheet numbers them, in the user's language, never the
   cell's value.

The importer sees the preview's identities: they are the ones they have just uploaded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from uncounted.intake import (
    FIELDS,
    IDENTIFIER,
    IGNORE,
    DateKind,
    DateSurvey,
    ImportRejected,
    RowProblem,
)
from uncounted.messages import N_, Catalogue, Counted, Message, as_sentence, translated
from uncounted.model import DATE_ORDERS, DateOrder
from uncounted.services import imports, people, permissions
from uncounted.services.permissions import Action
from uncounted.web.labels import Labels
from uncounted.web.routes.people import identity_labels
from uncounted.web.shell import Signed, SignedForm, SignedIn
from uncounted.web.uploads import HeldList, UploadRefused, in_memory_path, read_upload

MAX_LIST_BYTES = 64 << 20
LIST_SUFFIXES = (".csv", ".tsv", ".txt", ".xlsx", ".json")
#: Problems listed on the page; a file wrong on every row says so in its first few hundred.
SHOWN_PROBLEMS = 500


class NothingHeld(UploadRefused):
    """Raised when the mapping form arrives and no uploaded list is waiting for it."""


@dataclass(frozen=True)
class ShownProblem:
    """One problem of a refused list as the page shows it (the field as the file names it)."""

    file: str
    row: int | None
    field: str | None
    reason: str


router = APIRouter()


def field_labels(gettext: Callable[[str], str]) -> dict[str, str]:
    """Each field of the records format (and ``ignore``) as the user's language names it."""
    labels = identity_labels(gettext)
    return {
        "source": gettext("Source"),
        "record_id": gettext("Record number in the list"),
        "case": gettext("Case"),
        **{name: labels[name] for name in FIELDS if name in labels},
        "sex": gettext("Sex"),
        "event_type": gettext("Event type"),
        "role": gettext("Role"),
        IDENTIFIER: gettext("Another identifier (a document number, an address part)"),
        IGNORE: gettext("Leave this column out"),
    }


@router.get("/import", response_class=HTMLResponse)
def import_form(request: Request, signed: Signed) -> Response:
    """The upload form; to a role that may not import, instead of the form, the service's own
    refusal, said before a file is chosen and uploaded (the menu does not offer the page)."""
    refused = permissions.refusal(signed.vault, Action.RECORDS_IMPORT)
    if refused is not None:
        return signed.render(
            request,
            "import.html",
            form={},
            problems=[],
            source_names={},
            not_permitted=refused.translated(signed.translator),
        )
    return signed.render(
        request, "import.html", form={}, problems=[], source_names=_sources(signed)
    )


def _sources(signed: SignedIn) -> dict[str, int]:
    """The sources already in the vault with their records: the import form offers their
    names, and the mapping page says whether the list joins one or starts a new one (two
    lists of one organisation under two names would be counted as two lists)."""
    with signed.lock:
        return {row.name: row.records for row in people.list_sources(signed.vault)}


def _known_as(source: str, known: dict[str, int]) -> str | None:
    """A source in the vault whose name is *source*'s but for case, spaces or punctuation."""

    def key(name: str) -> str:
        return "".join(ch for ch in name.casefold() if ch.isalnum())

    return next((name for name in known if key(source) and key(name) == key(source)), None)


def _hold(signed: SignedIn, held: HeldList | None) -> None:
    """Keep *held* as the session's list waiting to be mapped, wiping the one before."""
    previous, signed.session.held_list = signed.session.held_list, held
    if previous is not None and previous is not held:
        previous.wipe()


@router.post("/import", response_class=HTMLResponse)
async def import_list(request: Request, signed: Signed) -> Response:
    def sender_may_import(fields: dict[str, str]) -> None:
        signed.shell.check_csrf(signed.session, fields.get("csrf_token"))
        signed.vault.require(Action.RECORDS_IMPORT)

    upload = await read_upload(request, "file", MAX_LIST_BYTES, sender_may_import)
    source = upload.fields.get("source", "").strip()
    case = upload.fields.get("case", "").strip()
    existing = upload.fields.get("existing", "refuse")
    if upload.suffix not in LIST_SUFFIXES:
        upload.wipe()
        raise UploadRefused(N_("choose a list saved as CSV, XLSX or JSON"))
    held = HeldList(upload.first, source, case, existing)
    _hold(signed, held)

    def look() -> tuple[imports.ListPreview, imports.ImportCheck | None]:
        with in_memory_path(held.upload.content, held.upload.suffix) as path, signed.lock:
            imports.check_not_imported(signed.vault, path)
            first = imports.preview_import(signed.vault, path, source=source, dates=False)
            if not first.headers:  # not a list that can be read at all
                return first, None
            held.headers = first.headers
            held.choices = imports.guess_mapping(signed.vault, source, held.headers)
            held.date_order = imports.guess_date_order(signed.vault, source)
            return _previewed(signed, held, path)

    try:
        preview, check = await signed.shell.run_long(look)
    except imports.AlreadyImported as refused:
        _hold(signed, None)
        return _upload_page(
            request, signed, 409, held, refusal=refused.translated(signed.translator)
        )
    if not preview.headers:  # not a list that can be read at all
        _hold(signed, None)
        problems = _shown(preview.problems, {}, signed.gettext)
        return _upload_page(request, signed, 400, held, problems=problems)
    return _mapping_page(request, signed, held, preview, check=check)


def _previewed(
    signed: SignedIn, held: HeldList, path: Path
) -> tuple[imports.ListPreview, imports.ImportCheck | None]:
    """The first rows with *held*'s choices and the whole list's check, the file read once for
    both (the caller holds the vault's lock): the check's read surveys where the date order
    matters, and the preview reads only its first rows. Without a check (the columns need a
    choice first) the preview reads the whole file for the survey itself."""
    check = _checked(signed, held, path)
    survey = None if check is None else check.read.dates
    preview = imports.preview_import(
        signed.vault,
        path,
        source=held.source,
        choices=held.choices,
        date_order=held.date_order,
        dates=survey is None,
        # a list no column of which holds the record number is previewed numbered: its rows
        # read, not each "record number missing" under the choice that says so once
        number_rows=held.number_rows or "record_id" not in held.choices,
    )
    return (preview if survey is None else replace(preview, dates=survey)), check


def _checked(signed: SignedIn, held: HeldList, path: Path) -> imports.ImportCheck | None:
    """The whole list checked as the import would read it with *held*'s choices (the file's
    read kept in *held* for the same choices; the caller holds the vault's lock). None while
    no column holds the record number, or two hold one field: the page asks for that first,
    and the rows cannot be read without it."""
    wrong = imports.mapping_problems(held.headers, held.choices, held.number_rows)
    if any(problem.kind != "unchosen" for problem in wrong):
        return None
    choices = (tuple(held.choices), held.date_order, held.number_rows)
    kept = held.checked[1] if held.checked and held.checked[0] == choices else None
    check = imports.check_import(
        signed.vault,
        path,
        source=held.source,
        headers=held.headers,
        choices=held.choices,
        date_order=held.date_order,
        read=kept,
        number_rows=held.number_rows,
    )
    held.checked = (choices, check.read)
    return check


def _upload_page(
    request: Request, signed: SignedIn, status: int, held: HeldList, **extra: Any
) -> Response:
    form = {"source": held.source, "case": held.case, "existing": held.existing}
    extra.setdefault("problems", [])
    return signed.render(
        request,
        "import.html",
        status,
        form=form,
        file_name=held.upload.name,
        source_names=_sources(signed),
        **extra,
    )


def _mapping_page(
    request: Request,
    signed: SignedIn,
    held: HeldList,
    preview: imports.ListPreview,
    status: int = 200,
    check: imports.ImportCheck | None = None,
    in_vault: frozenset[int] = frozenset(),
    **extra: Any,
) -> Response:
    """The mapping page; the preview's rows the vault already holds are marked: *check*'s,
    or *in_vault* on a page that names them otherwise (the refusal after Import)."""
    gettext = signed.gettext
    labels = field_labels(gettext)
    fields = [(name, labels[name]) for name in FIELDS]
    chosen = dict(zip(held.headers, held.choices, strict=True))
    extra.setdefault("problems", [])
    shown = [p for row in preview.rows for p in row.problems]
    survey = preview.dates
    order_needed = extra.pop("date_order_needed", False) or any(p.needs_date_order for p in shown)
    if survey is not None and survey.order_matters:
        alone = survey.only()
        order_needed = (
            order_needed or held.date_order is None or alone not in (None, held.date_order)
        )
    known = _sources(signed)
    return signed.render(
        request,
        "import_mapping.html",
        status,
        held=held,
        source_records=known.get(held.source),
        source_like=None if held.source in known else _known_as(held.source, known),
        columns=list(enumerate(zip(held.headers, held.choices, strict=True))),
        fields=fields,
        ignore=(IGNORE, labels[IGNORE]),
        identifier=(IDENTIFIER, labels[IDENTIFIER]),
        preview_rows=[
            (
                row.number,
                _cells(row.record, held.headers, chosen, signed),
                _shown(row.problems, chosen, gettext, sentence=False),
            )
            for row in preview.rows
        ],
        labels=labels,
        date_order_shown=survey is None or survey.order_matters or order_needed,
        date_order_needed=order_needed,
        date_survey=[] if survey is None else _surveyed(survey, signed.translator),
        check=None if check is None else _said_check(check, held, signed),
        # a list whose columns hold no record number may have its rows numbered instead
        numbering_offered="record_id" not in held.choices,
        in_vault=frozenset(check.stored) if check else in_vault,
        # a row the same as an earlier one in every column, with that row: left out on import
        copies=dict(check.read.repeated) if check else {},
        **extra,
    )


#: The problems a check names on the mapping page; the rest are counted (pressing Import
#: lists up to :data:`SHOWN_PROBLEMS` problems). The rows already in the vault are named as
#: the command line names them (:func:`uncounted.services.imports.named_rows`).
CHECK_SHOWN = 20


@dataclass(frozen=True)
class SaidCheck:
    """A check of the whole list as the mapping page says it, before the import."""

    #: "row 7, column “Дата рождения”: reason", the first :data:`CHECK_SHOWN`
    problems: list[str]
    #: problems found (the date order's, said by its own question above, not counted)
    total: int
    #: "2, 5, 9 and 3 more rows": the rows whose record the vault already holds
    stored_rows: str
    stored: int
    #: some of them are another source's, named in the file's source column
    other_sources: bool
    #: the data rows with anything in them, those the import would read, and those it would
    #: leave out (filled only in columns not read), with their numbers in words: a count the
    #: user can set against their file (stop 22: such rows were dropped unsaid)
    rows_in_file: int
    to_import: int
    left_out: int
    left_out_rows: str
    #: every row left out: those above and the rows the same as an earlier row in every
    #: column (``repeated``, each said with that row: imported once), so that the counts add
    #: up to the file's rows (walkday4: a copied row was imported twice, unsaid)
    left: int
    repeated: list[str]
    #: the choices still to make above before the rows they touch are read: a column nobody
    #: said the contents of (not read until then), the date order of dates like 05/03/1990
    waiting: list[str]


def _said_check(check: imports.ImportCheck, held: HeldList, signed: SignedIn) -> SaidCheck:
    """*check* in the user's language: each problem by row and the file's header, never the
    cell's value; the rows already in the vault by number."""
    gettext = signed.gettext
    chosen = dict(zip(held.headers, held.choices, strict=True))
    others = [p for p in check.problems if not p.needs_date_order]
    lines = []
    for shown in _shown(others[:CHECK_SHOWN], chosen, gettext, sentence=False):
        said = {"row": shown.row, "column": shown.field, "problem": shown.reason}
        if shown.row is not None and shown.field:
            lines.append(
                as_sentence(gettext("Row %(row)s, column “%(column)s”: %(problem)s") % said)
            )
        elif shown.row is not None:
            lines.append(as_sentence(gettext("Row %(row)s: %(problem)s") % said))
        else:
            lines.append(as_sentence(shown.reason))
    return SaidCheck(
        problems=lines,
        total=check.total - (len(check.problems) - len(others)),
        stored_rows=translated(imports.named_rows(check.stored), signed.translator, sentence=False),
        stored=len(check.stored),
        other_sources=check.other_sources,
        rows_in_file=check.read.rows_in_file,
        to_import=check.read.rows_in_file - len(check.read.left_out) - len(check.read.repeated),
        left_out=len(check.read.left_out),
        left=len(check.read.left_out) + len(check.read.repeated),
        repeated=[
            gettext("Row %(row)s is the same as row %(earlier)s in every column.")
            % {"row": row, "earlier": earlier}
            for row, earlier in check.read.repeated[:CHECK_SHOWN]
        ],
        left_out_rows=translated(
            imports.named_rows(check.read.left_out), signed.translator, sentence=False
        ),
        waiting=_mapping_problems(
            [
                p
                for p in imports.mapping_problems(held.headers, held.choices)
                if p.kind == "unchosen"
            ],
            gettext,
        )
        + (
            [gettext("Choose above what dates like 05/03/1990 mean.")]
            if len(others) < len(check.problems)
            else []
        ),
    )


#: The dates of each kind the mapping page names (row and column); the rest are counted.
SHOWN_DATES = 5


def _kinds(gettext: Callable[[str], str]) -> dict[DateKind, str]:
    """How the page names each kind of date a survey finds (``%(dates)s``: where they are)."""
    return {
        "either": gettext("Read as you choose (day first or month first): %(dates)s"),
        "day-first": gettext("Read only day first: %(dates)s"),
        "month-first": gettext("Read only month first: %(dates)s"),
        "neither": gettext(
            "Read in neither order, whatever you choose (fix these in the file): %(dates)s"
        ),
    }


def _surveyed(survey: DateSurvey, words: Catalogue) -> list[str]:
    """What the date order changes in the whole file, for the page's choice: each kind of
    date it holds with where (row and column, the first :data:`SHOWN_DATES`), then how many
    more dates of the kind ("and 3 more dates", in the plural form the count takes in the
    reader's language), then which choice reads them all, if one does."""
    gettext = words.gettext
    said = []
    for kind, template in _kinds(gettext).items():
        spots = survey.spots.get(kind, [])[:SHOWN_DATES]
        if not spots:
            continue
        dates = ", ".join(
            gettext("row %(row)s (%(column)s)") % {"row": row, "column": column}
            for row, column in spots
        )
        if survey.count(kind) > len(spots):
            more = survey.count(kind) - len(spots)
            rest = Counted(N_("and %(num)d more date"), N_("and %(num)d more dates"), more)
            dates += " " + rest.translated(words)
        said.append(template % {"dates": dates})
    alone = survey.only()
    if survey.count("day-first") and survey.count("month-first"):
        said.append(
            gettext(
                "No choice reads every date of this file: whichever you choose, fix in the file"
                " the dates only the other order reads."
            )
        )
    elif alone == "day-first":
        said.append(
            gettext(
                "Choose day first: with month first, the dates only day first reads are"
                " not imported."
            )
        )
    elif alone == "month-first":
        said.append(
            gettext(
                "Choose month first: with day first, the dates only month first reads are"
                " not imported."
            )
        )
    return said


def _cells(
    record: object, headers: Sequence[str], chosen: dict[str, str | None], signed: SignedIn
) -> list[str] | None:
    """The row's value under each header as the import reads it: codes as their labels in
    the reader's language, several (acts) joined, as a record's page shows them."""
    if record is None:
        return None
    words = Labels(signed.session.language)
    cells = []
    for header in headers:
        field = chosen.get(header)
        if field is None or field in (IGNORE, IDENTIFIER):
            cells.append("")  # an identifier is kept as written, sealed: not shown here
            continue
        value = getattr(record, field, None)
        if isinstance(value, tuple):  # the acts: ('arrest', 'beating') was shown as such
            value = "|".join(value)
        cells.append(words.value(field, None if value is None else str(value)))
    return cells


def _shown(
    problems: Sequence[RowProblem],
    chosen: dict[str, str | None],
    gettext: Callable[[str], str],
    sentence: bool = True,
) -> list[ShownProblem]:
    """Problems as the page shows them: a field by the header of the file that holds it (as
    the reader named it, ``RowProblem.column``; else as chosen; else by the field's label);
    each reason a sentence of its own (a table's cell), or not when the page writes it after
    a row and a column (*sentence* False)."""
    header_of = {
        field: header
        for header, field in chosen.items()
        if field and field not in (IGNORE, IDENTIFIER)
    }
    labels = field_labels(gettext)
    return [
        ShownProblem(
            p.file,
            p.row,
            None
            if p.field is None
            else p.column or header_of.get(p.field) or labels.get(p.field, p.field),
            _reason(p, gettext, sentence),
        )
        for p in problems[:SHOWN_PROBLEMS]
    ]


def _reason(problem: RowProblem, gettext: Callable[[str], str], sentence: bool) -> str:
    """*problem*'s reason in the user's language; a date like 05/03/1990 waiting for the date
    order in the page's words: the reader's sentences tell the command line's mapping
    (``order = "day-first"`` under ``[dates]`` of a mapping file), which is no help here, and
    their hints on the rows one order alone reads are said better, with every kind and
    where it is, in the choice they point at."""
    said = problem.reason
    if not problem.needs_date_order:
        if isinstance(said, Message):
            return said.translated(gettext, sentence=sentence)
        return as_sentence(said) if sentence else said
    if isinstance(said, Message) and "count" in said.params:
        words = gettext(
            "dates like 05/03/1990 may mean 5 March (day first) or 3 May (month first), and none"
            " is guessed; rows holding them: %(count)s. Choose above what they mean (“Dates like"
            " 05/03/1990 mean”, which also says where they are)."
        ) % {"count": said.params["count"]}
    else:  # one row of the preview: the choice above says which order reads it
        words = gettext("read once the date order is chosen above")
    return as_sentence(words) if sentence else words


def _opened_cases(opened: Sequence[str], gettext: Callable[[str], str]) -> str:
    """What an import that opened *opened* tells the importer: a new case is held by them and
    the administrators only, so an analyst cannot link its records (each stays counted as one
    person, and a list that is all new reads as sharing no one) until an admin grants it."""
    if len(opened) == 1:
        words = gettext(
            "The case %(cases)s is new: only you and the administrators hold it. Whoever links"
            " the records and estimates needs an administrator to grant them the case on the"
            " Grants page first; until then each of its records is counted as one person."
        )
    else:
        words = gettext(
            "The cases %(cases)s are new: only you and the administrators hold them. Whoever"
            " links the records and estimates needs an administrator to grant them these cases"
            " on the Grants page first; until then each of their records is counted as one"
            " person."
        )
    return words % {"cases": ", ".join(opened)}


def _naming_the_file(
    refused: imports.RowsAlreadyStored,
    held: HeldList,
    check: imports.ImportCheck | None,
    signed: SignedIn,
) -> str:
    """*refused* as the mapping page says it, in the user's language: how many rows and which,
    as the check above the preview counts them, and the file as its sender named it (the
    service read it under a neutral name, ``upload.csv``, :func:`in_memory_path`, which the
    error keeps: it is never logged with the sender's). The command line's advice (import
    again choosing to skip or update) is left to the page, which points at the choice."""
    if check is None or not check.stored:
        return refused.translated(signed.translator)
    return signed.ngettext(
        "%(num)d row of %(file)s is already in the vault from the source “%(source)s”:"
        " row %(rows)s; nothing was imported.",
        "%(num)d rows of %(file)s are already in the vault from the source “%(source)s”:"
        " rows %(rows)s; nothing was imported.",
        len(check.stored),
    ) % {
        "num": len(check.stored),
        "file": held.upload.name,
        "source": held.source,
        "rows": translated(imports.named_rows(check.stored), signed.translator, sentence=False),
    }


def _fixed_here(
    rejected: ImportRejected, survey: DateSurvey | None, order: DateOrder | None
) -> str:
    """Where the problems of a refused list are fixed, for the heading over them: ``"page"``
    when every one is settled by a choice on the mapping page (the date order: none chosen,
    or the other order reads every date this one does not), ``"some"`` when a choice settles
    some and the others need the file changed (as when the file holds dates only day first
    reads and others only month first reads), else ``"file"``."""
    alone = survey.only() if survey is not None else None
    switch = set(survey.spots.get(alone, [])) if survey and alone and alone != order else set()
    here = sum(
        problem.needs_date_order or (problem.row, problem.column) in switch
        for problem in rejected.errors
    )
    mixed = survey is not None and survey.count("day-first") and survey.count("month-first")
    if here == 0:
        return "file"
    return "page" if here == rejected.total and not mixed else "some"


def _choices(form: dict[str, str], held: HeldList) -> list[str | None]:
    """The field chosen for each header (a form without the selects keeps the held choices)."""
    choices: list[str | None] = []
    for index, kept in enumerate(held.choices):
        value = form.get(f"column-{index}", kept or "")
        choices.append(value if value in FIELDS or value in (IGNORE, IDENTIFIER) else None)
    return choices


def _mapping_problems(
    problems: Sequence[imports.MappingProblem], gettext: Callable[[str], str]
) -> list[str]:
    labels = field_labels(gettext)
    said = []
    for problem in problems:
        if problem.kind == "unchosen":
            said.append(
                gettext("Choose what the column “%(header)s” holds, or leave it out.")
                % {"header": problem.headers[0]}
            )
        elif problem.kind == "twice":
            said.append(
                gettext("The columns %(headers)s all hold “%(field)s”: choose one.")
                % {
                    "headers": ", ".join(
                        gettext("“%(header)s”") % {"header": h} for h in problem.headers
                    ),
                    "field": labels.get(problem.field or "", ""),
                }
            )
        else:
            said.append(
                gettext(
                    "No column holds “%(field)s”: choose the column that does, or number the"
                    " rows (below)."
                )
                % {"field": labels.get(problem.field or "", "")}
            )
    return said


@router.post("/import/map", response_class=HTMLResponse)
async def import_mapped(request: Request, signed: SignedForm) -> Response:
    held = signed.session.held_list
    if held is None:
        raise NothingHeld(N_("the uploaded list is no longer held; choose the file again"))
    form = {key: str(value) for key, value in (await request.form()).items()}
    held.choices = _choices(form, held)
    said = form.get("date_order", held.date_order)
    held.date_order = next((order for order in DATE_ORDERS if order == said), None)
    # asked only while no column holds the record number (a column chosen for it wins)
    held.number_rows = form.get("number_rows") == "yes" and "record_id" not in held.choices
    if form.get("existing") in imports.EXISTING_CHOICES:
        held.existing = form["existing"]
    gettext = signed.gettext

    def look_whole() -> tuple[imports.ListPreview, imports.ImportCheck | None]:
        """The preview and the whole list's check from one copy of the file, under one lock."""
        with in_memory_path(held.upload.content, held.upload.suffix) as path, signed.lock:
            return _previewed(signed, held, path)

    wrong = imports.mapping_problems(held.headers, held.choices, held.number_rows)
    if form.get("action") != "import" or wrong:
        preview, check = await signed.shell.run_long(look_whole)
        status = 400 if wrong and form.get("action") == "import" else 200
        return _mapping_page(
            request,
            signed,
            held,
            preview,
            status,
            check=check if status == 200 else None,  # the columns' refusal says it, once
            mapping_problems=_mapping_problems(wrong, gettext) if status == 400 else [],
        )

    def store() -> imports.ImportSummary:
        with in_memory_path(held.upload.content, held.upload.suffix) as path, signed.lock:
            return imports.import_mapped(
                signed.vault,
                path,
                source=held.source,
                headers=held.headers,
                choices=held.choices,
                case=held.case or None,
                existing=held.existing,
                file_name=held.upload.name,
                date_order=held.date_order,
                number_rows=held.number_rows,
            )

    try:
        summary = await signed.shell.run_long(store)
    except imports.AlreadyImported as refused:
        _hold(signed, None)
        return _upload_page(
            request, signed, 409, held, refusal=refused.translated(signed.translator)
        )
    except imports.RowsAlreadyStored as refused:  # answered on this page: skip or update them
        preview, check = await signed.shell.run_long(look_whole)
        return _mapping_page(
            request,
            signed,
            held,
            preview,
            409,
            refusal=_naming_the_file(refused, held, check, signed),
            existing_needed=True,
            in_vault=frozenset(check.stored) if check else frozenset(),  # marked as before
        )
    except ImportRejected as rejected:
        chosen = dict(zip(held.headers, held.choices, strict=True))
        preview, _ = await signed.shell.run_long(look_whole)  # the check kept: its survey
        return _mapping_page(
            request,
            signed,
            held,
            preview,
            400,
            problems=_shown(rejected.errors, chosen, gettext),
            more_problems=rejected.total - min(len(rejected.errors), SHOWN_PROBLEMS),
            date_order_needed=any(p.needs_date_order for p in rejected.errors),
            fixed_here=_fixed_here(rejected, preview.dates, held.date_order),
        )
    _hold(signed, None)
    message = signed.ngettext(
        "Imported %(num)d record from %(file)s into the case %(case)s.",
        "Imported %(num)d records from %(file)s into the case %(case)s.",
        summary.imported,
    ) % {"num": summary.imported, "file": held.upload.name, "case": summary.case}
    if summary.skipped or summary.updated:
        message += " " + gettext(
            "Rows already in the vault: %(skipped)s skipped, %(updated)s updated."
        ) % {"skipped": summary.skipped, "updated": summary.updated}
    if summary.opened:  # walkday7: an analyst not granted a new case cannot link its records
        message += " " + _opened_cases(summary.opened, gettext)
    return signed.render(
        request,
        "import.html",
        form={},
        problems=[],
        source_names=_sources(signed),
        message=message,
        warnings=[translated(text, gettext) for text in summary.warnings],
    )
