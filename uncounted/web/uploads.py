"""Reading a file upload into memory only, never into a temporary file.

Starlette's own form parser spools any file part over 1 MiB to a temporary file on disk, in
the clear. A list of victims or a photograph of injuries must not land there, so uploads are
parsed here with python-multipart's streaming parser straight into a ``bytearray`` capped at a
size, which :meth:`UploadedForm.wipe` zeroes once the services have taken it. Lists are then
handed to the importer through :func:`in_memory_path` (an anonymous ``memfd`` file reached
through a symlink with a neutral name), evidence as chunks.

Nothing is read that the sender may not send: a declared ``Content-Length`` over the page's
limit is refused before the body is touched, and *before_file* (the page's role and CSRF
checks) runs on the form's fields as soon as the file part begins, before a byte of the file
is kept. The review in issue 18 found a viewer's 64 MiB uploads held in memory before being
refused.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, BinaryIO

from fastapi import Request
from python_multipart.multipart import MultipartParser, parse_options_header

from uncounted.errors import InputError
from uncounted.intake import ListCheck
from uncounted.messages import N_
from uncounted.model import DateOrder

if TYPE_CHECKING:  # the library declares its callbacks' TypedDict for type checkers only
    from python_multipart.multipart import MultipartCallbacks

_MAX_FIELD = 16 * 1024
#: Room for the form's text fields and the multipart framing around the file.
_FORM_OVERHEAD = 256 * 1024
_CHUNK = 1 << 20
#: Checks of the sender (role, CSRF token) run on the fields sent before the file.
FieldsCheck = Callable[[dict[str, str]], None]


class UploadRefused(InputError):
    """Raised when an upload is not a form with a file, or is larger than the page accepts."""


@dataclass
class UploadedFile:
    """One file of a multipart form, held in memory."""

    name: str = ""
    content: bytearray = field(default_factory=bytearray)

    @property
    def suffix(self) -> str:
        """The file name's extension, lower case with its dot ("" when it has none)."""
        return PurePosixPath(self.name).suffix.lower()

    def chunks(self) -> Iterator[bytes]:
        """The file's bytes in pieces of 1 MiB (copies: the buffer itself is wiped later)."""
        view = memoryview(self.content)
        for start in range(0, len(view), _CHUNK):
            yield bytes(view[start : start + _CHUNK])

    def wipe(self) -> None:
        """Overwrite the file's bytes with zeros and forget them."""
        self.content[:] = bytes(len(self.content))
        self.content.clear()


@dataclass
class UploadedForm:
    """The text fields of a multipart form and its files (one unless the page takes more)."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[UploadedFile] = field(default_factory=list)

    @property
    def first(self) -> UploadedFile:
        """The form's (first) file; an empty one when none was sent."""
        return self.files[0] if self.files else UploadedFile()

    @property
    def file_name(self) -> str:
        return self.first.name

    @property
    def content(self) -> bytearray:
        return self.first.content

    @property
    def suffix(self) -> str:
        return self.first.suffix

    def chunks(self) -> Iterator[bytes]:
        return self.first.chunks()

    def wipe(self) -> None:
        """Overwrite every file's bytes with zeros and forget them."""
        for upload in self.files:
            upload.wipe()


@dataclass
class HeldList:
    """A list uploaded for import, held in memory between its mapping page and the import.

    Never on disk: it lives in the session (:attr:`uncounted.web.sessions.WebSession.held_list`)
    and is wiped when imported, when another list replaces it and when the session ends. One
    per session, within the upload limit of the import page.
    """

    upload: UploadedFile
    source: str
    case: str
    existing: str
    headers: tuple[str, ...] = ()
    choices: list[str | None] = field(default_factory=list)
    #: how dates written 05/03/1990 are read (``day-first`` or ``month-first``); None: refused
    date_order: DateOrder | None = None
    #: whether each row is known by its row number (a list without a record-number column)
    number_rows: bool = False
    #: the whole file read with (choices, date order, numbering) by the page's check: kept,
    #: for the same choices shown again cost seconds per 100,000 rows (problems by row and
    #: column, and record ids with their rows; no other cell)
    checked: tuple[tuple[object, ...], ListCheck] | None = None

    def wipe(self) -> None:
        """Overwrite the list's bytes with zeros and forget them, and the check's reading of
        them (the record ids and their rows)."""
        self.upload.wipe()
        self.checked = None


def _base_name(name: str) -> str:
    """The last component of a browser-sent file name, without control characters."""
    base = PureWindowsPath(PurePosixPath(name).name).name
    return "".join(ch for ch in base if ch.isprintable())[:200]


