package store

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/importfile"
)

const examplePath = "../examples/requests.json"

var (
	alice = Actor{Adviser: "a.devries", AccessPoint: "test"}
	bob   = Actor{Adviser: "m.bakker", AccessPoint: "test"}
)

func day(s string) authz.Date {
	d, err := authz.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func openTemp(t *testing.T, opt Options) *Store {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "sub", "m.db"), opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func exampleRequests(t *testing.T) []*authz.Request {
	t.Helper()
	f, err := os.Open(examplePath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []*authz.Request
	d := importfile.NewDecoder(f)
	for {
		r, err := d.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
}

// feed yields requests as an import's next function; a non-nil fail is
// returned after the requests, as a bad last record would be.
func feed(reqs []*authz.Request, fail error) func() (Incoming, error) {
	i := 0
	return func() (Incoming, error) {
		if i == len(reqs) {
			if fail != nil {
				return Incoming{}, fail
			}
			return Incoming{}, io.EOF
		}
		i++
		return Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	}
}

func importAll(t *testing.T, s *Store, reqs []*authz.Request) ImportStats {
	t.Helper()
	st, err := s.Import(alice, "test", feed(reqs, nil))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func byID(reqs []*authz.Request, id string) *authz.Request {
	for _, r := range reqs {
		if r.ID == id {
			return r
		}
	}
	return nil
}

func TestNewStoreIsPrivate(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data", "machtiging")
	path := filepath.Join(dir, "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for p, want := range map[string]os.FileMode{path: 0o600, dir: 0o700} {
		fi, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		if got := fi.Mode().Perm(); got != want {
			t.Errorf("%s mode %o, want %o", p, got, want)
		}
	}
}

func TestHeldStoreIsInUseError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	_, err = Open(path, Options{Timeout: 300 * time.Millisecond})
	if !errors.Is(err, ErrInUse) {
		t.Fatalf("second open: %v, want ErrInUse", err)
	}
	if want := "store " + path + " is in use by another process"; err.Error() != want {
		t.Errorf("message %q, want %q", err, want)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestImportAndRowsInQueueOrder(t *testing.T) {
	s := openTemp(t, Options{})
	reqs := exampleRequests(t)
	st := importAll(t, s, reqs)
	if st.New != 13 || st.Replaced != 0 {
		t.Fatalf("stats %+v", st)
	}
	want := []string{"MA-2026-0002", "MA-2026-0012", "MA-2026-0005", "MA-2026-0006", "MA-2026-0001", "MA-2026-0003", "MA-2026-0004", "MA-2026-0007", "MA-2026-0008", "MA-2026-0009", "MA-2026-0011", "MA-2026-0013", "MA-2026-0010"}
	var got []string
	if err := s.Scan(ViewAll, func(r *Row) bool { got = append(got, r.ID); return true }); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("queue order\n got %v\nwant %v", got, want)
	}
	// Paging forwards and backwards gives the same order.
	var paged []string
	var after []byte
	for {
		rows, err := s.Rows(ViewOpen, after, 4, false)
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) == 0 {
			break
		}
		for _, r := range rows {
			paged = append(paged, r.ID)
		}
		after = rows[len(rows)-1].Key
	}
	if strings.Join(paged, " ") != strings.Join(want, " ") {
		t.Fatalf("paged order %v", paged)
	}
	last, err := s.Rows(ViewAll, nil, 3, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(last) != 3 || last[0].ID != want[12] || last[2].ID != want[10] {
		t.Fatalf("last rows %v", ids(last))
	}
	back, err := s.Rows(ViewAll, last[2].Key, 2, true)
	if err != nil {
		t.Fatal(err)
	}
	if len(back) != 2 || back[0].ID != want[9] || back[1].ID != want[8] {
		t.Fatalf("rows before %s: %v", last[2].ID, ids(back))
	}
	c, _ := s.Counts()
	if c.Open != 13 || c.Total() != 13 {
		t.Fatalf("counts %+v", c)
	}
}

func ids(rows []Row) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = r.ID
	}
	return out
}

func TestImportIsAtomic(t *testing.T) {
	s := openTemp(t, Options{})
	reqs := exampleRequests(t)
	bad := &authz.RecordError{Index: 13, ID: "X", Field: "insured.bsn", Err: errors.New("fails the 11-proef")}
	if _, err := s.Import(alice, "test", feed(reqs, bad)); !errors.Is(err, bad) {
		t.Fatalf("import: %v", err)
	}
	c, _ := s.Counts()
	if c.Total() != 0 {
		t.Fatalf("a failed import stored %d requests", c.Total())
	}
	n := 0
	s.Scan(ViewAll, func(*Row) bool { n++; return true })
	if n != 0 {
		t.Fatalf("queue holds %d rows", n)
	}
	if _, err := s.Peek("MA-2026-0001"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("peek after failed import: %v", err)
	}
}

func TestReimportKeepsHistoryAndReopensWaiting(t *testing.T) {
	s := openTemp(t, Options{})
	reqs := exampleRequests(t)
	importAll(t, s, reqs)
	today := day("2026-12-01")
	if _, err := s.Decide(alice, "MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}, today); err != nil {
		t.Fatal(err)
	}
	if row, _ := s.Row("MA-2026-0003"); row.State != authz.StateWaiting {
		t.Fatalf("state %s", row.State)
	}
	v2 := *byID(reqs, "MA-2026-0003")
	v2.Received = day("2026-11-30")
	one := *byID(reqs, "MA-2026-0001")
	st := importAll(t, s, []*authz.Request{&v2, &one})
	if st.Replaced != 2 || st.Reopened != 1 || st.New != 0 {
		t.Fatalf("stats %+v", st)
	}
	rec, err := s.Get(alice, "MA-2026-0003")
	if err != nil {
		t.Fatal(err)
	}
	if rec.State != authz.StateOpen || rec.Version != 2 || len(rec.Versions) != 2 {
		t.Fatalf("state %s version %d versions %d", rec.State, rec.Version, len(rec.Versions))
	}
	if rec.Request.Received != v2.Received {
		t.Errorf("current version received %s", rec.Request.Received)
	}
	old, info, err := s.Version("MA-2026-0003", 1)
	if err != nil {
		t.Fatal(err)
	}
	if old.Received != day("2026-11-24") || info.Version != 1 {
		t.Errorf("version 1: received %s info %+v", old.Received, info)
	}
	c, _ := s.Counts()
	if c.Open != 13 || c.Waiting != 0 {
		t.Errorf("counts %+v", c)
	}
}

func TestReimportOfDecidedRequestIsRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		ask  authz.Ask
	}{
		{"approved", authz.Ask{Action: authz.ActionApprove}},
		{"rejected", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "r"}},
		{"second review", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "r"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, Options{})
			reqs := exampleRequests(t)
			importAll(t, s, reqs)
			if _, err := s.Decide(alice, "MA-2026-0001", tc.ask, day("2026-12-01")); err != nil {
				t.Fatal(err)
			}
			before, _ := s.Peek("MA-2026-0001")
			again := *byID(reqs, "MA-2026-0001")
			again.Urgent = true
			_, err := s.Import(alice, "again.json", feed([]*authz.Request{byID(reqs, "MA-2026-0002"), &again}, nil))
			var re *authz.RecordError
			if !errors.As(err, &re) || re.Index != 1 || re.ID != "MA-2026-0001" || re.Field != "id" {
				t.Fatalf("import: %v", err)
			}
			after, _ := s.Peek("MA-2026-0001")
			if after.Version != before.Version || after.State != before.State || after.Request.Urgent {
				t.Fatalf("the decided request changed")
			}
			if rec, _ := s.Peek("MA-2026-0002"); rec.Version != 1 {
				t.Fatalf("the other record of the refused file was stored")
			}
		})
	}
}

