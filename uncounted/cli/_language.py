"""The language of the user's terminal: what the command line says in words, said in it.

Russian when the POSIX locale (``LC_ALL``, then ``LC_MESSAGES``, then ``LANG``, the first one
set) is Russian, English otherwise. Every line the command line prints in words (a refusal,
a warning, progress, what a command did) is an ``N_`` template of the one catalogue
(``uncounted/web/locale/*/LC_MESSAGES/errors.po``, as the web's messages are) said through
:func:`said`; data (ids, paths, hashes, JSON) is printed as it is. Babel is loaded only for a
message to translate (the command line's start-up stays light).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from uncounted.messages import N_, Catalogue, Message, catalogue, label

if TYPE_CHECKING:
    from uncounted.web.labels import Labels

_LOCALE = ("LC_ALL", "LC_MESSAGES", "LANG")


def in_russian() -> bool:
    """Whether the terminal's language is Russian (else the command line speaks English)."""
    locale = next((os.environ[name] for name in _LOCALE if os.environ.get(name)), "")
    return locale.startswith("ru")


def words() -> Catalogue:
    """The terminal's language's catalogue (English: the templates as written), for a
    sentence a library makes in the reader's language (``behind_caution``)."""
    if not in_russian():
        return catalogue(str)
    from uncounted.web.i18n import Translator

    return Translator("ru")


def said(message: str, *, sentence: bool = True) -> str:
    """*message* in the terminal's language, with each count in that language's plural form
    (the web's catalogue, ``uncounted.web.i18n``); as written in English, and a text that is
    no :class:`Message` (data, a name) as it is. *sentence* False: a part of a line the
    caller begins ("error: ...") or a line that is no sentence (a label, a figure)."""
    if not in_russian() or not isinstance(message, Message):
        return str(message)
    return message.translated(words(), sentence=sentence)


#: The command line's own one-line error: "error: " in English (scripts read it), «ошибка: »
#: in Russian, the word click's usage errors say («Ошибка: », ``cli._frame``); the
#: terminal's language said «Ошибка:» for one and "error:" for the other (stop 28).
ERROR_LINE = N_("error: {problem}")


def error_line(problem: str) -> str:
    """*problem* (a message, or text as it is) as the command line's one-line error, in the
    terminal's language: "error: ..." / «ошибка: ...»."""
    return said(Message(ERROR_LINE, problem=problem), sentence=False)


#: A command's warning line, said as its errors are (:data:`ERROR_LINE`): "warning: " in
#: English, «предупреждение: » in Russian, where a Russian terminal read "warning: " before a
#: Russian sentence (`uncounted import`'s rows left out, `uncounted link`'s, review29).
WARNING_LINE = N_("warning: {problem}")


def warning_line(problem: str) -> str:
    """*problem* (a message, or text as it is) as a command's warning line, in the terminal's
    language: "warning: ..." / «предупреждение: ...»."""
    return said(Message(WARNING_LINE, problem=problem), sentence=False)


def say(message: str, *, sentence: bool = True) -> None:
    """Print *message* on stderr in the terminal's language (:func:`said`): what a command
    did, its progress and warnings, never its output (stdout stays the command's data)."""
    sys.stderr.write(said(message, sentence=sentence) + "\n")


def part(template: str, /, **values: object) -> str:
    """*template* filled with *values*, in the terminal's language, as a line that is no
    sentence (a table's title, a figure's line, a status): :func:`said` of it."""
    return said(Message(template, **values), sentence=False)


def labels(*templates: str) -> tuple[str, ...]:
    """Each of *templates* as a table's header says it, in the terminal's language (its first
    letter a capital, no full stop: :func:`uncounted.messages.label`)."""
    words_ = words()
    return tuple(label(Message(template), words_) for template in templates)


def vocabulary_labels() -> Labels:
    """The vocabularies' labels (an event type, a place, a role) in the terminal's language:
    a table for people to read shows "Задержание" and "Урус-Мартановский район", as the web's
    pages do, where the code ("detention", "ru-ce-urus-martanovsky") is the data of ``--json``."""
    from uncounted.web.labels import Labels

    return Labels("ru" if in_russian() else "en")
