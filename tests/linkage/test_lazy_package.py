"""The linkage package loads a name's module only when the name is asked for (PEP 562).

The intake and the testimony form read places as linkage does (``place_code``) and search
folds names as linkage does (``search_keys``); they import these at module top, so the
package must not load Splink, DuckDB or pandas for them: the command line, which imports the
intake, must start without waiting for those (tests/test_cli_contract.py).
"""

from __future__ import annotations

import ast
import subprocess
import sys
from importlib import import_module
from pathlib import Path

import uncounted.linkage as linkage

HEAVY = ("splink", "duckdb", "pandas", "numpy", "scipy", "numba", "pyspark")


def _loaded_after(statement: str) -> list[str]:
    probe = f"import sys; {statement}; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    return subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    ).stdout.split()


def test_reading_places_and_name_keys_loads_no_heavy_library() -> None:
    statement = (
        "from uncounted.linkage import place_code, search_keys, fold; "
        "assert place_code('Chali') == place_code('Шали') is not None"
    )
    assert _loaded_after(statement) == []


def test_linking_still_loads_what_it_needs() -> None:
    assert "pandas" in _loaded_after("from uncounted.linkage import link_records")


def test_every_public_name_is_the_one_its_module_defines() -> None:
    """The lazy table, ``__all__`` and the imports mypy reads name the same things."""
    source = Path(linkage.__file__).read_text(encoding="utf-8")
    checked: dict[str, str] = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(linkage.__name__):
            checked.update({alias.name: node.module.rsplit(".", 1)[1] for alias in node.names})
    assert checked == linkage._HOME
    assert sorted(linkage.__all__) == sorted(linkage._HOME)
    for name, home in linkage._HOME.items():
        defined_in = import_module(f"{linkage.__name__}.{home}")
        assert getattr(linkage, name) is getattr(defined_in, name)
        assert name in dir(linkage)
