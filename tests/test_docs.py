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


_CITED_SCRIPT = re.compile(r"(?<![\w/])(benchmarks/\w+\.py|scripts/[\w-]+)([^`|;&<>()]*)")
_OPTION = re.compile(r"(?<![\w-])(--[a-z][\w-]*)")


def _script_text(path: Path) -> str:
    """The script's source and that of the benchmark modules it imports its options from
    (``from linkage_misses import add_world_options``)."""
    text = path.read_text("utf-8")
    for module in re.findall(r"^from (\w+) import", text, re.MULTILINE):
        sibling = path.parent / f"{module}.py"
        if sibling.exists() and sibling != path:
            text += sibling.read_text("utf-8")
    return text


def test_every_cited_benchmark_command_exists_with_its_options() -> None:
    """A figure's command is how a reader makes it again: each `benchmarks/*.py` or
    `scripts/*` cited in a command in the docs exists, and each option it is given is one
    the script (or the benchmark module it takes its options from) defines; a figure made by
    a script not in the repository says so in words instead."""
    pages = [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]
    wrong: list[str] = []
    for page in pages:
        text = page.read_text("utf-8")
        for span in re.finditer(r"`([^`]+)`", text):
            for cited in _CITED_SCRIPT.finditer(span.group(1)):
                where = f"{page.relative_to(ROOT)}:{text.count(chr(10), 0, span.start()) + 1}"
                script = ROOT / cited.group(1)
                if not script.exists():
                    wrong.append(f"{where}: {cited.group(1)} is not in the repository")
                    continue
                if script.is_dir():
                    continue
                source = _script_text(script)
                wrong += [
                    f"{where}: {cited.group(1)} has no option {option}"
                    for option in _OPTION.findall(cited.group(2))
                    if f'"{option}"' not in source and f"'{option}'" not in source
                ]
    assert wrong == []
