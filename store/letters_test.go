package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// fakeLetters writes a letter for every final outcome, naming what it was
// written from, and counts its calls.
func fakeLetters(calls *int) LetterWriter {
	return func(c authz.Case, d *authz.Decision) (*Letters, error) {
		*calls++
		switch d.Outcome {
		case authz.OutcomeRejectionProposed, authz.OutcomeOverturned:
			return nil, nil
		}
		return &Letters{
			Insured:  fmt.Sprintf("Aan %s: %s %s, %s\n", c.Request.Insured.Name, d.ID, d.Outcome, c.State),
			Provider: fmt.Sprintf("Aan %s: %s %s\n", c.Request.Provider.Name, d.ID, d.Outcome),
		}, nil
	}
}

func TestDecisionsWriteTheirLetters(t *testing.T) {
	calls := 0
	s := openTemp(t, Options{Letters: fakeLetters(&calls)})
	importAll(t, s, exampleRequests(t))
	today := day("2026-12-01")
	if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, today); err != nil {
		t.Fatal(err)
	}
	l, err := s.PeekLetter("MA-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if l.Decision.Outcome != authz.OutcomeApproved || l.Insured != "Aan Anna de Vries: MA-2026-0001 approved, open\n" ||
		!strings.HasPrefix(l.Provider, "Aan ") {
		t.Fatalf("letter %+v", l)
	}

	// A proposal has no letter; its concurrence has.
	if _, err := s.Decide(alice, "MA-2026-0002", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "x"}, today); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PeekLetter("MA-2026-0002"); !errors.Is(err, ErrNoLetter) {
		t.Fatalf("a proposal: %v, want ErrNoLetter", err)
	}
	if _, err := s.Decide(bob, "MA-2026-0002", authz.Ask{Action: authz.ActionConcur}, today); err != nil {
		t.Fatal(err)
	}
	if l, err := s.PeekLetter("MA-2026-0002"); err != nil || l.Decision.Outcome != authz.OutcomeConcurred {
		t.Fatalf("concurred: %+v, %v", l, err)
	}
	if _, err := s.PeekLetter("MA-2026-9999"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown request: %v", err)
	}
	if calls != 3 {
		t.Fatalf("the writer was called %d times, want 3", calls)
	}

	// Reading a letter is logged as reading the request.
	if _, err := s.ReadLetter(bob, "MA-2026-0001", "letter to the provider (pdf)"); err != nil {
		t.Fatal(err)
	}
	log, _ := s.AccessLog("MA-2026-0001")
	last := log[len(log)-1]
	if last.Action != audit.Read || last.Event != audit.EventView || last.Adviser != bob.Adviser || last.Detail != "letter to the provider (pdf)" {
		t.Fatalf("access log %+v", last)
	}
}

// The latest decision with a letter is the one shown: an information
// request, then an approval of the new version.
func TestLatestLetterWins(t *testing.T) {
	calls := 0
	s := openTemp(t, Options{Letters: fakeLetters(&calls)})
	reqs := exampleRequests(t)
	importAll(t, s, reqs)
	today := day("2026-12-01")
	if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemCodes}}, today); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.PeekLetter("MA-2026-0001"); l == nil || l.Decision.Outcome != authz.OutcomeInfoRequested {
		t.Fatalf("after the information request: %+v", l)
	}
	importAll(t, s, []*authz.Request{byID(reqs, "MA-2026-0001")})
	if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, today); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.PeekLetter("MA-2026-0001"); l == nil || l.Decision.Outcome != authz.OutcomeApproved {
		t.Fatalf("after the approval: %+v", l)
	}
}

// A letter that cannot be written records no decision: the letter and the
// decision are one transaction.
func TestFailedLetterRecordsNoDecision(t *testing.T) {
	fail := errors.New("letter template approved.tmpl line 3: boom")
	s := openTemp(t, Options{Letters: func(c authz.Case, d *authz.Decision) (*Letters, error) { return nil, fail }})
	importAll(t, s, exampleRequests(t))
	before := snapshot(t, s)
	logBefore, _ := s.AccessLog("MA-2026-0001")
	_, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, day("2026-12-01"))
	if !errors.Is(err, fail) || errors.Is(err, authz.ErrRefused) {
		t.Fatalf("decide: %v, want the letter's error", err)
	}
	if !strings.Contains(err.Error(), "MA-2026-0001") {
		t.Errorf("the error %q does not name the request", err)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("a failed letter changed the store:\nbefore %s\nafter  %s", before, after)
	}
	if logAfter, _ := s.AccessLog("MA-2026-0001"); len(logAfter) != len(logBefore) {
		t.Fatalf("the access log grew from %d to %d entries", len(logBefore), len(logAfter))
	}
	if _, err := s.PeekLetter("MA-2026-0001"); !errors.Is(err, ErrNoLetter) {
		t.Fatalf("letter after a failed decision: %v", err)
	}
}

// Letters are kept byte for byte, whatever they hold, and sealed when the
// store has a key.
func TestLettersAreExactAndSealed(t *testing.T) {
	odd := "Ayşe Çelik-Öztürk\x00\xff <&> \u2028\r\n"
	key := bytes.Repeat([]byte{9}, KeySize)
	path := filepath.Join(t.TempDir(), "m.db")
	writer := func(c authz.Case, d *authz.Decision) (*Letters, error) {
		return &Letters{Insured: "Geheime brief " + odd, Provider: ""}, nil
	}
	s, err := Open(path, Options{Key: key, Letters: writer})
	if err != nil {
		t.Fatal(err)
	}
	importAll(t, s, exampleRequests(t))
	if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, day("2026-12-01")); err != nil {
		t.Fatal(err)
	}
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Geheime brief")) {
		t.Fatal("the letter is in the raw file")
	}
	// Opened without a writer (templates gone or changed), the letter is
	// what was written.
	s, err = Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	l, err := s.PeekLetter("MA-2026-0001")
	if err != nil {
		t.Fatal(err)
	}
	if l.Insured != "Geheime brief "+odd || l.Provider != "" {
		t.Fatalf("letter %q / %q", l.Insured, l.Provider)
	}
}

func TestLettersCodec(t *testing.T) {
	for _, l := range []Letters{{}, {Insured: "a", Provider: ""}, {Insured: "", Provider: "b"}, {Insured: strings.Repeat("x", 300), Provider: "y\x00"}} {
		got, err := decodeLetters(encodeLetters(&l))
		if err != nil || got != l {
			t.Errorf("round trip of %q: %q, %v", l, got, err)
		}
	}
	for _, b := range [][]byte{nil, {0}, {2, 0}, {1}, {1, 5, 'a'}, {1, 0xff}} {
		if _, err := decodeLetters(b); err == nil {
			t.Errorf("decodeLetters(%q) is no error", b)
		}
	}
}

// deleteLetters (for purge) removes a decision's letters and nothing else.
func TestDeleteLetters(t *testing.T) {
	calls := 0
	s := openTemp(t, Options{Letters: fakeLetters(&calls)})
	importAll(t, s, exampleRequests(t))
	d, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, day("2026-12-01"))
	if err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, s)
	if err := s.update(func(tx *bolt.Tx) error { return s.deleteLetters(tx, d.Seq) }); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PeekLetter("MA-2026-0001"); !errors.Is(err, ErrNoLetter) {
		t.Fatalf("after delete: %v", err)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("deleting letters changed the decisions:\n%s\n%s", before, after)
	}
}
