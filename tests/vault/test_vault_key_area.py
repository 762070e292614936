"""The key area: split keys, in-place slots, a keyring.json carried in and destroyed."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from vault_helpers import ADMIN, ADMIN_PASSPHRASE, Vault

from uncounted.services import vaults
from uncounted.vault import antiforensic, kdf, key_area, keyring, keys
from uncounted.vault.layout import VaultLayout


@settings(max_examples=25, deadline=None)
@given(secret=st.binary(min_size=1, max_size=80), stripes=st.integers(2, 60))
def test_merge_rebuilds_what_split_spread(secret: bytes, stripes: int) -> None:
    material = antiforensic.split(secret, stripes)
    assert len(material) == stripes * len(secret)
    assert antiforensic.merge(material, stripes) == secret


@settings(max_examples=25, deadline=None)
@given(data=st.data())
def test_any_lost_byte_of_any_stripe_loses_the_secret(data: st.DataObject) -> None:
    secret = os.urandom(64)
    material = bytearray(antiforensic.split(secret, 40))
    at = data.draw(st.integers(0, len(material) - 1))
    material[at] ^= data.draw(st.integers(1, 255))
    rebuilt = antiforensic.merge(bytes(material), 40)
    assert rebuilt != secret
    if at < len(material) - 64:  # a byte of a random stripe: diffused over its 32-byte block
        differing = sum(a != b for a, b in zip(rebuilt, secret, strict=True))
        assert differing > 24


def test_the_diffusion_matches_the_luks_description() -> None:
    """H over 40 bytes: SHA-256 of (block index, big-endian, || block), cut to each block."""
    import hashlib

    data = bytes(range(40))
    expected = hashlib.sha256(b"\0\0\0\0" + data[:32]).digest()
    expected += hashlib.sha256(b"\0\0\0\1" + data[32:]).digest()[:8]
    assert antiforensic._diffuse(data) == expected


def test_a_passphrase_wraps_the_split_secrets(vault: Vault) -> None:
    entry = keyring.load(VaultLayout(vault.path).keyring).entries[ADMIN]
    assert entry.is_split
    assert len(entry.wrapped) > antiforensic.STRIPES * 64


def test_changes_overwrite_the_same_file_in_place(vault: Vault) -> None:
    area = VaultLayout(vault.path).keyring
    before = area.stat()
    with vault.unlock() as session:
        vaults.change_passphrase(session, "a second admin passphrase")
        vaults.set_duress(session, "a duress passphrase here")
    after = area.stat()
    assert (after.st_ino, after.st_size) == (before.st_ino, before.st_size)
    assert sorted(p.name for p in vault.path.iterdir() if "keyring" in p.name) == ["keyring.area"]
    with vaults.unlock(vault.path, ADMIN, "a second admin passphrase"):
        pass


def test_a_crash_between_writing_and_erasing_leaves_the_newer_slot(tmp_path: Path) -> None:
    area = tmp_path / "keyring.area"
    key_area.create(area)
    key_area.update(area, lambda current: {"ana": b"first"})
    # what a crash after the new slot was written, before the old one was erased, leaves
    with open(area, "r+b") as handle:
        handle.seek(key_area.HEADER_BYTES + 5 * key_area.SLOT_BYTES)
        handle.write(key_area._slot_bytes("ana", 99, b"second"))
    assert key_area.read(area) == {"ana": b"second"}
    key_area.update(area, lambda current: {**current, "bo": b"other"})
    raw = area.read_bytes()
    assert raw.count(b"first") == 0 and raw.count(b"second") == 1


def test_an_area_grows_in_place_when_its_slots_run_out(tmp_path: Path) -> None:
    area = tmp_path / "keyring.area"
    key_area.create(area)
    many = {f"user{i}": f"payload {i}".encode() for i in range(key_area.INITIAL_SLOTS + 3)}
    key_area.update(area, lambda current: many)
    assert key_area.read(area) == many
    assert area.stat().st_size == key_area.HEADER_BYTES + 2 * key_area.INITIAL_SLOTS * (
        key_area.SLOT_BYTES
    )


def test_a_keyring_json_of_an_earlier_version_is_carried_in_and_destroyed(
    vault: Vault,
) -> None:
    """The previous main kept keyring.json (an entry wrapped whole); the first open moves it
    into the area, overwrites and removes the file; the first sign-in splits the entry."""
    layout = VaultLayout(vault.path)
    with vault.unlock() as session:
        secrets = keyring.UserSecrets(session.vault_key, session.private_key)
    old = keyring.load(layout.keyring).entries[ADMIN]
    wrapping = kdf.derive_key(ADMIN_PASSPHRASE, old.salt, old.params)
    whole = keys.secret_wrap(
        wrapping, secrets.vault_key + secrets.private_key, keyring._label(ADMIN)
    )
    legacy = {"format": 1, "users": {ADMIN: {**old.to_json(), "wrapped": keyring._b64(whole)}}}
    layout.keyring.unlink()
    (vault.path / "keyring.json").write_text(json.dumps(legacy), encoding="utf-8")
    (vault.path / ".keyring.json.writing").write_bytes(b"an interrupted atomic write")
    assert vaults.user_names(vault.path) == [ADMIN]
    assert sorted(p.name for p in vault.path.iterdir() if "keyring" in p.name) == ["keyring.area"]
    assert not keyring.load(layout.keyring).entries[ADMIN].is_split
    with vault.unlock():
        pass
    assert keyring.load(layout.keyring).entries[ADMIN].is_split
    with vault.unlock():
        pass
