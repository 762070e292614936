"""English and Russian for every string of the web application, through Babel.

Catalogues are ``locale/<lang>/LC_MESSAGES/*.po`` files edited by translators: ``messages.po``
for the pages' own strings and ``errors.po`` for the messages of the core packages (errors and
import problems, marked with :func:`uncounted.messages.N_`). Both are compiled in memory at
start-up, so there is no build step to forget, and merged into one catalogue per language.
English is the source language: a string missing from a catalogue is shown in English, never as
an error.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

from uncounted.web.unbroken import unbroken

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES: dict[str, str] = {"en": "English", "ru": "Русский"}


DOMAINS = ("messages", "errors")


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogues of every domain for *language* (English: the identity)."""
    found = [_compiled(language, domain) for domain in DOMAINS]
    compiled = [catalogue for catalogue in found if catalogue is not None]
    if language == "en" or not compiled:
        return NullTranslations()
    merged, *others = compiled
    for other in others:
        merged.merge(other)
    return merged


def _compiled(language: str, domain: str) -> Translations | None:
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / f"{domain}.po"
    if not po_path.exists():
        return None
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=language, domain=domain)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


@dataclass(frozen=True)
class Translator:
    """Translate interface strings into one language."""

    language: str

    def gettext(self, message: str) -> str:
        """*message* in this translator's language."""
        return translations(self.language).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The singular or plural form for *count*, in this language's plural rules."""
        return translations(self.language).ngettext(singular, plural, count)


@dataclass(frozen=True)
class PageTranslator(Translator):
    """A :class:`Translator` for the web's pages: a sentence from the core packages keeps
    each date in it on one line (a :class:`~uncounted.messages.Medium`), which the command
    line's translator must not do to its text."""

    def shown(self, said: str) -> str:
        """*said* as a page shows it: its dates unbroken (:func:`unbroken`)."""
        return unbroken(said)


def pick_language(requested: str | None, fallback: str = "en") -> str:
    """A supported language code: *requested* if we have it, otherwise *fallback*."""
    if requested and requested in LANGUAGES:
        return requested
    return fallback
