// Command checkledger checks uncounted's checkpoints and proofs with Go's own implementations:
// golang.org/x/mod/sumdb/note (signed notes, Ed25519 vkeys) and golang.org/x/mod/sumdb/tlog
// (RFC 6962 record and tree proofs), as Debian packages them (golang-golang-x-mod-dev 0.7).
// x/mod 0.7 knows no timestamped cosignatures (c2sp.org/tlog-cosignature, type 0x04), so those
// are checked with the standard library's crypto/ed25519 over the message the spec defines.
//
// Usage:
//
//	checkledger proof LOG_VKEY FILE.tlog-proof COMMITMENT_HEX [WITNESS_VKEY...]
//	checkledger consistency LOG_VKEY OLD.checkpoint NEW.bundle
//	checkledger cosigned LOG_VKEY FILE.checkpoint WITNESS_VKEY...
//
// It prints one line per check that held and exits 1 at the first that does not.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL: "+format+"\n", args...)
	os.Exit(1)
}

type checkpoint struct {
	origin string
	size   int64
	root   tlog.Hash
	text   string
	raw    []byte
}

// openCheckpoint verifies the log's signature with note.Open and parses the checkpoint body.
func openCheckpoint(raw []byte, logVkey string) checkpoint {
	verifier, err := note.NewVerifier(logVkey)
	if err != nil {
		fail("log vkey: %v", err)
	}
	n, err := note.Open(raw, note.VerifierList(verifier))
	if err != nil {
		fail("note.Open: %v", err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 || lines[len(lines)-1] != "" {
		fail("checkpoint body is not origin, size, root")
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("tree size: %v", err)
	}
	rootBytes, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(rootBytes) != tlog.HashSize {
		fail("root hash is not 32 bytes of base64")
	}
	var root tlog.Hash
	copy(root[:], rootBytes)
	if lines[0] != verifier.Name() {
		fail("origin %q is not the log key's name %q", lines[0], verifier.Name())
	}
	fmt.Printf("checkpoint %s size %d: log signature valid (note.Open)\n", lines[0], size)
	return checkpoint{lines[0], size, root, n.Text, raw}
}

func hashes(lines []string) []tlog.Hash {
	var out []tlog.Hash
	for _, line := range lines {
		if line == "" {
			continue
		}
		b, err := base64.StdEncoding.DecodeString(line)
		if err != nil || len(b) != tlog.HashSize {
			fail("proof line %q is not a base64 hash", line)
		}
		var h tlog.Hash
		copy(h[:], b)
		out = append(out, h)
	}
	return out
}

// cosignature finds the type 0x04 signature of (name, key) in the note and checks it.
func cosignature(c checkpoint, vkey string) (uint64, bool) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		fail("vkey %q is not name+id+key", vkey)
	}
	key, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(key) != 33 || key[0] != 0x04 {
		fail("vkey %q is not a cosignature (type 4) Ed25519 key", vkey)
	}
	name, pub := parts[0], ed25519.PublicKey(key[1:])
	digest := sha256.Sum256(append([]byte(name+"\n\x04"), pub...))
	if hex.EncodeToString(digest[:4]) != parts[1] {
		fail("vkey %q: key ID does not match", vkey)
	}
	split := bytes.LastIndex(c.raw, []byte("\n\n"))
	for _, line := range strings.Split(string(c.raw[split+2:]), "\n") {
		fields := strings.Split(line, " ")
		if len(fields) != 3 || fields[0] != "\u2014" || fields[1] != name {
			continue
		}
		blob, err := base64.StdEncoding.DecodeString(fields[2])
		if err != nil || len(blob) != 4+8+64 || !bytes.Equal(blob[:4], digest[:4]) {
			continue
		}
		stamp := binary.BigEndian.Uint64(blob[4:12])
		message := fmt.Sprintf("cosignature/v1\ntime %d\n%s", stamp, c.text)
		return stamp, ed25519.Verify(pub, []byte(message), blob[12:])
	}
	return 0, false
}