class _Collector:
    """python-multipart callbacks that fill an :class:`UploadedForm`."""

    def __init__(
        self,
        form: UploadedForm,
        file_field: str,
        limits: tuple[int, int],
        before_file: FieldsCheck | None,
    ) -> None:
        self.form, self.file_field = form, file_field
        self.max_bytes, self.max_files = limits
        self.received = 0
        self.before_file = before_file
        self.refused: Exception | None = None
        self.header_name = b""
        self.header_value = b""
        self.headers: dict[bytes, bytes] = {}
        self.name = ""
        self.is_file = False
        self.value = bytearray()

    def on_part_begin(self) -> None:
        self.headers, self.value, self.is_file, self.name = {}, bytearray(), False, ""

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.header_name += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.header_value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.header_name.lower()] = self.header_value
        self.header_name, self.header_value = b"", b""

    def on_headers_finished(self) -> None:
        _, options = parse_options_header(self.headers.get(b"content-disposition", b""))
        self.name = options.get(b"name", b"").decode("utf-8", "replace")
        if b"filename" in options:
            self.is_file = self.name == self.file_field
            if self.is_file:
                self.check_sender()
                if len(self.form.files) == self.max_files:
                    raise UploadRefused(
                        N_("choose at most {count} files at once"), count=self.max_files
                    )
                name = _base_name(options[b"filename"].decode("utf-8", "replace"))
                self.form.files.append(UploadedFile(name))

    def check_sender(self) -> None:
        """Run *before_file* once, on the fields read so far; keep what it raised."""
        check, self.before_file = self.before_file, None
        if check is not None:
            try:
                check(self.form.fields)
            except Exception as refusal:
                self.refused = refusal
                raise

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.is_file:
            self.received += end - start
            if self.received > self.max_bytes:
                raise _too_large(self.max_bytes)
            self.form.files[-1].content += data[start:end]
        elif self.name:
            if len(self.value) + end - start > _MAX_FIELD:
                raise UploadRefused(N_("the form field {field} is too long"), field=self.name[:40])
            self.value += data[start:end]

    def on_part_end(self) -> None:
        if not self.is_file and self.name:
            self.form.fields[self.name] = self.value.decode("utf-8", "replace")


async def read_upload(
    request: Request,
    file_field: str,
    max_bytes: int,
    before_file: FieldsCheck | None = None,
    max_files: int = 1,
) -> UploadedForm:
    """Parse the request's multipart form; the parts named *file_field* are its files.

    At most *max_files* files, of *max_bytes* together, are taken.

    *before_file* is called with the text fields sent before the file part (browsers send
    the fields in the page's order: the CSRF token first) when that part begins, or at the
    end when there is none; what it raises is raised here and the file is never read.
    """
    content_type, options = parse_options_header(request.headers.get("content-type", ""))
    boundary = options.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise UploadRefused(N_("this form must be sent as a file upload (multipart/form-data)"))
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + _FORM_OVERHEAD:
        raise _too_large(max_bytes)
    form = UploadedForm()
    collector = _Collector(form, file_field, (max_bytes, max_files), before_file)
    callbacks: MultipartCallbacks = {
        "on_part_begin": collector.on_part_begin,
        "on_part_data": collector.on_part_data,
        "on_part_end": collector.on_part_end,
        "on_header_field": collector.on_header_field,
        "on_header_value": collector.on_header_value,
        "on_header_end": collector.on_header_end,
        "on_headers_finished": collector.on_headers_finished,
    }
    parser = MultipartParser(boundary, callbacks)
    try:
        async for chunk in request.stream():
            parser.write(chunk)
        parser.finalize()
        collector.check_sender()
    except UploadRefused:
        form.wipe()
        raise
    except Exception:  # python-multipart raises several error types on a malformed body
        form.wipe()
        if collector.refused is not None:
            raise collector.refused from None
        raise UploadRefused(N_("the upload arrived incomplete or malformed; try again")) from None
    return form


def _too_large(max_bytes: int) -> UploadRefused:
    return UploadRefused(
        N_("the file is larger than {mib} MiB, the most this page takes"), mib=max_bytes >> 20
    )


@contextmanager
def in_memory_path(content: bytes | bytearray, suffix: str) -> Iterator[Path]:
    """A path that reads *content* from anonymous memory (:func:`memory_file`), never from disk.

    The path is a symlink named ``upload<suffix>`` (a neutral name: the sender's file name may
    itself identify someone) in a private temporary folder, pointing at ``/proc/self/fd/N``.
    """
    with memory_file("uncounted-upload") as handle:
        handle.write(content)
        handle.flush()
        with tempfile.TemporaryDirectory(prefix="uncounted-upload-") as folder:
            link = Path(folder) / f"upload{suffix}"
            link.symlink_to(f"/proc/self/fd/{handle.fileno()}")
            yield link


@contextmanager
def memory_file(name: str) -> Iterator[BinaryIO]:
    """An empty file in anonymous memory (Linux ``memfd``), open for reading and writing.

    For output that must stay off the disk (an evidence package on its way to a download); its
    pages are emptied and freed when the block ends.
    """
    if not hasattr(os, "memfd_create"):
        raise UploadRefused(N_("this server cannot hold files in memory; use the command line"))
    handle = os.fdopen(os.memfd_create(name, os.MFD_CLOEXEC), "w+b")
    try:
        yield handle
    finally:
        handle.truncate(0)
        handle.close()
