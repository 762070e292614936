"""What an evidence file is and what it says about itself; and a copy that says nothing.

- :func:`media_type` decides by content (magic bytes, the ``filetype`` package), never by the
  file's name, which a sender controls.
- :func:`extract_metadata` reads image EXIF (GPS included) and PDF document information. These
  fields often identify the photographer or the place, so the caller seals them.
- :func:`make_working_copy` re-encodes an image from its pixels alone (no EXIF, no GPS, no
  comments, no ICC profile, orientation applied) or rewrites a PDF's pages without its
  information dictionary or XMP metadata: the copy that may be shared. The original is only
  ever opened for reading.

Images are bounded by :data:`MAX_IMAGE_PIXELS`, set explicitly as Pillow's own
decompression-bomb limit (Pillow warns above it and raises above twice it, and its default
would change with a Pillow release). A 400-megapixel PNG once crashed ``evidence add`` after
the file was encrypted but before it was logged, so it could not be preserved at all (issue
18): now the file is preserved like any other, and what needs the pixels (the metadata read,
a working copy) is skipped with a sentence saying why (:data:`SKIPPED`).
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import filetype
from PIL import ExifTags, Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PyPdfError
from pypdf.generic import NameObject

from uncounted.errors import InputError
from uncounted.messages import N_

_MAX_VALUE = 500
_MAX_FIELDS = 200
_IMAGE_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}

#: Pixels of the largest image uncounted reads or re-encodes: 100 megapixels (the largest
#: phone cameras take 108; a working copy of this many RGBA pixels needs 400 MB of memory).
MAX_IMAGE_PIXELS = 100_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
#: The metadata field that says why an image's own metadata was not read (sealed with the rest).
SKIPPED = "metadata.skipped"


class ImageTooLarge(InputError):
    """Raised when an image has more pixels than :data:`MAX_IMAGE_PIXELS`."""


def _too_large() -> ImageTooLarge:
    return ImageTooLarge(
        N_(
            "the image has more than {megapixels} megapixels, more than uncounted reads; the"
            " file is preserved, but its metadata was not read and no working copy is made"
        ),
        megapixels=MAX_IMAGE_PIXELS // 1_000_000,
    )


@contextmanager
def _open_image(path: FileSource) -> Iterator[Image.Image]:
    """The image at *path*, opened lazily; :class:`ImageTooLarge` above the pixel limit."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise _too_large() from None
    with image:
        if image.width * image.height > MAX_IMAGE_PIXELS:
            raise _too_large()
        yield image


class NoWorkingCopy(InputError):
    """Raised when a working copy is asked for a media type uncounted cannot strip safely."""


@dataclass(frozen=True)
class MediaType:
    """A media type recognised from content, with the extension packages use for it."""

    mime: str
    extension: str


OCTET_STREAM = MediaType("application/octet-stream", "bin")


def media_type(head: bytes) -> MediaType:
    """The media type of a file whose first bytes are *head* (at least 262 bytes if it has)."""
    kind = filetype.guess(head)
    if kind is None:
        return OCTET_STREAM
    return MediaType(str(kind.mime), str(kind.extension))


FileSource = Path | BinaryIO
"""A file on disk, or decrypted bytes held in memory (never a plaintext temporary file)."""


def extract_metadata(path: FileSource, kind: MediaType) -> dict[str, str]:
    """Identifying metadata of the file at *path* (to be sealed), as text fields."""
    try:
        if kind.mime.startswith("image/"):
            return _image_metadata(path)
        if kind.mime == "application/pdf":
            return _pdf_metadata(path)
    except ImageTooLarge as too_large:
        return {SKIPPED: str(too_large)}
    except (OSError, UnidentifiedImageError, PyPdfError, ValueError, KeyError, TypeError):
        return {"metadata.unreadable": "the embedded metadata could not be read"}
    return {}