func logCosignatureVkey(logVkey string) string {
	parts := strings.SplitN(logVkey, "+", 3)
	key, _ := base64.StdEncoding.DecodeString(parts[2])
	typed := append([]byte{0x04}, key[1:]...)
	digest := sha256.Sum256(append([]byte(parts[0]+"\n"), typed...))
	return parts[0] + "+" + hex.EncodeToString(digest[:4]) + "+" + base64.StdEncoding.EncodeToString(typed)
}

func proof(logVkey, path, commitmentHex string, witnesses []string) {
	data, err := os.ReadFile(path)
	if err != nil {
		fail("%v", err)
	}
	head, rest, found := strings.Cut(string(data), "\n\n")
	lines := strings.Split(head, "\n")
	if !found || lines[0] != "c2sp.org/tlog-proof@v1" || !strings.HasPrefix(lines[1], "index ") {
		fail("not a c2sp.org/tlog-proof@v1 file")
	}
	index, err := strconv.ParseInt(strings.TrimPrefix(lines[1], "index "), 10, 64)
	if err != nil {
		fail("index: %v", err)
	}
	c := openCheckpoint([]byte(rest), logVkey)
	commitment, err := hex.DecodeString(commitmentHex)
	if err != nil || len(commitment) != 32 {
		fail("commitment is not 32 bytes of hex")
	}
	if err := tlog.CheckRecord(hashes(lines[2:]), c.size, c.root, index, tlog.RecordHash(commitment)); err != nil {
		fail("tlog.CheckRecord: %v", err)
	}
	fmt.Printf("entry %d: inclusion proof valid (tlog.CheckRecord)\n", index)
	if stamp, ok := cosignature(c, logCosignatureVkey(logVkey)); ok {
		fmt.Printf("organisation timestamp %d: signature valid (crypto/ed25519)\n", stamp)
	} else {
		fail("the organisation's timestamped signature does not verify")
	}
	witnessed(c, witnesses)
}

func witnessed(c checkpoint, witnesses []string) {
	for _, vkey := range witnesses {
		stamp, ok := cosignature(c, vkey)
		if !ok {
			fail("no valid cosignature by %s", vkey)
		}
		fmt.Printf("witness %s cosigned at %d: valid (crypto/ed25519)\n", strings.SplitN(vkey, "+", 2)[0], stamp)
	}
}

func consistency(logVkey, oldPath, bundlePath string) {
	oldRaw, err := os.ReadFile(oldPath)
	if err != nil {
		fail("%v", err)
	}
	old := openCheckpoint(oldRaw, logVkey)
	data, err := os.ReadFile(bundlePath)
	if err != nil {
		fail("%v", err)
	}
	head, rest, found := strings.Cut(string(data), "\n\n")
	lines := strings.Split(head, "\n")
	if !found || !strings.HasPrefix(lines[0], "old ") {
		fail("not a consistency bundle")
	}
	oldSize, err := strconv.ParseInt(strings.TrimPrefix(lines[0], "old "), 10, 64)
	if err != nil || oldSize != old.size {
		fail("the bundle's old size is not the old checkpoint's")
	}
	current := openCheckpoint([]byte(rest), logVkey)
	if err := tlog.CheckTree(hashes(lines[1:]), current.size, current.root, old.size, old.root); err != nil {
		fail("tlog.CheckTree: %v", err)
	}
	fmt.Printf("size %d extends size %d: consistency proof valid (tlog.CheckTree)\n", current.size, old.size)
}

func main() {
	args := os.Args[1:]
	switch {
	case len(args) >= 4 && args[0] == "proof":
		proof(args[1], args[2], args[3], args[4:])
	case len(args) == 4 && args[0] == "consistency":
		consistency(args[1], args[2], args[3])
	case len(args) >= 4 && args[0] == "cosigned":
		raw, err := os.ReadFile(args[2])
		if err != nil {
			fail("%v", err)
		}
		witnessed(openCheckpoint(raw, args[1]), args[3:])
	default:
		fmt.Fprintln(os.Stderr, "usage: checkledger proof LOG_VKEY FILE COMMITMENT [WITNESS_VKEY...] | consistency LOG_VKEY OLD NEW")
		os.Exit(2)
	}
}
