"""Every interface string has a Russian translation, so switching language never shows English."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from uncounted.web.i18n import Translator

WEB = Path(__file__).resolve().parents[2] / "uncounted" / "web"
MARKED = re.compile(r"""(?:\b_|gettext)\(\s*(["'])(.+?)\1\s*[,)]""")


def _marked_strings() -> set[str]:
    found: set[str] = set()
    for path in [*WEB.rglob("*.html"), *WEB.rglob("*.py")]:
        found.update(match.group(2) for match in MARKED.finditer(path.read_text("utf-8")))
    return found


def test_every_marked_string_is_translated_into_russian() -> None:
    with (WEB / "locale" / "ru" / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale="ru")
    translated = {message.id for message in catalog if message.id and message.string}
    marked = _marked_strings()
    assert marked, "no marked strings found: the pattern no longer matches the templates"
    assert sorted(marked - translated) == []


def test_russian_translator_translates_and_english_is_identity() -> None:
    assert Translator("ru").gettext("Sign in") == "Вход"
    assert Translator("en").gettext("Sign in") == "Sign in"
    assert Translator("ru").gettext("a string nobody translated") == "a string nobody translated"
