package authz

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// Histories of decisions for the reconsideration rules.
func rejectedBy(adviser string) []Decision {
	return []Decision{{ID: "MA-1", Outcome: OutcomeRejected, ReasonCode: RejectIncomplete, Reason: "onvolledig", Adviser: adviser, DecidedAt: testNow.Add(-48 * time.Hour)}}
}

func fourEyes(proposer, concurrer string) []Decision {
	return []Decision{
		{ID: "MA-1", Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated, Reason: "niet geïndiceerd", Adviser: proposer, DecidedAt: testNow.Add(-72 * time.Hour)},
		{ID: "MA-1", Outcome: OutcomeConcurred, ReasonCode: RejectNotIndicated, Reason: "niet geïndiceerd", Adviser: concurrer, DecidedAt: testNow.Add(-48 * time.Hour)},
	}
}

func objected(history []Decision, received string) []Decision {
	return append(append([]Decision(nil), history...), Decision{ID: "MA-1", Outcome: OutcomeReconsiderationRequested,
		Reason: "bezwaar", ObjectionReceived: day(received), Adviser: "intake", DecidedAt: testNow.Add(-24 * time.Hour)})
}

// reconCase is one row of a reconsideration table.
type reconCase struct {
	name      string
	mutate    func(r *Request)
	state     State
	history   []Decision
	identity  Identity
	ask       Ask
	today     Date // checkDay when zero
	refusal   error
	wantState State
	check     func(t *testing.T, d Decision)
}

