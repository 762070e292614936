"""Drive Debian's Chromium through Playwright (only the ``*_browser.py`` tests import this).

The app is served by ``server_helpers.serving``; the ``site`` and ``browser`` fixtures built on
them live in ``tests/web/conftest.py``.

Right after a click, a tap or a form's answer, the new page's text can be there before its
stylesheet applies and before its script (``app.js``, deferred) has run: a test that reads a
style, a width or a box, or types into a field the script watches, does so through the helpers
here, which wait for :func:`loaded` first (``expect`` waits for a text by itself). To see such a
race every time rather than once in a CI run, serve the stylesheet and script late:
``pytest -p no:randomly --slow-static=1500 tests/web/test_x_browser.py`` (the whole browser suite
passes so; ``tests/web/conftest.py``).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote, quote_plus

from playwright.sync_api import Browser, FloatRect, Page, expect, sync_playwright

#: Sign-in runs Argon2id and the suite shares two cores with other workers: allow time.
expect.set_options(timeout=30_000)

#: Where a walk's screenshots go when a person wants to look at them; unset (as in CI): nowhere,
#: so a test run leaves no files behind.
WALK_SHOTS = os.environ.get("UNCOUNTED_WALK_SHOTS")

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Debian Chromium under Playwright (no browser download)."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@contextmanager
def profile_page(browser: Browser, profile: Path, width: int) -> Iterator[Page]:
    """A page of a Chromium whose profile is kept on disk at *profile*, as a caseworker's
    browser keeps one (read it with :func:`profile_leaks` after the block: Chromium writes
    its history and sessions as the profile closes)."""
    context = browser.browser_type.launch_persistent_context(
        str(profile),
        executable_path=CHROMIUM,
        args=CHROMIUM_ARGS,
        viewport={"width": width, "height": 900},
    )
    try:
        yield context.new_page()
    finally:
        context.close()


def fill_sign_in(page: Page, user: str, passphrase: str, code: str | None = None) -> None:
    """Fill the English sign-in form the page shows by its labels, as a user reads them, and
    send it; waits for nothing (the next page may be the dashboard, a refusal or another
    form). *code*: the sign-in code from the authenticator app, for a user who has one."""
    page.get_by_label("User name").fill(user)
    page.get_by_label("Passphrase").fill(passphrase)
    if code is not None:
        page.get_by_label("Sign-in code from your authenticator app").fill(code)
    page.get_by_role("button", name="Sign in").click()


def sign_in(page: Page, site: str, user: str, passphrase: str) -> None:
    """Open the sign-in page of *site* and sign in there; waits for the dashboard."""
    page.goto(f"{site}/signin")
    fill_sign_in(page, user, passphrase)
    expect(page.get_by_role("heading", name="Dashboard")).to_be_visible()


def switch_language(page: Page, language: str) -> None:
    """Switch the page's language with the header's chooser (if it is not already): signed
    in, or on the sign-in page (the choice is kept for the session it opens)."""
    if page.locator("html").get_attribute("lang") != language:
        page.locator("#language-select").select_option(language)
        page.locator("form[action='/language'] button").click()
    expect(page.locator("html")).to_have_attribute("lang", language)


def sign_in_in_language(page: Page, site: str, user: str, passphrase: str, language: str) -> None:
    """Open the sign-in page of *site*, choose *language* there and sign in (the form's fields
    by their ids: their labels are in that language); waits for the dashboard's address."""
    send_sign_in(page, site, user, passphrase, language)
    page.wait_for_url(f"{site}/")


def send_sign_in(
    page: Page, site: str, user: str, passphrase: str, language: str | None = None
) -> None:
    """Open the sign-in page of *site*, choose *language* there (if given), fill the form and
    send it; waits for nothing (the next page may be the dashboard, a refusal or the form a
    user with an admin-set passphrase must fill first)."""
    page.goto(f"{site}/signin")
    if language is not None:
        switch_language(page, language)
    submit_sign_in(page, user, passphrase)


def submit_sign_in(page: Page, user: str, passphrase: str) -> None:
    """Fill the sign-in form the page shows by its fields' ids (in any language) and send it;
    waits for nothing (the next page may be the dashboard, a refusal or another form)."""
    page.locator("#user").fill(user)
    page.locator("#passphrase").fill(passphrase)
    page.locator("form[action='/signin'] button[type=submit]").click()


def loaded(page: Page) -> None:
    """Wait until the page the last navigation, click or form opened has loaded: its
    stylesheet applies and its script has run (a passphrase typed before it runs gets no
    estimate; a style read before the stylesheet is the unstyled page's). Read from the
    document itself rather than Playwright's load state, which a page that starts a download
    as it opens (the reports page after Publish) keeps pending."""
    page.wait_for_function("() => document.readyState === 'complete'")


def page_width(page: Page) -> int:
    """The page's full width in CSS pixels, measured once it has loaded: right after a click
    or a navigation the stylesheet may not be applied yet (a CI run once measured the
    unstyled table, 568 px at 390). Every browser test that reads ``scrollWidth`` asks here."""
    loaded(page)
    return int(page.evaluate("() => document.documentElement.scrollWidth"))


