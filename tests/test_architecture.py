"""The layering of DESIGN.md holds: pure libraries never import storage, crypto or shells."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "uncounted"
PURE = ["model", "linkage", "estimate", "report", "synth"]
FORBIDDEN = (
    "uncounted.vault",
    "uncounted.web",
    "uncounted.cli",
    "uncounted.services",
    "uncounted.intake",
    "uncounted.ledger",
)


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", PURE)
def test_pure_layers_import_no_storage_or_shell(layer: str) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted((PACKAGE / layer).rglob("*.py"))
        for name in _imports(path)
        if name.startswith(FORBIDDEN)
    ]
    assert offending == []


def test_shells_hold_no_sql() -> None:
    sql_words = ("SELECT ", "INSERT INTO", "UPDATE ", "DELETE FROM", "CREATE TABLE")
    offending = [
        str(path.relative_to(PACKAGE))
        for shell in ("cli", "web")
        for path in sorted((PACKAGE / shell).rglob("*.py"))
        if any(word in path.read_text(encoding="utf-8") for word in sql_words)
    ]
    assert offending == []


# Each package's layer: a module may import from its own layer and the ones below, never above.
LAYERS = {
    "cli": 3,
    "web": 3,
    "services": 2,
    "vault": 1,
    "ledger": 1,
    "intake": 1,
    **dict.fromkeys(PURE, 0),
}
SHELLS = ("cli", "web")


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "uncounted" else None


def _modules() -> list[tuple[str, Path]]:
    return [
        (path.relative_to(PACKAGE).parts[0], path)
        for path in sorted(PACKAGE.rglob("*.py"))
        if len(path.relative_to(PACKAGE).parts) > 1
    ]


def test_no_package_imports_from_a_layer_above_it() -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for package, path in _modules()
        for name in _imports(path)
        if (target := _package_of(name)) in LAYERS and LAYERS[target] > LAYERS[package]
    ]
    assert offending == []


def _vault_uses(path: Path) -> list[str]:
    """Every way *path* reaches into ``uncounted.vault``, as 'module:name' strings."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    uses: list[str] = []
    aliases: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("uncounted.vault"):
                    uses.append(f"{alias.name}:")
                    aliases.add(alias.asname or "")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            for alias in node.names:
                if node.module == "uncounted" and alias.name == "vault":
                    aliases.add(alias.asname or alias.name)
                    uses.append("uncounted.vault:")
                elif node.module.startswith("uncounted.vault"):
                    uses.append(f"{node.module}:{alias.name}")
    uses += [
        f"uncounted.vault:{node.attr}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and isinstance(node.value, ast.Name)
        and node.value.id in aliases
    ]
    return uses


def test_outside_the_vault_only_its_public_names_are_used() -> None:
    import uncounted.vault

    public = {f"uncounted.vault:{name}" for name in uncounted.vault.__all__} | {"uncounted.vault:"}
    offending = [
        f"{path.relative_to(PACKAGE)} uses {use}"
        for package, path in _modules()
        if package != "vault"
        for use in _vault_uses(path)
        if use not in public
    ]
    assert offending == []


@pytest.mark.parametrize("shell", SHELLS)
def test_shells_reach_the_vault_only_through_services(shell: str) -> None:
    offending = [
        f"{path.relative_to(PACKAGE)} uses {use}"
        for path in sorted((PACKAGE / shell).rglob("*.py"))
        for use in _vault_uses(path)
    ]
    assert offending == []


def _module_name(path: Path) -> str:
    parts = ("uncounted", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _import_graph() -> dict[str, set[str]]:
    """Which modules of the package each module imports, wherever the import statement is.

    Imports inside functions and under ``TYPE_CHECKING`` count too: a deferred import only hides
    a cycle. ``from package import name`` is an edge to ``package.name`` when that is a module,
    else to the package's ``__init__``; the implicit import of a parent package is not an edge.
    """
    paths = {_module_name(path): path for path in PACKAGE.rglob("*.py")}
    graph: dict[str, set[str]] = {}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        targets: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                module = ".".join(base) if node.level else ""
                module = ".".join(filter(None, (module, node.module)))
                targets.update(
                    f"{module}.{alias.name}" if f"{module}.{alias.name}" in paths else module
                    for alias in node.names
                )
        graph[name] = {target for target in targets if target in paths} - {name}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components with more than one module (Tarjan's algorithm)."""
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        order[module] = low[module] = len(order)
        stack.append(module)
        for target in sorted(graph[module]):
            if target not in order:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], order[target])
        if low[module] == order[module]:
            component = [stack.pop()]
            while component[-1] != module:
                component.append(stack.pop())
            if len(component) > 1:
                found.append(sorted(component))

    for module in sorted(graph):
        if module not in order:
            visit(module)
    return found


def test_the_cycle_finder_sees_a_cycle_through_a_deferred_import() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c"]]
    graph = _import_graph()
    assert "uncounted.vault.access_log" in graph["uncounted.vault.session"]
    assert "uncounted.cli._vault" in graph["uncounted.cli._totp"]  # a relative import


def test_no_import_cycles_inside_the_package() -> None:
    assert _cycles(_import_graph()) == []


def test_no_module_imports_another_package_s_private_module() -> None:
    """Only dependencies' public names: ``typer._click`` (Typer's vendored click) is an
    implementation detail that a Typer release may move (issue 15)."""
    offending = [
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in sorted(PACKAGE.rglob("*.py"))
        for name in _imports(path)
        if not name.startswith("uncounted")
        and any(part.startswith("_") and not part.startswith("__") for part in name.split("."))
    ]
    assert offending == []
