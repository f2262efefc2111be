package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"machtiging/authz"
	"machtiging/store"
)

// asJSON is the report as a decoded JSON value, compared field by field.
func asJSON(t *testing.T, r *Report) map[string]any {
	t.Helper()
	var b bytes.Buffer
	if err := r.WriteJSON(&b); err != nil {
		t.Fatal(err)
	}
	if strings.Count(b.String(), "\n") != 1 {
		t.Errorf("the JSON is not one line: %q", b.String())
	}
	var v map[string]any
	if err := json.Unmarshal(b.Bytes(), &v); err != nil {
		t.Fatalf("the JSON does not decode: %v\n%s", err, b.String())
	}
	return v
}

// want compares a part of the JSON with what it must be, written as JSON.
func want(t *testing.T, v map[string]any, key, expect string) {
	t.Helper()
	var w any
	if err := json.Unmarshal([]byte(expect), &w); err != nil {
		t.Fatalf("bad expectation for %s: %v", key, err)
	}
	if !reflect.DeepEqual(v[key], w) {
		got, _ := json.Marshal(v[key])
		t.Errorf("%s:\n got %s\nwant %s", key, got, expect)
	}
}

func TestFigures(t *testing.T) {
	s, _ := fixture(t)
	r, err := Build(s, Options{Today: fixtureToday})
	if err != nil {
		t.Fatal(err)
	}
	v := asJSON(t, r)
	want(t, v, "decisions", `{"approved":3,"rejected":1,"info_requested":1,"rejection_proposed":3,"concurred":1,"overturned":1,
		"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`)
	// Standard: 1, 3 and 10 days (odd count: the median is the middle
	// value); expedited: 2 and 5 days (even: the mean of the two middle).
	want(t, v, "final", `{
		"standard":{"decided":3,"approved":3,"rejected":0,"within_due":2,"mean_days":4.666666666666667,"median_days":3,"approved_on_reconsideration":0,"upheld":0},
		"expedited":{"decided":2,"approved":0,"rejected":2,"within_due":1,"mean_days":3.5,"median_days":3.5,"approved_on_reconsideration":0,"upheld":0}}`)
	want(t, v, "partial_approvals", `2`)
	want(t, v, "backlog", `{"open":3,"second_review":1,"reconsideration":0,"waiting":1,"overdue":4}`)
	want(t, v, "by_reason_code", `{"not_required":0,"incomplete":1,"started":0,"not_indicated":1,"other":0,"not_insured":0}`)
	want(t, v, "months", `[
		{"month":"2026-11","decisions":9,"decided":4,"approved":2,"rejected":2,"within_due":2,"mean_days":5,"median_days":4,"approved_on_reconsideration":0,"upheld":0},
		{"month":"2026-12","decisions":1,"decided":1,"approved":1,"rejected":0,"within_due":1,"mean_days":1,"median_days":1,"approved_on_reconsideration":0,"upheld":0}]`)
	want(t, v, "advisers", `[
		{"adviser":"a.devries","decisions":5,"second_reviews":0,"reconsiderations":0},
		{"adviser":"m.bakker","decisions":5,"second_reviews":2,"reconsiderations":0}]`)
	none := `{"missing":0,"late":0,"invalid":0}`
	want(t, v, "providers", `[
		{"agb":"12345678","name":"Revalidatie ZBC Noord","requests":5,"incomplete":0,"decided":3,"approved":3,"approval_rate":1,
		 "most_missing":[],"items":{"referral":`+none+`,"admission_indication":`+none+`,"treatment_plan":`+none+`,"practitioners":`+none+`,"codes":`+none+`},
		 "undecided":3,"incomplete_now":1},
		{"agb":"87654321","name":"Revalidatiekliniek Zuid","requests":3,"incomplete":2,"decided":2,"approved":0,"approval_rate":0,
		 "most_missing":["practitioners"],"items":{"referral":`+none+`,"admission_indication":`+none+`,"treatment_plan":`+none+`,"practitioners":{"missing":2,"late":0,"invalid":0},"codes":`+none+`},
		 "undecided":2,"incomplete_now":1}]`)
	want(t, v, "today", `"2026-12-10"`)
	// Weeks from Monday: 11-05 (Thu) in the week of 11-02; 11-12..11-15 in
	// that of 11-09; 11-21..11-23 (Sat, Sun, Mon) across two; 11-26 and
	// 12-01 in those of 11-23 and 11-30.
	weeks := []Week{{day("2026-11-02"), 1}, {day("2026-11-09"), 4}, {day("2026-11-16"), 2}, {day("2026-11-23"), 2}, {day("2026-11-30"), 1}}
	if !reflect.DeepEqual(r.Weeks, weeks) {
		t.Errorf("weeks %v, want %v", r.Weeks, weeks)
	}
	want(t, v, "from", `null`)
}

