"""The README.txt of an evidence package: how a court or a journalist checks it, by hand too.

Every command in the "by hand" part is run literally, on a fresh package, by
``tests/ledger/test_readme_recipes.py`` (POSIX shell, coreutils, OpenSSL 3 and Python 3's
standard library only), so a step that no longer works fails the tests.
"""

from __future__ import annotations

from uncounted.ledger._package_format import PackageContents
from uncounted.ledger._package_verify import iso_time

_TEMPLATE = """\
EVIDENCE PACKAGE {item_id}
==========================================================================================

This archive lets anyone check, offline, that the file below was recorded unaltered in the
organisation's append-only log, and which hands it passed through since. The checks prove
integrity by themselves; WHO signed the log is proven only by comparing the log key with the
fingerprint the organisation published, and WHEN only by the cosignatures of independent
witnesses. The organisation's own date ({time} UTC) is its claim.

What is inside
--------------
  {file}
      The {what} ({media_type}, {size} bytes). SHA-256:
      {sha256}
{listed}  commitment.json     the file's salted commitment and its position (leaf index) in the log
  item.tlog-proof     c2sp.org/tlog-proof: "index N", the inclusion path (base64, one hash a
                      line), an empty line, then the log's checkpoint (c2sp.org/tlog-checkpoint):
                      origin, tree size ({tree_size}), root hash (base64), an empty line and
                      signature lines "<em dash> <name> <base64>", the log's own first
  custody.json        every action on the item, each committed to the same log, each naming
                      the commitment of the one before ("previous"), so none can be dropped
  log_public_key.txt  the log's public key (64 hex digits), its fingerprint, its vkey:
                      {fingerprint}
                      Compare it with the fingerprint the organisation published.
{witnessed}
Checking it with uncounted
--------------------------
  uncounted verify PACKAGE.zip --fingerprint "<the published fingerprint>"
       [--witness <witness vkey> ... --witness-threshold K]
says "VERIFIED" only when every check passed AND the key is the one you trust; without a
trusted key it says "integrity checked, authenticity NOT checked" and exits 1.

Encodings
---------
  Hex: lowercase, two digits a byte. Base64: standard (RFC 4648 section 4) with "=" padding.
  JSON files are UTF-8; a custody "event" is a JSON text whose exact UTF-8 bytes were hashed.
  Numbers in hashed bytes are unsigned big-endian. H(x) is SHA-256. Text files end in "\\n".

Checking it by hand (sh, sha256sum, base64, OpenSSL 3, python3; each line as written)
----------------------------------------------------------------------------------
 0. Save the package as PACKAGE.zip, unpack it into a new folder and go there:
      python3 -m zipfile -e PACKAGE.zip pkg && cd pkg
 1. File hash: the first word printed equals "sha256" in commitment.json:
      sha256sum {file}
 2. Commitment: H("uncounted-commitment-v1" 0x00 || length of kind (2 bytes) || kind ||
    salt (32 bytes) || file SHA-256 (32 bytes)) equals "commitment" in commitment.json:
      python3 -c 'import json,sys; c=json.load(open("commitment.json")); k=c["kind"].encode(); sys.stdout.buffer.write(b"uncounted-commitment-v1\\0"+len(k).to_bytes(2,"big")+k+bytes.fromhex(c["salt"])+bytes.fromhex(c["sha256"]))' | sha256sum
 3. Inclusion: the leaf hash is H(0x00 || commitment), a node is H(0x01 || left || right);
    RFC 9162 section 2.1.3.2 in ten lines (index, size, path and root from item.tlog-proof):
      fn = index; sn = size - 1; r = H(0x00 || commitment)
      for each hash p of the path, in order:
          if sn == 0: FAIL
          if fn is odd or fn == sn:
              r = H(0x01 || p || r)
              while fn is even and fn != 0: fn = fn / 2; sn = sn / 2
          else: r = H(0x01 || r || p)
          fn = fn / 2 (rounded down); sn = sn / 2 (rounded down)
      PASS when sn == 0 and r == root, else FAIL
    The same, run with Python's standard library (prints PASS):
      python3 -c 'import base64,hashlib,json; H=lambda b: hashlib.sha256(b).digest(); head,_,cp=open("item.tlog-proof").read().partition("\\n\\n"); lines=head.split("\\n"); fn=int(lines[1].split()[1]); path=[base64.b64decode(x) for x in lines[2:]]; cl=cp.split("\\n"); sn=int(cl[1])-1; root=base64.b64decode(cl[2]); r=H(bytes(1)+bytes.fromhex(json.load(open("commitment.json"))["commitment"])); exec("for p in path:\\n if sn==0: raise SystemExit(1)\\n if fn%2 or fn==sn:\\n  r=H(bytes([1])+p+r)\\n  while fn and fn%2==0: fn//=2; sn//=2\\n else: r=H(bytes([1])+r+p)\\n fn//=2; sn//=2"); print("PASS" if sn==0 and r==root else "FAIL")'
 4. The log's key: the printed digest, in groups of four, is the fingerprint to compare with
    the published one; key.pem is the key in the form OpenSSL reads (a fixed 12-byte prefix):
      head -n 1 log_public_key.txt | python3 -c 'import sys; sys.stdout.buffer.write(bytes.fromhex(sys.stdin.read().strip()))' > key.raw
      sha256sum key.raw
      {{ printf '\\060\\052\\060\\005\\006\\003\\053\\145\\160\\003\\041\\000'; cat key.raw; }} > key.der
      openssl pkey -pubin -inform DER -in key.der -out key.pem
 5. The checkpoint's signature (Ed25519 over the three checkpoint lines; the signature is the
    first signature line's base64 without its first 4 bytes, the key ID); OpenSSL prints
    "Signature Verified Successfully":
      awk 'p && NF == 0 {{ exit }} p {{ print }} NF == 0 {{ p = 1 }}' item.tlog-proof > checkpoint.txt
      grep -m 1 '^\u2014 ' item.tlog-proof | cut -d ' ' -f 3 | base64 -d | tail -c 64 > checkpoint.sig
      openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in checkpoint.txt -sigfile checkpoint.sig
 6. The organisation's own date (second signature line, c2sp.org/tlog-cosignature: 4-byte key
    ID, 8-byte time in seconds since 1970, 64-byte Ed25519 signature over
    "cosignature/v1\\n" "time <seconds>\\n" and the checkpoint lines); prints the seconds, then
    "Signature Verified Successfully":
      grep '^\u2014 ' item.tlog-proof | sed -n 2p | cut -d ' ' -f 3 | base64 -d > time.blob
      python3 -c 'print(int.from_bytes(open("time.blob","rb").read()[4:12],"big"))' > time.txt
      cat time.txt
      {{ printf 'cosignature/v1\\ntime %s\\n' "$(cat time.txt)"; cat checkpoint.txt; }} > time.msg
      tail -c 64 time.blob > time.sig
      openssl pkeyutl -verify -pubin -inkey key.pem -rawin -in time.msg -sigfile time.sig
    A witness's cosignature is checked the same way, with its line and with the 32 bytes after
    the first byte of the base64 part of its vkey ("name+keyid+base64") as the key.
 7. Custody: each event's commitment recomputes from the SHA-256 of its exact "event" text,
    and each names the commitment of the event before it ("none" for the first); prints
    PASS once per event (their inclusion proofs are checked like step 3, same root):
      python3 -c 'import hashlib,json; H=lambda b: hashlib.sha256(b).hexdigest(); k=b"evidence.custody"; prev="none"; [print("PASS" if (c:=H(b"uncounted-commitment-v1\\0"+len(k).to_bytes(2,"big")+k+bytes.fromhex(e["salt"])+hashlib.sha256(e["event"].encode()).digest()))==e["commitment"] and json.loads(e["event"]).get("previous",prev)==prev else "FAIL") or (prev:=c) for e in json.load(open("custody.json"))["events"]]'
 8. Seal: the archive comment ends in the SHA-256 of every byte of the archive before those
    64 digits (prints PASS); it detects damage anywhere, it is not a signature:
      python3 -c 'import hashlib; b=open("../PACKAGE.zip","rb").read(); print("PASS" if hashlib.sha256(b[:-64]).hexdigest().encode()==b[-64:] else "FAIL")'

Later heads
-----------
A checkpoint the organisation publishes later, with a consistency proof ("old <size>", the
proof hashes, an empty line, the checkpoint: the form witnesses receive), shows that these
{tree_size} entries were never removed or changed afterwards:
  uncounted ledger consistency OLD.checkpoint NEW.bundle --public-key <the published key>
Two checkpoints of the same size with different roots, both signed by the log key, prove
that the organisation showed different people different logs.
"""

