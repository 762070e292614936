"""Errors raised when a domain object or a vocabulary is given a value it cannot hold."""

from __future__ import annotations

from uncounted.errors import InputError, NotFound
from uncounted.messages import N_


class InvalidValue(InputError):
    """Raised when a field of a domain object is given a value it cannot hold.

    The message names the type and the field and says what was expected; it never repeats the
    value, which may identify someone. ``field`` and ``reason`` let importers attach the problem
    to a row of a file.
    """

    def __init__(self, type_name: str, field: str, reason: str) -> None:
        super().__init__(
            N_("{type_name} field {field}: {reason}"),
            type_name=type_name,
            field=field,
            reason=reason,
        )
        self.type_name = type_name
        self.field = field
        self.reason = reason


class UnknownVocabulary(NotFound):
    """Raised when a vocabulary is asked for by a name that has no data file."""


class VocabularyFileError(InputError):
    """Raised when a packaged or edited vocabulary file is malformed (names file and row)."""
