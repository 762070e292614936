"""No Russian sentence or label of uncounted guesses a person's gender with a slashed ending
("изменил(а) запись", "не смог(ла) войти", "Погиб(ла)"): the audit trail said who did what
with a verb in both genders at once (stop 21 counted about 48). They are written without
gender instead, as nouns or impersonal forms («Изменение записи (новая редакция)», «Вход»,
«Нет в живых»). Every translation of both catalogues and every Russian label of the
vocabularies is read (the old labels stay as spellings an import recognises)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.pofile import read_po

from uncounted.model.vocabulary import VOCABULARIES, load

LOCALE = Path(__file__).resolve().parents[2] / "uncounted" / "web" / "locale" / "ru"
#: a word with an ending in brackets, "(а)", "(ла)", "(ась)", or both forms side by side
BOTH_GENDERS = re.compile(r"\w\([а-яё]{1,3}\)|\bвош[её]л \(вошла\)", re.IGNORECASE)


def _russian() -> list[str]:
    found = []
    for po_path in sorted(LOCALE.glob("LC_MESSAGES/*.po")):
        with po_path.open("rb") as po:
            for message in read_po(po, locale="ru"):
                forms = message.string if isinstance(message.string, tuple) else (message.string,)
                found.extend(form for form in forms if form)
    return found


def test_the_pattern_finds_the_old_forms() -> None:
    for old in ("изменил(а) запись", "не смог(ла) войти", "вошёл (вошла)", "Погиб(ла)"):
        assert BOTH_GENDERS.search(old), old


def test_no_russian_message_says_both_genders() -> None:
    russian = _russian()
    assert len(russian) > 1000, "the catalogues are no longer read"
    assert [text for text in russian if BOTH_GENDERS.search(text)] == []


def test_no_russian_label_of_a_vocabulary_says_both_genders() -> None:
    labels = [term.label("ru") for name in VOCABULARIES for term in load(name).terms()]
    assert [label for label in labels if BOTH_GENDERS.search(label)] == []


def test_an_import_still_reads_the_old_status_labels() -> None:
    statuses = load("victim_statuses")
    for old, code in (("Погиб(ла)", "dead"), ("Освобождён(а)", "released")):
        assert statuses.lookup(old) == code