func TestRefusedDecisionsChangeNothing(t *testing.T) {
	today := day("2026-12-01")
	cases := []struct {
		name string
		id   string
		ask  authz.Ask
	}{
		{"approve incomplete", "MA-2026-0003", authz.Ask{Action: authz.ActionApprove}},
		{"approve started", "MA-2026-0006", authz.Ask{Action: authz.ActionApprove}},
		{"approve contracted", "MA-2026-0004", authz.Ask{Action: authz.ActionApprove}},
		{"approve too many minutes", "MA-2026-0001", authz.Ask{Action: authz.ActionApprove, Minutes: 2401}},
		{"approve outside period", "MA-2026-0001", authz.Ask{Action: authz.ActionApprove, From: day("2026-12-13")}},
		{"reject without code", "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Reason: "x"}},
		{"reject without reason", "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "  "}},
		{"concur when open", "MA-2026-0001", authz.Ask{Action: authz.ActionConcur}},
		{"overturn when open", "MA-2026-0001", authz.Ask{Action: authz.ActionOverturn, Reason: "x"}},
		{"request-info nothing missing", "MA-2026-0001", authz.Ask{Action: authz.ActionRequestInfo}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, Options{})
			importAll(t, s, exampleRequests(t))
			before := snapshot(t, s)
			_, err := s.Decide(alice, tc.id, tc.ask, today)
			if !errors.Is(err, authz.ErrRefused) {
				t.Fatalf("decide: %v, want a refusal", err)
			}
			if after := snapshot(t, s); after != before {
				t.Fatalf("a refused decision changed the store:\nbefore %s\nafter  %s", before, after)
			}
			// The refusal is in the access log, as refused.
			log, _ := s.AccessLog(tc.id)
			lastEntry := log[len(log)-1]
			if lastEntry.Event != audit.EventDecide || lastEntry.Outcome != audit.Refused {
				t.Fatalf("last entry %+v", lastEntry)
			}
		})
	}
}

