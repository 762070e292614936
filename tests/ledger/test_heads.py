"""Signed tree heads and salted commitments: canonical bytes, signatures, and tampering."""

from __future__ import annotations

from hashlib import sha256

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.ledger import (
    Commitment,
    LogPublicKey,
    LogSigningKey,
    MalformedCommitmentError,
    MalformedHeadError,
    SignedTreeHead,
    TreeHead,
    commitment_value,
)

KEY = LogSigningKey(bytes(range(32)))


def _flip(data: bytes, bit: int) -> bytes:
    flipped = bytearray(data)
    flipped[(bit // 8) % len(data)] ^= 1 << (bit % 8)
    return bytes(flipped)


def test_head_encoding_is_the_documented_65_bytes() -> None:
    head = TreeHead(7, 1_000, b"\xaa" * 32)
    encoded = head.encode()
    assert (
        encoded
        == b"uncounted-tree-head-v1\x00"
        + (7).to_bytes(8, "big")
        + (1_000).to_bytes(8, "big")
        + b"\xaa" * 32
    )
    assert len(encoded) == 23 + 8 + 8 + 32


def test_signed_head_survives_json_and_verifies() -> None:
    signed = KEY.sign(TreeHead(3, 1_764_064_800_000, sha256(b"root").digest()))
    again = SignedTreeHead.from_json(signed.to_json())
    assert again == signed
    assert KEY.public_key.verifies(again)
    assert signed.to_json()["timestamp"] == "2025-11-25T10:00:00.000Z"


@settings(max_examples=100, deadline=None)
@given(
    st.integers(0, 2**40),
    st.integers(0, 2**50),
    st.binary(min_size=32, max_size=32),
    st.integers(0, 10**6),
)
def test_flipping_any_bit_of_head_or_signature_breaks_verification(
    size: int, stamp: int, root: bytes, bit: int
) -> None:
    signed = KEY.sign(TreeHead(size, stamp, root))
    assert KEY.public_key.verifies(signed)
    forged_root = SignedTreeHead(TreeHead(size, stamp, _flip(root, bit)), signed.signature)
    forged_size = SignedTreeHead(TreeHead(size ^ (1 << (bit % 40)), stamp, root), signed.signature)
    forged_time = SignedTreeHead(TreeHead(size, stamp ^ (1 << (bit % 50)), root), signed.signature)
    forged_signature = SignedTreeHead(signed.head, _flip(signed.signature, bit))
    for forged in (forged_root, forged_size, forged_time, forged_signature):
        assert not KEY.public_key.verifies(forged)


def test_another_key_does_not_verify() -> None:
    signed = KEY.sign(TreeHead(1, 1, b"\x00" * 32))
    other = LogSigningKey.generate().public_key
    assert not other.verifies(signed)
    assert other.fingerprint != KEY.public_key.fingerprint


def test_public_key_round_trips_through_text_and_has_a_readable_fingerprint() -> None:
    key = KEY.public_key
    assert LogPublicKey.parse(key.hex.upper() + "\n") == key
    groups = key.fingerprint.split(" ")
    assert len(groups) == 16 and all(len(group) == 4 for group in groups)


@pytest.mark.parametrize(
    "document",
    [
        {},
        {"tree_size": "3", "timestamp_ms": 1, "root_hash": "00" * 32, "signature": "00" * 64},
        {"tree_size": 3, "timestamp_ms": 1, "root_hash": "0" * 63, "signature": "00" * 64},
        {"tree_size": 3, "timestamp_ms": 1, "root_hash": "AA" * 32, "signature": "00" * 64},
        {"tree_size": -1, "timestamp_ms": 1, "root_hash": "00" * 32, "signature": "00" * 64},
        [],
    ],
)
def test_malformed_heads_are_refused_in_words(document: object) -> None:
    with pytest.raises(MalformedHeadError):
        SignedTreeHead.from_json(document)


def test_commitment_hides_the_hash_and_opens_only_with_its_salt() -> None:
    content_hash = sha256(b"synthetic photo").digest()
    first = Commitment.create("evidence.original", content_hash)
    second = Commitment.create("evidence.original", content_hash)
    assert first.value != second.value != content_hash
    assert first.opens() and second.opens()
    label = b"evidence.original"
    expected = sha256(
        b"uncounted-commitment-v1\x00"
        + len(label).to_bytes(2, "big")
        + label
        + first.salt
        + content_hash
    ).digest()
    assert first.value == expected
    wrong_salt = Commitment(first.kind, second.salt, content_hash, first.value)
    wrong_kind = Commitment("evidence.working-copy", first.salt, content_hash, first.value)
    assert not wrong_salt.opens() and not wrong_kind.opens()


def test_commitment_kinds_are_plain_labels() -> None:
    with pytest.raises(MalformedCommitmentError):
        commitment_value("Evidence Original", b"\x00" * 32, b"\x00" * 32)
    with pytest.raises(MalformedCommitmentError):
        commitment_value("evidence.original", b"\x00" * 31, b"\x00" * 32)