def cut_sideways(page: Page, selector: str) -> bool:
    """Whether the first element matching *selector*, or the scrolling frame around it
    (``.table-scroll``), holds more than it shows across, measured once the page has loaded
    (as :func:`page_width`: an unstyled table measures wider than the styled one)."""
    loaded(page)
    return bool(
        page.locator(selector).first.evaluate(
            "t => { const f = t.closest('.table-scroll');"
            " return (f !== null && f.scrollWidth > f.clientWidth)"
            " || t.scrollWidth > t.clientWidth; }"
        )
    )


def computed_style(page: Page, selector: str, name: str) -> str:
    """The style property *name* (CSS spelling, ``display``) the first element matching
    *selector* is drawn with, read once the page has loaded, as :func:`page_width` does: a CI
    run read ``table-cell`` for a phone's stacked user row because the new page's stylesheet
    had not applied yet."""
    loaded(page)
    return str(
        page.locator(selector).first.evaluate(
            "(element, name) => getComputedStyle(element).getPropertyValue(name)", name
        )
    )


def cells_computed_style(page: Page, selector: str, name: str) -> list[tuple[str, str, str]]:
    """(``data-label``, text, style property *name*) of every element matching *selector*,
    read once the page has loaded, as :func:`computed_style` does for one element: the cells
    of a table drawn as cards on a phone, each with the label its card shows."""
    loaded(page)
    return [
        (str(label), str(text), str(value))
        for label, text, value in page.locator(selector).evaluate_all(
            """(cells, name) => cells.map((c) => [
                 c.dataset.label ?? "", c.textContent.trim(),
                 getComputedStyle(c).getPropertyValue(name)])""",
            name,
        )
    ]


def content_width(page: Page, selector: str) -> int:
    """The full width of what the element *selector* holds (its ``scrollWidth``), measured once
    the page has loaded, as :func:`page_width` does for the whole page."""
    loaded(page)
    return int(page.locator(selector).evaluate("(element) => element.scrollWidth"))


def clipped(page: Page, selector: str) -> int:
    """How many elements matching *selector* hold more than they show (their ``scrollWidth``
    past their ``clientWidth``: an option cut to "(ничего не им…"), measured once the page has
    loaded, as :func:`page_width` does for the whole page."""
    loaded(page)
    return int(
        page.locator(selector).evaluate_all(
            "(all) => all.filter((e) => e.scrollWidth > e.clientWidth).length"
        )
    )


def cut_selects(page: Page, selector: str) -> list[str]:
    """The ids of the selects matching *selector* that cut the words they show ("Choose the
    role in this even"): a select shows its chosen option in its box, beside the arrow, and
    neither ``scrollWidth`` nor ``clientWidth`` tells when it does not fit; so the words are
    measured in the select's own font (plus its padding and 20 px of arrow) against its inner
    width. A select outside the viewport, left or right, counts as cut too. Measured once the
    page has loaded, as :func:`page_width` does."""
    loaded(page)
    return list(
        page.locator(selector).evaluate_all(
            """(all) => all.filter((s) => {
                const style = getComputedStyle(s);
                const pen = document.createElement('canvas').getContext('2d');
                pen.font = style.font;
                const words = s.options[s.selectedIndex]?.text ?? '';
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                const box = s.getBoundingClientRect();
                const inside = box.left >= 0 && box.right <= document.documentElement.clientWidth;
                return !inside || pen.measureText(words).width + padding + 20 > s.clientWidth;
            }).map((s) => s.id)"""
        )
    )


def no_sideways_scroll(page: Page, width: int) -> None:
    """The page fits a viewport *width* pixels wide: nothing makes it scroll sideways."""
    assert page_width(page) <= width


def no_overlapping_fields(page: Page) -> None:
    """No two visible fields of the intake form (labels, inputs, selects, buttons) overlap
    (measured once the page has loaded, as :func:`page_width` is)."""
    loaded(page)
    boxes = page.evaluate(
        """() => [...document.querySelectorAll('form.intake .field, form.intake button.add')]
            .filter(e => e.checkVisibility())
            .map(e => [e.getBoundingClientRect(), e.querySelector('[id]')?.id || e.textContent])
            .filter(([r, _]) => r.width > 0 && r.height > 0)
            .map(([r, name]) => [Math.round(r.left), Math.round(r.top), Math.round(r.right),
                                 Math.round(r.bottom), name.trim()])"""
    )
    for i, (left, top, right, bottom, _) in enumerate(boxes):
        for other in boxes[i + 1 :]:
            apart = right <= other[0] or other[2] <= left or bottom <= other[1] or other[3] <= top
            assert apart, f"fields overlap: {boxes[i]} and {other}"


def start_testimony(page: Page, site: str, case: str, victim: str) -> None:
    """Open the testimony form and fill its start: *case*, a detention, one victim named."""
    page.goto(f"{site}/testimony")
    page.locator("#case").fill(case)
    page.locator("#event_type").select_option("detention")
    page.locator("#people-0-role").select_option("victim")
    page.locator("#people-0-name").fill(victim)


