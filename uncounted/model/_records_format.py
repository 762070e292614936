"""The columns of the records format: one row per record of one source, as linkage reads it.

The synthetic world writes its lists in this format and linkage reads it (and the importer's
records files), so the column list lives here, once, below both.
"""

from __future__ import annotations

#: Every column of a records file, in the order files are written.
RECORD_COLUMNS = (
    "source",
    "record_id",
    "name",
    "name_original",
    "birth_date",
    "age",
    "sex",
    "place",
    "event_date",
    "event_type",
)
#: The columns that describe the person and the event (all but where a record came from):
#: what linkage compares and what a reviewer sees side by side.
PERSON_COLUMNS = RECORD_COLUMNS[2:]


def linked_place(place: str | None, place_text: str | None) -> str:
    """A record's ``place`` as linkage reads it: the gazetteer code when the place was found
    there, else the place as written (a French list's Groznyï, a village the gazetteer lacks),
    else "". ``uncounted link`` and the register read a record's place by this one rule.
    """
    return place or place_text or ""
