"""In Chromium, in Russian: every page each role may open, read as the user sees it (390 px for
every role, desktop for the admin), holds no English word but the names the users gave
(people, users, cases, sources), file formats and the product's name (issue 14, item 4)."""

from __future__ import annotations

import re

import pytest
from browser_helpers import sign_in_in_language
from permission_helpers import ROLE_USERS, RoleVault, read_table, sample
from playwright.sync_api import Browser
from server_helpers import serving

from uncounted.vault import Role
from uncounted.web import WebSettings, app_for_vault

pytestmark = pytest.mark.browser

#: Latin words a Russian reader may see, and why.
ALLOWED = {
    # names the users gave, in the test vault (permission_helpers.build_role_vault)
    *("ana", "boris", "dina", "lev", "vera", "case-a", "case-b", "hotline", "ngo-list"),
    *("synthetic", "testperson", "photo"),
    # the product, the language switch ("English" is written in English on purpose)
    *("uncounted", "english"),
    # formats and standards named as such
    *("csv", "xlsx", "json", "pdf", "html", "qr", "sha", "png", "image/png", "zip", "utc"),
    *("report.zip", "verify", "uncounted verify", "uncounted.backup"),
    # estimation methods' proper names (the method chooser)
    *("dga", "lcmcr", "loglinear"),
}
#: Pseudonyms ("K7M2-XQ4D"), person ids ("P-K7M2XQ4D") and ids: drawn at random, they may
#: hold no digit, so they are taken out before the words are read.
_RANDOM_IDS = re.compile(r"\b(?:P-)?[0-9A-Z]{4}-?[0-9A-Z]{4}\b|\bev-[0-9a-f]+\b|\b[0-9a-f]{32}\b")
_LATIN = re.compile(r"[A-Za-z][A-Za-z./-]*[A-Za-z]|[A-Za-z]")
#: What a page shows, without the text meant to be copied whole (keys, checkpoints, commands).
_SHOWN = """(() => {
  const copy = document.body.cloneNode(true);
  copy.querySelectorAll("pre, code, script, style, textarea").forEach((e) => e.remove());
  document.body.appendChild(copy);
  const text = copy.innerText;
  copy.remove();
  return text;
})()"""
_SKIPPED = (".csv", "/thumbnail", "/download", "/original", "/working", "/package", "/backup")


def _english_words(text: str) -> set[str]:
    kept = " ".join(
        token
        for token in _RANDOM_IDS.sub(" ", text).split()
        # a page's address ('/records/{record_id}/edit', where the audit trail says which page
        # read identities) is written as the app's routes are, in no language
        if not any(ch.isdigit() for ch in token) and not token.startswith("/")
    )
    words = {word.strip(".-/").lower() for word in _LATIN.findall(kept)}
    return {word for word in words if word and word not in ALLOWED}


@pytest.mark.parametrize(
    ("role", "width"),
    [*((role, 390) for role in Role), (Role.ADMIN, 1280)],
    ids=lambda value: str(getattr(value, "value", value)),
)
def test_no_english_is_left_on_any_page_in_russian(
    browser: Browser, role_vault: RoleVault, role: Role, width: int
) -> None:
    name, passphrase = ROLE_USERS[role]
    table = read_table("pages")
    found: dict[str, set[str]] = {}
    with serving(app_for_vault(WebSettings(vault=role_vault.path))) as site:
        context = browser.new_context(viewport={"width": width, "height": 900})
        context.add_cookies([{"name": "uncounted_language", "value": "ru", "url": site}])
        page = context.new_page()
        sign_in_in_language(page, site, name, passphrase, "ru")  # the cookie chose it
        for target, allowed in sorted(table.items()):
            if not allowed[role] or target.endswith(_SKIPPED):
                continue
            url, _ = sample(target, role_vault, role)
            shown = page.goto(site + url)
            assert shown is not None and shown.status < 500, target
            english = _english_words(page.evaluate(_SHOWN))
            if english:
                found[target] = english
        context.close()
    assert found == {}
