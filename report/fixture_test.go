package report

import (
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/store"
)

var (
	alice = store.Actor{Adviser: "a.devries", AccessPoint: "test"}
	bob   = store.Actor{Adviser: "m.bakker", AccessPoint: "test"}
)

func day(s string) authz.Date {
	d, err := authz.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// provider of the fixture's requests.
type provider struct{ name, agb string }

var (
	zbcNoord = provider{"Revalidatie ZBC Noord", "12345678"}
	zbcZuid  = provider{"Revalidatiekliniek Zuid", "87654321"}
)

// patient data of the fixture, which no report may show.
func insuredName(id string) string { return "Testpatiënt " + id + " Jansen" }

var bsns = []string{"111222333", "123456782", "999999990", "234567016", "100000009", "111111110", "222222220", "333333330", "444444440", "555555550", "666666660"}

// request is a complete outpatient request of a provider that has no
// contract: plan 2027-01-11 to 2027-03-31, 1800 minutes, treatment from
// 2027-01-11. Without the practitioners when incomplete.
func request(n int, received string, urgent bool, p provider, incomplete bool) *authz.Request {
	no := false
	minutes := int64(1800)
	d := day(received)
	id := fmt.Sprintf("MA-2026-%04d", n)
	r := &authz.Request{
		ID: id, Received: d, Urgent: urgent,
		Insured:        authz.Insured{Name: insuredName(id), BSN: bsns[n%len(bsns)], BirthDate: day("1970-05-06"), PolicyNumber: "POL" + id},
		Provider:       authz.Provider{Name: p.name, AGB: p.agb, Contracted: &no},
		Setting:        authz.SettingOutpatient,
		TreatmentStart: day("2027-01-11"),
		Referral:       &authz.Referral{Date: day("2026-10-01"), ReferrerKind: authz.ReferrerGP, ReferrerName: "Dr. Huisarts"},
		TreatmentPlan: &authz.TreatmentPlan{Date: day("2026-10-02"), PeriodStart: day("2027-01-11"), PeriodEnd: day("2027-03-31"),
			TreatmentMinutes: &minutes, Activities: []string{"fysiotherapie"}},
		Practitioners: &authz.Practitioners{Date: day("2026-10-02"), Members: []authz.Member{{Name: "J. Behandelaar", Discipline: "fysiotherapeut", PartOfCare: "oefentherapie"}}},
		Codes:         &authz.Codes{Date: day("2026-10-02"), DBCDeclarationCode: "123456", Prestatiecode: "ABC123"},
	}
	if incomplete {
		r.Practitioners = nil
	}
	return r
}

// fixtureToday is the day the fixture's backlog is judged on.
var fixtureToday = day("2026-12-10")

// fixture builds a store where every figure is known (see TestFigures).
//
//	 1 standard, received 11-02, approved 11-05            3 days, within due (11-09)
//	 2 standard, received 11-02, approved 11-12, 900 min  10 days, late, partial
//	 3 urgent,   received 11-10, rejected 11-12 incomplete 2 days, within due (11-13)
//	 4 urgent,   received 11-10, proposed 11-14, concurred 11-15 (not_indicated)  5 days, late
//	 5 standard, received 11-20, incomplete, info requested 11-21: waiting, overdue (11-27)
//	 6 standard, received 11-20, proposed 11-22, overturned 11-23: open, overdue (11-27)
//	 7 standard, received 12-01: open, overdue (12-08)
//	 8 urgent,   received 12-09: open, due 12-12
//	 9 standard, received 11-25, proposed 11-26: second review, overdue (12-02)
//	10 standard, received 11-30, approved 12-01 for a shorter period  1 day, within, partial
func fixture(t *testing.T) (*store.Store, []*authz.Request) {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	reqs := []*authz.Request{
		request(1, "2026-11-02", false, zbcNoord, false),
		request(2, "2026-11-02", false, zbcNoord, false),
		request(3, "2026-11-10", true, zbcZuid, true),
		request(4, "2026-11-10", true, zbcZuid, false),
		request(5, "2026-11-20", false, zbcZuid, true),
		request(6, "2026-11-20", false, zbcNoord, false),
		request(7, "2026-12-01", false, zbcNoord, true),
		request(8, "2026-12-09", true, zbcZuid, false),
		request(9, "2026-11-25", false, zbcNoord, false),
		request(10, "2026-11-30", false, zbcNoord, false),
	}
	i := 0
	_, err = s.Import(alice, "test", func() (store.Incoming, error) {
		if i == len(reqs) {
			return store.Incoming{}, io.EOF
		}
		i++
		return store.Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	decide := func(a store.Actor, n int, on string, ask authz.Ask) {
		t.Helper()
		s.SetClock(func() time.Time { return day(on).Time().Add(10 * time.Hour) })
		if _, err := s.Decide(a, fmt.Sprintf("MA-2026-%04d", n), ask, day(on)); err != nil {
			t.Fatalf("decide %d on %s: %v", n, on, err)
		}
	}
	approve := authz.Ask{Action: authz.ActionApprove}
	decide(alice, 1, "2026-11-05", approve)
	decide(alice, 2, "2026-11-12", authz.Ask{Action: authz.ActionApprove, Minutes: 900})
	decide(bob, 3, "2026-11-12", authz.Ask{Action: authz.ActionReject, Code: authz.RejectIncomplete, Reason: "onvolledig"})
	notIndicated := authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet geïndiceerd"}
	decide(alice, 4, "2026-11-14", notIndicated)
	decide(bob, 4, "2026-11-15", authz.Ask{Action: authz.ActionConcur})
	decide(alice, 5, "2026-11-21", authz.Ask{Action: authz.ActionRequestInfo})
	decide(alice, 6, "2026-11-22", notIndicated)
	decide(bob, 6, "2026-11-23", authz.Ask{Action: authz.ActionOverturn, Reason: "wel geïndiceerd"})
	decide(bob, 9, "2026-11-26", notIndicated)
	decide(bob, 10, "2026-12-01", authz.Ask{Action: authz.ActionApprove, Until: day("2027-02-28")})
	return s, reqs
}
