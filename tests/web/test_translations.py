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
    translated: set[str] = set()
    for message in catalog:
        if isinstance(message.id, tuple):  # a plural: every form translated
            if all(message.string):
                translated.update(message.id)
        elif message.id and message.string:
            translated.add(message.id)
    marked = _marked_strings()
    assert marked, "no marked strings found: the pattern no longer matches the templates"
    assert sorted(marked - translated) == []


def test_russian_translator_translates_and_english_is_identity() -> None:
    assert Translator("ru").gettext("Sign in") == "Вход"
    assert Translator("en").gettext("Sign in") == "Sign in"
    assert Translator("ru").gettext("a string nobody translated") == "a string nobody translated"


def test_russian_counts_take_the_plural_form_of_their_number() -> None:
    forms = Translator("ru").ngettext
    words = {
        n: forms("%(num)d record", "%(num)d records", n) % {"num": n}
        for n in (1, 3, 11, 21, 788, 1403)
    }
    assert words == {
        1: "1 запись",
        3: "3 записи",
        11: "11 записей",
        21: "21 запись",
        788: "788 записей",
        1403: "1403 записи",
    }
    documented = {
        n: forms("%(num)d person documented", "%(num)d people documented", n) % {"num": n}
        for n in (1, 2, 5, 21, 773)
    }
    assert documented == {
        1: "задокументирован 1 человек",
        2: "задокументировано 2 человека",
        5: "задокументировано 5 человек",
        21: "задокументирован 21 человек",
        773: "задокументировано 773 человека",
    }
    linked = forms("%(num)d person", "%(num)d people", 788) % {"num": 788}
    assert linked == "788 человек"
    assert Translator("en").ngettext("%(num)d record", "%(num)d records", 1) == "%(num)d record"


def _russian_pairs() -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for domain in ("messages", "errors"):
        with (WEB / "locale" / "ru" / "LC_MESSAGES" / f"{domain}.po").open("rb") as po:
            for message in read_po(po, locale="ru"):
                ids = message.id if isinstance(message.id, tuple) else (message.id,)
                strings = message.string if isinstance(message.string, tuple) else (message.string,)
                pairs += [(i, s) for i in ids for s in strings if i and s]
    return pairs


def test_one_russian_word_for_taking_a_case_back_and_one_for_granting_it() -> None:
    """The grants page said 'Отозвать' and its confirmation 'Забрать дело?' for the same action
    (and 'Открыть доступ' beside 'Выдать доступ' for granting): a user could not tell whether
    they were one action. Taking a case back is 'забрать', granting it 'открыть доступ';
    'отозвать' stays for what else is taken back (consent, a published report)."""
    take_back = re.compile(r"\b(?:take|taking|taken|took)\b.*\bback\b|\brevoke", re.I)
    grant = re.compile(r"\bgrant(?:ing|s)?\b(?! to you)", re.I)
    for english, russian in _russian_pairs():
        words = russian.lower()
        if take_back.search(english) and "case" in english.lower():
            assert re.search("забр|забир", words), russian
            assert "отозв" not in words and "отзыв" not in words, russian
        if grant.search(english):
            assert not re.search(r"выда\w*( \w+)? доступ|доступ( [\w(]+){0,3} выда", words), russian


#: The messages that speak of a user as "they": the Users, Grants, deactivate, remove and
#: reset pages, and the refusals about a user (each found by a part of its English).
ABOUT_A_USER = (
    "will be signed out at once",
    "who lost their passphrase",
    "The user was deactivated",
    "The user can sign in again",
    "Cases they hold",
    "Cases they lose",
    "form they were typing",
    "forms they were typing",
    "No form they were typing",
    "The user was removed for good",
    "They must change it",
    "They hold no case.",
    "the user must change it",
    "A user reads the identities",
    "reactivate them with a new passphrase",
)


def test_russian_assumes_no_gender_of_a_user() -> None:
    """English says "they" of a user; Russian has no such pronoun, and the admin pages said
    «Для zaurbekova, потерявшего…», «будет выведен», «его ключи» (searchpriv): a man's forms
    for every user. They speak of «пользователь» or «учётная запись» instead."""
    gendered = re.compile(
        r"\b(?:он|его|ему|него|нему|ним|одному|выведен|потерявш\w*|заполнял)\b", re.I
    )
    pairs = [(e, r) for e, r in _russian_pairs() if any(part in e for part in ABOUT_A_USER)]
    assert len({e for e, _ in pairs}) >= len(ABOUT_A_USER)  # every one still in the catalogue
    assert [(e, r) for e, r in pairs if gendered.search(r)] == []
