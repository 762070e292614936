"""Ledger throughput at 1,000,000 entries: uncounted's Merkle tree beside pymerkle 7.

Run:  .venv/bin/python benchmarks/ledger_merkle.py [--entries 1000000] [--proofs 20000]

Measures, in one run on one machine: appends per second (building the whole log from scratch),
inclusion-proof generation and verification per second at the full size, consistency proofs,
and proof sizes against the ceil(log2 n) x 32 bytes bound. pymerkle is used here only, as the
peer to compare against (GPL; never a dependency of uncounted). Both trees hash SHA-256 with
RFC 9162 domain separation (pymerkle's default "security" mode prefixes 0x00/0x01 the same way).
"""

from __future__ import annotations

import argparse
import math
import random
import time
from hashlib import sha256

import pymerkle

from uncounted.ledger import MerkleTree, leaf_hash, verify_consistency, verify_inclusion


class _Clock:
    """Wall and CPU time of a block: on a shared machine, CPU time shows the per-core rate."""

    def __enter__(self) -> _Clock:
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu

    def rate(self, count: int) -> str:
        return (
            f"{count / self.wall:,.0f}/s wall, {count / self.cpu:,.0f}/s CPU"
            f" ({self.wall:.2f} s wall, {self.cpu:.2f} s CPU for {count:,})"
        )


def bench_uncounted(entries: list[bytes], indices: list[int]) -> dict[str, str]:
    size = len(entries)
    with _Clock() as appended:
        tree = MerkleTree()
        for entry in entries:
            tree.append(entry)
    root = tree.root()
    with _Clock() as proved:
        proofs = [tree.inclusion_proof(i) for i in indices]
    leaves = [leaf_hash(entries[i]) for i in indices]
    with _Clock() as verified:
        ok = all(
            verify_inclusion(leaves[j], i, size, proofs[j], root) for j, i in enumerate(indices)
        )
    assert ok
    olds = [random.randint(1, size - 1) for _ in range(2000)]
    with _Clock() as checked:
        consistency = [(m, tree.root(m), tree.consistency_proof(m)) for m in olds]
        consistent = all(verify_consistency(m, r, size, root, p) for m, r, p in consistency)
    assert consistent
    bound = math.ceil(math.log2(size)) * 32
    longest = max(len(p) for p in proofs) * 32
    longest_consistency = max(len(p) for _, _, p in consistency) * 32
    return {
        "appends": appended.rate(size),
        "inclusion proofs generated": proved.rate(len(indices)),
        "inclusion proofs verified": verified.rate(len(indices)),
        "consistency proofs generated+verified": checked.rate(len(olds)),
        "largest inclusion proof": f"{longest} bytes (bound ceil(log2 n) x 32 = {bound})",
        "largest consistency proof": f"{longest_consistency} bytes",
    }


def bench_pymerkle(entries: list[bytes], indices: list[int]) -> dict[str, str]:
    size = len(entries)
    with _Clock() as appended:
        tree = pymerkle.InmemoryTree(algorithm="sha256")
        for entry in entries:
            tree.append_entry(entry)
    state = tree.get_root()
    with _Clock() as proved:
        proofs = [tree.prove_inclusion(i + 1) for i in indices]
    leaves = [tree.get_leaf(i + 1) for i in indices]
    with _Clock() as verified:
        for j in range(len(indices)):
            pymerkle.verify_inclusion(leaves[j], state, proofs[j])
    longest = max(len(p.path) for p in proofs) * 32
    return {
        "appends": appended.rate(size),
        "inclusion proofs generated": proved.rate(len(indices)),
        "inclusion proofs verified": verified.rate(len(indices)),
        "largest inclusion proof": f"{longest} bytes (path length incl. base hash)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--proofs", type=int, default=20_000)
    parser.add_argument("--skip-pymerkle", action="store_true")
    options = parser.parse_args()
    random.seed(20261125)
    entries = [sha256(i.to_bytes(8, "big")).digest() for i in range(options.entries)]
    indices = [random.randrange(options.entries) for _ in range(options.proofs)]
    print(f"{options.entries:,} entries of 32 bytes, {options.proofs:,} random leaf indices")
    for name, bench in (("uncounted", bench_uncounted), ("pymerkle 7", bench_pymerkle)):
        if name != "uncounted" and options.skip_pymerkle:
            continue
        for figure, value in bench(entries, indices).items():
            print(f"{name:10s}  {figure:40s} {value}", flush=True)


if __name__ == "__main__":
    main()
