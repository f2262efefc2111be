package audit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

type kv struct{ key, value []byte }

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// chain builds a log of n entries and returns it with the hash of every
// entry (hashes[i] is entry i+1's).
func chain(n int) ([]kv, [][32]byte) {
	var prev [32]byte
	log := make([]kv, n)
	hashes := make([][32]byte, n)
	start := time.Date(2026, 12, 1, 8, 0, 0, 0, time.UTC)
	for i := range n {
		seq := uint64(i + 1)
		e := Entry{
			Seq: seq, Time: start.Add(time.Duration(i) * 1500 * time.Millisecond),
			Action: []Action{Create, Read, Update, Delete, Execute}[i%5], Event: Events[i%len(Events)],
			Adviser: []string{"a.devries", "m.bakker", ""}[i%3], AccessPoint: "local terminal",
			Requests: []string{fmt.Sprintf("MA-2026-%06d", i)}, Count: 1, Outcome: Outcome(i % 2),
			Detail: strings.Repeat("detail ", i%4),
		}
		v, h := Encode(prev, &e)
		log[i] = kv{seqKey(seq), v}
		hashes[i] = h
		prev = h
	}
	return log, hashes
}

// walk feeds the log to v and returns the first error of Add, then Finish's.
func walk(v *Verifier, log []kv) error {
	for _, r := range log {
		if err := v.Add(r.key, r.value); err != nil {
			return err
		}
	}
	return v.Finish()
}

func chainErr(t *testing.T, err error) *ChainError {
	t.Helper()
	var ce *ChainError
	if !errors.As(err, &ce) {
		t.Fatalf("error %v is not a *ChainError", err)
	}
	return ce
}

func TestChainVerifies(t *testing.T) {
	log, hashes := chain(50)
	v := NewVerifier()
	if err := walk(v, log); err != nil {
		t.Fatalf("a fresh chain fails: %v", err)
	}
	seq, h := v.Head()
	if seq != 50 || h != hashes[49] {
		t.Errorf("head %d %x, want 50 %x", seq, h, hashes[49])
	}
	if got := v.Checkpoint(); got != (Checkpoint{50, hashes[49]}) {
		t.Errorf("checkpoint %v", got)
	}
	if err := v.VerifyCheckpoint(Checkpoint{50, hashes[49]}); err != nil {
		t.Errorf("head checkpoint: %v", err)
	}
}

func TestEmptyLog(t *testing.T) {
	var v Verifier
	if err := walk(&v, nil); err != nil {
		t.Fatal(err)
	}
	if seq, h := v.Head(); seq != 0 || h != ([32]byte{}) {
		t.Errorf("empty head %d %x", seq, h)
	}
	if err := v.VerifyCheckpoint(Checkpoint{}); err != nil {
		t.Errorf("empty checkpoint: %v", err)
	}
	if err := v.VerifyCheckpoint(Checkpoint{Seq: 1}); err == nil {
		t.Error("an empty log passes a checkpoint at entry 1")
	}
}

// Flipping any bit pattern in any byte of a stored value must make the
// verify fail at exactly that entry, and not before.
func TestEveryByteFlipFailsAtThatEntry(t *testing.T) {
	log, _ := chain(50)
	for _, target := range []int{1, 2, 17, 33, 49, 50} {
		for pos := range log[target-1].value {
			for _, mask := range []byte{0x01, 0x80, 0xff} {
				damaged := make([]kv, len(log))
				copy(damaged, log)
				v := append([]byte(nil), log[target-1].value...)
				v[pos] ^= mask
				damaged[target-1].value = v
				err := walk(NewVerifier(), damaged)
				if err == nil {
					t.Fatalf("entry %d byte %d ^%#x: verify passes", target, pos, mask)
				}
				if ce := chainErr(t, err); ce.Seq != uint64(target) {
					t.Fatalf("entry %d byte %d ^%#x: fails at entry %d (%v)", target, pos, mask, ce.Seq, err)
				}
			}
		}
	}
}

