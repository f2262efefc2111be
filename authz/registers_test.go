package authz

import (
	"slices"
	"testing"
)

// insuredRow is a register row of the base request's insured.
func insuredRow(from, until string) InsuredRow {
	r := InsuredRow{BSN: "123456782", BirthDate: day("1961-04-17"), PolicyNumber: "100234567", Cover: Cover{From: day(from)}}
	if until != "" {
		r.Until = day(until)
	}
	return r
}

// Identity: unchecked without a register; not_insured when no row of the
// BSN covers the start day; mismatch on birth date or on two policy numbers
// that differ; else verified. The base request starts 2026-12-14.
func TestIdentityOf(t *testing.T) {
	start := day("2026-12-14")
	with := func(r InsuredRow, f func(*InsuredRow)) InsuredRow { f(&r); return r }
	tests := []struct {
		name   string
		loaded bool
		rows   []InsuredRow
		mutate func(*Request)
		want   Identity
	}{
		{"no register loaded", false, []InsuredRow{insuredRow("2020-01-01", "")}, nil, IdentityUnchecked},
		{"no register loaded, no rows", false, nil, nil, IdentityUnchecked},
		{"loaded, BSN unknown", true, nil, nil, IdentityNotInsured},
		{"open-ended from long ago", true, []InsuredRow{insuredRow("2020-01-01", "")}, nil, IdentityVerified},
		{"starting on the start day", true, []InsuredRow{insuredRow("2026-12-14", "")}, nil, IdentityVerified},
		{"starting the day after the start day", true, []InsuredRow{insuredRow("2026-12-15", "")}, nil, IdentityNotInsured},
		{"ending on the start day", true, []InsuredRow{insuredRow("2020-01-01", "2026-12-14")}, nil, IdentityVerified},
		{"ending the day before the start", true, []InsuredRow{insuredRow("2020-01-01", "2026-12-13")}, nil, IdentityNotInsured},
		{"one day, the start day", true, []InsuredRow{insuredRow("2026-12-14", "2026-12-14")}, nil, IdentityVerified},
		{"an earlier row ended, a later one covers", true, []InsuredRow{insuredRow("2015-01-01", "2019-12-31"), insuredRow("2020-01-01", "")}, nil, IdentityVerified},
		{"a gap over the start day", true, []InsuredRow{insuredRow("2015-01-01", "2026-12-13"), insuredRow("2026-12-15", "")}, nil, IdentityNotInsured},
		{"birth date differs", true, []InsuredRow{with(insuredRow("2020-01-01", ""), func(r *InsuredRow) { r.BirthDate = day("1961-04-18") })}, nil, IdentityMismatch},
		{"policy number differs", true, []InsuredRow{with(insuredRow("2020-01-01", ""), func(r *InsuredRow) { r.PolicyNumber = "099887766" })}, nil, IdentityMismatch},
		{"policy number absent in the register", true, []InsuredRow{with(insuredRow("2020-01-01", ""), func(r *InsuredRow) { r.PolicyNumber = "" })}, nil, IdentityVerified},
		{"policy number absent in the request", true, []InsuredRow{with(insuredRow("2020-01-01", ""), func(r *InsuredRow) { r.PolicyNumber = "099887766" })}, func(r *Request) { r.Insured.PolicyNumber = "" }, IdentityVerified},
		{"the covering row decides, not an earlier one", true, []InsuredRow{with(insuredRow("2015-01-01", "2019-12-31"), func(r *InsuredRow) { r.BirthDate = day("1970-01-01") }), insuredRow("2020-01-01", "")}, nil, IdentityVerified},
		{"not insured beats a birth date that differs", true, []InsuredRow{with(insuredRow("2015-01-01", "2019-12-31"), func(r *InsuredRow) { r.BirthDate = day("1970-01-01") })}, nil, IdentityNotInsured},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestWith(tt.mutate)
			got, row := IdentityOf(tt.loaded, tt.rows, r.Insured, start)
			if got != tt.want {
				t.Errorf("identity %s, want %s", got, tt.want)
			}
			if (row != nil) != (got == IdentityVerified || got == IdentityMismatch) {
				t.Errorf("identity %s came with row %+v", got, row)
			}
		})
	}
}

