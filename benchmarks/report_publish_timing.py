"""How long the Reports page, the draft and Publish take in the web app, and how long each
holds the session's vault (``VaultLock``: the signed-in user's every other request waits).

Stop 23 measured Publish at 23 to 31 s and the draft at 10 s on the demo vault, all of it
with the vault held. This script builds the demo vault as ``uncounted demo --people 300``
does (its first report published beside it, as the command does), copies it for each
``--repeat``, serves it with the real app (``TestClient``, the demo's admin signed in) and
times, in three states:

- ``demo``: right after the demo (Publish is refused: it would repeat the demo's report);
- ``list``: after a partner list of 3 victims in a month nobody was in before (Publish
  makes report No. 2);
- ``unchanged``: nothing changed since (Publish "again": report No. 3, forced).

Each run starts as a fresh server would (nothing made kept in memory); within a run the
``unchanged`` draft is the ``list`` draft's input again.

For each state and each of ``/reports``, ``/reports/draft`` (until the draft itself is
shown) and the Publish POST it prints the median (and worst) wall time and the median (and
worst) time the vault was held. ``--count`` also prints how many times each ask read the
report's input (``report_input``) and ran the disclosure control (``protect``).

    python benchmarks/report_publish_timing.py --repeat 3
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from uncounted.report import disclosure
from uncounted.services import demo, imports, reports, vaults
from uncounted.services.reports import publish_report
from uncounted.web import WebSettings, app_for_vault, sessions
from uncounted.web.i18n import Translator

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "web"))
# the tests' own sign-in, through the real form
from web_helpers import sign_in

ADMIN, _ROLE, PASSPHRASE = demo.DEMO_USERS[0]
#: A partner's list: three synthetic victims in a month the demo's world has nobody in.
PARTNER = (
    "record_id,name,sex,place,event_date,event_type\n"
    "p-1,Тестова Анна,F,Урус-Мартан,2021-03-04,detention\n"
    "p-2,Примеров Иван,M,Урус-Мартан,2021-03-11,detention\n"
    "p-3,Синтетиков Пётр,M,Аргун,2021-03-19,disappearance\n"
)

_held: list[float] = []


def _count_holding() -> None:
    """Time every hold of a session's vault (this benchmark's process only): a request's
    (``VaultLock``) and each turn of a request kept between turns (``VaultLock.kept``)."""
    for kind in (sessions.VaultLock, getattr(sessions, "_Turns", None)):
        if kind is not None:  # (a checkout before the turns held the vault all along)
            _time_holds(kind)


def _time_holds(kind: type) -> None:
    enter, leave = kind.__enter__, kind.__exit__
    started: dict[int, float] = {}

    def timed_enter(self: Any) -> None:
        enter(self)
        started[id(self)] = time.perf_counter()

    def timed_exit(self: Any, *failure: object) -> None:
        _held.append(time.perf_counter() - started.pop(id(self)))
        leave(self, *failure)

    kind.__enter__ = timed_enter  # type: ignore[method-assign,assignment]
    kind.__exit__ = timed_exit  # type: ignore[method-assign,assignment]


def _timed(ask: Callable[[], object]) -> tuple[float, float]:
    """Wall time of *ask* and the longest single hold of the vault during it."""
    _held.clear()
    _calls.clear()
    start = time.perf_counter()
    ask()
    return time.perf_counter() - start, max(_held, default=0.0)


#: How many times each counted function ran during the ask being timed (``--count``).
_calls: dict[str, int] = {}
_counted: dict[tuple[str, str], list[dict[str, int]]] = {}


def _count_calls() -> None:
    """Count the calls of ``reports.report_input`` (the report's sources read) and of
    ``disclosure.protect`` (the disclosure control run), as their modules call them."""
    for module, name in ((reports, "report_input"), (disclosure, "protect")):
        real = getattr(module, name)

        def counted(*args: Any, _real: Any = real, _name: str = name, **kwargs: Any) -> Any:
            _calls[_name] = _calls.get(_name, 0) + 1
            return _real(*args, **kwargs)

        setattr(module, name, counted)


def _draft(client: TestClient) -> str:
    """The draft as a browser gets it: opened, its wait page (a checkout since the draft is
    made in the background, ``uncounted.web.report_drafts``) followed once it is made (its
    own reload comes every 2 s: add up to 2 s for a person looking at it)."""
    page = client.get("/reports/draft")
    if 'id="draft-wait"' in page.text:
        (session,) = client.app.state.shell.sessions.live()  # type: ignore[attr-defined]
        session.draft.done.wait()
        page = client.get("/reports/draft")
    return page.text


def _base(vault: Path, people: int) -> Path:
    """The demo vault with its first report, as ``uncounted demo`` leaves it."""
    demo.build_demo_vault(vault, people=people)
    translators = {language: Translator(language) for language in ("en", "ru")}
    with vaults.unlock(vault, ADMIN, PASSPHRASE) as admin:
        publish_report(admin, vault.parent / f"{vault.name}-report.zip", translators)
    return vault


def _one_run(
    base: Path, folder: Path, figures: dict[tuple[str, str], list[tuple[float, float]]]
) -> None:
    getattr(disclosure, "_MADE", {}).clear()  # each run as from a fresh server
    reports._SAID.clear()
    vault = folder / "copy"
    shutil.rmtree(vault, ignore_errors=True)
    shutil.copytree(base, vault)
    listing = folder / "partner.csv"
    listing.write_text(PARTNER, encoding="utf-8")
    app = app_for_vault(WebSettings(vault=vault))
    with TestClient(app, base_url="http://127.0.0.1") as client:
        csrf = sign_in(client, ADMIN, PASSPHRASE)  # through the real form, as the tests do
        for state in ("demo", "list", "unchanged"):
            if state == "list":
                with vaults.unlock(vault, ADMIN, PASSPHRASE) as admin:
                    imports.import_file(admin, listing, source="partner")
            form = {"csrf_token": csrf, "confirm": "yes"}
            if state == "unchanged":
                form["again"] = "yes"
            asks = {
                "page": lambda: client.get("/reports"),
                "draft": lambda: _draft(client),
                "publish": lambda form=form: client.post(
                    "/reports/publish", data=form, follow_redirects=False
                ),
            }
            for what, ask in asks.items():
                figures.setdefault((state, what), []).append(_timed(ask))
                _counted.setdefault((state, what), []).append(dict(_calls))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument(
        "--base", type=Path, help="keep the demo vault here (built when missing) for later runs"
    )
    parser.add_argument("--count", action="store_true", help="count sources read and protects")
    args = parser.parse_args()
    _count_holding()
    if args.count:
        _count_calls()
    figures: dict[tuple[str, str], list[tuple[float, float]]] = {}
    with tempfile.TemporaryDirectory(prefix="report-timing-") as scratch:
        folder = Path(scratch)
        base = args.base
        if base is None or not base.exists():
            start = time.perf_counter()
            base = _base(base or folder / "base", args.people)
            print(
                f"demo vault of {args.people} people built in {time.perf_counter() - start:.0f} s"
            )
        for _ in range(args.repeat):
            _one_run(base, folder, figures)
    print(f"{'state':<10} {'ask':<8} {'wall median (worst) s':>22} {'held median (worst) s':>22}")
    for (state, what), runs in figures.items():
        wall = [w for w, _ in runs]
        held = [h for _, h in runs]
        print(
            f"{state:<10} {what:<8} {statistics.median(wall):>13.2f} ({max(wall):6.2f})"
            f" {statistics.median(held):>13.2f} ({max(held):6.2f})"
            + (f"  {_counted[(state, what)]}" if args.count else "")
        )


if __name__ == "__main__":
    main()
