"""What every domain object shares: field checks and the identity/analytic split.

A field declared with :func:`identity` is identity-bearing: the vault seals it per record and
shows it only to users granted the case. Every other field is analytic: it may be counted,
linked on and shown, coarsened, to anyone allowed into the vault. The split is declared here,
once, on the types themselves, so the vault cannot forget a field.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from functools import cache
from types import MappingProxyType

from uncounted.messages import N_, Message
from uncounted.model._dates import MAX_AGE, PartialDate, age_interval
from uncounted.model._errors import InvalidValue
from uncounted.model.vocabulary import load, places

IDENTITY = "identity"
MAX_TEXT = 20_000
MAX_SHORT = 300


COARSENED = "coarsened"
SEALED = MappingProxyType({IDENTITY: True})
"""Field metadata declaring an identity-bearing field: ``field(default=None, metadata=SEALED)``."""
EXACT = MappingProxyType({COARSENED: True})
"""Field metadata for an analytic field shown exactly only with a grant (a day, a village).

Counting needs these fields, but in a small village an exact date and place can point to one
person, so users without a grant see them coarsened (month, district); see
:meth:`Record.coarse`. The vault may store them sealed next to their coarse forms.
"""


def _flatten(value: object) -> str | None:
    """A field value as the text the vault stores; None for an absent value."""
    if value is None or value == () or value == frozenset():
        return None
    if isinstance(value, frozenset):
        return "|".join(sorted(str(item) for item in value))
    if isinstance(value, tuple):
        return "|".join(str(item) for item in value)
    if isinstance(value, dt.date | PartialDate):
        return str(value)
    return str(value)


class Entity:
    """Mixin for the frozen dataclasses of the domain model."""

    @classmethod
    def identity_fields(cls) -> frozenset[str]:
        """Names of the identity-bearing fields (sealed by the vault)."""
        return cls._field_names(IDENTITY)

    @classmethod
    def coarsened_fields(cls) -> frozenset[str]:
        """Analytic fields shown exactly only with a grant, coarsened otherwise."""
        return cls._field_names(COARSENED)

    @classmethod
    def analytic_fields(cls) -> frozenset[str]:
        """Names of the analytic fields: everything not identity-bearing (including coarsened)."""
        return cls._field_names() - cls.identity_fields()

    @classmethod
    def _field_names(cls, marked: str | None = None) -> frozenset[str]:
        """The names of the fields, or of those whose metadata has *marked* set."""
        every = dataclasses.fields(cls)  # type: ignore[arg-type]  # subclasses are dataclasses
        return frozenset(f.name for f in every if marked is None or f.metadata.get(marked))

    def identity_values(self) -> dict[str, str]:
        """The identity-bearing fields that are set, as text (what the vault seals)."""
        return self._values(self.identity_fields())

    def analytic_values(self) -> dict[str, str]:
        """The analytic fields that are set, as text."""
        return self._values(self.analytic_fields())

    def _values(self, names: frozenset[str]) -> dict[str, str]:
        values = {name: _flatten(getattr(self, name)) for name in sorted(names)}
        return {name: text for name, text in values.items() if text is not None}


def _bad(owner: str, field: str, reason: str) -> InvalidValue:
    return InvalidValue(owner, field, reason)


def check_id(owner: str, field: str, value: object) -> None:
    """An identifier: non-empty text of at most 200 characters, no control characters."""
    if not isinstance(value, str) or not value or value.isspace():
        raise _bad(owner, field, N_("is missing"))
    if len(value) > 200 or value != value.strip() or _has_control(value):
        raise _bad(owner, field, N_("must be at most 200 characters without surrounding spaces"))


def check_optional_id(owner: str, field: str, value: object) -> None:
    """An identifier that may be absent."""
    if value is not None:
        check_id(owner, field, value)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Unicode category Cc (control characters) except tab, line feed and carriage return."""


def _has_control(text: str) -> bool:
    return _CONTROL.search(text) is not None


def check_text(owner: str, field: str, value: object, *, limit: int = MAX_SHORT) -> None:
    """Optional free text: a non-blank string of bounded length without control characters."""
    if value is None:
        return
    if not isinstance(value, str) or not value or value.isspace():
        raise _bad(owner, field, N_("must be text, or left out"))
    if len(value) > limit:
        raise _bad(owner, field, Message(N_("is longer than {limit} characters"), limit=limit))
    if _has_control(value):
        raise _bad(owner, field, N_("contains control characters"))


def check_texts(owner: str, field: str, values: object, *, limit: int = MAX_SHORT) -> None:
    """A tuple of free-text values (e.g. names in several scripts)."""
    if not isinstance(values, tuple):
        raise _bad(owner, field, N_("must be a tuple of texts"))
    for value in values:
        check_text(owner, field, value, limit=limit)


@cache
def _codes(vocabulary: str) -> frozenset[str]:
    known = places() if vocabulary == "places" else load(vocabulary)
    return frozenset(known.codes())


def check_code(owner: str, field: str, value: object, vocabulary: str) -> None:
    """A code of the named vocabulary (``None`` is allowed: the value is unknown)."""
    if value is not None and value not in _codes(vocabulary):
        raise _bad(
            owner,
            field,
            Message(N_("is not a code of the {vocabulary} vocabulary"), vocabulary=vocabulary),
        )


def check_codes(owner: str, field: str, values: object, vocabulary: str) -> None:
    """A frozenset of codes of the named vocabulary."""
    if not isinstance(values, frozenset):
        raise _bad(owner, field, N_("must be a set of codes"))
    for value in values:
        check_code(owner, field, value, vocabulary)


def check_ids(owner: str, field: str, values: object) -> None:
    """A tuple of identifiers."""
    if not isinstance(values, tuple):
        raise _bad(owner, field, N_("must be a tuple of identifiers"))
    for value in values:
        check_id(owner, field, value)


def check_date(owner: str, field: str, value: object) -> None:
    """An optional :class:`PartialDate`."""
    if value is not None and not isinstance(value, PartialDate):
        raise _bad(owner, field, N_("must be a partial date"))


def check_day(owner: str, field: str, value: object) -> None:
    """An optional exact :class:`datetime.date`."""
    if value is not None and not isinstance(value, dt.date):
        raise _bad(owner, field, N_("must be a calendar date"))


def check_span(owner: str, start: PartialDate | None, end: PartialDate | None) -> None:
    """``end`` may not lie surely before ``start``."""
    if start is not None and end is not None and end.surely_before(start):
        raise _bad(owner, "end_date", N_("lies before the start date"))


def check_age(owner: str, field: str, value: object) -> None:
    """An optional age in full years, 0–:data:`MAX_AGE`."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= MAX_AGE:
        raise _bad(
            owner,
            field,
            Message(N_("must be a whole number of years from 0 to {limit}"), limit=MAX_AGE),
        )


def check_birth_before(born: PartialDate, happened: PartialDate) -> None:
    """A birth date may not lie after the event, nor more than :data:`MAX_AGE` years before."""
    if happened.surely_before(born):
        raise _bad("Record", "birth_date", N_("lies after the event date"))
    if age_interval(born, happened)[0] > MAX_AGE:
        raise _bad(
            "Record",
            "birth_date",
            Message(N_("lies more than {limit} years before the event date"), limit=MAX_AGE),
        )


def check_required_text(owner: str, field: str, value: object, *, limit: int = MAX_SHORT) -> None:
    """Free text that must be present."""
    if value is None:
        raise _bad(owner, field, N_("is missing"))
    check_text(owner, field, value, limit=limit)
