"""The RFC 9162 (Certificate Transparency v2) Merkle tree: hashes, proofs and their checks.

Leaf hash ``SHA-256(0x00 || entry)``, node hash ``SHA-256(0x01 || left || right)``, and the
Merkle Tree Hash of *any* number of leaves (not only powers of two) split at the largest power
of two smaller than the size, exactly as RFC 9162 section 2.1.1 defines it.

:class:`MerkleTree` grows by appending and keeps, for every level, the hashes of the complete
aligned subtrees it has seen (``2n`` hashes in total, packed in one ``bytearray`` per level).
Every subtree that the RFC's recursive definitions ask for is either one of those stored
hashes or splits into O(log n) of them, so roots, inclusion proofs and consistency proofs for
*any* earlier tree size are computed without rehashing leaves. Verification follows the
iterative algorithms of sections 2.1.3.2 and 2.1.4.2 word for word and returns ``False`` on
any mismatch rather than raising, so that callers can report which check failed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from hashlib import sha256

from uncounted.errors import InputError
from uncounted.messages import N_

HASH_SIZE = 32
"""Bytes in every hash of the tree (SHA-256)."""

EMPTY_ROOT = sha256(b"").digest()
"""The Merkle Tree Hash of the empty list: SHA-256 of nothing (RFC 9162 section 2.1.1)."""


class TreeIndexError(InputError):
    """Raised when a leaf index or tree size asked of a tree is outside what it holds."""


def leaf_hash(entry: bytes) -> bytes:
    """Hash of one log entry as a leaf: ``SHA-256(0x00 || entry)``."""
    return sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Hash of an interior node: ``SHA-256(0x01 || left || right)``."""
    return sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two strictly smaller than *size* (which must be at least 2)."""
    return 1 << ((size - 1).bit_length() - 1)


class MerkleTree:
    """An append-only RFC 9162 tree that answers roots and proofs for every past size."""

    def __init__(self) -> None:
        self._levels: list[bytearray] = [bytearray()]
        self._size = 0

    @classmethod
    def from_leaf_hashes(cls, hashes: Iterable[bytes]) -> MerkleTree:
        """Rebuild a tree from stored leaf hashes, in log order."""
        tree = cls()
        for leaf in hashes:
            tree.append_leaf_hash(leaf)
        return tree

    @property
    def size(self) -> int:
        """Number of leaves appended so far."""
        return self._size

    def append(self, entry: bytes) -> int:
        """Append one entry (hashed as a leaf) and return its leaf index."""
        return self.append_leaf_hash(sha256(b"\x00" + entry).digest())

    def append_leaf_hash(self, leaf: bytes) -> int:
        """Append an already computed leaf hash and return its leaf index."""
        if len(leaf) != HASH_SIZE:
            raise InputError(
                N_("a leaf hash must be {size} bytes, got {got}"), size=HASH_SIZE, got=len(leaf)
            )
        levels = self._levels
        levels[0] += leaf
        index = self._size
        self._size = count = index + 1
        current = leaf
        level = 0
        while count & 1 == 0:  # the new hash completes a pair: its parent is now complete too
            current = sha256(b"\x01" + levels[level][-64:-32] + current).digest()
            level += 1
            if level == len(levels):
                levels.append(bytearray())
            levels[level] += current
            count >>= 1
        return index

    def leaf_hash(self, index: int) -> bytes:
        """The stored leaf hash at *index*."""
        self._check_index(index, self._size)
        return bytes(self._levels[0][index * HASH_SIZE : (index + 1) * HASH_SIZE])

    def root(self, size: int | None = None) -> bytes:
        """Merkle Tree Hash of the first *size* leaves (default: all of them)."""
        size = self._check_size(size)
        return EMPTY_ROOT if size == 0 else self._subtree(0, size)

    def inclusion_proof(self, index: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 ``PATH(index, D[0:size])``: siblings from the leaf up to the root."""
        size = self._check_size(size)
        self._check_index(index, size)
        siblings: list[bytes] = []
        start, end = 0, size
        while end - start > 1:
            half = _split(end - start)
            if index < start + half:
                siblings.append(self._subtree(start + half, end))
                end = start + half
            else:
                siblings.append(self._subtree(start, start + half))
                start += half
        siblings.reverse()
        return siblings

    def consistency_proof(self, old_size: int, size: int | None = None) -> list[bytes]:
        """RFC 9162 ``PROOF(old_size, D[0:size])`` that the old tree is a prefix of the new."""
        size = self._check_size(size)
        if not 0 < old_size <= size:
            raise TreeIndexError(
                N_("a consistency proof needs 0 < old size <= {size}, got old size {old_size}"),
                size=size,
                old_size=old_size,
            )
        nodes: list[bytes] = []
        start, end, old, complete = 0, size, old_size, True
        while old != end - start:
            half = _split(end - start)
            if old <= half:
                nodes.append(self._subtree(start + half, end))
                end = start + half
            else:
                nodes.append(self._subtree(start, start + half))
                start += half
                old -= half
                complete = False
        if not complete:
            nodes.append(self._subtree(start, end))
        nodes.reverse()
        return nodes

    def _subtree(self, start: int, end: int) -> bytes:
        """MTH(D[start:end]) for a range on the RFC's split lines (start aligned to its size)."""
        width = end - start
        if width & (width - 1) == 0:
            level = width.bit_length() - 1
            offset = (start >> level) * HASH_SIZE
            return bytes(self._levels[level][offset : offset + HASH_SIZE])
        half = _split(width)
        return node_hash(self._subtree(start, start + half), self._subtree(start + half, end))

    def _check_size(self, size: int | None) -> int:
        if size is None:
            return self._size
        if not 0 <= size <= self._size:
            raise TreeIndexError(
                N_("the log holds {entries} entries; size {size} is not in it"),
                entries=self._size,
                size=size,
            )
        return size

    @staticmethod
    def _check_index(index: int, size: int) -> None:
        if not 0 <= index < size:
            raise TreeIndexError(
                N_("entry {index} is not in a log of {size} entries"), index=index, size=size
            )