func runRecon(t *testing.T, tests []reconCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestWith(tt.mutate)
			before := requestWith(tt.mutate)
			history := append([]Decision(nil), tt.history...)
			today := tt.today
			if today == 0 {
				today = checkDay
			}
			if tt.ask.Adviser == "" {
				tt.ask.Adviser = "erik"
			}
			c := Case{Request: r, State: tt.state, Decisions: history, Identity: tt.identity}
			d, st, err := Decide(c, tt.ask, today, testNow)
			if !reflect.DeepEqual(r, before) || !reflect.DeepEqual(history, tt.history) {
				t.Errorf("Decide changed the request or the history")
			}
			if tt.refusal != nil {
				if err == nil {
					t.Fatalf("allowed (%s, %+v), want %T", st, d, tt.refusal)
				}
				if reflect.TypeOf(err) != reflect.TypeOf(tt.refusal) {
					t.Fatalf("refusal %T (%v), want %T", err, err, tt.refusal)
				}
				if _, generic := tt.refusal.(*Refusal); !generic && !reflect.DeepEqual(err, tt.refusal) {
					t.Errorf("refusal %#v, want %#v", err, tt.refusal)
				}
				if !errors.Is(err, ErrRefused) {
					t.Errorf("errors.Is(%v, ErrRefused) is false", err)
				}
				if msg := err.Error(); msg == "" || strings.Contains(msg, "\n") || ControlProblem(msg) != "" {
					t.Errorf("refusal %q is not one safe line", msg)
				}
				if !reflect.DeepEqual(d, Decision{}) || st != 0 {
					t.Errorf("a refusal returned a decision %+v, state %s", d, st)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			if st != tt.wantState {
				t.Errorf("new state %s, want %s", st, tt.wantState)
			}
			if d.ID != r.ID || d.Adviser != tt.ask.Adviser || !d.DecidedAt.Equal(testNow) || d.Today != today {
				t.Errorf("decision %+v: wrong id, adviser, time or day", d)
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}
}

// reconsider: allowed in state rejected, with the objection (--reason),
// received today or earlier (default today); once per request.
func TestDecideReconsider(t *testing.T) {
	ask := func(reason, received string) Ask {
		a := Ask{Action: ActionReconsider, Reason: reason}
		if received != "" {
			a.Received = day(received)
		}
		return a
	}
	wantObjection := func(received string) func(t *testing.T, d Decision) {
		return func(t *testing.T, d Decision) {
			t.Helper()
			if d.Outcome != OutcomeReconsiderationRequested || d.ObjectionReceived != day(received) || d.Reason != "het bezwaar" {
				t.Errorf("decision %s, objection received %s, reason %q; want reconsideration_requested, %s, %q", d.Outcome, d.ObjectionReceived, d.Reason, received, "het bezwaar")
			}
			if d.ReasonCode != RejectNone || d.ApprovedMinutes != 0 || d.ItemsRequested != nil {
				t.Errorf("a reconsideration request with a code, minutes or items: %+v", d)
			}
			if due := ReconsiderationDue(d.ObjectionReceived); due != day(received).AddDays(42) {
				t.Errorf("due %s", due)
			}
		}
	}
	rejected := rejectedBy("alice")
	runRecon(t, []reconCase{
		{name: "received today by default", state: StateRejected, history: rejected, ask: ask("  het bezwaar ", ""), wantState: StateReconsideration, check: wantObjection("2026-12-01")},
		{name: "received earlier", state: StateRejected, history: rejected, ask: ask("het bezwaar", "2026-11-20"), wantState: StateReconsideration, check: wantObjection("2026-11-20")},
		{name: "received today, given", state: StateRejected, history: rejected, ask: ask("het bezwaar", "2026-12-01"), wantState: StateReconsideration, check: wantObjection("2026-12-01")},
		{name: "the rejecting adviser may record the objection", state: StateRejected, history: rejected, ask: Ask{Action: ActionReconsider, Reason: "het bezwaar", Adviser: "alice"}, wantState: StateReconsideration, check: wantObjection("2026-12-01")},
		{name: "after a four-eyes rejection", state: StateRejected, history: fourEyes("alice", "bob"), ask: ask("het bezwaar", ""), wantState: StateReconsideration, check: wantObjection("2026-12-01")},
		{name: "after treatment started", state: StateRejected, history: rejected, today: day("2027-01-05"), ask: ask("het bezwaar", "2027-01-04"), wantState: StateReconsideration, check: wantObjection("2027-01-04")},

		{name: "received tomorrow", state: StateRejected, history: rejected, ask: ask("het bezwaar", "2026-12-02"),
			refusal: &ObjectionInTheFutureError{ID: "MA-1", Received: day("2026-12-02"), Today: checkDay}},
		{name: "no objection", state: StateRejected, history: rejected, ask: ask("", ""), refusal: &ObjectionMissingError{ID: "MA-1"}},
		{name: "blank objection", state: StateRejected, history: rejected, ask: ask(" \t\n ", ""), refusal: &ObjectionMissingError{ID: "MA-1"}},
		{name: "open", state: StateOpen, ask: ask("het bezwaar", ""), refusal: &NotRejectedError{ID: "MA-1", State: StateOpen}},
		{name: "waiting", state: StateWaiting, ask: ask("het bezwaar", ""), refusal: &NotRejectedError{ID: "MA-1", State: StateWaiting}},
		{name: "second review", state: StateSecondReview, history: fourEyes("alice", "bob")[:1], ask: ask("het bezwaar", ""), refusal: &NotRejectedError{ID: "MA-1", State: StateSecondReview}},
		{name: "approved", state: StateApproved, ask: ask("het bezwaar", ""), refusal: &NotRejectedError{ID: "MA-1", State: StateApproved}},
		{name: "in reconsideration already", state: StateReconsideration, history: objected(rejected, "2026-11-28"), ask: ask("nog een bezwaar", ""),
			refusal: &AlreadyReconsideredError{ID: "MA-1", Received: day("2026-11-28")}},
		{name: "upheld: once only", state: StateRejected, ask: ask("nog een bezwaar", ""),
			history: append(objected(rejected, "2026-11-28"), Decision{Outcome: OutcomeUpheld, Adviser: "erik", ReasonCode: RejectIncomplete}),
			refusal: &AlreadyReconsideredError{ID: "MA-1", Received: day("2026-11-28")}},
		{name: "approved on reconsideration: once only", state: StateApproved, ask: ask("nog een bezwaar", ""),
			history: append(objected(rejected, "2026-11-28"), Decision{Outcome: OutcomeApprovedOnReconsideration, Adviser: "erik"}),
			refusal: &AlreadyReconsideredError{ID: "MA-1", Received: day("2026-11-28")}},
	})
}

// approve in state reconsideration: every item ok or not applicable,
// identity not not_insured or mismatch, a started treatment no bar, minutes
// and period as for approve; only by an adviser who took no part in the
// rejection.
func TestDecideApproveOnReconsideration(t *testing.T) {
	approve := Ask{Action: ActionApprove}
	by := func(adviser string) Ask { a := approve; a.Adviser = adviser; return a }
	rejected := objected(rejectedBy("alice"), "2026-11-28")
	fe := objected(fourEyes("alice", "bob"), "2026-11-28")
	want := func(from, until string, minutes int64) func(t *testing.T, d Decision) {
		return func(t *testing.T, d Decision) {
			t.Helper()
			if d.Outcome != OutcomeApprovedOnReconsideration || d.ValidFrom.String() != from || d.ValidUntil.String() != until || d.ApprovedMinutes != minutes {
				t.Errorf("%s %s..%s %d minutes, want approved_on_reconsideration %s..%s %d", d.Outcome, d.ValidFrom, d.ValidUntil, d.ApprovedMinutes, from, until, minutes)
			}
			if d.ReasonCode != RejectNone {
				t.Errorf("an approval with a reason code: %+v", d)
			}
		}
	}
	whole := want("2026-12-14", "2027-02-26", 2400)
	overturned := objected(append([]Decision{
		{Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated, Adviser: "bob"},
		{Outcome: OutcomeOverturned, Adviser: "carol"},
	}, rejectedBy("dave")...), "2026-11-28")
	runRecon(t, []reconCase{
		{name: "by another adviser", state: StateReconsideration, history: rejected, ask: approve, wantState: StateApproved, check: whole},
		{name: "after a four-eyes rejection, by a third adviser", state: StateReconsideration, history: fe, ask: by("carol"), wantState: StateApproved, check: whole},
		{name: "treatment started: no bar", state: StateReconsideration, history: rejected, ask: approve, today: day("2027-01-05"), wantState: StateApproved, check: whole},
		{name: "treatment starts today: no bar", state: StateReconsideration, history: rejected, ask: approve, today: day("2026-12-14"), wantState: StateApproved, check: whole},
		{name: "identity verified", state: StateReconsideration, history: rejected, identity: IdentityVerified, ask: approve, wantState: StateApproved, check: whole},
		{name: "contracted provider: no bar", state: StateReconsideration, history: rejected, mutate: func(r *Request) { r.Provider.Contracted = ptr(true) }, ask: approve, wantState: StateApproved, check: whole},
		{name: "outpatient without admission indication", state: StateReconsideration, history: rejected,
			mutate: func(r *Request) { r.Setting, r.AdmissionIndication = SettingOutpatient, nil }, ask: approve, wantState: StateApproved, check: whole},
		{name: "partial: minutes and period", state: StateReconsideration, history: rejected,
			ask: Ask{Action: ActionApprove, Minutes: 1200, From: day("2027-01-01"), Until: day("2027-01-31")}, wantState: StateApproved, check: want("2027-01-01", "2027-01-31", 1200)},
		{name: "the proposer of an overturned earlier proposal took no part in this rejection", state: StateReconsideration, history: overturned, ask: by("bob"), wantState: StateApproved, check: whole},

		{name: "the adviser who rejected", state: StateReconsideration, history: rejected, ask: by("alice"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeRejected}},
		{name: "the adviser who rejected, spelt with spaces", state: StateReconsideration, history: rejected, ask: by(" alice "),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeRejected}},
		{name: "the proposer of a four-eyes rejection", state: StateReconsideration, history: fe, ask: by("alice"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeRejectionProposed}},
		{name: "the one who concurred", state: StateReconsideration, history: fe, ask: by("bob"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "bob", Action: ActionApprove, Part: OutcomeConcurred}},
		{name: "the one who rejected after an overturn", state: StateReconsideration, history: overturned, ask: by("dave"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "dave", Action: ActionApprove, Part: OutcomeRejected}},
		{name: "an item missing", state: StateReconsideration, history: rejected, mutate: func(r *Request) { r.Practitioners = nil }, ask: approve,
			refusal: &ItemsNotAcceptableError{ID: "MA-1", Items: []ItemResult{{Item: ItemPractitioners, Status: StatusMissing}}}},
		{name: "an item late", state: StateReconsideration, history: rejected, mutate: func(r *Request) { r.Codes.Date = day("2026-12-14") }, ask: approve,
			refusal: &ItemsNotAcceptableError{ID: "MA-1", Items: []ItemResult{{Item: ItemCodes, Status: StatusLate, Detail: "dated 2026-12-14, treatment starts 2026-12-14"}}}},
		{name: "not insured", state: StateReconsideration, history: rejected, identity: IdentityNotInsured, ask: approve,
			refusal: &IdentityBarsApprovalError{ID: "MA-1", Identity: IdentityNotInsured}},
		{name: "identity mismatch", state: StateReconsideration, history: rejected, identity: IdentityMismatch, ask: approve,
			refusal: &IdentityBarsApprovalError{ID: "MA-1", Identity: IdentityMismatch}},
		{name: "more minutes than requested", state: StateReconsideration, history: rejected, ask: Ask{Action: ActionApprove, Minutes: 2401}, refusal: &Refusal{}},
		{name: "period outside the plan", state: StateReconsideration, history: rejected, ask: Ask{Action: ActionApprove, Until: day("2027-03-01")}, refusal: &Refusal{}},
		{name: "no rejection on record", state: StateReconsideration, ask: approve, refusal: &NoRejectionOnRecordError{ID: "MA-1"}},
		{name: "rejected, not in reconsideration", state: StateRejected, history: rejectedBy("alice"), ask: approve, refusal: &Refusal{}},
	})
}

// uphold: state reconsideration, a motivation, an adviser who took no part
// in the rejection; the rejection becomes final again, with its code.
func TestDecideUphold(t *testing.T) {
	up := func(adviser, reason string) Ask { return Ask{Action: ActionUphold, Adviser: adviser, Reason: reason} }
	rejected := objected(rejectedBy("alice"), "2026-11-28")
	fe := objected(fourEyes("alice", "bob"), "2026-11-28")
	want := func(code RejectCode) func(t *testing.T, d Decision) {
		return func(t *testing.T, d Decision) {
			t.Helper()
			if d.Outcome != OutcomeUpheld || d.ReasonCode != code || d.Reason != "blijft afgewezen" {
				t.Errorf("%s %s %q, want upheld %s", d.Outcome, d.ReasonCode, d.Reason, code)
			}
		}
	}
	runRecon(t, []reconCase{
		{name: "by another adviser", state: StateReconsideration, history: rejected, ask: up("erik", "blijft afgewezen"), wantState: StateRejected, check: want(RejectIncomplete)},
		{name: "four-eyes, by a third", state: StateReconsideration, history: fe, ask: up("carol", "blijft afgewezen"), wantState: StateRejected, check: want(RejectNotIndicated)},
		{name: "even when every item is missing", state: StateReconsideration, history: rejected, mutate: func(r *Request) { r.Referral, r.Codes = nil, nil },
			ask: up("erik", "blijft afgewezen"), wantState: StateRejected, check: want(RejectIncomplete)},

		{name: "no motivation", state: StateReconsideration, history: rejected, ask: up("erik", " "), refusal: &UpholdReasonMissingError{ID: "MA-1"}},
		{name: "the adviser who rejected", state: StateReconsideration, history: rejected, ask: up("alice", "x"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionUphold, Part: OutcomeRejected}},
		{name: "the proposer", state: StateReconsideration, history: fe, ask: up("alice", "x"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionUphold, Part: OutcomeRejectionProposed}},
		{name: "the one who concurred", state: StateReconsideration, history: fe, ask: up("bob", "x"),
			refusal: &TookPartInRejectionError{ID: "MA-1", Adviser: "bob", Action: ActionUphold, Part: OutcomeConcurred}},
		{name: "rejected, not in reconsideration", state: StateRejected, history: rejectedBy("alice"), ask: up("erik", "x"),
			refusal: &NotInReconsiderationError{ID: "MA-1", State: StateRejected, Action: ActionUphold}},
		{name: "open", state: StateOpen, ask: up("erik", "x"), refusal: &NotInReconsiderationError{ID: "MA-1", State: StateOpen, Action: ActionUphold}},
		{name: "approved", state: StateApproved, ask: up("erik", "x"), refusal: &NotInReconsiderationError{ID: "MA-1", State: StateApproved, Action: ActionUphold}},
		{name: "no rejection on record", state: StateReconsideration, ask: up("erik", "x"), refusal: &NoRejectionOnRecordError{ID: "MA-1"}},
	})
}

// The whole flow: reject, object, uphold, and no second objection; or
// reject, object, approve, and no objection to that.
func TestReconsiderationFlow(t *testing.T) {
	r := validRequest()
	var history []Decision
	state := StateOpen
	step := func(ask Ask, today Date) error {
		t.Helper()
		c := Case{Request: r, State: state, Decisions: history}
		if state == StateSecondReview {
			c.Proposal = &history[len(history)-1]
		}
		d, st, err := Decide(c, ask, today, testNow)
		if err == nil {
			history = append(history, d)
			state = st
		}
		return err
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(step(Ask{Action: ActionReject, Adviser: "alice", Code: RejectOther, Reason: "anders"}, checkDay))
	must(step(Ask{Action: ActionReconsider, Adviser: "alice", Reason: "bezwaar", Received: day("2026-11-30")}, checkDay))
	if state != StateReconsideration || history[1].ObjectionReceived != day("2026-11-30") {
		t.Fatalf("state %s, objection %s", state, history[1].ObjectionReceived)
	}
	var took *TookPartInRejectionError
	if err := step(Ask{Action: ActionUphold, Adviser: "alice", Reason: "x"}, checkDay); !errors.As(err, &took) {
		t.Fatalf("the rejecting adviser upholds: %v", err)
	}
	must(step(Ask{Action: ActionUphold, Adviser: "bob", Reason: "blijft"}, checkDay))
	if state != StateRejected || history[2].Outcome != OutcomeUpheld || history[2].ReasonCode != RejectOther {
		t.Fatalf("after uphold: %s %+v", state, history[2])
	}
	var again *AlreadyReconsideredError
	if err := step(Ask{Action: ActionReconsider, Adviser: "carol", Reason: "nog eens"}, checkDay); !errors.As(err, &again) {
		t.Fatalf("second objection: %v", err)
	}
	if err := step(Ask{Action: ActionApprove, Adviser: "carol"}, checkDay); err == nil {
		t.Fatal("an upheld rejection was approved")
	}

	r, history, state = validRequest(), nil, StateOpen
	must(step(Ask{Action: ActionReject, Adviser: "alice", Code: RejectNotIndicated, Reason: "niet"}, checkDay))
	must(step(Ask{Action: ActionConcur, Adviser: "bob"}, checkDay))
	must(step(Ask{Action: ActionReconsider, Adviser: "intake", Reason: "bezwaar"}, day("2027-01-10")))
	must(step(Ask{Action: ActionApprove, Adviser: "carol", Minutes: 600}, day("2027-01-20")))
	if state != StateApproved || history[3].Outcome != OutcomeApprovedOnReconsideration || history[3].ApprovedMinutes != 600 {
		t.Fatalf("after approval on reconsideration: %s %+v", state, history[3])
	}
	if err := step(Ask{Action: ActionReconsider, Adviser: "dave", Reason: "x"}, day("2027-01-21")); !errors.As(err, &again) {
		t.Fatalf("objection after approval on reconsideration: %v", err)
	}
}

// In state reconsideration the verdict is computed as for an undecided
// request: a started treatment shows as started.
func TestVerdictInReconsideration(t *testing.T) {
	r := validRequest()
	if v := Check(r, StateReconsideration, checkDay).Verdict; v != VerdictComplete {
		t.Errorf("before the start: %s, want complete", v)
	}
	if v := Check(r, StateReconsideration, day("2026-12-14")).Verdict; v != VerdictStarted {
		t.Errorf("on the start day: %s, want started", v)
	}
	if v := Check(r, StateRejected, day("2026-12-14")).Verdict; v == VerdictStarted {
		t.Errorf("a rejected request shows started")
	}
}

// Every reconsideration refusal says something in one line.
func TestReconsiderationRefusalTexts(t *testing.T) {
	for _, err := range []error{
		&NotRejectedError{ID: "MA-1", State: StateOpen},
		&AlreadyReconsideredError{ID: "MA-1", Received: checkDay},
		&ObjectionMissingError{ID: "MA-1"},
		&ObjectionInTheFutureError{ID: "MA-1", Received: checkDay.AddDays(1), Today: checkDay},
		&NotInReconsiderationError{ID: "MA-1", State: StateOpen, Action: ActionUphold},
		&TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeRejected},
		&TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeRejectionProposed},
		&TookPartInRejectionError{ID: "MA-1", Adviser: "alice", Action: ActionApprove, Part: OutcomeConcurred},
		&ItemsNotAcceptableError{ID: "MA-1", Items: []ItemResult{{Item: ItemCodes, Status: StatusMissing}}},
		&IdentityBarsApprovalError{ID: "MA-1", Identity: IdentityMismatch},
		&UpholdReasonMissingError{ID: "MA-1"},
		&NoRejectionOnRecordError{ID: "MA-1"},
	} {
		msg := err.Error()
		if !errors.Is(err, ErrRefused) || strings.ContainsAny(msg, "\n\r") || !strings.Contains(msg, "MA-1") && !strings.Contains(msg, "alice") {
			t.Errorf("%T: %q", err, msg)
		}
	}
}
