package store

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

var (
	carol = Actor{Adviser: "c.jansen", AccessPoint: "test"}
	dave  = Actor{Adviser: "d.smit", AccessPoint: "test"}
)

func mustDecide(t *testing.T, s *Store, a Actor, id string, ask authz.Ask, today authz.Date) authz.Decision {
	t.Helper()
	d, err := s.Decide(a, id, ask, today)
	if err != nil {
		t.Fatalf("%s %s by %s: %v", id, ask.Action, a.Adviser, err)
	}
	return d
}

// refusedChangesNothing asks for a decision the rules refuse and checks
// that the store is as it was and the refusal is logged.
func refusedChangesNothing(t *testing.T, s *Store, a Actor, id string, ask authz.Ask, today authz.Date, want any) {
	t.Helper()
	before := snapshot(t, s)
	row, _ := s.Row(id)
	_, err := s.Decide(a, id, ask, today)
	if !errors.Is(err, authz.ErrRefused) {
		t.Fatalf("%s %s by %s: %v, want a refusal", id, ask.Action, a.Adviser, err)
	}
	if want != nil && !errors.As(err, want) {
		t.Fatalf("%s %s by %s: %T %v, want %T", id, ask.Action, a.Adviser, err, err, want)
	}
	if after := snapshot(t, s); after != before {
		t.Fatalf("a refused decision changed the store:\nbefore %s\nafter  %s", before, after)
	}
	if after, _ := s.Row(id); after.Due != row.Due || after.State != row.State || !bytes.Equal(after.Key, row.Key) {
		t.Fatalf("a refused decision changed the row: %+v, was %+v", after, row)
	}
	log, _ := s.AccessLog(id)
	if last := log[len(log)-1]; last.Event != audit.EventDecide || last.Outcome != audit.Refused {
		t.Fatalf("last entry %+v", last)
	}
}

// The reconsideration through the store: the state, its due, its place in
// the queue and its view, the counts, who may decide it, once only, and no
// import while it lasts.
func TestReconsiderationInTheStore(t *testing.T) {
	today := day("2026-12-01")
	s := openTemp(t, Options{})
	reqs := exampleRequests(t)
	importAll(t, s, reqs)
	mustDecide(t, s, alice, "MA-2026-0002", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}, today)
	mustDecide(t, s, alice, "MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}, today)

	var notRejected *authz.NotRejectedError
	refusedChangesNothing(t, s, bob, "MA-2026-0001", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar"}, today, &notRejected)
	var future *authz.ObjectionInTheFutureError
	refusedChangesNothing(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar", Received: today.AddDays(1)}, today, &future)
	var missing *authz.ObjectionMissingError
	refusedChangesNothing(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider}, today, &missing)

	d := mustDecide(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar van verzekerde", Received: day("2026-11-30")}, today)
	if d.Outcome != authz.OutcomeReconsiderationRequested || d.ObjectionReceived != day("2026-11-30") {
		t.Fatalf("decision %+v", d)
	}
	row, err := s.Row("MA-2026-0002")
	if err != nil {
		t.Fatal(err)
	}
	if row.State != authz.StateReconsideration || row.Due != day("2027-01-11") {
		t.Fatalf("row %s due %s, want reconsideration due 2027-01-11", row.State, row.Due)
	}
	c := mustCounts(t, s)
	if c.Reconsideration != 1 || c.Rejected != 0 || c.Waiting != 1 || c.Total() != len(reqs) {
		t.Fatalf("counts %+v", c)
	}
	view, err := s.Rows(ViewReconsideration, nil, 10, false)
	if err != nil || len(view) != 1 || view[0].ID != "MA-2026-0002" {
		t.Fatalf("the reconsideration view: %v %v", ids(view), err)
	}
	all := ids(queueOrder(t, s))
	if all[len(all)-2] != "MA-2026-0002" || all[len(all)-1] != "MA-2026-0003" {
		t.Fatalf("queue %v: want the reconsideration before the one waiting, both after the open ones", all)
	}
	if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}

	// No import while it is reconsidered.
	again := *byID(reqs, "MA-2026-0002")
	_, err = s.Import(alice, "again.json", feed([]*authz.Request{&again}, nil))
	if err == nil || !strings.Contains(err.Error(), "reconsider") {
		t.Fatalf("import during reconsideration: %v", err)
	}

	var took *authz.TookPartInRejectionError
	refusedChangesNothing(t, s, alice, "MA-2026-0002", authz.Ask{Action: authz.ActionUphold, Reason: "blijft"}, today, &took)
	refusedChangesNothing(t, s, alice, "MA-2026-0002", authz.Ask{Action: authz.ActionApprove}, today, &took)
	var again2 *authz.AlreadyReconsideredError
	refusedChangesNothing(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "nog eens"}, today, &again2)
	var noReason *authz.UpholdReasonMissingError
	refusedChangesNothing(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionUphold}, today, &noReason)

	// The objection was recorded by bob, who took no part in the rejection.
	up := mustDecide(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionUphold, Reason: "de afwijzing blijft"}, today)
	if up.Outcome != authz.OutcomeUpheld || up.ReasonCode != authz.RejectOther {
		t.Fatalf("uphold %+v", up)
	}
	row, _ = s.Row("MA-2026-0002")
	c = mustCounts(t, s)
	if row.State != authz.StateRejected || c.Reconsideration != 0 || c.Rejected != 1 || row.Key[0] != authz.QueueRankOf(authz.StateRejected) {
		t.Fatalf("after uphold: %s, counts %+v", row.State, c)
	}
	refusedChangesNothing(t, s, carol, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "nog eens"}, today, &again2)
	if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}
}