// Contract: unchecked without a register; contracted when a row of the AGB
// covers the start day, else not_contracted.
func TestContractOf(t *testing.T) {
	row := func(from, until string) ProviderRow {
		r := ProviderRow{AGB: "22012345", Name: "Revalidatiekliniek Amersfoort", Cover: Cover{From: day(from)}}
		if until != "" {
			r.Until = day(until)
		}
		return r
	}
	tests := []struct {
		name   string
		loaded bool
		rows   []ProviderRow
		start  string
		want   Contract
	}{
		{"no register loaded", false, []ProviderRow{row("2026-01-01", "2026-12-31")}, "2026-12-14", ContractUnchecked},
		{"loaded, AGB unknown", true, nil, "2026-12-14", ContractNotContracted},
		{"within the contract year", true, []ProviderRow{row("2026-01-01", "2026-12-31")}, "2026-12-14", ContractContracted},
		{"the year's last day, 31 December", true, []ProviderRow{row("2026-01-01", "2026-12-31")}, "2026-12-31", ContractContracted},
		{"the day after the year ends, 1 January", true, []ProviderRow{row("2026-01-01", "2026-12-31")}, "2027-01-01", ContractNotContracted},
		{"the next year's contract covers 1 January", true, []ProviderRow{row("2026-01-01", "2026-12-31"), row("2027-01-01", "2027-12-31")}, "2027-01-01", ContractContracted},
		{"starting on the start day", true, []ProviderRow{row("2026-12-14", "")}, "2026-12-14", ContractContracted},
		{"starting the day after", true, []ProviderRow{row("2026-12-15", "")}, "2026-12-14", ContractNotContracted},
		{"ending the day before the start", true, []ProviderRow{row("2025-01-01", "2026-12-13")}, "2026-12-14", ContractNotContracted},
		{"open-ended", true, []ProviderRow{row("2020-01-01", "")}, "2030-06-01", ContractContracted},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := ContractOf(tt.loaded, tt.rows, day(tt.start)); got != tt.want {
				t.Errorf("contract %s, want %s", got, tt.want)
			}
		})
	}
}

// Verdict with registers, first match wins: not_required (the register
// decides when loaded), not_insured, started, unverified, complete,
// incomplete.
func TestVerdictPrecedenceWithRegisters(t *testing.T) {
	start := day("2026-12-14")
	contracted := func(r *Request) { r.Provider.Contracted = ptr(true) }
	incomplete := func(r *Request) { r.Codes = nil }
	tests := []struct {
		name   string
		mutate func(*Request)
		f      Findings
		state  State
		today  Date
		want   Verdict
	}{
		{"unchecked: the request's flag decides", contracted, Findings{}, StateOpen, checkDay, VerdictNotRequired},
		{"register contracted beats the request's false", nil, Findings{Contract: ContractContracted}, StateOpen, checkDay, VerdictNotRequired},
		{"register not_contracted beats the request's true", contracted, Findings{Contract: ContractNotContracted}, StateOpen, checkDay, VerdictComplete},
		{"not_required beats not_insured", nil, Findings{Identity: IdentityNotInsured, Contract: ContractContracted}, StateOpen, checkDay, VerdictNotRequired},
		{"not_insured", nil, Findings{Identity: IdentityNotInsured, Contract: ContractNotContracted}, StateOpen, checkDay, VerdictNotInsured},
		{"not_insured beats started", nil, Findings{Identity: IdentityNotInsured}, StateOpen, start, VerdictNotInsured},
		{"not_insured beats incomplete", incomplete, Findings{Identity: IdentityNotInsured}, StateOpen, checkDay, VerdictNotInsured},
		{"started beats unverified", nil, Findings{Identity: IdentityMismatch}, StateOpen, start, VerdictStarted},
		{"unverified", nil, Findings{Identity: IdentityMismatch}, StateOpen, checkDay, VerdictUnverified},
		{"unverified beats incomplete", incomplete, Findings{Identity: IdentityMismatch}, StateOpen, checkDay, VerdictUnverified},
		{"verified and complete", nil, Findings{Identity: IdentityVerified, Contract: ContractNotContracted}, StateOpen, checkDay, VerdictComplete},
		{"verified and incomplete", incomplete, Findings{Identity: IdentityVerified}, StateOpen, checkDay, VerdictIncomplete},
		{"unchecked identity: as in Part 1", nil, Findings{}, StateOpen, checkDay, VerdictComplete},
		{"unverified, approved: not started", nil, Findings{Identity: IdentityMismatch}, StateApproved, start, VerdictUnverified},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := CheckWith(requestWith(tt.mutate), tt.state, tt.f, tt.today)
			if res.Verdict != tt.want {
				t.Errorf("verdict %s, want %s", res.Verdict, tt.want)
			}
			if res.Findings != tt.f {
				t.Errorf("findings %+v, want %+v", res.Findings, tt.f)
			}
		})
	}
}

// approve still needs verdict complete: a not_insured or mismatch request
// cannot be approved, and a register that says the provider is contracted
// makes it not_required.
func TestDecideApproveWithRegisters(t *testing.T) {
	approve := Ask{Action: ActionApprove}
	runDecide(t, []decideCase{
		{name: "verified", identity: IdentityVerified, contract: ContractNotContracted, ask: approve, wantState: StateApproved},
		{name: "not_insured refused", identity: IdentityNotInsured, ask: approve, refused: "not_insured"},
		{name: "mismatch refused", identity: IdentityMismatch, ask: approve, refused: "unverified"},
		{name: "register says contracted: refused", contract: ContractContracted, ask: approve, refused: "not_required"},
		{name: "register says not contracted over the request's true", mutate: func(r *Request) { r.Provider.Contracted = ptr(true) }, contract: ContractNotContracted, ask: approve, wantState: StateApproved},
		{name: "reject not_insured", identity: IdentityNotInsured, ask: Ask{Action: ActionReject, Code: RejectNotInsured, Reason: "niet verzekerd"}, wantState: StateRejected, check: wantOutcome(OutcomeRejected)},
	})
}