_WITNESSED = """\
  witnessed-{size}.checkpoint   an earlier checkpoint ({size} entries) with witness
                                cosignatures, and .consistency: the RFC 9162 consistency proof
                                from it to this package's checkpoint
"""


_LISTED = """\
      It lists every other file of this archive (shown beside it, readable as they are)
      with its SHA-256 and size, so the commitment to the manifest covers them all: the
      first word "sha256sum <file>" prints must equal the manifest's "sha256" for it.
"""


def readme_text(contents: PackageContents) -> str:
    """The README for *contents*; it holds no name, no place and no original file name."""
    item = contents.item.commitment
    what = "original file" if item.kind == "evidence.original" else "working copy"
    if contents.manifest:
        what = "manifest, the committed file"
    signed = contents.checkpoint
    stamp = signed.log_time(contents.public_key.raw) or 0
    witnessed = contents.witnessed
    return _TEMPLATE.format(
        item_id=contents.item_id,
        file=contents.evidence_member,
        what=what,
        media_type=contents.media_type,
        size=contents.size,
        sha256=item.content_hash.hex(),
        tree_size=signed.checkpoint.tree_size,
        time=iso_time(stamp),
        fingerprint=contents.public_key.fingerprint,
        listed=_LISTED if contents.manifest else "",
        witnessed="".join(
            _WITNESSED.format(size=one.checkpoint.checkpoint.tree_size) for one in witnessed
        ),
    )
