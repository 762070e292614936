"""Telling UTF-8, UTF-8 with a byte-order mark and Windows-1251 apart.

Russian spreadsheets still save CSV in Windows-1251. Every byte sequence decodes as
Windows-1251, so "it decodes" proves nothing: we accept that reading only when the text looks
like Russian (nearly all letters above ASCII are Cyrillic, mostly lower case, as in names and
sentences). charset-normalizer is consulted only for what neither rule settles.
"""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

SAMPLE_BYTES = 256 * 1024
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_SUPPORTED = {"utf_8", "utf_8_sig", "cp1251", "utf_16", "koi8_r", "ascii"}


class EncodingUnknown(Exception):
    """Raised (and turned into a file problem by the reader) when no encoding fits the text."""


def canonical(name: str) -> str:
    """The codec's canonical name; :class:`LookupError` for names Python does not know."""
    return codecs.lookup(name).name.replace("-", "_")


def _utf8_prefix_ok(sample: bytes, complete: bool) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    try:
        decoder.decode(sample, final=complete)
    except UnicodeDecodeError:
        return False
    return True


def looks_russian(text: str) -> bool:
    """True when the non-ASCII letters of ``text`` read as ordinary Russian or Chechen text."""
    letters = cyrillic = lower = 0
    for char in text:
        if char.isascii() or not char.isalpha():
            continue
        letters += 1
        if "\u0400" <= char <= "\u04ff":
            cyrillic += 1
            lower += char.islower()
    if cyrillic < 0.95 * letters:
        return False
    return cyrillic < 8 or lower >= 0.4 * cyrillic


def detect(sample: bytes, *, complete: bool) -> str:
    """The encoding of a CSV file from its first bytes (``complete`` when that is all of it).

    Raises :class:`EncodingUnknown` when the bytes are not text in a supported encoding.
    """
    if sample.startswith(codecs.BOM_UTF8):
        return "utf_8_sig"
    if sample.startswith(_UTF16_BOMS):
        return "utf_16"
    if b"\x00" in sample.split(b"\n", 1)[0]:
        # a NUL in the header means a binary file; a stray NUL in a later cell is left for
        # the row it sits in to report
        raise EncodingUnknown("binary")
    if _utf8_prefix_ok(sample, complete):
        return "utf_8"
    if b"\x98" not in sample and looks_russian(sample[:65536].decode("cp1251")):
        return "cp1251"
    best = from_bytes(sample).best()
    if best is not None and canonical(best.encoding) in _SUPPORTED:
        return canonical(best.encoding)
    raise EncodingUnknown("undetermined")
