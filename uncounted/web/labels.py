"""Vocabulary labels for templates, in the page's language, from the model's data files."""

from __future__ import annotations

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

    def choices(self, name: str) -> list[tuple[str, str]]:
        """``(code, label)`` pairs of vocabulary *name* for a select box."""
        return vocabulary.load(name).choices(self.language)

    def _label(self, name: str, code: str | None) -> str:
        if not code:
            return ""
        return _labels_of(name, self.language).get(code, code)
