package audit

import (
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strconv"
	"strings"
)

// Problem is the kind of a break in the chain.
type Problem uint8

// The kinds of break the Verifier finds.
const (
	// Damaged: the stored value is not a well-formed entry.
	Damaged Problem = iota + 1
	// Missing: an entry is absent, from the middle (a gap in the keys) or,
	// against a checkpoint, from the end.
	Missing
	// HashMismatch: the stored hash is not SHA-256 of the previous hash and
	// the entry: the entry, or one before it, was changed.
	HashMismatch
	// Misplaced: the entry's own sequence number is not its key, or a key is
	// not a sequence number.
	Misplaced
	// Rewritten: the chain is consistent but an entry no longer has the hash
	// a checkpoint recorded: the log was rewritten from that entry on or
	// before it.
	Rewritten
)

// ChainError names the first entry at which the log fails verification.
type ChainError struct {
	Seq     uint64 // the entry (sequence number) where the chain breaks
	Problem Problem
	Detail  string
}

func (e *ChainError) Error() string {
	return "entry " + strconv.FormatUint(e.Seq, 10) + ": " + e.Detail
}

// Checkpoint is a sequence number and the chain hash of that entry, noted
// outside the store (printed by a verify, kept by an auditor). A log that
// still verifies against it has not been truncated below it or rewritten.
type Checkpoint struct {
	Seq  uint64
	Hash [32]byte
}

// String writes the checkpoint as "17:" followed by 64 lower-case hex digits.
func (c Checkpoint) String() string {
	return strconv.FormatUint(c.Seq, 10) + ":" + hex.EncodeToString(c.Hash[:])
}

// ParseCheckpoint reads a checkpoint written by String; surrounding white
// space is ignored and the hex digits may be upper or lower case. Sequence
// number 0 is the empty log and goes only with the all-zero hash.
func ParseCheckpoint(s string) (Checkpoint, error) {
	s = strings.TrimSpace(s)
	seqText, hashText, ok := strings.Cut(s, ":")
	if !ok {
		return Checkpoint{}, fmt.Errorf("checkpoint %s is not of the form SEQ:HASH", clip(s))
	}
	var cp Checkpoint
	if seqText == "" || strings.Trim(seqText, "0123456789") != "" {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: %s is not a sequence number", clip(s), clip(seqText))
	}
	seq, err := strconv.ParseUint(seqText, 10, 64)
	if err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: sequence number out of range", clip(s))
	}
	cp.Seq = seq
	if len(hashText) != 2*HashSize {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: the hash is %d characters, not %d hex digits", clip(s), len(hashText), 2*HashSize)
	}
	if _, err := hex.Decode(cp.Hash[:], []byte(hashText)); err != nil {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: the hash is not hexadecimal", clip(s))
	}
	if cp.Seq == 0 && cp.Hash != ([32]byte{}) {
		return Checkpoint{}, fmt.Errorf("checkpoint %s: entry 0 is the empty log, whose hash is all zeros", clip(s))
	}
	return cp, nil
}

// clip quotes outside text for messages, short and printable.
func clip(s string) string {
	if len(s) > 80 {
		s = s[:77] + "..."
	}
	return strconv.QuoteToASCII(s)
}

// Verifier checks a log fed to it entry by entry in key order: that the keys
// are 1, 2, 3, ... without gaps, that each entry carries its key as sequence
// number, that each stored hash is SHA-256 of the previous hash and the entry,
// and that the checkpoints given to NewVerifier still hold. The first failure
// sticks: later calls of Add return it again. The zero Verifier is ready to
// use, without checkpoints.
type Verifier struct {
	seq  uint64
	hash [32]byte
	err  error
	// expect holds the checkpoints to check during the walk.
	expect map[uint64][32]byte
}

// NewVerifier returns a Verifier that also checks the checkpoints: Add fails
// at a checkpoint's entry when its hash differs, and Finish fails when the
// log ends before a checkpoint.
func NewVerifier(checkpoints ...Checkpoint) *Verifier {
	v := &Verifier{}
	for _, cp := range checkpoints {
		if cp.Seq == 0 {
			continue // the empty log is the start of every log
		}
		if v.expect == nil {
			v.expect = make(map[uint64][32]byte)
		}
		v.expect[cp.Seq] = cp.Hash
	}
	return v
}

