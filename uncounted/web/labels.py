"""Vocabulary labels for templates, in the page's language, from the model's data files."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache

from uncounted.model import vocabulary


@cache
def _labels_of(name: str, language: str) -> dict[str, str]:
    """Code -> label of vocabulary *name* (``places``: the gazetteer) in *language*.

    The vocabularies are read-only files loaded once, so their labels are worked out once per
    language: a list page asks for hundreds of them, and going through the vocabulary object
    for each was a tenth of the page's time.
    """
    terms = vocabulary.places() if name == "places" else vocabulary.load(name)
    return {code: terms.label(code, language) for code in terms}


@dataclass(frozen=True)
class Labels:
    """Look up the label of a vocabulary code; unknown codes are shown as they are."""

    language: str

    def event_type(self, code: str | None) -> str:
        return self._label("event_types", code)

    def place(self, code: str | None) -> str:
        return self._label("places", code)

    def term(self, name: str, code: str | None) -> str:
        """The label of *code* in vocabulary *name* (e.g. ``roles``, ``act_types``)."""
        return self._label(name, code)

    def value(self, field: str, value: str | None) -> str:
        """*value* of a record's *field* as shown: a code as its label (event type, place,
        sex, role, ...), anything else as it is."""
        vocabulary_name = FIELD_VOCABULARIES.get(field)
        if field in _TEXT_LISTS and value:  # one item a line
            return "; ".join(line for line in value.split("\n") if line)
        if not vocabulary_name or not value:
            return value or ""
        if field in _CODE_LISTS:  # several codes: "arrest|beating"
            return ", ".join(self._label(vocabulary_name, code) for code in value.split("|"))
        if field in _DATED:  # one "[date ]code" a line
            lines = (
                line.rsplit(" ", 1) if " " in line else ["", line] for line in value.split("\n")
            )
            return "; ".join(
                f"{when} {self._label(vocabulary_name, code)}".strip() for when, code in lines
            )
        return self._label(vocabulary_name, value)

    def identity(self, fields: Mapping[str, str]) -> str:
        """A record's identity on one line, each value as shown (:meth:`value`: a place or a
        status as its label), for a table that gives it one cell (the command line's)."""
        return "; ".join(shown for shown in (self.value(k, v) for k, v in fields.items()) if shown)

    def field(self, name: str) -> str:
        """The caption of a record's field *name* (``birth_date``: "Date of birth"), as the
        record and its history show it on a page and on the command line; a field with no
        caption as its name in words ("place text")."""
        return _captions(self.language).get(name, name.replace("_", " "))

    def choices(self, name: str) -> list[tuple[str, str]]:
        """``(code, label)`` pairs of vocabulary *name* for a select box."""
        return vocabulary.load(name).choices(self.language)

    def _label(self, name: str, code: str | None) -> str:
        if not code:
            return ""
        return _labels_of(name, self.language).get(code, code)


_CODE_LISTS = frozenset({"act_types", "intervention_types", "perpetrator_type"})
_DATED = frozenset({"status_history", "interventions"})
_TEXT_LISTS = frozenset({"perpetrator_unit"})
#: The vocabulary of each field of a record that holds a code (or several: ``_CODE_LISTS``,
#: ``_DATED``).
FIELD_VOCABULARIES = {
    "act_types": "act_types",
    "detention_kind": "location_types",
    "detention_place": "places",
    "status": "victim_statuses",
    "status_history": "victim_statuses",
    "intervention_types": "intervention_types",
    "interventions": "intervention_types",
    "event_type": "event_types",
    "sex": "sex",
    "role": "roles",
    "role_as_told": "roles",
    "act_type": "act_types",
    "perpetrator_type": "perpetrator_types",
    "source_type": "source_types",
    "place": "places",
    "district": "places",
}


def field_captions(gettext: Callable[[str], str]) -> dict[str, str]:
    """Captions of a record's fields in the user's language (record, person, edit, history)."""
    return {
        "name": gettext("Name"),
        "name_original": gettext("Name in another script"),
        "birth_date": gettext("Date of birth"),
        "age": gettext("Age"),
        "sex": gettext("Sex"),
        "contact": gettext("Contact"),
        "address": gettext("Address"),
        "role": gettext("Role"),
        "role_as_told": gettext("Role as told"),
        "event_type": gettext("Event type"),
        "event_date": gettext("Date of the event"),
        "event_month": gettext("Month"),
        "district": gettext("District"),
        "place": gettext("Place"),
        "place_text": gettext("The place as told"),
        "act_type": gettext("What was done to this person"),
        "act_types": gettext("Acts"),
        "detained_from": gettext("Detained from"),
        "detained_until": gettext("Released on"),
        "detention_place": gettext("Where held"),
        "detention_kind": gettext("Kind of place"),
        "status": gettext("Status now"),
        "status_history": gettext("Status over time"),
        "interventions": gettext("Help given and steps taken"),
        "intervention_types": gettext("Help given and steps taken"),
        "perpetrator_type": gettext("Who did it"),
        "perpetrator_unit": gettext("Unit or official, as told"),
        "source_type": gettext("Kind of source"),
        "source_record_id": gettext("Record number in its list"),
        "case": gettext("Case"),
        "event_id": gettext("Event"),
        "testimony": gettext("Testimony"),
    }


@cache
def _captions(language: str) -> dict[str, str]:
    """:func:`field_captions` in *language*, worked out once."""
    from uncounted.web.i18n import Translator

    return field_captions(Translator(language).gettext)
