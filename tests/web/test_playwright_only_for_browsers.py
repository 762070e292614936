"""Only the tests that drive a browser need Playwright: the rest of tests/web runs without it.

Checked on the sources: a module that imports Playwright at its top level (directly, or through
``browser_helpers``) is a browser test (``*_browser.py``) or ``browser_helpers`` itself; the
conftest collects browser tests only where Playwright is installed, and a collection where
Playwright cannot be imported finds every other web test module.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

WEB_TESTS = Path(__file__).resolve().parent
BROWSER_MODULES = ("playwright", "browser_helpers")


def _top_level_imports(path: Path) -> set[str]:
    """Modules imported when *path* is imported (not inside functions or TYPE_CHECKING)."""
    names: set[str] = set()
    for node in ast.parse(path.read_text("utf-8")).body:
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_only_browser_tests_import_playwright_when_collected() -> None:
    needing = {
        path.name
        for path in WEB_TESTS.glob("*.py")
        if any(name.split(".")[0] in BROWSER_MODULES for name in _top_level_imports(path))
    }
    assert needing
    assert {name for name in needing if not name.endswith("_browser.py")} == {"browser_helpers.py"}


@pytest.mark.slow
def test_without_playwright_every_other_web_test_is_collected() -> None:
    """Collection in a Python where importing Playwright fails, as where it is not installed."""
    collect = (
        "import sys; sys.modules['playwright'] = None; import pytest; "
        f"raise SystemExit(pytest.main(['--collect-only', '-q', {str(WEB_TESTS)!r}]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", collect], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout[-2000:]
    collected = {line.split("::", 1)[0] for line in done.stdout.splitlines() if "::" in line}
    expected = {
        f"tests/web/{path.name}"
        for path in WEB_TESTS.glob("test_*.py")
        if not path.name.endswith("_browser.py")
    }
    assert {Path(name).name for name in collected} == {Path(name).name for name in expected}


def test_browser_tests_measure_the_page_width_only_once_it_has_loaded() -> None:
    """A width read right after a click or a navigation may be the unstyled page's (a CI run
    measured 568 px at 390): every browser test reads it through ``browser_helpers.page_width``,
    which waits for the page's load event first."""
    measuring = sorted(
        path.name
        for path in WEB_TESTS.glob("*.py")
        if path.name not in {"browser_helpers.py", Path(__file__).name}
        and "scrollWidth" in path.read_text("utf-8")
    )
    assert measuring == []


def test_browser_tests_read_a_served_pages_style_only_once_it_has_loaded() -> None:
    """The official CI on 7ffd496 read ``table-cell`` for the stacked user row at 390 px, the
    style of the new page before its stylesheet applied: a test reads a served page's computed
    style through ``browser_helpers.computed_style``, which waits for the load event first.
    The chart-label test is the one exception: its page is set from a string (``set_content``,
    which returns once it has loaded) and has no stylesheet to wait for."""
    reading = sorted(
        path.name
        for path in WEB_TESTS.glob("*.py")
        if path.name not in {"browser_helpers.py", Path(__file__).name}
        and "getComputedStyle" in path.read_text("utf-8")
    )
    assert reading == ["test_chart_labels_browser.py"]
    assert "page.goto" not in (WEB_TESTS / "test_chart_labels_browser.py").read_text("utf-8")


def test_no_browser_test_leaves_a_screenshot_in_tmp() -> None:
    """Ten browser tests saved full-page screenshots of synthetic people to /tmp on every run
    (CI's and each engineer's, on a machine shared by six): a walk's screenshots go through
    ``browser_helpers.walk_shot``, which saves them only where ``UNCOUNTED_WALK_SHOTS`` says."""
    saving = [
        path.name
        for path in sorted(WEB_TESTS.glob("*.py"))
        if path.name != "browser_helpers.py"
        and any(
            isinstance(node, ast.keyword) and node.arg == "path"
            for call in ast.walk(ast.parse(path.read_text("utf-8")))
            if isinstance(call, ast.Call)
            and isinstance(call.func, ast.Attribute)
            and call.func.attr == "screenshot"
            for node in call.keywords
            if "/tmp/" in ast.unparse(node.value)
        )
    ]
    assert saving == []


def test_no_browser_test_waits_for_a_time() -> None:
    """A browser test waits for a condition (``expect``, ``browser_helpers.loaded``,
    ``wait_for_url``), never for a time: a pause long enough here is too short on a CI machine
    under load, and every race it hides comes back there. ``pytest --slow-static=1500`` is how
    a race is shown (``browser_helpers``' docstring)."""
    waiting = sorted(
        path.name
        for path in WEB_TESTS.glob("*.py")
        if (path.name.endswith("_browser.py") or path.name == "browser_helpers.py")
        and any(word in path.read_text("utf-8") for word in ("wait_for_timeout", "sleep("))
    )
    assert waiting == []