// A four-eyes rejection: neither the proposer nor the one who concurred
// may decide the reconsideration; a third adviser approves it, even after
// treatment started.
func TestReconsiderationOfAFourEyesRejection(t *testing.T) {
	today := day("2026-12-01")
	s := openTemp(t, Options{})
	importAll(t, s, exampleRequests(t))
	mustDecide(t, s, alice, "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet geïndiceerd"}, today)
	mustDecide(t, s, bob, "MA-2026-0001", authz.Ask{Action: authz.ActionConcur}, today)
	later := day("2027-01-04") // treatment started 2026-12-14
	mustDecide(t, s, carol, "MA-2026-0001", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar"}, later)
	row, _ := s.Row("MA-2026-0001")
	if row.Due != day("2027-02-15") {
		t.Fatalf("due %s, want 2027-02-15", row.Due)
	}
	var took *authz.TookPartInRejectionError
	for _, a := range []Actor{alice, bob} {
		refusedChangesNothing(t, s, a, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, later, &took)
		refusedChangesNothing(t, s, a, "MA-2026-0001", authz.Ask{Action: authz.ActionUphold, Reason: "x"}, later, &took)
	}
	d := mustDecide(t, s, carol, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove, Minutes: 1200}, later)
	if d.Outcome != authz.OutcomeApprovedOnReconsideration || d.ApprovedMinutes != 1200 {
		t.Fatalf("approval %+v", d)
	}
	row, _ = s.Row("MA-2026-0001")
	if row.State != authz.StateApproved || !row.DecidedAt.Equal(d.DecidedAt) {
		t.Fatalf("row %+v", row)
	}
	var outcomes []string
	if err := s.Decisions(func(d *authz.Decision) error { outcomes = append(outcomes, d.Outcome.String()); return nil }); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(outcomes, " "); got != "rejection_proposed concurred reconsideration_requested approved_on_reconsideration" {
		t.Fatalf("decisions: %s", got)
	}
	if findings, err := s.Doctor(dave); err != nil || len(findings) != 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}
}

// An encrypted store holds the objection sealed, and a reconsideration
// survives closing and opening (the state record keeps its objection).
func TestReconsiderationSealedAndKept(t *testing.T) {
	key := bytes.Repeat([]byte{5}, KeySize)
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	importAll(t, s, exampleRequests(t))
	today := day("2026-12-01")
	mustDecide(t, s, alice, "MA-2026-0002", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}, today)
	mustDecide(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "Geheim bezwaar Xyzzy", Received: day("2026-11-20")}, today)
	s.Close()
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("Xyzzy")) {
		t.Fatal("the objection is in the file in clear")
	}
	s, err = Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	row, err := s.Row("MA-2026-0002")
	if err != nil || row.State != authz.StateReconsideration || row.Due != day("2027-01-01") {
		t.Fatalf("row %s due %s (%v)", row.State, row.Due, err)
	}
	rec, err := s.Peek("MA-2026-0002")
	if err != nil {
		t.Fatal(err)
	}
	if last := rec.Decisions[len(rec.Decisions)-1]; last.Reason != "Geheim bezwaar Xyzzy" || last.ObjectionReceived != day("2026-11-20") {
		t.Fatalf("decision %+v", last)
	}
	if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}
}

