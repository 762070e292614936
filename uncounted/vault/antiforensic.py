"""Anti-forensic splitting of a secret into many stripes, all of which are needed to rebuild it.

The idea is LUKS's AF-splitter (Clemens Fruhwirth, "TKS1 - An anti-forensic, two level, and
iterated key setup scheme", 2004; the LUKS on-disk format specification, section 2.4): a key
kept as one small blob on a disk can survive a delete or an overwrite somewhere the file
system or the drive put an old copy. Spread over *n* stripes whose combination is needed, a
key is lost for good as soon as any part of its stripes is gone; an attacker holding every
sector but one that survived from an old version holds nothing.

For a secret ``D`` of ``L`` bytes and ``n`` stripes: ``s_1 .. s_{n-1}`` are random, ``d_0`` is
zero, ``d_i = H(d_{i-1} xor s_i)``, and ``s_n = d_{n-1} xor D``. Merging repeats the chain
over the stored stripes. ``H`` is the specification's diffusion: each 32-byte block ``j`` of
its input is replaced by ``SHA-256(j as 4 big-endian bytes || block)`` cut to the block's
length, so a change to any bit of a stripe changes every later ``d_i`` unpredictably.

This module only splits and merges: the stripes are then encrypted under the passphrase-
derived key like any wrapped secret (``keyring.py``). It implements the construction from its
description; it is not a cipher, and no other code was copied.
"""

from __future__ import annotations

import hashlib
import os

#: Stripes per secret: LUKS's default. 64 bytes (vault key and private key) become 256,000.
STRIPES = 4000
_DIGEST = 32


def _diffuse(data: bytes) -> bytes:
    """The specification's diffusion ``H`` of *data* (any length)."""
    out = bytearray()
    for index, start in enumerate(range(0, len(data), _DIGEST)):
        block = data[start : start + _DIGEST]
        digest = hashlib.sha256(index.to_bytes(4, "big") + block).digest()
        out += digest[: len(block)]
    return bytes(out)


def _xor(left: bytes, right: bytes) -> bytes:
    size = len(left)
    return (int.from_bytes(left, "big") ^ int.from_bytes(right, "big")).to_bytes(size, "big")


def split(secret: bytes, stripes: int = STRIPES) -> bytes:
    """*secret* spread over *stripes* stripes of its own length (``stripes * len(secret)``)."""
    if stripes < 2 or not secret:
        raise ValueError("a split needs at least two stripes and a secret")
    size = len(secret)
    randoms = os.urandom(size * (stripes - 1))
    chain = bytes(size)
    for start in range(0, len(randoms), size):
        chain = _diffuse(_xor(chain, randoms[start : start + size]))
    return randoms + _xor(chain, secret)


def merge(material: bytes, stripes: int) -> bytes:
    """The secret that :func:`split` spread over *material*, made of *stripes* stripes."""
    if stripes < 2 or len(material) % stripes:
        raise ValueError("the material is not a whole number of stripes")
    size = len(material) // stripes
    chain = bytes(size)
    for start in range(0, size * (stripes - 1), size):
        chain = _diffuse(_xor(chain, material[start : start + size]))
    return _xor(chain, material[size * (stripes - 1) :])
