"""Every permission check is made in ``uncounted.services``, at the user action it guards.

The rule (docs/design.md): a public service function that takes an unlocked vault calls
``vault.require(Action....)`` itself, or through another service function that does, unless it
is listed below as open to every signed-in user, with the reason. The vault checks nothing, so
no check hides one layer down. Whether the right role gets through is tested against the real
app and command line, role by role, in ``tests/web/test_permissions.py`` and
``tests/vault/test_vault_access.py``; this test makes sure no action skips the layer.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "uncounted"
SESSION_TYPES = {"VaultSession", "UnlockedVault"}

#: Service functions any signed-in user may call, and why no role check applies.
OPEN_TO_EVERY_ROLE = {
    "vaults.change_passphrase": "changes the caller's own passphrase",
    "vaults.still_signed_in": "whether the caller's own keys are still on this device",
    "vaults.must_change_passphrase": "whether the caller's own passphrase was set by an admin",
    "vaults.require_own_passphrase": "refuses the caller until they change their own passphrase",
    "audit.record_sign_in": "records the caller's own sign-in",
    "audit.name_reads": "labels the caller's own reads with the command they run",
    "totp.start": "the caller's own second factor",
    "totp.enable": "the caller's own second factor",
    "totp.enable_now": "the caller's own second factor",
    "totp.disable": "the caller's own second factor (passphrase and code asked again)",
    "totp.is_on": "the caller's own second factor",
    "ledger.publish_head": "the log holds salted commitments only; anyone may publish its head",
    "ledger.prove": "a consistency proof reveals no entry",
    "ledger.check_ledger": "recomputes hashes; reads no record",
    "permissions.may": "asks the table whether a control should show; performs nothing",
}

Function = ast.FunctionDef


def _service_functions() -> dict[str, Function]:
    found: dict[str, Function] = {}
    for path in sorted((PACKAGE / "services").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.FunctionDef):
                found[f"{path.stem}.{node.name}"] = node
    return found


def _takes_a_vault(function: Function) -> bool:
    args = function.args.posonlyargs + function.args.args
    return bool(args) and ast.unparse(args[0].annotation or ast.Constant("")) in SESSION_TYPES


def _calls(module: str, function: Function) -> set[str]:
    """The service functions *function* calls, as 'module.name' (local or qualified)."""
    called: set[str] = set()
    for node in ast.walk(function):
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                called.add(f"{module}.{node.func.id}")
            elif isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name):
                called.add(f"{node.func.value.id}.{node.func.attr}")
    return called


def _checks_directly(function: Function) -> bool:
    return any(
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "require"
        for node in ast.walk(function)
    )


def _imported_names(module: str) -> dict[str, str]:
    """Names *module* imports from other service modules, mapped to 'module.name'."""
    tree = ast.parse((PACKAGE / "services" / f"{module}.py").read_text(encoding="utf-8"))
    names: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
            "uncounted.services."
        ):
            source = (node.module or "").rsplit(".", 1)[1]
            names.update(
                {alias.asname or alias.name: f"{source}.{alias.name}" for alias in node.names}
            )
    return names


def _checked() -> set[str]:
    functions = _service_functions()
    resolved: dict[str, set[str]] = {}
    for qualified, function in functions.items():
        module = qualified.split(".")[0]
        imported = _imported_names(module)
        resolved[qualified] = {
            imported.get(call.split(".", 1)[1], call) if call.startswith(f"{module}.") else call
            for call in _calls(module, function)
        }
    checked = {name for name, function in functions.items() if _checks_directly(function)}
    while True:
        more = {name for name, calls in resolved.items() if calls & checked} - checked
        if not more:
            return checked
        checked |= more


def test_every_service_action_checks_a_permission() -> None:
    functions = _service_functions()
    actions = {
        name
        for name, function in functions.items()
        if not function.name.startswith("_") and _takes_a_vault(function)
    }
    unchecked = actions - _checked() - set(OPEN_TO_EVERY_ROLE)
    assert sorted(unchecked) == []
    assert set(OPEN_TO_EVERY_ROLE) <= actions  # a listed function that is gone or renamed
    assert set(OPEN_TO_EVERY_ROLE).isdisjoint(_checked())  # listed as open, but it checks


def test_the_vault_makes_no_permission_check() -> None:
    # permissions.py holds the table, session.py the require() that services call; any other
    # vault module asking what a role may do (require, allowed) is a check outside the layer
    holders = {"permissions.py", "session.py"}
    offending = [
        f"{path.relative_to(PACKAGE)}:{node.lineno}"
        for path in sorted((PACKAGE / "vault").rglob("*.py"))
        if path.name not in holders
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call)
        and (ast.unparse(node.func).rsplit(".", 1)[-1] in {"require", "allowed"})
    ]
    assert offending == []
