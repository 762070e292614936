"""Vocabulary labels for templates, in the page's language, from the model's data files."""

from __future__ import annotations

from dataclasses import dataclass

from uncounted.model import vocabulary


@dataclass(frozen=True)
class Labels:
    """Look up the label of a vocabulary code; unknown codes are shown as they are."""

    language: str

    def event_type(self, code: str | None) -> str:
        return self._label("event_types", code)

    def place(self, code: str | None) -> str:
        if not code:
            return ""
        gazetteer = vocabulary.places()
        return gazetteer.label(code, self.language) if code in gazetteer else code

    def term(self, name: str, code: str | None) -> str:
        """The label of *code* in vocabulary *name* (e.g. ``roles``, ``act_types``)."""
        return self._label(name, code)

    def choices(self, name: str) -> list[tuple[str, str]]:
        """``(code, label)`` pairs of vocabulary *name* for a select box."""
        return vocabulary.load(name).choices(self.language)

    def _label(self, name: str, code: str | None) -> str:
        if not code:
            return ""
        terms = vocabulary.load(name)
        return terms.label(code, self.language) if code in terms else code
