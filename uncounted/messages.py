"""Translatable sentences for people: an English template, named values, and a marker.

A message a user may read (an error, a reason a row was refused) is written as a template whose
placeholders name the values put into it, and its template is marked with :func:`N_`::

    raise InputError(N_("{file}, row {row}: {field} is not a date"), file=..., row=..., field=...)
    reason = Message(N_("is longer than {limit} characters"), limit=200)
    reason = N_("contains control characters")

:func:`N_` does nothing at run time; Babel extracts every string it marks (keyword ``N_``) into
the catalogue the web application translates (``uncounted/web/locale/*/LC_MESSAGES/errors.po``).
A :class:`Message` *is* its English text (a ``str``), so the command line, the logs and every
caller that expects a string keep working; :meth:`Message.translated` gives the same sentence
in another language. Values are never translated (they are file names, row numbers, field
names); a value that is itself a :class:`Message` (a reason inside a sentence) is translated
with it.

This module imports nothing of uncounted, so every package, the pure ones included, may use it
(:func:`readable` is here for that: a published report says times as a message does).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from string import Formatter
from typing import Any, Protocol, Self, runtime_checkable

#: A function from an English message id to its translation (``gettext``).
Gettext = Callable[[str], str]


@runtime_checkable
class Catalogue(Protocol):
    """One language's sentences: :meth:`gettext` for a sentence, :meth:`ngettext` for a count
    in words (``uncounted.web.i18n.Translator`` is one).

    A count in words is always written the same way, as the web's templates write it: an
    English singular and plural whose ``%(num)d`` is the count, and the catalogue gives the
    form the count takes in its language (Russian has three: 1 человек, 2 человека, 5 человек);
    :func:`counted` fills it in.
    """

    def gettext(self, message: str) -> str:
        """*message* in this language."""
        ...  # pragma: no cover

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form of *singular* / *plural* that *count* takes in this language."""
        ...  # pragma: no cover


@runtime_checkable
class Medium(Protocol):
    """A catalogue that also says how its medium shows a finished sentence: the web's pages
    keep a date in it on one line (``uncounted.web.unbroken``), which the command line, a
    JSON answer or a log must not (a date copied from an error has to parse again)."""

    def shown(self, said: str) -> str:
        """*said*, a translated sentence, as this medium shows it."""
        ...  # pragma: no cover


def counted(words: Catalogue, singular: str, plural: str, count: int) -> str:
    """*count* in words: ``counted(words, "%(num)d person", "%(num)d people", 5)``."""
    return words.ngettext(singular, plural, count) % {"num": count}


class _English:
    """English words through a bare *gettext*: its sentences, and English plural forms."""

    def __init__(self, gettext: Gettext) -> None:
        self.gettext = gettext

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return singular if count == 1 else plural


def catalogue(words: Gettext | Catalogue) -> Catalogue:
    """*words* as a :class:`Catalogue`: itself, or a bare gettext with English plurals."""
    return words if isinstance(words, Catalogue) else _English(words)


def language_of(words: Gettext | Catalogue) -> str:
    """The language *words* speak: a catalogue's ``language`` (the web's translators say it),
    English for a bare gettext. For what a catalogue does not hold: a vocabulary's labels (a
    place, a violation) are kept per language in the model."""
    language = getattr(words, "language", None)
    return language if isinstance(language, str) else "en"


def N_(template: str) -> Message:
    """Mark *template* for translation (``gettext_noop``): the same text, as a :class:`Message`.

    Marked alone it is a sentence or a reason with no values; given to an error with values, or
    to :class:`Message` with values, it is the template they fill.
    """
    return Message(template)