// The state record keeps the objection day in both of its forms.
func TestStateRecordKeepsObjection(t *testing.T) {
	for _, rec := range []stateRecord{
		{State: authz.StateReconsideration, Version: 3, Objection: day("2026-11-30"), Queue: []byte{2, 1, 2, 3}},
		{State: authz.StateReconsideration, Version: 1, Objection: day("2026-11-30"), ProposalSeq: 0, Proposer: "", Queue: []byte("k")},
		{State: authz.StateRejected, Version: 2, Queue: []byte("q")},
	} {
		var got stateRecord
		if err := decodeState(encodeState(&rec), &got); err != nil {
			t.Fatal(err)
		}
		if got.State != rec.State || got.Version != rec.Version || got.Objection != rec.Objection || !bytes.Equal(got.Queue, rec.Queue) {
			t.Fatalf("%+v read back as %+v", rec, got)
		}
		js, err := encode(&rec)
		if err != nil {
			t.Fatal(err)
		}
		got = stateRecord{}
		if err := decodeJSONState(js, &got); err != nil || got.Objection != rec.Objection {
			t.Fatalf("JSON form %s: %+v %v", js, got, err)
		}
	}
	// A record written before objections existed reads with none.
	old := encodeState(&stateRecord{State: authz.StateApproved, Version: 1, Queue: []byte("q")})
	var got stateRecord
	got.Objection = day("2026-01-01")
	if err := decodeState(old, &got); err != nil || got.Objection != 0 {
		t.Fatalf("%+v %v", got, err)
	}
	// Five counts (before reconsideration) read with a sixth of 0.
	c := Counts{Open: 1, SecondReview: 2, Waiting: 3, Approved: 4, Rejected: 5, Reconsideration: 6}
	if readCounts(c.bytes()) != c {
		t.Fatalf("counts do not survive")
	}
	five := readCounts(c.bytes()[:40])
	if five.Reconsideration != 0 || five.Rejected != 5 {
		t.Fatalf("five counts read as %+v", five)
	}
}

// doctor finds a queue row out of its state's rank, a reconsideration
// without its objection day or with the wrong due, and a second objection.
func TestDoctorChecksReconsideration(t *testing.T) {
	today := day("2026-12-01")
	for _, tc := range []struct {
		name   string
		damage func(t *testing.T, s *Store)
		says   string
	}{
		{"a waiting row at schema 2's rank", func(t *testing.T, s *Store) {
			moveRow(t, s, "MA-2026-0003", func(k []byte) []byte { return append([]byte{2}, k[1:]...) }, nil)
		}, "out of its state's place"},
		{"no objection day", func(t *testing.T, s *Store) {
			moveRow(t, s, "MA-2026-0002", nil, func(rec *stateRecord) { rec.Objection = 0 })
		}, "without the day its objection arrived"},
		{"another objection day", func(t *testing.T, s *Store) {
			moveRow(t, s, "MA-2026-0002", nil, func(rec *stateRecord) { rec.Objection = day("2026-11-01") })
		}, "not six weeks after its objection"},
		{"an objection on a rejected request", func(t *testing.T, s *Store) {
			moveRow(t, s, "MA-2026-0004", nil, func(rec *stateRecord) { rec.Objection = day("2026-11-01") })
		}, "holds an objection"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t, Options{})
			importAll(t, s, exampleRequests(t))
			mustDecide(t, s, alice, "MA-2026-0002", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}, today)
			mustDecide(t, s, alice, "MA-2026-0004", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}, today)
			mustDecide(t, s, alice, "MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}, today)
			mustDecide(t, s, bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar"}, today)
			if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
				t.Fatalf("doctor before the damage: %v %v", findings, err)
			}
			tc.damage(t, s)
			findings, err := s.Doctor(alice)
			if err != nil || len(findings) == 0 || !strings.Contains(strings.Join(findings, "\n"), tc.says) {
				t.Fatalf("doctor: %v %v; want a finding saying %q", findings, err, tc.says)
			}
		})
	}
}

// moveRow rewrites a request's queue key (key, when not nil) and state
// record (state, when not nil) behind the store's back, keeping the two in
// step, as a damaged or half-upgraded store might hold them.
func moveRow(t *testing.T, s *Store, id string, key func([]byte) []byte, state func(*stateRecord)) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := s.stateOf(tx, id)
		if err != nil {
			return err
		}
		if key != nil {
			v, err := s.get(tx, bucketQueue, rec.Queue)
			if err != nil {
				return err
			}
			if err := tx.Bucket(bucketQueue).Delete(rec.Queue); err != nil {
				return err
			}
			rec.Queue = key(bytes.Clone(rec.Queue))
			if err := s.put(tx, bucketQueue, rec.Queue, v); err != nil {
				return err
			}
		}
		if state != nil {
			state(rec)
		}
		return s.put(tx, bucketRequests, []byte(id), encodeState(rec))
	})
	if err != nil {
		t.Fatal(err)
	}
}
