"""How much of a list the importers read before refusing it: one frozen set of bounds.

A list arrives from another organisation, a journalist, or an adversary who crafted it. Every
bound below was broken by a file in an adversarial review (issue 18): a 1.5 MB workbook that
inflated to 1.6 GB of XML, a header of a million columns that printed a million error lines,
a ``.csv`` that was a symbolic link to ``/dev/zero``, a JSON integer of 5,000 digits. The
defaults are far above any real list: the largest documentation lists we know hold tens of
thousands of rows in a few dozen columns and a few megabytes.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ImportLimits:
    """Bounds on what one imported file may hold; the defaults suit documentation lists."""

    #: Bytes of a CSV or XLSX file on disk.
    max_file_bytes: int = 256 << 20
    #: Bytes of a JSON file: it is parsed whole, and Python objects take ~10 times the text.
    max_json_bytes: int = 64 << 20
    #: Bytes the members of an XLSX workbook may inflate to, all together.
    max_unpacked_bytes: int = 128 << 20
    #: Members of an XLSX workbook (sheets, styles, images, relations).
    max_members: int = 2_000
    #: Data rows (or JSON objects).
    max_rows: int = 1_000_000
    #: Columns of the header (or distinct keys of the JSON objects).
    max_columns: int = 1_000
    #: Bytes of one physical line of a CSV file.
    max_line_bytes: int = 4 << 20
    #: Digits of one JSON integer (an age or an identifier needs a few).
    max_json_digits: int = 40
    #: Problems kept in full; the rest of a badly broken file is only counted.
    max_problems: int = 1_000
