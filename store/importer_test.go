package store

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/demo"
)

func many(n int) []*authz.Request { return demo.Generate(n, day("2026-12-01"), 3) }

func TestLargeImportIsAllOrNothing(t *testing.T) {
	s := openTemp(t, Options{})
	base := many(100)
	importAll(t, s, base)
	before := snapshot(t, s)
	// A file of three batches that replaces the first 100 requests and adds
	// more, whose last record is bad: the batches written are undone.
	reqs := append([]*authz.Request{}, base...)
	for i := range reqs {
		r := *reqs[i]
		r.Urgent = !r.Urgent
		reqs[i] = &r
	}
	extra := demo.Generate(3*BatchSize, day("2026-12-01"), 99)
	for i, r := range extra {
		r.ID = r.ID + "-x" + string(rune('a'+i%26))
	}
	reqs = append(reqs, extra...)
	bad := &authz.RecordError{Index: len(reqs), Field: "bogus", Err: errors.New("unknown field")}
	_, err := s.Import(alice, "big.ndjson", feed(reqs, bad))
	if !errors.Is(err, bad) {
		t.Fatalf("import: %v", err)
	}
	if after := snapshot(t, s); after != before {
		t.Fatal("the store changed after a refused large import")
	}
	for _, r := range base[:5] {
		rec, err := s.Peek(r.ID)
		if err != nil || rec.Version != 1 || rec.Request.Urgent != r.Urgent {
			t.Fatalf("%s after rollback: %v version %d", r.ID, err, rec.Version)
		}
	}
	if _, err := s.Peek(extra[0].ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a new request of the refused file is there: %v", err)
	}
	// The refusal is logged, and the chain holds.
	var last audit.Logged
	s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { last = l; return nil })
	if last.Event != audit.EventImport || last.Outcome != audit.Refused || !strings.Contains(last.Detail, "big.ndjson") {
		t.Fatalf("last entry %+v", last.Entry)
	}
	if _, err := s.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
	// The same file without the bad record goes in whole.
	st, err := s.Import(alice, "big.ndjson", feed(reqs, nil))
	if err != nil {
		t.Fatal(err)
	}
	if st.New != len(extra) || st.Replaced != len(base) {
		t.Fatalf("stats %+v", st)
	}
	c, _ := s.Counts()
	if c.Total() != len(reqs) {
		t.Fatalf("counts %+v", c)
	}
	if log, _ := s.AccessLog(extra[len(extra)-1].ID); len(log) == 0 || log[len(log)-1].Event != audit.EventImport {
		t.Fatalf("the per-request log misses the large import: %+v", log)
	}
}

func TestInterruptedImportIsUndoneOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	base := many(50)
	importAll(t, s, base)
	before := snapshot(t, s)
	// Write two batches under the journal and "die" before finishing.
	replaced := *base[0]
	replaced.Urgent = !replaced.Urgent
	im := &importer{s: s, a: alice, source: "cut.ndjson"}
	batch := []Incoming{{Index: 0, Request: &replaced}}
	for i, r := range demo.Generate(BatchSize, day("2026-12-01"), 5) {
		r.ID += "-new"
		batch = append(batch, Incoming{Index: i + 1, Request: r})
	}
	err = s.update(func(tx *bolt.Tx) error {
		if err := im.begin(tx); err != nil {
			return err
		}
		return im.write(tx, batch[:BatchSize/2], true)
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.update(func(tx *bolt.Tx) error { return im.write(tx, batch[BatchSize/2:], true) }); err != nil {
		t.Fatal(err)
	}
	// Neither a request the import replaced nor one it added can be decided
	// while it may still be undone.
	for _, id := range []string{replaced.ID, batch[1].Request.ID, batch[BatchSize-1].Request.ID} {
		if _, err := s.Decide(bob, id, authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "x"}, day("2026-12-01")); !errors.Is(err, authz.ErrRefused) || !strings.Contains(err.Error(), "being imported") {
			t.Fatalf("a decision on %s, being imported: %v", id, err)
		}
	}
	// One the import does not touch is not held up.
	if err := s.view(func(tx *bolt.Tx) error {
		if beingImported(tx, base[1].ID) {
			return fmt.Errorf("%s, which the import does not touch, counts as being imported", base[1].ID)
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	s.Close()

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := snapshot(t, s); after != before {
		t.Fatalf("the interrupted import was not undone")
	}
	rec, err := s.Peek(replaced.ID)
	if err != nil || rec.Version != 1 || rec.Request.Urgent == replaced.Urgent {
		t.Fatalf("replaced request after recovery: %v", err)
	}
	if _, err := s.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
	var last audit.Logged
	s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { last = l; return nil })
	if last.Action != audit.Delete || !strings.Contains(last.Detail, "cut.ndjson") || last.Count != len(batch) {
		t.Fatalf("last entry %+v", last.Entry)
	}
}

// stagedFeed is feed with every request staged, as the CLI's decoder
// workers stage them.
func stagedFeed(stage func(*authz.Request, []byte) any, reqs []*authz.Request) func() (Incoming, error) {
	next := feed(reqs, nil)
	return func() (Incoming, error) {
		in, err := next()
		if err == nil {
			in.Staged, _ = stage(in.Request, nil).(*Staged)
		}
		return in, err
	}
}

// TestStagedImportIsTheSame: an import whose requests were staged on other
// goroutines stores exactly what an unstaged one does: new requests, and
// requests it replaces (which it encodes again); a request staged for
// another adviser or file is encoded again too.
func TestStagedImportIsTheSame(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	reqs := exampleRequests(t)
	stores := map[string]*Store{}
	for _, name := range []string{"plain", "staged", "staged for someone else"} {
		s := openTemp(t, Options{})
		s.SetClock(func() time.Time { return at })
		stores[name] = s
		for round := range 2 { // the second replaces the first
			next := feed(reqs, nil)
			switch name {
			case "staged":
				next = stagedFeed(s.Stager(alice, "f.json"), reqs)
			case "staged for someone else":
				next = stagedFeed(s.Stager(bob, "f.json"), reqs)
			}
			if _, err := s.Import(alice, "f.json", next); err != nil {
				t.Fatalf("%s, round %d: %v", name, round, err)
			}
		}
	}
	dump := func(s *Store) string {
		var b strings.Builder
		if err := s.Scan(ViewAll, func(r *Row) bool {
			rec, err := s.Peek(r.ID)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%x %+v %+v\n", r.Key, *r, rec.Versions)
			return true
		}); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	want := dump(stores["plain"])
	if !strings.Contains(want, "ImportedBy:"+alice.Adviser) {
		t.Fatalf("the dump does not show who imported:\n%s", want)
	}
	for _, name := range []string{"staged", "staged for someone else"} {
		if got := dump(stores[name]); got != want {
			t.Errorf("%s:\n%s\nplain:\n%s", name, got, want)
		}
	}
}
