"""Sealed identities open only with their key, under their record, unaltered."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from pathlib import Path

import nacl.secret
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.vault import aead, keys, pseudonyms, sealing

FIELDS = st.dictionaries(
    st.sampled_from(["name", "name_original", "birth_date", "contact", "testimony"]),
    st.text(min_size=1, max_size=60),
    max_size=5,
)
IDS = st.text(alphabet="0123456789abcdef", min_size=32, max_size=32)


@settings(max_examples=60, deadline=None)
@given(fields=FIELDS, record_id=IDS, other=IDS)
def test_seal_round_trips_and_is_bound_to_its_record(
    fields: dict[str, str], record_id: str, other: str
) -> None:
    key = keys.random_key()
    blob = sealing.seal_fields(key, record_id, fields)
    assert sealing.open_fields(key, record_id, blob) == fields
    if other != record_id:
        with pytest.raises(sealing.SealBroken):
            sealing.open_fields(key, other, blob)
    with pytest.raises(sealing.SealBroken):
        sealing.open_fields(keys.random_key(), record_id, blob)


@settings(max_examples=60, deadline=None)
@given(fields=FIELDS, position=st.integers(min_value=0))
def test_any_flipped_bit_is_detected(fields: dict[str, str], position: int) -> None:
    key = keys.random_key()
    blob = bytearray(sealing.seal_fields(key, "r1", fields))
    blob[position % len(blob)] ^= 0x80
    with pytest.raises(sealing.SealBroken):
        sealing.open_fields(key, "r1", bytes(blob))


@settings(max_examples=30, deadline=None)
@given(message=st.binary(max_size=300), associated=st.binary(max_size=60))
def test_aead_is_exactly_pynacl_aead(message: bytes, associated: bytes) -> None:
    key = keys.random_key()
    box = nacl.secret.Aead(key)
    assert bytes(box.decrypt(aead.encrypt(key, message, associated), associated)) == message
    assert aead.decrypt(key, bytes(box.encrypt(message, associated)), associated) == message


def test_data_key_wrapping_is_bound_to_record_and_version() -> None:
    case_key, data_key = keys.random_key(), keys.random_key()
    wrapped = keys.secret_wrap(case_key, data_key, sealing.data_key_label("r1", 1))
    assert keys.secret_unwrap(case_key, wrapped, sealing.data_key_label("r1", 1)) == data_key
    for label in (sealing.data_key_label("r2", 1), sealing.data_key_label("r1", 2)):
        with pytest.raises(keys.UnwrapFailed):
            keys.secret_unwrap(case_key, wrapped, label)


@given(record_id=IDS)
def test_pseudonyms_are_stable_readable_and_keyed(record_id: str) -> None:
    key = bytes(32)
    first = pseudonyms.pseudonym(key, record_id)
    assert first == pseudonyms.pseudonym(key, record_id)
    assert len(first) == 9 and first[4] == "-"
    assert pseudonyms.pseudonym(bytes([1]) * 32, record_id) != first


def _pseudonym_by_definition(key: bytes, record_id: str) -> str:
    """The published definition, digit by digit: the HMAC's first 40 bits in Crockford base-32."""
    number = int.from_bytes(hmac.new(key, record_id.encode(), hashlib.sha256).digest()[:5], "big")
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    digits = "".join(alphabet[(number >> shift) & 31] for shift in range(35, -1, -5))
    return f"{digits[:4]}-{digits[4:]}"


@given(key=st.binary(min_size=32, max_size=32), record_id=IDS)
def test_pseudonyms_follow_their_definition_so_existing_vaults_keep_theirs(
    key: bytes, record_id: str
) -> None:
    assert pseudonyms.pseudonym(key, record_id) == _pseudonym_by_definition(key, record_id)


def test_a_pseudonym_is_unchanged_from_earlier_versions() -> None:
    # computed with the digit-by-digit code of earlier versions: pseudonyms must never change
    assert pseudonyms.pseudonym(bytes(range(32)), "r-0001") == "BRX1-SE5D"


def test_recovery_secret_round_trips_and_rejects_garbage() -> None:
    private, _ = keys.new_key_pair()
    text = keys.format_recovery_secret(private)
    assert keys.parse_recovery_secret(text) == private
    assert keys.parse_recovery_secret(text.lower().replace("-", " ")) == private
    assert keys.parse_recovery_secret("not a secret!") is None
    assert keys.parse_recovery_secret(text[:-5]) is None


