"""The documentation says what the code does (as Datasette's docs tests do): a service
function, a command or a web setting missing from its page, or a page naming one that is gone
or with other parameters, fails here rather than misleading a reader."""

from __future__ import annotations

import ast
import dataclasses
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

from cli_helpers import command_paths

import uncounted.services
from uncounted.web import WebSettings

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
_SIGNATURE = re.compile(r"(?:(\w+)\.)?(\w+)(\(.*\).*)")

Key = tuple[str, str]  # (services module, function)


def _documented_services() -> dict[Key, list[str]]:
    """Every signature docs/services.md gives (a table row's first cell, or a line of its own),
    with its parameter names; the module comes from a ``mod.`` prefix or the section title."""
    found: dict[Key, list[str]] = {}
    module: str | None = None
    for line in (DOCS / "services.md").read_text("utf-8").splitlines():
        if line.startswith("## "):
            named = re.findall(r"`uncounted\.services\.(\w+)`", line)
            module = named[0] if len(named) == 1 else None
        span = re.match(r"\| `([^`]+)` \|", line) or re.fullmatch(r"`([^`]+)`", line)
        signature = _SIGNATURE.fullmatch(span.group(1).replace("\\|", "|")) if span else None
        if signature is None:
            continue
        prefix, name, rest = signature.groups()
        where = prefix or module
        assert where is not None, f"docs/services.md: which module holds {name}?"
        definition = ast.parse(f"def {name}{rest}: ...").body[0]
        assert isinstance(definition, ast.FunctionDef)
        arguments = definition.args
        every = [*arguments.posonlyargs, *arguments.args, arguments.vararg]
        every += [*arguments.kwonlyargs, arguments.kwarg]
        found[(where, name)] = [argument.arg for argument in every if argument is not None]
    return found


def _service_functions() -> dict[Key, list[str]]:
    """Every public function of every public services module, with its parameter names."""
    found: dict[Key, list[str]] = {}
    for info in pkgutil.iter_modules(uncounted.services.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"uncounted.services.{info.name}")
        for name, value in vars(module).items():
            if (
                inspect.isfunction(value)
                and not name.startswith("_")
                and value.__module__ == module.__name__
            ):
                found[(info.name, name)] = list(inspect.signature(value).parameters)
    return found


def test_docs_services_match_the_service_functions() -> None:
    documented, code = _documented_services(), _service_functions()
    assert len(code) > 60, "the service functions are no longer found"
    assert sorted(set(code) - set(documented)) == [], "missing from docs/services.md"
    gone = [
        key
        for key in set(documented) - set(code)
        if not inspect.isclass(
            getattr(importlib.import_module(f"uncounted.services.{key[0]}"), key[1], None)
        )
    ]
    assert sorted(gone) == [], "docs/services.md names functions that are gone"
    differ = {key: (documented[key], code[key]) for key in code if documented[key] != code[key]}
    assert differ == {}, "docs/services.md gives other parameters (documented, code)"


def test_every_command_is_in_the_readme_table() -> None:
    table = [
        line
        for line in (ROOT / "README.md").read_text("utf-8").splitlines()
        if line.startswith("| ") and "`uncounted " in line
    ]
    written = " ".join(table)
    missing = [
        " ".join(words)
        for words in command_paths()
        if not re.search(rf"`uncounted {re.escape(' '.join(words))}[ `]", written)
    ]
    assert missing == [], "commands missing from the table in README.md"


def test_every_web_setting_is_documented() -> None:
    rows = (DOCS / "settings.md").read_text("utf-8").splitlines()
    documented = {m.group(1) for row in rows if (m := re.match(r"\| `(\w+)` \|", row))}
    fields = {field.name for field in dataclasses.fields(WebSettings)}
    assert fields - documented == set(), "WebSettings fields missing from docs/settings.md"
    assert documented - fields == set(), "docs/settings.md names settings that are gone"