class Message(str):
    """A sentence for a person: its English text, plus the template and values it came from.

    With no values the template is the text as it is (braces included); with values it is
    filled by :meth:`str.format`, so placeholders may carry a conversion or a format spec
    (``{name!r}``, ``{count:,}``).
    """

    template: str
    params: Mapping[str, object]

    def __new__(cls, template: str, /, **params: object) -> Self:
        self = super().__new__(cls, _fill(template, params))
        self.template = str(template)
        self.params = params
        return self

    def translated(self, words: Gettext | Catalogue, *, sentence: bool = True) -> str:
        """This sentence in *words*' language (English where it has no translation), as a
        sentence: its first letter a capital and a full stop at its end (:func:`as_sentence`;
        *sentence* False: as a part of a sentence the caller writes around it, "Строка 12,
        столбец «Дата»: не является датой"; :func:`label` for a label or a button). A
        :class:`Counted` inside it takes the plural form of its count when *words* is a
        :class:`Catalogue` (a bare gettext knows English's two forms only).

        Templates are written to be read inside others too ("{file}, row {row}: {reason}",
        the reason "is not a date"), so most begin in lower case; the one that is shown
        alone is the sentence, and this is where it gets its capital, in every language,
        never a message written twice. Only the template's own first letter is raised, or
        that of a message put first into it: a value is data (a file named ``list.csv``
        stays so), and the English of ``str(message)`` (the command line's ``error: ...``)
        is left as written. The full stop is this sentence's own, never that of a message
        put first into it (its capital only)."""
        said = self._said(words, sentence)
        said = _stopped(said) if sentence else said
        return words.shown(said) if isinstance(words, Medium) else said

    def _said(self, words: Gettext | Catalogue, sentence: bool) -> str:
        """:meth:`translated`, as a sentence or as a part of one (a value inside another), its
        first letter raised when *sentence*, with no full stop added."""
        gettext = words.gettext if isinstance(words, Catalogue) else words
        template = gettext(self.template)
        first = _leading_field(template) if sentence else None
        values = {
            name: value._said(words, name == first) if isinstance(value, Message) else value
            for name, value in self.params.items()
        }
        try:
            said = _fill(template, values)
        except (KeyError, IndexError, ValueError):  # a broken translation: English, not a crash
            said, first = str(self), None
        return capital(said) if sentence and first is None else said

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (self.template, dict(self.params)))


class Counted(Message):
    """A count in words inside a message ("and 3 more rows"), written as the web's templates
    write one (:func:`counted`): an English singular and plural, each marked with :func:`N_`,
    whose ``%(num)d`` is the count. Its English text is the form English gives the count; a
    :class:`Catalogue` translates it into the form its language gives (Russian's three: и ещё
    1 строка, 3 строки, 5 строк), which a template with named values cannot say.
    """

    singular: str
    plural: str
    number: int

    def __new__(cls, singular: str, plural: str, number: int) -> Self:
        self = super().__new__(cls, (singular if number == 1 else plural) % {"num": number})
        self.singular, self.plural, self.number = str(singular), str(plural), number
        return self

    def translated(self, words: Gettext | Catalogue, *, sentence: bool = False) -> str:
        """The count in *words*' language, in the plural form it gives the count: a part
        of a sentence ("… и ещё 3 строки"), so its first letter is left as it is."""
        return self._said(words, sentence)

    def _said(self, words: Gettext | Catalogue, sentence: bool) -> str:
        try:
            said = counted(catalogue(words), self.singular, self.plural, self.number)
        except (KeyError, ValueError, TypeError):  # a broken translation: English, not a crash
            said = str(self)
        return capital(said) if sentence else said

    def __reduce__(self) -> tuple[Any, ...]:
        return (Counted, (self.singular, self.plural, self.number))


def to_data(text: str) -> str | dict[str, Any]:
    """*text* as plain JSON data that keeps its template: a string when it is not a
    :class:`Message`, else ``{"template": ..., "params": {...}}`` (a value that is itself a
    Message nested the same way). :func:`from_data` gives the Message back."""
    if not isinstance(text, Message):
        return str(text)
    params: dict[str, object] = {
        name: to_data(value) if isinstance(value, str) else value
        for name, value in text.params.items()
    }
    return {"template": text.template, "params": params}


