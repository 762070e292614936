"""Every error message is in the Russian catalogue, with the same placeholders as its English,
and is shown as a sentence (a capital first letter) in both languages.

The message templates are the string literals marked with ``N_`` anywhere in the package (found
by parsing the source, so a template split over several lines counts as one). A guard also
fails when a raise in a user-facing package builds its sentence with an f-string or an unmarked
literal, which would reach a Russian-speaking caseworker in English.
"""

from __future__ import annotations

import ast
import builtins
import re
import string
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from uncounted.messages import N_, Message, as_sentence, label
from uncounted.services import users
from uncounted.web.i18n import Translator

PACKAGE = Path(__file__).resolve().parents[2] / "uncounted"
LOCALE = PACKAGE / "web" / "locale" / "ru" / "LC_MESSAGES"
#: Packages whose errors can reach a user of the web application.
USER_FACING = ("services", "vault", "intake", "ledger", "model", "web")
#: Modules left in English on purpose, each with its reason.
ENGLISH_ONLY = {
    # The offline verifier's check results: a report for a court or a journalist, read with
    # `uncounted verify` (no vault, no web); its exception is internal and never shown as is.
    "ledger/_package_verify.py",
}
BUILTIN_ERRORS = {name for name in dir(builtins) if name.endswith(("Error", "Exception"))}


def _calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text("utf-8"), filename=str(path))
    return [node for node in ast.walk(tree) if isinstance(node, ast.Call)]


def _marked() -> dict[str, str]:
    """Every template marked with N_ in the package, with one place it is marked."""
    found: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for call in _calls(path):
            if isinstance(call.func, ast.Name) and call.func.id == "N_":
                where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
                argument = call.args[0] if len(call.args) == 1 else None
                assert isinstance(argument, ast.Constant), f"{where}: N_ takes one literal"
                assert isinstance(argument.value, str), f"{where}: N_ takes one literal"
                found.setdefault(argument.value, where)
    return found


def _placeholders(template: str) -> set[tuple[str, str | None]]:
    """The values *template* is filled with, each with its format spec; not its conversion:
    English quotes a name with ``!r`` ('partner-ngo'), Russian with its own «…»."""
    return {
        (name, spec) for _, name, spec, _ in string.Formatter().parse(template) if name is not None
    }


def _quoted(template: str) -> set[str]:
    """The values *template* quotes with ``!r``, in ASCII quotes."""
    return {
        name
        for _, name, _, conversion in string.Formatter().parse(template)
        if name is not None and conversion == "r"
    }


def _catalogue(domain: str) -> dict[str, str]:
    """Each English message with its Russian; a count in words (``messages.Counted``, an
    English singular and plural) gives each of its English forms Russian's first form, and
    no Russian unless it has all three."""
    found: dict[str, str] = {}
    with (LOCALE / f"{domain}.po").open("rb") as po:
        for message in read_po(po, locale="ru"):
            if isinstance(message.id, tuple):
                forms = tuple(message.string)
                found |= dict.fromkeys(message.id, forms[0] if all(forms) else "")
            elif message.id:
                found[message.id] = message.string
    return found


def test_every_marked_message_has_a_russian_translation() -> None:
    marked = _marked()
    assert len(marked) > 150, "the N_ markers are no longer found"
    russian = _catalogue("errors") | _catalogue("messages")
    missing = [
        f"{where}: {template}" for template, where in marked.items() if not russian.get(template)
    ]
    assert missing == []


def test_every_translation_keeps_the_placeholders_of_its_english() -> None:
    russian = _catalogue("errors")
    changed = [
        english
        for english, translation in russian.items()
        if _placeholders(english) != _placeholders(translation)
    ]
    assert changed == []


def test_russian_quotes_a_value_in_guillemets_as_russian_does() -> None:
    """«partner-ngo», not 'partner-ngo' (stop 22: the refusal of a list imported before): a
    value the English quotes is quoted in the translation, the Russian way."""
    russian = _catalogue("errors")
    ascii_quoted = sorted(english for english, said in russian.items() if _quoted(said))
    assert ascii_quoted == []
    unquoted = sorted(
        english
        for english, said in russian.items()
        if said and any(f"«{{{name}}}»" not in said for name in _quoted(english))
    )
    assert unquoted == []


def test_russian_begins_in_lower_case_where_english_does_not_begin_with_a_capital() -> None:
    """A template that begins with a number or a value ("{observed:,} people are
    documented; ...") is read inside others too ("In words: {words}"), and the Russian began
    with a capital there: "Простыми словами: Задокументировано ..." (cliwords3). Its first
    letter is raised where it is shown alone (``Message.translated``), never written so."""
    raised = sorted(
        english
        for english, said in _catalogue("errors").items()
        if said[:1].isupper() and not english[:1].isupper()
    )
    assert raised == []