func TestRequestPeriod(t *testing.T) {
	plan := &TreatmentPlan{PeriodStart: day("2026-12-14"), PeriodEnd: day("2027-02-26")}
	approved := Period{From: day("2027-01-01"), Until: day("2027-01-31")}
	tests := []struct {
		name     string
		state    State
		approved Period
		plan     *TreatmentPlan
		want     Period
	}{
		{"open: the plan period", StateOpen, Period{}, plan, Period{day("2026-12-14"), day("2027-02-26")}},
		{"approved: the approved validity wins", StateApproved, approved, plan, approved},
		{"approved validity only when approved", StateWaiting, approved, plan, Period{day("2026-12-14"), day("2027-02-26")}},
		{"no plan", StateOpen, Period{}, nil, Period{}},
		{"plan without an end", StateOpen, Period{}, &TreatmentPlan{PeriodStart: day("2026-12-14")}, Period{}},
		{"plan without a start", StateOpen, Period{}, &TreatmentPlan{PeriodEnd: day("2026-12-14")}, Period{}},
		{"plan ending before it begins", StateOpen, Period{}, &TreatmentPlan{PeriodStart: day("2026-12-14"), PeriodEnd: day("2026-12-13")}, Period{}},
		{"plan of one day", StateOpen, Period{}, &TreatmentPlan{PeriodStart: day("2026-12-14"), PeriodEnd: day("2026-12-14")}, Period{day("2026-12-14"), day("2026-12-14")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RequestPeriod(tt.state, tt.approved, tt.plan); got != tt.want {
				t.Errorf("period %+v, want %+v", got, tt.want)
			}
		})
	}
}

// Overlaps: the other requests of the BSN, not rejected, whose period
// shares a day (both ends inclusive); sorted; symmetric.
func TestOverlaps(t *testing.T) {
	p := func(from, until string) Period { return Period{day(from), day(until)} }
	sibs := []Sibling{
		{ID: "A", State: StateOpen, Period: p("2026-12-01", "2026-12-31")},
		{ID: "B", State: StateApproved, Period: p("2026-12-31", "2027-01-31")}, // touches A on its last day
		{ID: "C", State: StateRejected, Period: p("2026-12-01", "2026-12-31")}, // rejected: overlaps nothing
		{ID: "D", State: StateWaiting, Period: p("2027-02-01", "2027-02-28")},  // the day after B ends
		{ID: "E", State: StateOpen}, // no period
		{ID: "F", State: StateReconsideration, Period: p("2026-11-01", "2027-03-01")},
		{ID: "G", State: StateSecondReview, Period: p("2026-12-10", "2026-12-10")},
	}
	want := map[string][]string{
		"A": {"B", "F", "G"},
		"B": {"A", "F"},
		"C": {},
		"D": {"F"},
		"E": {},
		"F": {"A", "B", "D", "G"},
		"G": {"A", "F"},
	}
	for _, s := range sibs {
		got := Overlaps(s, sibs)
		if got == nil || !slices.Equal(got, want[s.ID]) {
			t.Errorf("%s overlaps %q, want %q", s.ID, got, want[s.ID])
		}
	}
	// Symmetric: X lists Y exactly when Y lists X.
	for _, x := range sibs {
		for _, y := range Overlaps(x, sibs) {
			var ys Sibling
			for _, s := range sibs {
				if s.ID == y {
					ys = s
				}
			}
			if !slices.Contains(Overlaps(ys, sibs), x.ID) {
				t.Errorf("%s lists %s but %s does not list %s", x.ID, y, y, x.ID)
			}
		}
	}
	// Order of the siblings does not matter; the list is sorted.
	rev := slices.Clone(sibs)
	slices.Reverse(rev)
	if got := Overlaps(sibs[5], rev); !slices.Equal(got, want["F"]) {
		t.Errorf("reversed input: %q", got)
	}
	if got := Overlaps(sibs[0], nil); got == nil || len(got) != 0 {
		t.Errorf("alone: %q, want []", got)
	}
}

func TestCoverOverlaps(t *testing.T) {
	c := func(from, until string) Cover {
		r := Cover{From: day(from)}
		if until != "" {
			r.Until = day(until)
		}
		return r
	}
	tests := []struct {
		a, b Cover
		want bool
	}{
		{c("2025-01-01", "2025-12-31"), c("2026-01-01", "2026-12-31"), false},
		{c("2025-01-01", "2025-12-31"), c("2025-12-31", "2026-12-31"), true},
		{c("2025-01-01", ""), c("2030-01-01", "2030-12-31"), true},
		{c("2025-01-01", "2025-12-31"), c("2026-01-01", ""), false},
		{c("2025-01-01", ""), c("2020-01-01", ""), true},
		{c("2020-01-01", "2024-12-31"), c("2025-01-01", ""), false},
	}
	for _, tt := range tests {
		if got, back := tt.a.Overlaps(tt.b), tt.b.Overlaps(tt.a); got != tt.want || back != tt.want {
			t.Errorf("%+v overlaps %+v: %v/%v, want %v", tt.a, tt.b, got, back, tt.want)
		}
	}
}