// The period bounds the decisions' days, both inclusive; the backlog is the
// queue on --today whatever the period.
func TestPeriodIsInclusive(t *testing.T) {
	s, _ := fixture(t)
	for _, c := range []struct {
		from, until string
		decisions   string
		final       [2]int // decided standard, expedited
	}{
		{"2026-11-12", "2026-11-15", `{"approved":1,"rejected":1,"info_requested":0,"rejection_proposed":1,"concurred":1,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{1, 2}},
		{"2026-11-13", "2026-11-15", `{"approved":0,"rejected":0,"info_requested":0,"rejection_proposed":1,"concurred":1,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{0, 1}},
		{"2026-11-12", "2026-11-14", `{"approved":1,"rejected":1,"info_requested":0,"rejection_proposed":1,"concurred":0,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{1, 1}},
		{"2026-12-01", "", `{"approved":1,"rejected":0,"info_requested":0,"rejection_proposed":0,"concurred":0,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{1, 0}},
		{"", "2026-11-05", `{"approved":1,"rejected":0,"info_requested":0,"rejection_proposed":0,"concurred":0,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{1, 0}},
		{"2027-01-01", "2027-12-31", `{"approved":0,"rejected":0,"info_requested":0,"rejection_proposed":0,"concurred":0,"overturned":0,"reconsideration_requested":0,"approved_on_reconsideration":0,"upheld":0}`, [2]int{0, 0}},
	} {
		o := Options{Today: fixtureToday}
		if c.from != "" {
			o.From = day(c.from)
		}
		if c.until != "" {
			o.Until = day(c.until)
		}
		r, err := Build(s, o)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(c.from+".."+c.until, func(t *testing.T) {
			v := asJSON(t, r)
			want(t, v, "decisions", c.decisions)
			if r.Standard.Decided != c.final[0] || r.Expedited.Decided != c.final[1] {
				t.Errorf("decided standard/expedited = %d/%d, want %d/%d", r.Standard.Decided, r.Expedited.Decided, c.final[0], c.final[1])
			}
			want(t, v, "backlog", `{"open":3,"second_review":1,"reconsideration":0,"waiting":1,"overdue":4}`)
		})
	}
}

// Overdue is a due day strictly before --today.
func TestBacklogOnToday(t *testing.T) {
	s, _ := fixture(t)
	for _, c := range []struct {
		today   string
		overdue int
	}{
		{"2026-11-01", 0},
		{"2026-11-27", 0}, // 5 and 6 are due today: not overdue yet
		{"2026-11-28", 2}, // 5 and 6
		{"2026-12-02", 2}, // 9 is due today
		{"2026-12-03", 3},
		{"2026-12-08", 3}, // 7 is due today
		{"2026-12-09", 4},
		{"2026-12-13", 5}, // 8 was due 12-12
	} {
		r, err := Build(s, Options{Today: day(c.today)})
		if err != nil {
			t.Fatal(err)
		}
		if r.Backlog.Overdue != c.overdue {
			t.Errorf("today %s: overdue %d, want %d", c.today, r.Backlog.Overdue, c.overdue)
		}
		if r.Backlog.Total() != 5 {
			t.Errorf("today %s: backlog %d, want 5", c.today, r.Backlog.Total())
		}
	}
}

// fakeSource streams hand-made facts and rows: the outcomes of
// reconsideration, which no decision of the store makes yet, and facts of a
// purged request.
type fakeSource struct {
	facts []store.Facts
	rows  []store.Row
}

func (f *fakeSource) EachFacts(fn func(*store.Facts) error) error {
	for i := range f.facts {
		if err := fn(&f.facts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (f *fakeSource) Scan(_ store.View, fn func(*store.Row) bool) error {
	for i := range f.rows {
		if !fn(&f.rows[i]) {
			return nil
		}
	}
	return nil
}

func TestEveryOutcomeIsCounted(t *testing.T) {
	fact := func(o authz.Outcome, urgent bool, adviser string) store.Facts {
		return store.Facts{Outcome: o, Day: day("2026-11-20"), Adviser: adviser, Known: true, Urgent: urgent,
			Received: day("2026-11-10"), Due: day("2026-11-17"), AGB: "12345678", Provider: "ZBC"}
	}
	var src fakeSource
	for i, o := range authz.Outcomes {
		for range i + 1 { // outcome i is counted i+1 times
			src.facts = append(src.facts, fact(o, false, "a"))
		}
	}
	src.facts = append(src.facts,
		fact(authz.OutcomeApprovedOnReconsideration, true, "b"),
		fact(authz.OutcomeUpheld, true, "b"),
		store.Facts{Outcome: authz.OutcomeRejected, Code: authz.RejectOther, Day: day("2026-11-21"), Adviser: "b"}, // purged without facts
	)
	src.rows = []store.Row{
		{State: authz.StateReconsideration, Due: day("2026-12-31"), Provider: "ZBC"},
		{State: authz.StateOpen, Due: day("2026-11-01"), Provider: "Elders"},
		{State: authz.StateWaiting, Due: day("2026-12-01"), Provider: "Nieuw", RegisterFacts: true, AGB: "99999999"},
		{State: authz.StateApproved},
		{State: authz.StateOpen, Due: day("2026-11-01")}, // after a decided row: not read
	}
	r, err := Build(&src, Options{Today: day("2026-12-01")})
	if err != nil {
		t.Fatal(err)
	}
	v := asJSON(t, r)
	want(t, v, "decisions", `{"approved":1,"rejected":3,"info_requested":3,"rejection_proposed":4,"concurred":5,"overturned":6,
		"reconsideration_requested":7,"approved_on_reconsideration":9,"upheld":10}`)
	want(t, v, "final", `{
		"standard":{"decided":8,"approved":1,"rejected":7,"within_due":0,"mean_days":10,"median_days":10,"approved_on_reconsideration":8,"upheld":9},
		"expedited":{"decided":0,"approved":0,"rejected":0,"within_due":0,"mean_days":0,"median_days":0,"approved_on_reconsideration":1,"upheld":1}}`)
	want(t, v, "backlog", `{"open":1,"second_review":0,"reconsideration":1,"waiting":1,"overdue":1}`)
	// Providers by AGB: the decisions' ZBC (its row found by name), the
	// queue's Elders (an older row without AGB) and Nieuw (with).
	var got []string
	for _, p := range r.Providers {
		got = append(got, fmt.Sprintf("%s %s %d/%d", p.AGB, p.Name, p.Requests, p.Undecided))
	}
	if w := []string{" Elders 0/1", "99999999 Nieuw 0/1", "12345678 ZBC 0/1"}; !reflect.DeepEqual(got, w) {
		t.Errorf("providers %q, want %q", got, w)
	}
	want(t, v, "advisers", `[{"adviser":"a","decisions":45,"second_reviews":11,"reconsiderations":17},{"adviser":"b","decisions":3,"second_reviews":0,"reconsiderations":2}]`)
	want(t, v, "decisions_without_facts", `1`)
	// The purged request's rejection counts by code, not in the timeliness.
	if r.ByReasonCode[4] != 1 {
		t.Errorf("by reason code other = %d, want 1", r.ByReasonCode[4])
	}
}

func TestHistogram(t *testing.T) {
	for _, c := range []struct {
		days         []int
		mean, median float64
	}{
		{nil, 0, 0},
		{[]int{4}, 4, 4},
		{[]int{1, 2}, 1.5, 1.5},
		{[]int{9, 1, 5}, 5, 5},
		{[]int{0, 0, 7, 1}, 2, 0.5},
		{[]int{3, 3, 3, 10, 10, 1}, 5, 3},
		{[]int{2, 2, 40}, 44.0 / 3, 2},
		{[]int{-1, 3}, 1, 1}, // decided before the day received: counted as it is
		{[]int{-5, 600, 2}, 199, 2},
		{[]int{700, 600}, 650, 650},
		{[]int{-3, -1, 549, 550}, 273.75, 274},
	} {
		var h histogram
		for _, d := range c.days {
			h.add(d)
		}
		if h.mean() != c.mean || h.median() != c.median {
			t.Errorf("%v: mean %v median %v, want %v and %v", c.days, h.mean(), h.median(), c.mean, c.median)
		}
	}
}

// Reconsideration on a real store: 3 (an urgent direct rejection by bob)
// is upheld by alice; 4 (urgent, proposed by alice, concurred by bob) is
// approved on reconsideration by a third adviser, for fewer minutes; the
// objection to a fresh rejection of 7 waits in the backlog, due 42 days
// after it arrived.
func TestReconsiderationIsCounted(t *testing.T) {
	s, _ := fixture(t)
	carol := store.Actor{Adviser: "c.jansen", AccessPoint: "test"}
	decide := func(a store.Actor, n int, on string, ask authz.Ask) {
		t.Helper()
		if _, err := s.Decide(a, fmt.Sprintf("MA-2026-%04d", n), ask, day(on)); err != nil {
			t.Fatalf("decide %d %s on %s: %v", n, ask.Action, on, err)
		}
	}
	decide(alice, 3, "2026-11-20", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar", Received: day("2026-11-19")})
	decide(alice, 3, "2026-11-25", authz.Ask{Action: authz.ActionUphold, Reason: "blijft onvolledig"})
	decide(alice, 4, "2026-11-20", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar"})
	decide(carol, 4, "2026-11-27", authz.Ask{Action: authz.ActionApprove, Minutes: 600})
	decide(bob, 7, "2026-12-02", authz.Ask{Action: authz.ActionReject, Code: authz.RejectIncomplete, Reason: "onvolledig"})
	decide(alice, 7, "2026-12-03", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar", Received: day("2026-10-25")})

	r, err := Build(s, Options{Today: fixtureToday})
	if err != nil {
		t.Fatal(err)
	}
	v := asJSON(t, r)
	want(t, v, "decisions", `{"approved":3,"rejected":2,"info_requested":1,"rejection_proposed":3,"concurred":1,"overturned":1,
		"reconsideration_requested":3,"approved_on_reconsideration":1,"upheld":1}`)
	if e := r.Expedited; e.ApprovedOnReconsideration != 1 || e.Upheld != 1 || e.Decided != 2 {
		t.Errorf("expedited %+v", e)
	}
	if std := r.Standard; std.ApprovedOnReconsideration != 0 || std.Upheld != 0 || std.Decided != 4 || std.Rejected != 1 {
		t.Errorf("standard %+v", std)
	}
	want(t, v, "partial_approvals", `3`)
	// 7's objection arrived 10-25: due 12-06, before today.
	want(t, v, "backlog", `{"open":2,"second_review":1,"reconsideration":1,"waiting":1,"overdue":4}`)
	want(t, v, "advisers", `[
		{"adviser":"a.devries","decisions":9,"second_reviews":0,"reconsiderations":1},
		{"adviser":"c.jansen","decisions":1,"second_reviews":0,"reconsiderations":1},
		{"adviser":"m.bakker","decisions":6,"second_reviews":2,"reconsiderations":0}]`)
}

// Purge removes the versions of long-decided requests but keeps their
// decisions' facts: the figures of the period stay exactly as they were.
func TestFiguresStayAfterPurge(t *testing.T) {
	s, _ := fixture(t)
	before := func() string {
		r, err := Build(s, Options{Today: fixtureToday, Until: day("2026-11-30")})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := r.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	was := before()
	res, err := s.Purge(alice, day("2026-12-31"), false)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.IDs) != 5 { // 1, 2, 3, 4 and 10: final decisions
		t.Fatalf("purged %v", res.IDs)
	}
	if now := before(); now != was {
		t.Errorf("the figures changed with the purge:\nbefore %s\nafter  %s", was, now)
	}
}

func TestDayNumber(t *testing.T) {
	start := day("1999-12-25")
	for i := 0; i < 12000; i += 7 {
		a := start.AddDays(i)
		for _, j := range []int{0, 1, 2, 30, 59, 365, 366, 1461} {
			b := a.AddDays(j)
			if got, want := dayNumber(b)-dayNumber(a), a.DaysUntil(b); got != want {
				t.Fatalf("%s to %s: %d days, want %d", a, b, got, want)
			}
		}
	}
}