def test_nonces_never_repeat_across_many_seals_or_a_fork() -> None:
    key = keys.random_key()
    nonces = {aead.encrypt(key, b"x", b"")[: aead.NONCE_BYTES] for _ in range(5000)}
    assert len(nonces) == 5000
    reader, writer = os.pipe()
    child = os.fork()
    if child == 0:  # the child seals once and reports its nonce
        os.write(writer, aead.encrypt(key, b"x", b"")[: aead.NONCE_BYTES])
        os._exit(0)
    os.waitpid(child, 0)
    from_child = os.read(reader, aead.NONCE_BYTES)
    from_parent = aead.encrypt(key, b"x", b"")[: aead.NONCE_BYTES]
    assert from_child != from_parent and from_child not in nonces


@settings(max_examples=60, deadline=None)
@given(batch=st.lists(st.tuples(FIELDS, IDS), max_size=8))
def test_bulk_sealing_opens_like_one_at_a_time(batch: list[tuple[dict[str, str], str]]) -> None:
    items = [(keys.random_key(), record_id, fields) for fields, record_id in batch]
    sealed = sealing.seal_many(items)
    assert len(sealed) == len(batch)
    for (key, record_id, fields), blob in zip(items, sealed, strict=True):
        assert sealing.open_fields(key, record_id, blob) == fields
        # the very message seal_fields would have sealed: same JSON, same associated data
        message = aead.decrypt(key, blob, sealing.identity_label(record_id))
        assert message == json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


@settings(max_examples=60, deadline=None)
@given(fields=st.dictionaries(st.text(max_size=8), st.text(max_size=40), max_size=6))
def test_sealed_json_is_the_standard_compact_encoding(fields: dict[str, str]) -> None:
    blob = sealing.seal_fields(bytes(32), "r1", fields)
    message = aead.decrypt(bytes(32), blob, sealing.identity_label("r1"))
    assert message == json.dumps(fields, ensure_ascii=False, separators=(",", ":")).encode()


# Made by the implementation before this one (PyNaCl's private CFFI module, a reused buffer and
# CPython's private JSON encoder), with the key bytes(range(32)): what existing vaults hold.
EARLIER_AEAD = bytes.fromhex(
    "901c1867d22a27f0ea9068a31e6a87b47f4e5a3d93a7dc291303d9a0d3c4caf3260bedfd50722aa11db08d9327"
    "cd0746c83c5dbc8c91409945d29b8526b7e76405e4a996e6c055b2d9faf095665de40ec07962"
)
EARLIER_SEAL = bytes.fromhex(
    "c39f088e4b713b63491dfad9f75f5934cc0bfddeef61d707c8949fdb85e925ef7571bcb84616e60c9d166653"
    "9305693eb7f62c88feae7e4c4314383b0f290a411f0a19daeff1404529d0db6c4d19f2669eedef496c5e6c4b"
    "ac6715028a41ee8b0c0f9d070aa091386ad5945ad2cc1a965c37054939336d2284e5cc71154287bd"
)


def test_what_the_earlier_implementation_sealed_still_opens() -> None:
    key = bytes(range(32))
    message = aead.decrypt(key, EARLIER_AEAD, b"r-0001\x1fidentity\x1f1")
    assert message.decode() == "Тестимя Синтетикова, 1984"
    assert sealing.open_fields(key, "r-0001", EARLIER_SEAL) == {
        "name": "Testname Syntheticova",
        "name_original": "Тестимя Синтетикова",
    }
    with pytest.raises(sealing.SealBroken):
        sealing.open_fields(key, "r-0002", EARLIER_SEAL)


def test_wrong_keys_are_refused_before_libsodium_sees_them() -> None:
    with pytest.raises(ValueError, match="32 bytes"):
        aead.encrypt(bytes(31), b"x", b"")
    with pytest.raises(aead.AeadFailed):
        aead.decrypt(bytes(31), EARLIER_AEAD, b"")
    with pytest.raises(aead.AeadFailed):
        aead.decrypt(bytes(32), EARLIER_AEAD[:39], b"")


def test_the_security_core_uses_no_private_interfaces() -> None:
    for module in (aead, sealing, keys):
        source = Path(module.__file__ or "").read_text(encoding="utf-8")
        assert "_sodium" not in source and "c_make_encoder" not in source
