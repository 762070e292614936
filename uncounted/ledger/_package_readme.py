"""The README.txt of an evidence package: how a court or a journalist checks it, by hand too."""

from __future__ import annotations

from uncounted.ledger._package_format import PackageContents

_TEMPLATE = """\
EVIDENCE PACKAGE {item_id}
==========================================================================================

This archive lets anyone check, offline and without trusting the organisation that made it,
that the file below was recorded unaltered in the organisation's tamper-evident log no later
than the time of the signed tree head, and which hands it passed through since.

What is inside
--------------
  {file}
      The {what} ({media_type}, {size} bytes). SHA-256:
      {sha256}
  commitment.json       the file's salted commitment and its position in the log
  inclusion_proof.json  the proof that this commitment is in the signed log
  custody.json          every action on the item (added, viewed, copied, exported, handed
                        over), each committed to the same log with its own proof
  signed_head.json      the log's signed statement: {tree_size} entries, root hash, time
                        {time} (UTC)
  log_public_key.txt    the log's public key; its fingerprint is
                        {fingerprint}
                        Compare it with the fingerprint the organisation published.

Checking it with uncounted
--------------------------
  uncounted verify PACKAGE.zip --public-key <the published key>
prints each check below in plain language and exits 1 naming the first that fails.

Checking it by hand (any SHA-256 and Ed25519 tool)
--------------------------------------------------
 1. File hash: SHA-256 of the evidence file equals "sha256" in commitment.json.
 2. Commitment: SHA-256 of the bytes
       "uncounted-commitment-v1" 0x00, length of kind (2 bytes, big-endian), kind (ASCII),
       salt (32 bytes), file SHA-256 (32 bytes)
    equals "commitment". The random salt is why the public log reveals nothing about the file.
 3. Inclusion proof: with leaf hash SHA-256(0x00 || commitment) and node hash
    SHA-256(0x01 || left || right), the path in inclusion_proof.json leads to the root hash in
    signed_head.json, following RFC 9162 section 2.1.3.2 (Certificate Transparency v2).
 4. Signed tree head: its size equals the proof's tree size.
 5. Signature: an Ed25519 signature, by the key in log_public_key.txt, over the bytes
       "uncounted-tree-head-v1" 0x00, tree size (8 bytes, big-endian),
       timestamp in milliseconds since 1970 UTC (8 bytes, big-endian), root hash (32 bytes).
 6. Custody: each event in custody.json is the SHA-256 content of its "event" text, committed
    and proven the same way (kind "evidence.custody").
 7. Seal: the archive comment ends in the SHA-256 of every byte of this archive before those
    64 digits; it detects accidental or naive damage anywhere in the archive.

A later signed tree head from the same log, with a consistency proof
(uncounted ledger prove VAULT --from-size {tree_size}), shows that these entries were never
removed or changed afterwards.
"""


def readme_text(contents: PackageContents) -> str:
    """The README for *contents*; it holds no name, no place and no original file name."""
    item = contents.item.commitment
    what = "original file" if item.kind == "evidence.original" else "working copy"
    return _TEMPLATE.format(
        item_id=contents.item_id,
        file=contents.evidence_member,
        what=what,
        media_type=contents.media_type,
        size=contents.size,
        sha256=item.content_hash.hex(),
        tree_size=contents.head.head.tree_size,
        time=contents.head.head.time_iso,
        fingerprint=contents.public_key.fingerprint,
    )