def test_russian_numbers_a_run_one_way() -> None:
    """ "расчёт № {run}" everywhere (two grant messages said "расчёт {run}": cliwords3)."""
    russian = _catalogue("errors") | _catalogue("messages")
    assert sorted(e for e, said in russian.items() if re.search(r"расчёт\w* \{run\}", said)) == []


def test_the_error_catalogue_holds_only_marked_messages() -> None:
    stale = sorted(set(_catalogue("errors")) - set(_marked()))
    assert stale == [], "remove these from errors.po (no N_ marks them any more)"


def test_the_two_catalogues_agree_where_they_share_a_message() -> None:
    pages, errors = _catalogue("messages"), _catalogue("errors")
    assert {
        m: (pages[m], errors[m]) for m in set(pages) & set(errors) if pages[m] != errors[m]
    } == {}


def _sentence(node: ast.expr) -> bool:
    if isinstance(node, ast.JoinedStr):
        return True
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value


@pytest.mark.parametrize("package", USER_FACING)
def test_user_facing_errors_are_raised_with_marked_templates(package: str) -> None:
    unmarked = []
    for path in sorted((PACKAGE / package).rglob("*.py")):
        if str(path.relative_to(PACKAGE)) in ENGLISH_ONLY:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
                continue
            name = node.exc.func.id if isinstance(node.exc.func, ast.Name) else ""
            arguments = [*node.exc.args, *(keyword.value for keyword in node.exc.keywords)]
            if name not in BUILTIN_ERRORS and any(_sentence(arg) for arg in arguments):
                unmarked.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert unmarked == []


def _filled(template: str) -> Message:
    """*template* filled as a page fills it: a number where the value has a format spec
    (``{count:,}``), else a reason of its own, so that a template that begins with a value
    is shown beginning with a message too (``"{problem}"``, ``"{finding} {remedy}"``)."""
    values: dict[str, object] = {
        name: 1 if spec else Message(N_("is longer than {limit} characters"), limit=200)
        for name, spec in _placeholders(template)
    }
    return Message(template, **values)


@pytest.mark.parametrize("language", ["en", "ru"])
def test_every_message_shown_alone_is_a_sentence(language: str) -> None:
    """Stop 21: the web showed «этот файл уже импортирован…», lower case (templates are
    written to sit inside others too); stop 22: with no full stop at its end. Every marked
    message, translated as a page shows it (``Message.translated``, the one place), begins
    with a capital or with no letter (``--to must name …``) and ends as a sentence does,
    once: a full stop, or the "?" or "…" it ends with already, never two stops."""
    words = Translator(language)
    marked = _marked()
    assert len(marked) > 150, "the N_ markers are no longer found"
    said = {template: _filled(template).translated(words) for template in marked}
    assert [f"{where}: {said[t]}" for t, where in marked.items() if said[t][:1].islower()] == []
    unended = [
        f"{where}: {said[t]}"
        for t, where in marked.items()
        if said[t].rstrip("\"'»”)")[-1:] not in tuple(".?!…") or said[t].endswith("..")
    ]
    assert unended == []


def test_a_label_or_a_part_of_a_sentence_gets_no_full_stop() -> None:
    """A role's name in a list or a reason inside another sentence is no sentence: no stop is
    added (``messages.label``, ``sentence=False``); a sentence ending in a quoted value or a
    bracket gets its stop after them, one ending in "?" none."""
    words = Translator("ru")
    role = users.role_names()["caseworker"]
    assert not label(role, words).endswith(".") and label(role, words)[:1].isupper()
    reason = Message(N_("is longer than {limit} characters"), limit=200)
    assert not reason.translated(words, sentence=False).endswith(".")
    inside = Message(N_("row {row}: {reason}"), row=2, reason=reason).translated(words)
    assert inside.count(".") == 1 and inside.endswith("символов.")
    assert as_sentence("готово?") == "Готово?" and as_sentence("«x»") == "«x»."
    assert as_sentence("(HTTP 404)") == "(HTTP 404)." and as_sentence("done.)") == "Done.)"


def test_only_the_sentence_gets_its_capital() -> None:
    """The reason inside a sentence stays lower case, and is raised when it leads one; a
    value (a file's name) is data and never changed; the English of ``str()`` (the command
    line's ``error: …``) is as written."""
    reason = Message(N_("is longer than {limit} characters"), limit=200)
    for language, inside in (("en", "row 2: is longer"), ("ru", "строка 2: длиннее")):
        words = Translator(language)
        assert (
            Message(N_("row {row}: {reason}"), row=2, reason=reason)
            .translated(words)
            .startswith(inside[:1].upper() + inside[1:])
        )
        led = Message(N_("{file}: {problem}"), file="list.csv", problem=reason)
        assert led.translated(words).startswith("list.csv: " + inside.split(": ")[1]), language
        alone = Message(N_("{problem}"), problem=reason).translated(words)
        assert alone[:1].isupper() and alone[1:] == reason.translated(words)[1:]
    assert str(reason) == "is longer than 200 characters"
