"""Evidence for a journalist by case or by record: one package of several files, described.

:func:`package_evidence` gathers the evidence items of a case (or of one record) that this user
may open, writes a manifest listing each file with its kind, description, the event it
documents (type, month, district) and its SHA-256, and a summary page in English and Russian,
commits the manifest to the ledger as an evidence item and writes the package: the manifest,
``files/<item>.<ext>`` and ``summary-en.html`` / ``summary-ru.html`` at the top level, with
the manifest's proofs, so that ``uncounted verify`` checks every file offline.

Who it was handed to is recorded in the same transaction as the export: the manifest item's
"exported" custody event names the recipient (it is in the package's own custody.json), each
included item gets an "exported" event naming the recipient and the package, and the audit
trail an entry ``evidence.export``. Nothing is written when anything fails.

Images (JPEG, PNG, WebP) and PDFs go in as their working copies, with the identifying
metadata a camera or an editor left (GPS position, author, device) stripped, made now if need
be; other files, and every file with ``originals=True``, go in as the originals. The manifest
says which ("copy") for each file.

The manifest is attached to the first file's record, so its key is wrapped under that case's
key: the descriptions it holds are readable by exactly those granted the case, as before.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import BinaryIO

from uncounted import vault as store
from uncounted.errors import InputError
from uncounted.ledger import (
    MANIFEST_MEDIA_TYPE,
    PackageContents,
    write_package,
    write_package_into,
)
from uncounted.messages import N_
from uncounted.model import vocabulary
from uncounted.report.package_summary import PackagedFile, summary_html
from uncounted.services.evidence import check_new_output
from uncounted.vault import Action, DescribedItem, VaultSession

__all__ = ["CasePackage", "NothingToPackage", "package_evidence", "package_evidence_into"]

Gettext = Callable[[str], str]
Writer = Callable[[PackageContents, Iterable[bytes], Mapping[str, bytes]], None]


class NothingToPackage(InputError):
    """Raised when the case or record has no evidence this user may open (or names none)."""


@dataclass(frozen=True)
class CasePackage:
    """What a package for a recipient holds, for the shell to say."""

    package: Path
    evidence_id: str
    recipient: str
    items: tuple[str, ...]
    tree_size: int
    key_fingerprint: str


def package_evidence(
    vault: VaultSession,
    output: Path,
    recipient: str,
    translators: Mapping[str, Gettext],
    *,
    case: str | None = None,
    record: str | None = None,
    originals: bool = False,
) -> CasePackage:
    """Write the package of *case*'s (or *record*'s) evidence for *recipient* to *output*."""
    vault.require(Action.EVIDENCE_EXPORT)
    check_new_output(output)
    write = partial(write_package, output)
    return _package(vault, output, write, recipient, translators, case, record, originals)


def package_evidence_into(
    vault: VaultSession,
    handle: BinaryIO,
    recipient: str,
    translators: Mapping[str, Gettext],
    *,
    case: str | None = None,
    record: str | None = None,
) -> CasePackage:
    """The same package written into *handle* (the web app passes anonymous memory)."""
    vault.require(Action.EVIDENCE_EXPORT)
    write = partial(write_package_into, handle)
    return _package(
        vault, Path("evidence-package.zip"), write, recipient, translators, case, record
    )


def _items(vault: VaultSession, case: str | None, record: str | None) -> list[DescribedItem]:
    if (case is None) == (record is None):
        raise InputError(N_("name either --case or --record, not both"))
    found = [
        shown
        for shown in store.described_items(vault, records=[record] if record else (), case=case)
        if shown.item.media_type != MANIFEST_MEDIA_TYPE  # an earlier package is not evidence
    ]
    if not found:
        raise NothingToPackage(
            N_("{what} has no evidence you may open; nothing was exported"),
            what=f"case {case}" if case is not None else f"record {record}",
        )
    return found


_STRIPPABLE = ("image/jpeg", "image/png", "image/webp", "application/pdf")


def _copy_of(
    vault: VaultSession, item: store.EvidenceItem, originals: bool
) -> tuple[store.EvidenceItem, bool]:
    """The item and whether its working copy goes in (made now if need be; the original
    when it cannot be stripped, or when *originals* is asked for)."""
    if originals or item.media_type not in _STRIPPABLE:
        return item, False
    try:
        return store.ensure_working_copy(vault, item), True
    except InputError:  # too large or unreadable to strip: the original, and the manifest says so
        return item, False


def _label(name: str, code: str | None, language: str) -> str:
    if not code:
        return ""
    terms = vocabulary.places() if name == "places" else vocabulary.load(name)
    return terms.label(code, language) if code in terms else code


def _package(
    vault: VaultSession,
    output: Path,
    write: Writer,
    recipient: str,
    translators: Mapping[str, Gettext],
    case: str | None,
    record: str | None,
    originals: bool = False,
) -> CasePackage:
    to = store.checked_recipient(recipient)
    found = _items(vault, case, record)
    views = {view.record_id: view for view in store.list_records(vault, reveal=False)}
    files: dict[str, bytes] = {}
    described: list[dict[str, str]] = []
    for shown in found:
        item, working = _copy_of(vault, shown.item, originals)
        body = b"".join(store.read_evidence(vault, item, working))
        name = f"files/{item.id}{'-working' if working else ''}.{item.extension}"
        files[name] = body
        view = views.get(item.record_id or "")
        described.append(
            {
                "item_id": item.id,
                "file": name,
                "size": str(len(body)),
                "sha256": hashlib.sha256(body).hexdigest(),
                "copy": "working" if working else "original",
                "kind": item.kind or "",
                "description": shown.description,
                "event_type": (view.event_type if view else None) or "",
                "event_month": (view.event_month if view else None) or "",
                "district": (view.district if view else None) or "",
                "added_on": item.created_at[:10],
            }
        )
    made_on = datetime.now(UTC).date().isoformat()
    for language, gettext in translators.items():
        rows = [
            PackagedFile(
                item_id=d["item_id"],
                name=d["file"],
                size=int(d["size"]),
                sha256=d["sha256"],
                kind_label=_label("evidence_kinds", d["kind"], language),
                description=d["description"],
                event_label=_label("event_types", d["event_type"], language),
                month=d["event_month"],
                place_label=_label("places", d["district"], language),
                added_on=d["added_on"],
            )
            for d in described
        ]
        page = summary_html(rows, to, made_on, gettext, language)
        files[f"summary-{language}.html"] = page.encode("utf-8")
    manifest = json.dumps(
        {
            "kind": "uncounted evidence package",
            "to": to,
            "made_on": made_on,
            "items": described,
            "files": {
                n: {"sha256": hashlib.sha256(b).hexdigest(), "size": len(b)}
                for n, b in sorted(files.items())
            },
        },
        indent=2,
        sort_keys=True,
        ensure_ascii=False,
    ).encode("utf-8")
    anchor = found[0].item.record_id
    note = store.Description(None, f"evidence package handed to {to}")
    with store.transaction(vault.conn):  # the package, who it went to, and the audit: together
        item = store.add_evidence_chunks(
            vault, [manifest], "package.json", anchor, None, manifest=True, description=note
        )
        store.record_custody(vault, item.id, "exported", {"to": to, "kind": "package"})
        for shown in found:
            store.record_custody(vault, shown.item.id, "exported", {"to": to, "in": item.id})
        detail = {"to": to, "items": str(len(found))}
        store.record_audit(
            vault.conn, store.AuditEntry(vault.user.name, "evidence.export", item.id, detail)
        )
    contents = store.package_contents(vault, item, False)
    write(contents, store.read_evidence(vault, item, False), files)
    return CasePackage(
        package=output,
        evidence_id=item.id,
        recipient=to,
        items=tuple(d["item_id"] for d in described),
        tree_size=contents.checkpoint.checkpoint.tree_size,
        key_fingerprint=contents.public_key.fingerprint,
    )