// Add checks the next entry: its key (8 bytes, big-endian sequence number)
// and its stored value.
func (v *Verifier) Add(key, value []byte) error {
	if v.err != nil {
		return v.err
	}
	next := v.seq + 1
	if len(key) != 8 {
		return v.fail(next, Misplaced, fmt.Sprintf("the key after entry %d is %x, not an 8-byte sequence number", v.seq, key))
	}
	seq := binary.BigEndian.Uint64(key)
	switch {
	case seq > next:
		return v.fail(next, Missing, fmt.Sprintf("missing (sequence jumps from %d to %d)", v.seq, seq))
	case seq == 0:
		return v.fail(0, Misplaced, "sequence numbers begin at 1")
	case seq < next:
		return v.fail(seq, Misplaced, fmt.Sprintf("out of order: it follows entry %d", v.seq))
	}
	e, stored, err := Decode(value)
	if err != nil {
		return v.fail(seq, Damaged, "damaged: "+err.Error())
	}
	want := chainHash(v.hash, value[:len(value)-HashSize])
	if !bytes.Equal(want[:], stored[:]) {
		return v.fail(seq, HashMismatch, "hash does not match: the entry or one before it was changed")
	}
	if e.Seq != seq {
		return v.fail(seq, Misplaced, fmt.Sprintf("holds sequence number %d: it was moved", e.Seq))
	}
	if cp, ok := v.expect[seq]; ok && cp != stored {
		return v.fail(seq, Rewritten, fmt.Sprintf("hash %s differs from checkpoint %s: the log was rewritten", shortHex(stored), Checkpoint{seq, cp}))
	}
	v.seq, v.hash = seq, stored
	return nil
}

func (v *Verifier) fail(seq uint64, p Problem, detail string) error {
	v.err = &ChainError{Seq: seq, Problem: p, Detail: detail}
	return v.err
}

func shortHex(h [32]byte) string { return hex.EncodeToString(h[:6]) + "…" }

// Head returns the last entry that verified and its hash: (0, zeros) for an
// empty log. Head().String() is the checkpoint to note for later verifies.
func (v *Verifier) Head() (seq uint64, hash [32]byte) { return v.seq, v.hash }

// Checkpoint returns the head as a checkpoint.
func (v *Verifier) Checkpoint() Checkpoint { return Checkpoint{Seq: v.seq, Hash: v.hash} }

// Err returns the first failure, or nil.
func (v *Verifier) Err() error { return v.err }

// Finish is called after the last entry: it returns the first failure, or
// that the log ends before a checkpoint given to NewVerifier (entries were
// removed from its end).
func (v *Verifier) Finish() error {
	if v.err != nil {
		return v.err
	}
	var first *Checkpoint
	for seq, h := range v.expect {
		if seq > v.seq && (first == nil || seq < first.Seq) {
			first = &Checkpoint{Seq: seq, Hash: h}
		}
	}
	if first != nil {
		return v.truncated(*first)
	}
	return nil
}

// VerifyCheckpoint is called after the last entry: it fails when the log no
// longer holds the checkpoint's entry with the checkpoint's hash. A
// checkpoint below the head can only be checked when it was given to
// NewVerifier, since the Verifier keeps no other hashes.
func (v *Verifier) VerifyCheckpoint(cp Checkpoint) error {
	if v.err != nil {
		return v.err
	}
	switch {
	case cp.Seq == 0:
		if cp.Hash != ([32]byte{}) {
			return fmt.Errorf("checkpoint %s: entry 0 is the empty log, whose hash is all zeros", cp)
		}
		return nil
	case cp.Seq > v.seq:
		return v.truncated(cp)
	case cp.Seq == v.seq:
		if cp.Hash != v.hash {
			return &ChainError{Seq: cp.Seq, Problem: Rewritten, Detail: fmt.Sprintf("hash %s differs from checkpoint %s: the log was rewritten", shortHex(v.hash), cp)}
		}
		return nil
	}
	h, ok := v.expect[cp.Seq]
	if !ok {
		return fmt.Errorf("checkpoint %s lies below the head (entry %d) and was not given to NewVerifier, so it cannot be checked", cp, v.seq)
	}
	if h != cp.Hash {
		return fmt.Errorf("checkpoint %s was not given to NewVerifier (another hash for entry %d was), so it cannot be checked", cp, cp.Seq)
	}
	return nil // Add compared it on the way
}

func (v *Verifier) truncated(cp Checkpoint) error {
	return &ChainError{Seq: cp.Seq, Problem: Missing, Detail: fmt.Sprintf("missing: the log ends at entry %d, but checkpoint %s holds it: entries were removed from its end", v.seq, cp)}
}