def broken_words(page: Page, selector: str) -> list[str]:
    """The words inside *selector* that the page breaks across lines ('Пострадавший' drawn as
    'По/стр/ад/ав/ший' in a narrow column), measured once it has loaded. A word is a run of
    letters and digits: a break at a hyphen or a space is a line's end, not a broken word."""
    loaded(page)
    return list(
        page.evaluate(
            """(selector) => {
              const broken = [];
              for (const root of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (const m of node.data.matchAll(/[\\p{L}\\p{N}]+/gu)) {
                    const range = document.createRange();
                    range.setStart(node, m.index);
                    range.setEnd(node, m.index + m[0].length);
                    const lines = new Set([...range.getClientRects()]
                      .filter(r => r.width > 0).map(r => Math.round(r.top)));
                    if (lines.size > 1) broken.push(m[0]);
                  }
                }
              }
              return broken;
            }""",
            selector,
        )
    )


def phrase_lines(page: Page, selector: str, phrase: str) -> int:
    """How many lines the page draws *phrase* over inside *selector* (its most broken
    occurrence; 0 when it is not there), measured once the page has loaded: a date
    '2026-12-07' broken at its hyphen spans two. :func:`broken_words` cannot see that break
    (each run of digits is whole)."""
    loaded(page)
    return int(
        page.evaluate(
            """([selector, phrase]) => {
              let most = 0;
              for (const root of document.querySelectorAll(selector)) {
                const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
                for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                  for (let at = node.data.indexOf(phrase); at >= 0;
                       at = node.data.indexOf(phrase, at + 1)) {
                    const range = document.createRange();
                    range.setStart(node, at);
                    range.setEnd(node, at + phrase.length);
                    const lines = new Set([...range.getClientRects()]
                      .filter(r => r.width > 0).map(r => Math.round(r.top)));
                    most = Math.max(most, lines.size);
                  }
                }
              }
              return most;
            }""",
            [selector, phrase],
        )
    )


def reads_as_cards(page: Page, selector: str, width: int) -> bool:
    """The table *selector* reads as a card per row in a viewport *width* pixels wide (its
    cells one under another, each with its column's label), nothing off its right edge."""
    loaded(page)
    cells = page.locator(f"{selector} tbody td[data-label]")
    return (
        content_width(page, selector) <= width
        and cells.count() > 0
        # no line of a card runs past its edge ('nowrap' cells did, clipped by the screen)
        and cells.evaluate_all("(all) => all.every((c) => c.scrollWidth <= c.clientWidth + 1)")
        and cells.first.evaluate("(cell) => getComputedStyle(cell).display") == "block"
    )


def walk_shot(page: Page, name: str) -> None:
    """Save a full-page screenshot as *name* under ``$UNCOUNTED_WALK_SHOTS`` when it is set."""
    if WALK_SHOTS:
        Path(WALK_SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(WALK_SHOTS) / name), full_page=True)


def profile_leaks(profile: Path, words: Iterable[str]) -> set[tuple[str, str]]:
    """Every (file, word) of *words* found in a file of the browser *profile* (closed first:
    Chromium writes its history and sessions as it closes), in any form a profile could hold
    it: UTF-8, UTF-16 (page states), percent-encoded in an address (``+`` for a space too),
    as typed and lower-cased, searched lower-cased (ASCII letters only change)."""
    kept = {
        str(path.relative_to(profile)): path.read_bytes().lower()
        for path in profile.rglob("*")
        if path.is_file()
    }
    assert any(b"/signin" in data for data in kept.values())  # the history is there and read
    needles = {
        word: {
            needle.lower()
            for form in {word, word.casefold()}
            for needle in (
                form.encode(),
                form.encode("utf-16-le"),
                quote(form).encode(),
                quote_plus(form).encode(),
            )
        }
        for word in words
    }
    return {
        (name, word)
        for name, data in kept.items()
        for word, forms in needles.items()
        if any(form in data for form in forms)
    }


def send_list(page: Page, site: str, source: str, name: str, body: str) -> None:
    """Upload the list *body* as the file *name* of *source* through the import form and send
    it; waits for nothing (the next page is the mapping step or a refusal)."""
    page.goto(f"{site}/import")
    page.locator("#import-source").fill(source)
    page.locator("#import-file").set_input_files(
        {"name": name, "mimeType": "text/csv", "buffer": body.encode()}
    )
    page.locator("form.stack button[type=submit]").click()


def loaded_box(page: Page, selector: str) -> FloatRect:
    """The box of the first element matching *selector*, measured once the page has loaded, as
    :func:`page_width` does: under load a page's text can be there before its stylesheet is
    applied (the preview's Row column once measured 55 px unstyled against 81 px styled)."""
    loaded(page)
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


def within_screen(page: Page, selector: str, width: int) -> None:
    """Every element matching *selector* lies within a screen *width* pixels wide (measured
    once the page has loaded, as :func:`page_width` does)."""
    loaded(page)
    for n in range(page.locator(selector).count()):
        box = page.locator(selector).nth(n).bounding_box()
        assert box is None or (box["x"] >= 0 and box["x"] + box["width"] <= width + 1)
