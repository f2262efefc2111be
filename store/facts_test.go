package store

import (
	"path/filepath"
	"reflect"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/authz"
)

// factsRequest is a complete outpatient request; without practitioners
// when incomplete.
func factsRequest(id, received, agb string, urgent, incomplete bool) *authz.Request {
	no := false
	minutes := int64(600)
	r := &authz.Request{
		ID: id, Received: day(received), Urgent: urgent,
		Insured:        authz.Insured{Name: "Piet Testpersoon", BSN: "111222333", BirthDate: day("1960-01-01")},
		Provider:       authz.Provider{Name: "ZBC " + agb, AGB: agb, Contracted: &no},
		Setting:        authz.SettingOutpatient,
		TreatmentStart: day("2027-02-01"),
		Referral:       &authz.Referral{Date: day("2026-10-01"), ReferrerKind: authz.ReferrerGP, ReferrerName: "Dr. H"},
		TreatmentPlan: &authz.TreatmentPlan{Date: day("2026-10-01"), PeriodStart: day("2027-02-01"), PeriodEnd: day("2027-04-30"),
			TreatmentMinutes: &minutes, Activities: []string{"ergotherapie"}},
		Practitioners: &authz.Practitioners{Date: day("2026-10-01"), Members: []authz.Member{{Name: "B", Discipline: "ergo", PartOfCare: "alles"}}},
		Codes:         &authz.Codes{Date: day("2026-10-01"), DBCDeclarationCode: "123456", Prestatiecode: "ABC123"},
	}
	if incomplete {
		r.Practitioners = nil
	}
	return r
}