def _image_metadata(path: FileSource) -> dict[str, str]:
    fields: dict[str, str] = {}
    with _open_image(path) as image:
        exif = image.getexif()
        for tag, value in exif.items():
            fields[f"exif.{ExifTags.TAGS.get(tag, str(tag))}"] = _text(value)
        for tag, value in exif.get_ifd(ExifTags.IFD.Exif).items():
            fields[f"exif.{ExifTags.TAGS.get(tag, str(tag))}"] = _text(value)
        for tag, value in exif.get_ifd(ExifTags.IFD.GPSInfo).items():
            fields[f"gps.{ExifTags.GPSTAGS.get(tag, str(tag))}"] = _text(value)
        for key, value in image.info.items():
            if isinstance(value, str):
                fields[f"info.{key}"] = _text(value)
    return dict(list(fields.items())[:_MAX_FIELDS])


def _pdf_metadata(path: FileSource) -> dict[str, str]:
    reader = PdfReader(path)
    fields = {
        f"pdf.{key.lstrip('/')}": _text(value) for key, value in (reader.metadata or {}).items()
    }
    if "/Metadata" in reader.root_object:
        fields["pdf.xmp"] = "present"
    return dict(list(fields.items())[:_MAX_FIELDS])


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.hex()
    return str(value)[:_MAX_VALUE]


def make_working_copy(path: FileSource, kind: MediaType) -> bytes:
    """A copy of the file at *path* with identifying metadata removed (images and PDFs)."""
    try:
        if kind.mime in _IMAGE_FORMATS:
            return _clean_image(path, _IMAGE_FORMATS[kind.mime])
        if kind.mime == "application/pdf":
            return _clean_pdf(path)
    except (OSError, UnidentifiedImageError, PyPdfError, ValueError) as error:
        raise NoWorkingCopy(
            N_("a working copy of this {mime} file could not be made ({cause})"),
            mime=kind.mime,
            cause=type(error).__name__,
        ) from None
    raise NoWorkingCopy(
        N_("uncounted can strip metadata only from JPEG, PNG, WebP and PDF files, not {mime}"),
        mime=kind.mime,
    )


def _clean_image(path: FileSource, image_format: str) -> bytes:
    with _open_image(path) as original:
        upright = ImageOps.exif_transpose(original)
        if upright.mode not in ("RGB", "RGBA", "L", "LA"):
            upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
        if image_format == "JPEG" and upright.mode in ("RGBA", "LA"):
            upright = upright.convert("RGB")
        pixels_only = Image.frombytes(upright.mode, upright.size, upright.tobytes())
    output = io.BytesIO()
    options: dict[str, object] = {"quality": 95} if image_format != "PNG" else {}
    pixels_only.save(output, format=image_format, **options)
    return output.getvalue()


#: The longest side of a thumbnail, in pixels (two rows of a phone's screen at 390 px wide).
THUMBNAIL_SIDE = 320


def make_thumbnail(path: FileSource, kind: MediaType) -> bytes | None:
    """A small JPEG of the image at *path* made from its pixels alone, or None.

    None for what is not a JPEG, PNG or WebP image, for an image over :data:`MAX_IMAGE_PIXELS`
    (the decompression-bomb limit) and for one that does not decode: a thumbnail is a
    convenience, and the file is preserved whatever happens here. Like the working copy it is
    rebuilt from pixels (no EXIF, no GPS, no comments, no ICC profile), turned upright first.
    """
    if kind.mime not in _IMAGE_FORMATS:
        return None
    try:
        with _open_image(path) as original:
            original.draft("RGB", (THUMBNAIL_SIDE * 2, THUMBNAIL_SIDE * 2))  # JPEG: decode small
            upright = ImageOps.exif_transpose(original)
            upright.thumbnail((THUMBNAIL_SIDE, THUMBNAIL_SIDE))
            pixels = upright.convert("RGB")
            pixels_only = Image.frombytes("RGB", pixels.size, pixels.tobytes())
    except (ImageTooLarge, OSError, UnidentifiedImageError, ValueError):
        return None
    output = io.BytesIO()
    pixels_only.save(output, format="JPEG", quality=80)
    return output.getvalue()


def _clean_pdf(path: FileSource) -> bytes:
    reader = PdfReader(path)
    writer = PdfWriter()
    for page in reader.pages:
        added = writer.add_page(page)
        for key in ("/Metadata", "/PieceInfo"):
            if key in added:
                del added[NameObject(key)]
    writer.metadata = None
    if "/Metadata" in writer.root_object:
        del writer.root_object[NameObject("/Metadata")]
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