// snapshot is the visible state of the store: rows, counts and decisions.
func snapshot(t *testing.T, s *Store) string {
	t.Helper()
	var b strings.Builder
	s.Scan(ViewAll, func(r *Row) bool {
		b.WriteString(r.ID + ":" + r.State.String() + " ")
		return true
	})
	c, _ := s.Counts()
	b.WriteString(strings.Repeat("|", c.Total()))
	s.Decisions(func(d *authz.Decision) error { b.WriteString(d.ID + d.Outcome.String()); return nil })
	return b.String()
}

func TestFourEyes(t *testing.T) {
	today := day("2026-12-01")
	s := openTemp(t, Options{})
	importAll(t, s, exampleRequests(t))
	id := "MA-2026-0001"
	d, err := s.Decide(alice, id, authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "geen indicatie"}, today)
	if err != nil || d.Outcome != authz.OutcomeRejectionProposed {
		t.Fatalf("propose: %v %v", d.Outcome, err)
	}
	row, _ := s.Row(id)
	if row.State != authz.StateSecondReview || row.Proposer != alice.Adviser {
		t.Fatalf("row %s proposer %q", row.State, row.Proposer)
	}
	if _, err := s.Decide(alice, id, authz.Ask{Action: authz.ActionConcur}, today); !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("the proposer concurred: %v", err)
	}
	if _, err := s.Decide(alice, id, authz.Ask{Action: authz.ActionOverturn, Reason: "x"}, today); !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("the proposer overturned: %v", err)
	}
	if _, err := s.Decide(bob, id, authz.Ask{Action: authz.ActionApprove}, today); !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("approved during second review: %v", err)
	}
	d, err = s.Decide(bob, id, authz.Ask{Action: authz.ActionConcur}, today)
	if err != nil || d.Outcome != authz.OutcomeConcurred || d.ReasonCode != authz.RejectNotIndicated || d.Adviser != bob.Adviser {
		t.Fatalf("concur: %+v %v", d, err)
	}
	row, _ = s.Row(id)
	if row.State != authz.StateRejected || row.Proposer != "" {
		t.Fatalf("after concur: %s %q", row.State, row.Proposer)
	}

	// Overturn sends a second one back to open.
	id = "MA-2026-0002"
	s.Decide(bob, id, authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "x"}, today)
	if _, err := s.Decide(alice, id, authz.Ask{Action: authz.ActionOverturn, Reason: "wel geïndiceerd"}, today); err != nil {
		t.Fatal(err)
	}
	if row, _ := s.Row(id); row.State != authz.StateOpen {
		t.Fatalf("after overturn: %s", row.State)
	}
	var outcomes []string
	s.Decisions(func(d *authz.Decision) error { outcomes = append(outcomes, d.Outcome.String()); return nil })
	if got := strings.Join(outcomes, ","); got != "rejection_proposed,concurred,rejection_proposed,overturned" {
		t.Fatalf("decisions %s", got)
	}
	c, _ := s.Counts()
	if c.Rejected != 1 || c.Open != 12 || c.SecondReview != 0 {
		t.Fatalf("counts %+v", c)
	}
	if _, err := s.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
}

func TestDecidedRequestsComeLastNewestFirst(t *testing.T) {
	s := openTemp(t, Options{})
	importAll(t, s, exampleRequests(t))
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { clock = clock.Add(time.Minute); return clock })
	today := day("2026-12-01")
	for _, id := range []string{"MA-2026-0001", "MA-2026-0010", "MA-2026-0002"} {
		if _, err := s.Decide(alice, id, authz.Ask{Action: authz.ActionApprove}, today); err != nil {
			t.Fatal(err)
		}
	}
	rows, _ := s.Rows(ViewDecided, nil, 10, false)
	if got := strings.Join(ids(rows), " "); got != "MA-2026-0002 MA-2026-0010 MA-2026-0001" {
		t.Fatalf("decided order %s", got)
	}
	all, _ := s.Rows(ViewAll, nil, 100, false)
	if all[len(all)-1].ID != "MA-2026-0001" {
		t.Fatalf("decided not last: %v", ids(all))
	}
}