def from_data(data: object) -> str:
    """The text stored by :func:`to_data`: a :class:`Message` again, or a plain string."""
    if isinstance(data, dict) and isinstance(data.get("template"), str):
        params = data.get("params") or {}
        values = {
            str(k): from_data(v) if isinstance(v, dict | str) else v for k, v in params.items()
        }
        try:
            return Message(data["template"], **values)
        except (KeyError, IndexError, ValueError):  # a damaged entry: its template, unfilled
            return str(data["template"])
    return str(data)


def _rebuild(template: str, params: dict[str, object]) -> Message:
    return Message(template, **params)


def _leading_field(template: str) -> str | None:
    """The name of the value *template* begins with (``"file"`` for "{file}: ..."), or None
    when it begins with its own words."""
    try:
        literal, name, _, _ = next(iter(Formatter().parse(template)), ("", None, "", None))
    except ValueError:  # unbalanced braces: a template with no values, taken as words
        return None
    return name if literal == "" and name else None


def capital(text: str) -> str:
    """*text* as a sentence begins, its first letter raised (``"этот файл…"`` → ``"Этот
    файл…"``): the one rule :meth:`Message.translated` follows, for a page's own sentence
    made of translated parts too. Text that begins with anything but a lower-case letter
    (``--to``, a number) is left as it is."""
    return text[:1].upper() + text[1:] if text[:1].islower() else text


#: What may end a sentence already, and what may close it after that ("… (HTTP 404)." needs
#: its stop; "… «Готово.»" does not).
_ENDS = ".!?…"
_CLOSERS = "\"'»”’)]"


def _stopped(text: str) -> str:
    """*text* with a full stop at its end unless it ends a sentence already."""
    body = text.rstrip()
    last = body.rstrip(_CLOSERS)[-1:]
    return body if not last or last in _ENDS else body + "."


def as_sentence(text: str) -> str:
    """*text* as a sentence shown alone: its first letter a capital (:func:`capital`) and a
    full stop at its end unless it has one ("?" and "…" end one too). The rule
    :meth:`Message.translated` follows, for a page's own sentence made of translated parts
    too; never for a label, a button or a part of a sentence (:func:`label`)."""
    return _stopped(capital(text))


def label(text: str, words: Gettext | Catalogue) -> str:
    """*text* (a :class:`Message`, or a plain string left as it is) in *words*' language as a
    label, a heading or a list's item says it: its first letter a capital and no full stop
    (a role's name, "Caseworker"; a reason in a list joined by ";")."""
    return capital(translated(text, words, sentence=False))


def _fill(template: str, values: Mapping[str, object]) -> str:
    return template.format_map(values) if values else template


def translated(text: str, words: Gettext | Catalogue, *, sentence: bool = True) -> str:
    """*text* in *words*' language when it is a :class:`Message` (a sentence, or with
    *sentence* False a part of one: :meth:`Message.translated`), otherwise as it is."""
    return text.translated(words, sentence=sentence) if isinstance(text, Message) else text


def readable(stored: str) -> str:
    """A stored time (the vault's UTC ISO text, ``uncounted.vault.clock``) as a message that
    leaves the vault says it ("2026-12-06 17:26 UTC"), and as a published report prints it:
    the web's pages say times in the reader's zone (``uncounted.web.timestamps``), but an
    error is one text for the command line and the web, so it says UTC, to the minute, in
    plain characters (a date copied from an error parses again; the web's pages keep it on
    one line themselves: ``uncounted.web.unbroken``)."""
    try:
        moment = datetime.fromisoformat(stored)
    except ValueError:
        return stored
    if moment.tzinfo is None:  # the vault stores UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def printable(text: str) -> str:
    """*text* with every control and format character (newline, ESC, CSI, bidi overrides)
    escaped as ``\\uXXXX``: what a message quotes from outside input (a file's header, a
    package's member name) stays on one line and cannot move the terminal's cursor or reorder
    what is shown around it."""
    return "".join(
        f"\\u{ord(c):04x}" if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c
        for c in text
    )