func TestBreaks(t *testing.T) {
	log, _ := chain(50)
	drop := func(i int) []kv { return append(append([]kv(nil), log[:i-1]...), log[i:]...) }
	swapped := append([]kv(nil), log...)
	swapped[19], swapped[20] = kv{log[19].key, log[20].value}, kv{log[20].key, log[19].value}

	// An entry written with a wrong sequence number, chained correctly.
	moved := append([]kv(nil), log[:4]...)
	_, prev, _ := Decode(log[3].value)
	e, _, _ := Decode(log[4].value)
	e.Seq = 99
	v, _ := Encode(prev, &e)
	moved = append(moved, kv{seqKey(5), v})

	cases := []struct {
		name    string
		log     []kv
		seq     uint64
		problem Problem
		message string
	}{
		{"middle entry removed", drop(17), 17, Missing, "entry 17: missing (sequence jumps from 16 to 18)"},
		{"first entry removed", drop(1), 1, Missing, "entry 1: missing (sequence jumps from 0 to 2)"},
		{"two entries swapped", swapped, 20, HashMismatch, "entry 20: hash does not match: the entry or one before it was changed"},
		{"value cut short", append(append([]kv(nil), log[:16]...), kv{log[16].key, log[16].value[:30]}), 17, Damaged, "entry 17: damaged: 30 bytes, shorter than the smallest entry (80)"},
		{"sequence number 0", []kv{{seqKey(0), log[0].value}}, 0, Misplaced, "entry 0: sequence numbers begin at 1"},
		{"short key", append(append([]kv(nil), log[:3]...), kv{[]byte{4}, log[3].value}), 4, Misplaced, "entry 4: the key after entry 3 is 04, not an 8-byte sequence number"},
		{"key repeated", append(append([]kv(nil), log[:3]...), log[2]), 3, Misplaced, "entry 3: out of order: it follows entry 3"},
		{"moved entry", moved, 5, Misplaced, "entry 5: holds sequence number 99: it was moved"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := walk(NewVerifier(), c.log)
			if err == nil {
				t.Fatal("verify passes")
			}
			ce := chainErr(t, err)
			if ce.Seq != c.seq || ce.Problem != c.problem || err.Error() != c.message {
				t.Errorf("got entry %d problem %d %q\nwant entry %d problem %d %q", ce.Seq, ce.Problem, err, c.seq, c.problem, c.message)
			}
		})
	}
}

func TestErrorSticks(t *testing.T) {
	log, _ := chain(5)
	v := NewVerifier()
	v.Add(log[0].key, log[0].value)
	first := v.Add(log[2].key, log[2].value) // entry 2 missing
	if first == nil {
		t.Fatal("gap not found")
	}
	if err := v.Add(log[1].key, log[1].value); err != first {
		t.Errorf("after a failure Add returned %v, want the first failure", err)
	}
	if v.Err() != first || v.Finish() != first {
		t.Error("Err and Finish do not return the first failure")
	}
	if seq, _ := v.Head(); seq != 1 {
		t.Errorf("head moved past the failure to %d", seq)
	}
}