func TestEncryptedStoreHoldsNoPatientDataInClear(t *testing.T) {
	key := bytes.Repeat([]byte{7}, KeySize)
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	reqs := exampleRequests(t)
	if _, err := s.Import(alice, "test", feed(reqs, nil)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "Bijzondere motivering"}, day("2026-12-01")); err != nil {
		t.Fatal(err)
	}
	if !s.Encrypted() {
		t.Fatal("not encrypted")
	}
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"123456782", "249566758", "Anna de Vries", "Bram Jansen", "Bijzondere motivering", "CVA rechts"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is in the raw file", secret)
		}
	}
	// The right key reads it back.
	s, err = Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	rec, err := s.Get(alice, "MA-2026-0001")
	if err != nil || rec.Request.Insured.Name != "Anna de Vries" {
		t.Fatalf("get: %v", err)
	}
	s.Close()
	// A wrong key, or none, is a clear error.
	if _, err := Open(path, Options{Key: bytes.Repeat([]byte{8}, KeySize)}); err == nil || !strings.Contains(err.Error(), "wrong key") {
		t.Fatalf("wrong key: %v", err)
	}
	if _, err := Open(path, Options{}); err == nil || !strings.Contains(err.Error(), "encrypted") {
		t.Fatalf("no key: %v", err)
	}
}

func TestTamperedCiphertextIsDamage(t *testing.T) {
	key := bytes.Repeat([]byte{7}, KeySize)
	s := openTemp(t, Options{Key: key})
	importAll(t, s, exampleRequests(t))
	k := versionKey("MA-2026-0001", 1)
	err := s.db.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketVersions)
		v := bytes.Clone(b.Get(k))
		v[len(v)/2] ^= 0x01
		return b.Put(k, v)
	})
	if err != nil {
		t.Fatal(err)
	}
	_, err = s.Get(alice, "MA-2026-0001")
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), s.Path()) || !strings.Contains(err.Error(), "cannot be decrypted") {
		t.Fatalf("get of a tampered value: %v", err)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Fatalf("error is not one line: %q", err)
	}
}

// TestDecideOnMalformedID: an id no import accepts is refused as not
// found without touching the access log, unless a request holds it (as an
// older version could have stored); then the decision is recorded.
func TestDecideOnMalformedID(t *testing.T) {
	today := day("2026-12-01")
	reqs := exampleRequests(t)
	old := *byID(reqs, "MA-2026-0003")
	old.ID = "MA-2026\x7f0003"
	s := openTemp(t, Options{})
	importAll(t, s, append(reqs, &old))

	entries := func() int {
		n := 0
		if err := s.AuditEntries(audit.Filter{}, func(audit.Logged) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := entries()
	if _, err := s.Decide(alice, "MA-2026\x7f9999", authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemReferral}}, today); !errors.Is(err, ErrNotFound) {
		t.Fatalf("decide on an unknown malformed id: %v, want not found", err)
	}
	if n := entries(); n != before {
		t.Fatalf("an unknown malformed id wrote %d access-log entries", n-before)
	}
	// An id that is another request's index key names no request: not
	// found, not damage, and not logged.
	indexID := string(indexKey("MA-2026-0003", kindAccess, 1))
	if _, err := s.Peek(indexID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("peek at an index key: %v, want not found", err)
	}
	if _, err := s.Decide(alice, indexID, authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemReferral}}, today); !errors.Is(err, ErrNotFound) {
		t.Fatalf("decide on an index key: %v, want not found", err)
	}
	if n := entries(); n != before {
		t.Fatalf("an index key as id wrote %d access-log entries", n-before)
	}
	// Nor can a request be stored under such an id.
	clash := *byID(reqs, "MA-2026-0001")
	clash.ID = indexID
	if _, err := s.Import(alice, "api", feed([]*authz.Request{&clash}, nil)); err == nil || !strings.Contains(err.Error(), "0 byte") {
		t.Fatalf("import of an id holding a 0 byte: %v", err)
	}
	if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}
	before = entries()
	d, err := s.Decide(alice, old.ID, authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemReferral}}, today)
	if err != nil {
		t.Fatalf("decide on a stored request with an old-style id: %v", err)
	}
	if d.ID != old.ID || entries() != before+1 {
		t.Fatalf("decision %+v, %d new entries", d, entries()-before)
	}
}
