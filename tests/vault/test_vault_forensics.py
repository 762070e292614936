"""After panic, a byte search of the raw file system finds nothing that opens the vault.

Issue 18 found a whole earlier ``keyring.json`` on the raw device after ``panic`` (an atomic
rename leaves the old file's blocks behind), and it opened the vault with the old passphrase.
This test keeps a vault on a real ext4 file system in an image file, loop-mounted (it needs
root, as the project's machines and CI run; it is skipped, saying why, where mounting fails),
lives through what leaves old keys behind (a keyring.json of the previous version carried in,
sign-ins, passphrase changes, a duress passphrase, a second user), panics, unmounts, and then
reads every byte of the image: every key-area slot and every keyring.json entry found
anywhere is tried with every passphrase the vault ever had. Before panic the same search must
find the current keys (the search is able to find them); after, nothing may open.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, add_record

from uncounted.errors import AccessDenied
from uncounted.services import users, vaults
from uncounted.vault import kdf, key_area, keyring, keys
from uncounted.vault.layout import VaultLayout

OLD, CURRENT = "passphrase of the old version", "passphrase after the change"
DURESS = "duress words here"
OTHER, OTHER_PASS = "bo", "second user passphrase"
IMAGE_BYTES = 64 << 20


def _run(*command: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(part) for part in command], capture_output=True, text=True)


@contextmanager
def _mounted(image: Path, mountpoint: Path) -> Iterator[Path]:
    done = _run("mount", "-o", "loop", image, mountpoint)
    if done.returncode != 0:
        pytest.skip(f"cannot loop-mount an ext4 image here: {done.stderr.strip()}")
    try:
        yield mountpoint
    finally:
        os.sync()
        assert _run("umount", mountpoint).returncode == 0


@pytest.fixture
def ext4(tmp_path: Path) -> tuple[Path, Path]:
    if shutil.which("mkfs.ext4") is None or os.geteuid() != 0:
        pytest.skip("needs root and mkfs.ext4 (e2fsprogs) to make and mount an ext4 image")
    image, mountpoint = tmp_path / "disk.img", tmp_path / "mnt"
    with open(image, "wb") as handle:
        handle.truncate(IMAGE_BYTES)
    made = _run("mkfs.ext4", "-q", "-F", image)
    assert made.returncode == 0, made.stderr
    mountpoint.mkdir()
    return image, mountpoint


def _previous_version_vault(path: Path) -> None:
    """A vault as the previous main left it: keyring.json, its admin's secrets wrapped whole
    under OLD (made elsewhere and copied in, as a vault moved to this disk would be)."""
    secret = vaults.init_vault(path, ADMIN, ADMIN_PASSPHRASE)
    assert secret
    layout = VaultLayout(path)
    with vaults.unlock(path, ADMIN, ADMIN_PASSPHRASE) as session:
        add_record(session, "case-f", "Forensic Testova")
        whole = session.vault_key + session.private_key
    entry = keyring.load(layout.keyring).entries[ADMIN]
    salt = kdf.new_salt()
    wrapping = kdf.derive_key(OLD, salt, entry.params)
    wrapped = keys.secret_wrap(wrapping, whole, keyring._label(ADMIN))
    data = {**entry.to_json(), "salt": keyring._b64(salt), "wrapped": keyring._b64(wrapped)}
    layout.keyring.unlink()
    (path / "keyring.json").write_text(json.dumps({"format": 1, "users": {ADMIN: data}}))


def _candidates(raw: bytes) -> Iterator[keyring.KeyringEntry]:
    """Every keyring entry that can be read anywhere in *raw*, whole or in a key-area slot."""
    for match in re.finditer(re.escape(key_area.SLOT_MAGIC), raw):
        slot = key_area._parse(0, raw[match.start() : match.start() + key_area.SLOT_BYTES])
        if slot is not None:
            try:
                yield keyring._entry(slot.name, slot.payload)
            except ValueError:
                continue
    for match in re.finditer(rb'\{[^{}]*"wrapped"[^{}]*\}', raw):
        try:
            data = json.loads(match.group(0))
        except ValueError:
            continue
        for user in (ADMIN, OTHER):
            yield keyring.KeyringEntry.from_json(user, data)


def _opened_by(image: Path, passphrases: list[str]) -> set[str]:
    raw = image.read_bytes()
    opened = set()
    for entry in _candidates(raw):
        for passphrase in passphrases:
            if entry.unwrap(passphrase) is not None:
                opened.add(passphrase)
    return opened


def test_after_panic_nothing_on_the_raw_file_system_opens_the_vault(
    ext4: tuple[Path, Path], tmp_path: Path
) -> None:
    image, mountpoint = ext4
    elsewhere = tmp_path / "made-elsewhere"
    _previous_version_vault(elsewhere)
    every = [ADMIN_PASSPHRASE, OLD, CURRENT, DURESS, OTHER_PASS]
    with _mounted(image, mountpoint):  # on the disk for a while, as a real vault is
        shutil.copytree(elsewhere, mountpoint / "vault")
    assert _opened_by(image, every) == {OLD}  # the previous version's keyring, found
    with _mounted(image, mountpoint):
        vault = mountpoint / "vault"
        with vaults.unlock(vault, ADMIN, OLD) as session:  # carried in, then split
            users.add_user(session, OTHER, "caseworker", OTHER_PASS, admin_set=False)
            vaults.change_passphrase(session, CURRENT)
            vaults.set_duress(session, DURESS)
        assert not (vault / "keyring.json").exists()
    assert _opened_by(image, every) == {CURRENT, OTHER_PASS}  # the search finds live keys
    with _mounted(image, mountpoint):
        vaults.panic(mountpoint / "vault")
    assert _opened_by(image, every) == set()
    with _mounted(image, mountpoint):
        for passphrase in every:
            with pytest.raises(AccessDenied):
                vaults.unlock(mountpoint / "vault", ADMIN, passphrase)
