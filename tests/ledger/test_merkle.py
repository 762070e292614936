"""The Merkle tree agrees with a naive reading of RFC 9162, and its proofs resist tampering."""

from __future__ import annotations

from hashlib import sha256

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from uncounted.ledger import (
    EMPTY_ROOT,
    MerkleFrontier,
    MerkleTree,
    TreeIndexError,
    leaf_hash,
    verify_consistency,
    verify_inclusion,
)

# --- an independent, deliberately naive transcription of RFC 9162 section 2.1 ----------------


def _k(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def naive_mth(entries: list[bytes]) -> bytes:
    n = len(entries)
    if n == 0:
        return sha256(b"").digest()
    if n == 1:
        return sha256(b"\x00" + entries[0]).digest()
    k = _k(n)
    return sha256(b"\x01" + naive_mth(entries[:k]) + naive_mth(entries[k:])).digest()


def naive_path(m: int, entries: list[bytes]) -> list[bytes]:
    n = len(entries)
    if n == 1:
        return []
    k = _k(n)
    if m < k:
        return [*naive_path(m, entries[:k]), naive_mth(entries[k:])]
    return [*naive_path(m - k, entries[k:]), naive_mth(entries[:k])]


def naive_subproof(m: int, entries: list[bytes], complete: bool) -> list[bytes]:
    n = len(entries)
    if m == n:
        return [] if complete else [naive_mth(entries)]
    k = _k(n)
    if m <= k:
        return [*naive_subproof(m, entries[:k], complete), naive_mth(entries[k:])]
    return [*naive_subproof(m - k, entries[k:], False), naive_mth(entries[:k])]


def naive_proof(m: int, entries: list[bytes]) -> list[bytes]:
    return naive_subproof(m, entries, True)


def _entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


def _tree(entries: list[bytes]) -> MerkleTree:
    tree = MerkleTree()
    for entry in entries:
        tree.append(entry)
    return tree


# --- known answers -----------------------------------------------------------------------------


def test_empty_tree_root_is_the_hash_of_nothing() -> None:
    assert MerkleTree().root() == EMPTY_ROOT == naive_mth([])


def test_one_leaf_root_is_its_leaf_hash() -> None:
    assert _tree([b"only"]).root() == sha256(b"\x00only").digest()


def test_three_leaves_follow_the_rfc_split_by_hand() -> None:
    a, b, c = (sha256(b"\x00" + x).digest() for x in (b"a", b"b", b"c"))
    expected = sha256(b"\x01" + sha256(b"\x01" + a + b).digest() + c).digest()
    assert _tree([b"a", b"b", b"c"]).root() == expected


def test_roots_paths_and_consistency_proofs_match_the_naive_rfc_for_small_trees() -> None:
    entries = _entries(33)
    tree = _tree(entries)
    for n in range(1, 34):
        prefix = entries[:n]
        root = naive_mth(prefix)
        assert tree.root(n) == root
        for m in range(n):
            path = tree.inclusion_proof(m, n)
            assert path == naive_path(m, prefix)
            assert verify_inclusion(leaf_hash(entries[m]), m, n, path, root)
        for m in range(1, n + 1):
            proof = tree.consistency_proof(m, n)
            assert proof == naive_proof(m, prefix)
            assert verify_consistency(m, naive_mth(entries[:m]), n, root, proof)


def test_rebuilding_from_leaf_hashes_gives_the_same_tree() -> None:
    entries = _entries(100)
    tree = _tree(entries)
    rebuilt = MerkleTree.from_leaf_hashes(tree.leaf_hash(i) for i in range(100))
    assert rebuilt.root() == tree.root()
    assert rebuilt.inclusion_proof(37, 77) == tree.inclusion_proof(37, 77)


def test_questions_outside_the_tree_are_refused_in_words() -> None:
    tree = _tree(_entries(5))
    with pytest.raises(TreeIndexError, match="entry 5 is not in a log of 5"):
        tree.inclusion_proof(5)
    with pytest.raises(TreeIndexError, match="size 6"):
        tree.root(6)
    with pytest.raises(TreeIndexError, match="old size 0"):
        tree.consistency_proof(0)


def test_proof_sizes_never_exceed_ceil_log2_n_hashes() -> None:
    tree = _tree(_entries(1000))
    for n in (1, 2, 3, 500, 513, 999, 1000):
        limit = (n - 1).bit_length()
        assert all(len(tree.inclusion_proof(m, n)) <= limit for m in range(0, n, 7))
        assert all(len(tree.consistency_proof(m, n)) <= limit + 1 for m in range(1, n, 7))


# --- properties ----------------------------------------------------------------------------------

ENTRIES = _entries(3001)
TREE = _tree(ENTRIES)


@st.composite
def inclusion_case(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(1, 3000))
    return size, draw(st.integers(0, size - 1))


@st.composite
def consistency_case(draw: st.DrawFn) -> tuple[int, int]:
    size = draw(st.integers(2, 3000))
    return draw(st.integers(1, size - 1)), size


def _flip(data: bytes, bit: int) -> bytes:
    bit %= len(data) * 8
    flipped = bytearray(data)
    flipped[bit // 8] ^= 1 << (bit % 8)
    return bytes(flipped)


@settings(max_examples=150, deadline=None)
@given(inclusion_case(), st.integers(0, 10**6))
def test_every_inclusion_proof_verifies_and_any_flipped_bit_breaks_it(
    case: tuple[int, int], bit: int
) -> None:
    size, index = case
    leaf = leaf_hash(ENTRIES[index])
    root = TREE.root(size)
    path = TREE.inclusion_proof(index, size)
    assert verify_inclusion(leaf, index, size, path, root)
    assert not verify_inclusion(leaf_hash(_flip(ENTRIES[index], bit)), index, size, path, root)
    assert not verify_inclusion(leaf, index, size, path, _flip(root, bit))
    if path:
        joined = _flip(b"".join(path), bit)
        broken = [joined[i : i + 32] for i in range(0, len(joined), 32)]
        assert not verify_inclusion(leaf, index, size, broken, root)
    # the same path claimed for the next tree size does not lead to that tree's root
    assert not verify_inclusion(leaf, index, size + 1, path, TREE.root(size + 1))


@settings(max_examples=150, deadline=None)
@given(consistency_case(), st.integers(0, 10**6))
def test_every_consistency_proof_verifies_and_any_flipped_bit_breaks_it(
    case: tuple[int, int], bit: int
) -> None:
    old, size = case
    old_root, root = TREE.root(old), TREE.root(size)
    proof = TREE.consistency_proof(old, size)
    assert verify_consistency(old, old_root, size, root, proof)
    assert not verify_consistency(old, _flip(old_root, bit), size, root, proof)
    assert not verify_consistency(old, old_root, size, _flip(root, bit), proof)
    joined = _flip(b"".join(proof), bit)
    broken = [joined[i : i + 32] for i in range(0, len(joined), 32)]
    assert not verify_consistency(old, old_root, size, root, broken)
    assert not verify_consistency(old, old_root, size + 1, TREE.root(size + 1), proof)


def test_a_log_that_rewrote_an_old_entry_cannot_prove_consistency() -> None:
    honest = _tree(_entries(20))
    rewritten = _entries(20)
    rewritten[3] = b"rewritten"
    liar = _tree(rewritten)
    proof = liar.consistency_proof(10, 20)
    assert not verify_consistency(10, honest.root(10), 20, liar.root(20), proof)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 600))
def test_the_compact_frontier_tracks_the_full_tree_root(size: int) -> None:
    frontier = MerkleFrontier()
    for entry in ENTRIES[:size]:
        frontier.append_leaf_hash(leaf_hash(entry))
    stored = MerkleFrontier.decode(frontier.size, frontier.encode())
    assert stored.root() == frontier.root() == TREE.root(size)
    assert len(stored.hashes) == size.bit_count()
