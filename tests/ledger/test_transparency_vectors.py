"""transparency-dev/merkle's proof test vectors, as data, checked by our verifiers.

``fixtures/transparency-dev-merkle/vectors.json`` holds the project's ``testdata`` files
(Apache-2.0, ``NOTICE.txt`` says how many and from which commit), each with the commit it was
read from: happy paths and refusals (wrong sizes and roots, truncated, padded or bit-flipped
proofs, an empty-string hash, a root of the wrong length).
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from uncounted.ledger import verify_consistency, verify_inclusion

VECTORS = json.loads(
    (Path(__file__).parent / "fixtures" / "transparency-dev-merkle" / "vectors.json").read_text()
)["vectors"]


def _hashes(values: list[str] | None) -> list[bytes]:
    return [base64.b64decode(value) for value in values or []]


@pytest.mark.parametrize("case", VECTORS, ids=[case["path"] for case in VECTORS])
def test_our_verifiers_agree_with_transparency_devs_vectors(case: dict[str, Any]) -> None:
    vector = case["vector"]
    if "leafIdx" in vector:
        valid = verify_inclusion(
            base64.b64decode(vector["leafHash"]),
            vector["leafIdx"],
            vector["treeSize"],
            _hashes(vector["proof"]),
            base64.b64decode(vector["root"]),
        )
    else:
        valid = verify_consistency(
            vector["size1"],
            base64.b64decode(vector["root1"]),
            vector["size2"],
            base64.b64decode(vector["root2"]),
            _hashes(vector["proof"]),
        )
    assert valid is not vector["wantErr"], vector["desc"]


def test_the_vectors_cover_both_proofs_and_both_outcomes() -> None:
    kinds = {("leafIdx" in c["vector"], c["vector"]["wantErr"]) for c in VECTORS}
    assert kinds == {(True, True), (True, False), (False, True), (False, False)}