def verify_inclusion(
    leaf: bytes, index: int, size: int, path: Sequence[bytes], root: bytes
) -> bool:
    """RFC 9162 section 2.1.3.2: does *path* prove leaf hash *leaf* at *index* under *root*?

    Every hash must be 32 bytes: a leaf and a root of any other length never verify, so that
    two empty strings are not taken for a proof of a one-entry log.
    """
    if not 0 <= index < size or len(leaf) != HASH_SIZE or len(root) != HASH_SIZE:
        return False
    if len(path) > 64:
        return False
    fn, sn = index, size - 1
    result = leaf
    hasher = sha256  # local name: this loop is the hot path of bulk verification
    for node in path:
        if sn == 0 or len(node) != HASH_SIZE:
            return False
        if fn & 1 or fn == sn:
            result = hasher(b"\x01" + node + result).digest()
            if fn and not fn & 1:  # shift until LSB(fn) is set: by fn's trailing zero bits
                zeros = (fn & -fn).bit_length() - 1
                fn >>= zeros
                sn >>= zeros
        else:
            result = hasher(b"\x01" + result + node).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == root


def verify_consistency(
    old_size: int, old_root: bytes, size: int, root: bytes, proof: Sequence[bytes]
) -> bool:
    """RFC 9162 section 2.1.4.2: does *proof* show the old tree is a prefix of the new one?

    Equal sizes need an empty proof and equal roots; an old size of 0 is refused, as the RFC
    defines consistency proofs only from a non-empty tree.
    """
    if not 0 < old_size <= size or len(proof) > 64:
        return False
    if len(old_root) != HASH_SIZE or len(root) != HASH_SIZE:
        return False
    if any(len(node) != HASH_SIZE for node in proof):
        return False
    if old_size == size:
        return not proof and old_root == root
    if not proof:
        return False
    path = list(proof)
    if old_size & (old_size - 1) == 0:
        path.insert(0, old_root)
    fn, sn = old_size - 1, size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    first = second = path[0]
    for node in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first = sha256(b"\x01" + node + first).digest()
            second = sha256(b"\x01" + node + second).digest()
            if not fn & 1:
                while fn and not fn & 1:
                    fn >>= 1
                    sn >>= 1
        else:
            second = sha256(b"\x01" + second + node).digest()
        fn >>= 1
        sn >>= 1
    return first == old_root and second == root and sn == 0


class MerkleFrontier:
    """The compact state of an append-only tree: one hash per set bit of its size.

    Enough to append and to compute the current root in O(log n) without any other leaf, which
    is what a database-backed log keeps between appends. Hashes are ordered from the largest
    complete subtree (leftmost) to the smallest.
    """

    def __init__(self, size: int = 0, hashes: Sequence[bytes] = ()) -> None:
        if size.bit_count() != len(hashes) or any(len(h) != HASH_SIZE for h in hashes):
            raise InputError(N_("a Merkle frontier needs one 32-byte hash per set bit of its size"))
        self.size = size
        self.hashes = list(hashes)

    @classmethod
    def decode(cls, size: int, packed: bytes) -> MerkleFrontier:
        """The frontier stored as :meth:`encode` wrote it."""
        return cls(size, [packed[i : i + HASH_SIZE] for i in range(0, len(packed), HASH_SIZE)])

    def encode(self) -> bytes:
        """The hashes concatenated, for storage beside the size."""
        return b"".join(self.hashes)

    def append_leaf_hash(self, leaf: bytes) -> int:
        """Add a leaf; return its index."""
        index, carry, current = self.size, self.size, leaf
        while carry & 1:
            current = node_hash(self.hashes.pop(), current)
            carry >>= 1
        self.hashes.append(current)
        self.size = index + 1
        return index

    def root(self) -> bytes:
        """The Merkle Tree Hash of everything appended."""
        if not self.hashes:
            return EMPTY_ROOT
        result = self.hashes[-1]
        for left in reversed(self.hashes[:-1]):
            result = node_hash(left, result)
        return result