func allFacts(t *testing.T, s *Store) []Facts {
	t.Helper()
	var out []Facts
	if err := s.EachFacts(func(f *Facts) error { out = append(out, *f); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

// factsStore holds two requests: R1 incomplete, information requested on
// 11-05, then a new version received 11-08 approved on 11-09 for fewer
// minutes; R2 urgent, rejected on 11-10.
func factsStore(t *testing.T, opt Options) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, opt)
	if err != nil {
		t.Fatal(err)
	}
	clock := day("2026-11-01").Time()
	s.SetClock(func() time.Time { clock = clock.Add(time.Hour); return clock })
	importAll(t, s, []*authz.Request{
		factsRequest("R1", "2026-11-01", "11111111", false, true),
		factsRequest("R2", "2026-11-03", "22222222", true, false),
	})
	must := func(_ authz.Decision, err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(s.Decide(alice, "R1", authz.Ask{Action: authz.ActionRequestInfo}, day("2026-11-05")))
	importAll(t, s, []*authz.Request{factsRequest("R1", "2026-11-08", "11111111", false, false)})
	must(s.Decide(bob, "R1", authz.Ask{Action: authz.ActionApprove, Minutes: 300}, day("2026-11-09")))
	must(s.Decide(bob, "R2", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "x"}, day("2026-11-10")))
	return s, path
}

var wantFacts = []Facts{
	{Seq: 1, Outcome: authz.OutcomeInfoRequested, Day: day("2026-11-05"), Adviser: "a.devries", Known: true, First: true,
		Received: day("2026-11-01"), Due: day("2026-11-08"), AGB: "11111111", Provider: "ZBC 11111111",
		Items: [authz.NumItems]authz.Status{authz.StatusOK, authz.StatusNotApplicable, authz.StatusOK, authz.StatusMissing, authz.StatusOK}},
	{Seq: 2, Outcome: authz.OutcomeApproved, Day: day("2026-11-09"), Adviser: "m.bakker", Known: true, Partial: true,
		Received: day("2026-11-08"), Due: day("2026-11-15"), AGB: "11111111", Provider: "ZBC 11111111",
		Items: [authz.NumItems]authz.Status{authz.StatusOK, authz.StatusNotApplicable, authz.StatusOK, authz.StatusOK, authz.StatusOK}},
	{Seq: 3, Outcome: authz.OutcomeRejected, Code: authz.RejectOther, Day: day("2026-11-10"), Adviser: "m.bakker", Known: true, First: true,
		Urgent: true, Received: day("2026-11-03"), Due: day("2026-11-06"), AGB: "22222222", Provider: "ZBC 22222222",
		Items: [authz.NumItems]authz.Status{authz.StatusOK, authz.StatusNotApplicable, authz.StatusOK, authz.StatusOK, authz.StatusOK}},
}

func TestFactsAreRecordedWithTheDecision(t *testing.T) {
	for _, key := range [][]byte{nil, make([]byte, 32)} {
		s, _ := factsStore(t, Options{Key: key})
		if got := allFacts(t, s); !reflect.DeepEqual(got, wantFacts) {
			t.Errorf("encrypted %v:\n got %+v\nwant %+v", key != nil, got, wantFacts)
		}
		s.Close()
	}
}

// forgetFacts makes the store look as one written before facts were: no
// facts bucket and no mark. The next Open marks every decision so far as
// without recorded facts.
func forgetFacts(t *testing.T, path string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Update(func(tx *bolt.Tx) error {
		if err := tx.DeleteBucket(bucketFacts); err != nil {
			return err
		}
		return tx.Bucket(bucketMeta).Delete(keyFactsFrom)
	}); err != nil {
		t.Fatal(err)
	}
}

func TestFactsOfOlderDecisionsComeFromTheVersions(t *testing.T) {
	s, path := factsStore(t, Options{})
	s.Close()
	forgetFacts(t, path)

	// Read-only, the store has no facts bucket at all.
	ro, err := Open(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := allFacts(t, ro); !reflect.DeepEqual(got, wantFacts) {
		t.Errorf("read-only:\n got %+v\nwant %+v", got, wantFacts)
	}
	ro.Close()

	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := allFacts(t, s); !reflect.DeepEqual(got, wantFacts) {
		t.Errorf("older decisions:\n got %+v\nwant %+v", got, wantFacts)
	}
	// A decision made now has its facts recorded, after the older ones.
	importAll(t, s, []*authz.Request{factsRequest("R3", "2026-11-20", "33333333", false, false)})
	if _, err := s.Decide(alice, "R3", authz.Ask{Action: authz.ActionApprove}, day("2026-11-21")); err != nil {
		t.Fatal(err)
	}
	got := allFacts(t, s)
	if len(got) != 4 || got[3].Seq != 4 || got[3].AGB != "33333333" || got[3].Partial {
		t.Errorf("after a new decision: %+v", got)
	}

	// Kept before its versions go, R1's facts outlive them; R2's, not
	// kept, are known only by what the decision itself says.
	err = s.update(func(tx *bolt.Tx) error {
		if err := s.keepFacts(tx, "R1"); err != nil {
			return err
		}
		for _, k := range [][]byte{versionKey("R1", 1), versionKey("R1", 2), versionKey("R2", 1)} {
			if err := tx.Bucket(bucketVersions).Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	got = allFacts(t, s)
	if !reflect.DeepEqual(got[:2], wantFacts[:2]) {
		t.Errorf("kept facts:\n got %+v\nwant %+v", got[:2], wantFacts[:2])
	}
	unknown := Facts{Seq: 3, Outcome: authz.OutcomeRejected, Code: authz.RejectOther, Day: day("2026-11-10"), Adviser: "m.bakker", First: true}
	if got[2] != unknown {
		t.Errorf("purged without kept facts:\n got %+v\nwant %+v", got[2], unknown)
	}
}

func TestFactsEncoding(t *testing.T) {
	intern := func(b []byte) string { return string(b) }
	for _, f := range append(wantFacts, Facts{Seq: 9}, Facts{Seq: 10, Adviser: "ë", AGB: "", Provider: "Zorg & Co \"x\""}) {
		var got Facts
		if err := decodeFacts(&got, f.Seq, encodeFacts(&f), intern); err != nil || got != f {
			t.Errorf("round trip of %+v: %+v, %v", f, got, err)
		}
	}
	good := encodeFacts(&wantFacts[0])
	for _, bad := range [][]byte{nil, {'{'}, good[:10], good[:len(good)-1], append(append([]byte{}, good...), 'x')} {
		var f Facts
		if err := decodeFacts(&f, 1, bad, intern); err == nil {
			t.Errorf("decodeFacts(%q) succeeded", bad)
		}
	}
}

func FuzzDecodeFacts(f *testing.F) {
	for _, w := range wantFacts {
		f.Add(encodeFacts(&w))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var x Facts
		if err := decodeFacts(&x, 1, b, func(b []byte) string { return string(b) }); err != nil {
			return
		}
		var y Facts
		if err := decodeFacts(&y, 1, encodeFacts(&x), func(b []byte) string { return string(b) }); err != nil || x != y {
			t.Fatalf("re-encoded facts differ: %+v %+v %v", x, y, err)
		}
	})
}

// A purge of requests decided before facts were recorded keeps their
// facts first, worked out from the versions it then removes.
func TestPurgeKeepsTheFactsOfOlderDecisions(t *testing.T) {
	s, path := factsStore(t, Options{})
	s.Close()
	forgetFacts(t, path)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.Purge(alice, day("2027-01-01"), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.IDs) != 2 {
		t.Fatalf("purged %v", res.IDs)
	}
	if got := allFacts(t, s); !reflect.DeepEqual(got, wantFacts) {
		t.Errorf("after the purge:\n got %+v\nwant %+v", got, wantFacts)
	}
}