// Dropping entries from the end leaves a consistent chain: only a
// checkpoint noted earlier shows it.
func TestTruncationFailsCheckpoint(t *testing.T) {
	log, hashes := chain(50)
	head := Checkpoint{50, hashes[49]}
	mid := Checkpoint{30, hashes[29]}
	truncated := log[:45]

	if err := walk(NewVerifier(), truncated); err != nil {
		t.Fatalf("plain verify of a truncated log fails: %v", err)
	}

	cases := []struct {
		name string
		cps  []Checkpoint
		seq  uint64 // 0: passes
	}{
		{"checkpoint at the old head", []Checkpoint{head}, 50},
		{"checkpoint below the cut", []Checkpoint{mid}, 0},
		{"both", []Checkpoint{mid, head}, 50},
		{"the empty log", []Checkpoint{{}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			v := NewVerifier(c.cps...)
			err := walk(v, truncated)
			if c.seq == 0 {
				if err != nil {
					t.Fatalf("fails: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("a log truncated below a checkpoint passes")
			}
			ce := chainErr(t, err)
			want := fmt.Sprintf("entry 50: missing: the log ends at entry 45, but checkpoint %s holds it: entries were removed from its end", head)
			if ce.Seq != c.seq || ce.Problem != Missing || err.Error() != want {
				t.Errorf("got %q, want %q", err, want)
			}
		})
	}

	// After a plain walk, VerifyCheckpoint finds the same.
	v := NewVerifier()
	walk(v, truncated)
	if err := v.VerifyCheckpoint(head); err == nil || chainErr(t, err).Seq != 50 {
		t.Errorf("VerifyCheckpoint(%s) after truncation to 45: %v", head, err)
	}
	if err := v.VerifyCheckpoint(Checkpoint{45, hashes[44]}); err != nil {
		t.Errorf("VerifyCheckpoint at the new head: %v", err)
	}
	if err := v.VerifyCheckpoint(mid); err == nil {
		t.Error("a checkpoint below the head that was not given up front passes unchecked")
	}
}

// Rewriting the log from some entry on, with the hashes recomputed, leaves a
// consistent chain: a checkpoint at or after the rewritten entry shows it.
func TestRewriteFailsCheckpoint(t *testing.T) {
	log, hashes := chain(50)
	rewritten := append([]kv(nil), log[:29]...)
	prev := hashes[28]
	for i := 29; i < 50; i++ {
		e, _, err := Decode(log[i].value)
		if err != nil {
			t.Fatal(err)
		}
		if i == 29 {
			e.Detail = "nothing to see here"
		}
		v, h := Encode(prev, &e)
		rewritten = append(rewritten, kv{log[i].key, v})
		prev = h
	}
	if err := walk(NewVerifier(), rewritten); err != nil {
		t.Fatalf("plain verify of a rewritten log fails: %v", err)
	}
	cases := []struct {
		cp  Checkpoint
		seq uint64 // 0: passes
	}{
		{Checkpoint{29, hashes[28]}, 0},
		{Checkpoint{30, hashes[29]}, 30},
		{Checkpoint{40, hashes[39]}, 40},
		{Checkpoint{50, hashes[49]}, 50},
	}
	for _, c := range cases {
		t.Run(c.cp.String(), func(t *testing.T) {
			err := walk(NewVerifier(c.cp), rewritten)
			if c.seq == 0 {
				if err != nil {
					t.Fatalf("fails: %v", err)
				}
				return
			}
			if err == nil {
				t.Fatal("a rewritten log passes its checkpoint")
			}
			ce := chainErr(t, err)
			if ce.Seq != c.seq || ce.Problem != Rewritten || !strings.Contains(err.Error(), "the log was rewritten") {
				t.Errorf("got entry %d problem %d: %v", ce.Seq, ce.Problem, err)
			}
		})
	}
	v := NewVerifier()
	walk(v, rewritten)
	if err := v.VerifyCheckpoint(Checkpoint{50, hashes[49]}); err == nil || chainErr(t, err).Problem != Rewritten {
		t.Errorf("VerifyCheckpoint at the head after a rewrite: %v", err)
	}
}

func TestCheckpointText(t *testing.T) {
	_, hashes := chain(17)
	cp := Checkpoint{17, hashes[16]}
	s := cp.String()
	if !strings.HasPrefix(s, "17:") || len(s) != 3+64 || strings.ToLower(s) != s {
		t.Errorf("String() = %q", s)
	}
	for _, in := range []string{s, " " + s + "\n", strings.ToUpper(s)} {
		got, err := ParseCheckpoint(in)
		if err != nil || got != cp {
			t.Errorf("ParseCheckpoint(%q) = %v, %v", in, got, err)
		}
	}
	zero := Checkpoint{}.String()
	if got, err := ParseCheckpoint(zero); err != nil || got != (Checkpoint{}) {
		t.Errorf("ParseCheckpoint(%q) = %v, %v", zero, got, err)
	}
	hex64 := s[3:]
	for _, bad := range []string{
		"", "17", "17:", ":" + hex64, "x:" + hex64, "-1:" + hex64, "+17:" + hex64, "1_7:" + hex64,
		"18446744073709551616:" + hex64, "17:" + hex64[:63], "17:" + hex64 + "0", "17:" + hex64[:62] + "zz",
		"17:" + hex64 + ":1", "0:" + hex64, "17 :" + hex64,
	} {
		if got, err := ParseCheckpoint(bad); err == nil {
			t.Errorf("ParseCheckpoint(%q) = %v, want an error", bad, got)
		}
	}
}

func FuzzParseCheckpoint(f *testing.F) {
	_, hashes := chain(3)
	f.Add(Checkpoint{3, hashes[2]}.String())
	f.Add(Checkpoint{}.String())
	f.Add("17:zz")
	f.Add("99999999999999999999:00")
	f.Fuzz(func(t *testing.T, s string) {
		cp, err := ParseCheckpoint(s)
		if err != nil {
			return
		}
		again, err := ParseCheckpoint(cp.String())
		if err != nil || again != cp {
			t.Fatalf("%q parses to %v, whose String %q parses to %v, %v", s, cp, cp.String(), again, err)
		}
	})
}
