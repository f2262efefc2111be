package authz

import (
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"
)

// decideCase is one row of a Decide table.
type decideCase struct {
	name   string
	mutate func(r *Request)
	state  State
	prop   *Decision // the pending proposal (second review)
	// What the registers say (unchecked when zero).
	identity Identity
	contract Contract
	ask      Ask
	today    Date // checkDay when zero

	refused   string // a word of the refusal; "" when allowed
	wantState State
	check     func(t *testing.T, d Decision)
}

func runDecide(t *testing.T, tests []decideCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestWith(tt.mutate)
			before := requestWith(tt.mutate)
			today := tt.today
			if today == 0 {
				today = checkDay
			}
			if tt.ask.Adviser == "" {
				tt.ask.Adviser = "alice"
			}
			if tt.ask.Adviser == "-" {
				tt.ask.Adviser = ""
			}
			d, st, err := Decide(Case{Request: r, State: tt.state, Proposal: tt.prop, Identity: tt.identity, Contract: tt.contract}, tt.ask, today, testNow)
			if !reflect.DeepEqual(r, before) {
				t.Errorf("Decide changed the request")
			}
			if tt.refused != "" {
				if err == nil {
					t.Fatalf("allowed (%s, %+v), want refused: %s", st, d, tt.refused)
				}
				if !errors.Is(err, ErrRefused) {
					t.Errorf("errors.Is(%v, ErrRefused) is false", err)
				}
				var ref *Refusal
				if !errors.As(err, &ref) || ref.Code == 0 {
					t.Errorf("the refusal %v carries no reason", err)
				}
				if !strings.Contains(err.Error(), tt.refused) {
					t.Errorf("refusal %q does not mention %q", err, tt.refused)
				}
				if strings.Contains(err.Error(), "\n") || ControlProblem(err.Error()) != "" {
					t.Errorf("refusal %q is not one safe line", err)
				}
				if !reflect.DeepEqual(d, Decision{}) || st != 0 {
					t.Errorf("a refusal returned a decision %+v, state %s", d, st)
				}
				return
			}
			if err != nil {
				t.Fatalf("refused: %v", err)
			}
			// What Decide allows, Allowed allows before anything is filled in.
			if err := Allowed(Case{Request: r, State: tt.state, Proposal: tt.prop, Identity: tt.identity, Contract: tt.contract}, tt.ask.Action, tt.ask.Adviser, today); err != nil {
				t.Errorf("Decide allowed it, Allowed refuses: %v", err)
			}
			if st != tt.wantState {
				t.Errorf("new state %s, want %s", st, tt.wantState)
			}
			if d.ID != r.ID || d.Adviser != tt.ask.Adviser || !d.DecidedAt.Equal(testNow) || d.DecidedAt.Location() != time.UTC || d.Today != today {
				t.Errorf("decision %+v: wrong id, adviser, time (UTC) or day", d)
			}
			if tt.check != nil {
				tt.check(t, d)
			}
		})
	}
}

func wantOutcome(o Outcome) func(t *testing.T, d Decision) {
	return func(t *testing.T, d Decision) {
		t.Helper()
		if d.Outcome != o {
			t.Errorf("outcome %s, want %s", d.Outcome, o)
		}
	}
}

func wantApproval(from, until string, minutes int64) func(t *testing.T, d Decision) {
	return func(t *testing.T, d Decision) {
		t.Helper()
		if d.Outcome != OutcomeApproved || d.ValidFrom.String() != from || d.ValidUntil.String() != until || d.ApprovedMinutes != minutes {
			t.Errorf("approval %s %s..%s %d minutes, want approved %s..%s %d", d.Outcome, d.ValidFrom, d.ValidUntil, d.ApprovedMinutes, from, until, minutes)
		}
		if d.ReasonCode != RejectNone || d.ItemsRequested != nil {
			t.Errorf("an approval with a reason code or items: %+v", d)
		}
	}
}

// approve: state open or waiting, verdict complete, today before
// treatment_start; minutes 1..requested (default all); from/until within the
// plan period (default the whole period).
func TestDecideApprove(t *testing.T) {
	approve := Ask{Action: ActionApprove}
	with := func(f func(a *Ask)) Ask { a := approve; f(&a); return a }
	start := day("2026-12-14")
	all := wantApproval("2026-12-14", "2027-02-26", 2400)
	runDecide(t, []decideCase{
		{name: "open and complete", state: StateOpen, ask: approve, wantState: StateApproved, check: all},
		{name: "waiting and complete", state: StateWaiting, ask: approve, wantState: StateApproved, check: all},
		{name: "second_review refused", state: StateSecondReview, ask: approve, refused: "second_review"},
		{name: "approved refused", state: StateApproved, ask: approve, refused: "approved"},
		{name: "rejected refused", state: StateRejected, ask: approve, refused: "rejected"},
		{name: "incomplete refused", mutate: func(r *Request) { r.Practitioners = nil }, ask: approve, refused: "incomplete"},
		{name: "invalid item refused", mutate: func(r *Request) { r.Codes.DBCDeclarationCode = "1" }, ask: approve, refused: "incomplete"},
		{name: "contracted (not_required) refused", mutate: func(r *Request) { r.Provider.Contracted = ptr(true) }, ask: approve, refused: "not_required"},
		{name: "started: today is the start", ask: approve, today: start, refused: "started"},
		{name: "started: today after the start", ask: approve, today: start.AddDays(1), refused: "started"},
		{name: "waiting and started", state: StateWaiting, ask: approve, today: start, refused: "started"},
		{name: "the day before the start", ask: approve, today: start.AddDays(-1), wantState: StateApproved, check: all},
		{name: "minutes 0 means all", ask: with(func(a *Ask) { a.Minutes = 0 }), wantState: StateApproved, check: all},
		{name: "minutes 1", ask: with(func(a *Ask) { a.Minutes = 1 }), wantState: StateApproved, check: wantApproval("2026-12-14", "2027-02-26", 1)},
		{name: "minutes all requested", ask: with(func(a *Ask) { a.Minutes = 2400 }), wantState: StateApproved, check: all},
		{name: "minutes over requested", ask: with(func(a *Ask) { a.Minutes = 2401 }), refused: "2401"},
		{name: "minutes negative", ask: with(func(a *Ask) { a.Minutes = -1 }), refused: "-1"},
		{name: "from on the period start", ask: with(func(a *Ask) { a.From = start }), wantState: StateApproved, check: all},
		{name: "from and until within", ask: with(func(a *Ask) { a.From, a.Until = day("2026-12-20"), day("2027-01-31") }), wantState: StateApproved, check: wantApproval("2026-12-20", "2027-01-31", 2400)},
		{name: "from only", ask: with(func(a *Ask) { a.From = day("2027-01-04") }), wantState: StateApproved, check: wantApproval("2027-01-04", "2027-02-26", 2400)},
		{name: "until only", ask: with(func(a *Ask) { a.Until = day("2027-01-04") }), wantState: StateApproved, check: wantApproval("2026-12-14", "2027-01-04", 2400)},
		{name: "one day", ask: with(func(a *Ask) { a.From, a.Until = day("2027-01-04"), day("2027-01-04") }), wantState: StateApproved, check: wantApproval("2027-01-04", "2027-01-04", 2400)},
		{name: "until on the period end", ask: with(func(a *Ask) { a.Until = day("2027-02-26") }), wantState: StateApproved, check: all},
		{name: "from before the period", ask: with(func(a *Ask) { a.From = start.AddDays(-1) }), refused: "within the plan period"},
		{name: "until after the period", ask: with(func(a *Ask) { a.Until = day("2027-02-27") }), refused: "within the plan period"},
		{name: "from after the period", ask: with(func(a *Ask) { a.From = day("2027-02-27") }), refused: "2027-02-27"},
		{name: "until before the period", ask: with(func(a *Ask) { a.Until = day("2026-12-13") }), refused: "2026-12-13"},
		{name: "until before from", ask: with(func(a *Ask) { a.From, a.Until = day("2027-01-10"), day("2027-01-09") }), refused: "before it begins"},
		{name: "reason kept, trimmed", ask: with(func(a *Ask) { a.Reason = "  conform plan \n" }), wantState: StateApproved, check: func(t *testing.T, d Decision) {
			if d.Reason != "conform plan" {
				t.Errorf("reason %q", d.Reason)
			}
		}},
	})
}

// reject: state open or waiting, a code and a reason; not_indicated is only
// proposed and waits for a second adviser.
func TestDecideReject(t *testing.T) {
	rej := func(code RejectCode, reason string) Ask { return Ask{Action: ActionReject, Code: code, Reason: reason} }
	final := func(code RejectCode) func(t *testing.T, d Decision) {
		return func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeRejected || d.ReasonCode != code || d.Reason != "motivatie" {
				t.Errorf("decision %s %s %q, want rejected %s", d.Outcome, d.ReasonCode, d.Reason, code)
			}
		}
	}
	tests := []decideCase{
		{name: "no code", ask: rej(RejectNone, "motivatie"), refused: "reason code"},
		{name: "unknown code", ask: rej(RejectCode(42), "motivatie"), refused: "reason code"},
		{name: "no reason", ask: rej(RejectOther, ""), refused: "motivation"},
		{name: "blank reason", ask: rej(RejectOther, " \t\n "), refused: "motivation"},
		{name: "not_indicated is a proposal", ask: rej(RejectNotIndicated, "motivatie"), wantState: StateSecondReview, check: func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeRejectionProposed || d.ReasonCode != RejectNotIndicated || d.Reason != "motivatie" {
				t.Errorf("decision %s %s %q, want rejection_proposed not_indicated", d.Outcome, d.ReasonCode, d.Reason)
			}
		}},
		{name: "not_indicated while waiting", state: StateWaiting, ask: rej(RejectNotIndicated, "motivatie"), wantState: StateSecondReview, check: wantOutcome(OutcomeRejectionProposed)},
		{name: "waiting, incomplete", state: StateWaiting, ask: rej(RejectIncomplete, "motivatie"), wantState: StateRejected, check: final(RejectIncomplete)},
		{name: "second_review refused", state: StateSecondReview, ask: rej(RejectOther, "motivatie"), refused: "second_review"},
		{name: "approved refused", state: StateApproved, ask: rej(RejectOther, "motivatie"), refused: "approved"},
		{name: "rejected refused", state: StateRejected, ask: rej(RejectOther, "motivatie"), refused: "rejected"},
		{name: "started may be rejected", ask: rej(RejectStarted, "motivatie"), today: day("2026-12-20"), wantState: StateRejected, check: final(RejectStarted)},
		{name: "incomplete may be rejected", mutate: func(r *Request) { r.Codes = nil }, ask: rej(RejectIncomplete, "motivatie"), wantState: StateRejected, check: final(RejectIncomplete)},
	}
	for _, c := range []RejectCode{RejectNotRequired, RejectIncomplete, RejectStarted, RejectOther} {
		tests = append(tests, decideCase{name: "final " + c.String(), ask: rej(c, " motivatie "), wantState: StateRejected, check: final(c)})
	}
	runDecide(t, tests)
}

// request-info: state open; items default to every item not ok or
// not_applicable; an outpatient's admission_indication cannot be asked for.
func TestDecideRequestInfo(t *testing.T) {
	ask := func(items ...Item) Ask { return Ask{Action: ActionRequestInfo, Items: items} }
	def := Ask{Action: ActionRequestInfo}
	wantItems := func(items ...Item) func(t *testing.T, d Decision) {
		return func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeInfoRequested || !reflect.DeepEqual(d.ItemsRequested, items) {
				t.Errorf("decision %s %v, want info_requested %v", d.Outcome, d.ItemsRequested, items)
			}
		}
	}
	gaps := func(r *Request) {
		r.Practitioners = nil
		r.Codes.Prestatiecode = "x"
		r.Referral.Date = day("2026-12-14")
	}
	outpatientGaps := func(r *Request) { r.Setting = SettingOutpatient; r.AdmissionIndication = nil; r.Codes = nil }
	runDecide(t, []decideCase{
		{name: "default: the items not ok", mutate: gaps, ask: def, wantState: StateWaiting, check: wantItems(ItemReferral, ItemPractitioners, ItemCodes)},
		{name: "default skips not_applicable", mutate: outpatientGaps, ask: def, wantState: StateWaiting, check: wantItems(ItemCodes)},
		{name: "default with a future-dated item", mutate: func(r *Request) { r.TreatmentPlan.Date = checkDay.AddDays(1) }, ask: def, wantState: StateWaiting, check: wantItems(ItemTreatmentPlan)},
		{name: "all ok and no items", ask: def, refused: "every item ok"},
		{name: "all ok, explicit items", ask: ask(ItemTreatmentPlan), wantState: StateWaiting, check: wantItems(ItemTreatmentPlan)},
		{name: "explicit items in contract order, once", mutate: gaps, ask: ask(ItemCodes, ItemReferral, ItemCodes), wantState: StateWaiting, check: wantItems(ItemReferral, ItemCodes)},
		{name: "explicit empty list", ask: Ask{Action: ActionRequestInfo, Items: []Item{}}, refused: "at least one item"},
		{name: "unknown item", ask: ask(Item(9)), refused: "not an item"},
		{name: "outpatient admission_indication refused", mutate: outpatientGaps, ask: ask(ItemCodes, ItemAdmissionIndication), refused: "admission_indication"},
		{name: "clinical admission_indication allowed", ask: ask(ItemAdmissionIndication), wantState: StateWaiting, check: wantItems(ItemAdmissionIndication)},
		{name: "waiting refused", mutate: gaps, state: StateWaiting, ask: def, refused: "waiting"},
		{name: "second_review refused", mutate: gaps, state: StateSecondReview, ask: def, refused: "second_review"},
		{name: "approved refused", state: StateApproved, ask: ask(ItemCodes), refused: "approved"},
		{name: "rejected refused", state: StateRejected, ask: ask(ItemCodes), refused: "rejected"},
		{name: "with a reason", mutate: gaps, ask: Ask{Action: ActionRequestInfo, Reason: "graag het behandelplan"}, wantState: StateWaiting, check: func(t *testing.T, d Decision) {
			if d.Reason != "graag het behandelplan" {
				t.Errorf("reason %q", d.Reason)
			}
		}},
	})
}

// Four eyes: only another adviser can concur with or overturn a proposed
// rejection; overturning needs a reason.
func TestDecideSecondReview(t *testing.T) {
	prop := &Decision{ID: "MA-1", Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated, Reason: "niet geïndiceerd", Adviser: "alice", DecidedAt: testNow.Add(-time.Hour)}
	concur := func(who, reason string) Ask { return Ask{Action: ActionConcur, Adviser: who, Reason: reason} }
	overturn := func(who, reason string) Ask { return Ask{Action: ActionOverturn, Adviser: who, Reason: reason} }
	sr := StateSecondReview
	runDecide(t, []decideCase{
		{name: "concur by the proposer", state: sr, prop: prop, ask: concur("alice", ""), refused: "alice"},
		{name: "overturn by the proposer", state: sr, prop: prop, ask: overturn("alice", "toch wel"), refused: "alice"},
		{name: "concur by another adviser", state: sr, prop: prop, ask: concur("bob", ""), wantState: StateRejected, check: func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeConcurred || d.ReasonCode != RejectNotIndicated || d.Reason != "niet geïndiceerd" {
				t.Errorf("decision %s %s %q, want concurred not_indicated with the proposal's reason", d.Outcome, d.ReasonCode, d.Reason)
			}
		}},
		{name: "concur with an own reason", state: sr, prop: prop, ask: concur("bob", "eens"), wantState: StateRejected, check: func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeConcurred || d.Reason != "eens" {
				t.Errorf("decision %s %q", d.Outcome, d.Reason)
			}
		}},
		{name: "overturn by another adviser", state: sr, prop: prop, ask: overturn("bob", "wel geïndiceerd"), wantState: StateOpen, check: func(t *testing.T, d Decision) {
			if d.Outcome != OutcomeOverturned || d.Reason != "wel geïndiceerd" {
				t.Errorf("decision %s %q, want overturned", d.Outcome, d.Reason)
			}
		}},
		{name: "overturn without reason", state: sr, prop: prop, ask: overturn("bob", ""), refused: "reason"},
		{name: "overturn with blank reason", state: sr, prop: prop, ask: overturn("bob", "   "), refused: "reason"},
		{name: "concur when open", state: StateOpen, prop: prop, ask: concur("bob", ""), refused: "open"},
		{name: "concur when waiting", state: StateWaiting, prop: prop, ask: concur("bob", ""), refused: "waiting"},
		{name: "concur when rejected", state: StateRejected, prop: prop, ask: concur("bob", ""), refused: "rejected"},
		{name: "overturn when open", state: StateOpen, prop: prop, ask: overturn("bob", "x"), refused: "open"},
		{name: "overturn when approved", state: StateApproved, prop: prop, ask: overturn("bob", "x"), refused: "approved"},
		{name: "concur without a proposal on record", state: sr, ask: concur("bob", ""), refused: "no proposed rejection"},
		{name: "approve in second review", state: sr, prop: prop, ask: Ask{Action: ActionApprove, Adviser: "bob"}, refused: "second_review"},
	})
}

// Every decision: an identified adviser, a safe reason, a known action.
func TestDecideCommonRefusals(t *testing.T) {
	approve := func(adviser, reason string) Ask { return Ask{Action: ActionApprove, Adviser: adviser, Reason: reason} }
	runDecide(t, []decideCase{
		{name: "no adviser", ask: approve("-", ""), refused: "adviser"},
		{name: "blank adviser", ask: approve(" \t", ""), refused: "adviser"},
		{name: "blank adviser, reject", ask: Ask{Action: ActionReject, Adviser: "  ", Code: RejectOther, Reason: "x"}, refused: "adviser"},
		{name: "reason with ESC", ask: approve("alice", "ok\x1b[2J"), refused: "U+001B"},
		{name: "reason with C1 CSI", ask: approve("alice", "ok\u009b2J"), refused: "U+009B"},
		{name: "reason with DEL", ask: approve("alice", "ok\x7f"), refused: "U+007F"},
		{name: "reason with CR", ask: approve("alice", "ok\rfake"), refused: "U+000D"},
		{name: "reason with bidi override", ask: approve("alice", "ok \u202e"), refused: "U+202E"},
		{name: "reason not UTF-8", ask: approve("alice", "ok \xff"), refused: "UTF-8"},
		{name: "reason with tab and newline", ask: approve("alice", "regel 1\n\tregel 2"), wantState: StateApproved, check: wantOutcome(OutcomeApproved)},
		{name: "reason too long", ask: approve("alice", strings.Repeat("x", MaxReasonLen+1)), refused: "longer"},
		{name: "reason at the limit", ask: approve("alice", strings.Repeat("x", MaxReasonLen)), wantState: StateApproved, check: wantOutcome(OutcomeApproved)},
		{name: "unknown action", ask: Ask{Action: Action(0), Adviser: "alice"}, refused: "not an outcome"},
		{name: "unknown action 99", ask: Ask{Action: Action(99), Adviser: "alice"}, refused: "not an outcome"},
	})
	_, _, err := Decide(Case{}, Ask{Action: ActionApprove, Adviser: "alice"}, checkDay, testNow)
	if !errors.Is(err, ErrRefused) {
		t.Errorf("Decide without a request: %v, want a refusal", err)
	}
}

// The four-eyes path end to end: a proposal by one adviser becomes final by
// another's concurrence; the proposer alone can never finish it.
func TestDecideFourEyesFlow(t *testing.T) {
	r := validRequest()
	prop, st, err := Decide(Case{Request: r, State: StateOpen}, Ask{Action: ActionReject, Adviser: "alice", Code: RejectNotIndicated, Reason: "geen indicatie"}, checkDay, testNow)
	if err != nil || st != StateSecondReview || prop.Outcome != OutcomeRejectionProposed {
		t.Fatalf("proposal: %v %s %+v", err, st, prop)
	}
	c := Case{Request: r, State: st, Proposal: &prop}
	for _, a := range []Action{ActionConcur, ActionOverturn} {
		if _, _, err := Decide(c, Ask{Action: a, Adviser: "alice", Reason: "x"}, checkDay, testNow); !errors.Is(err, ErrRefused) {
			t.Errorf("proposer may %s: %v", a, err)
		}
	}
	fin, st, err := Decide(c, Ask{Action: ActionConcur, Adviser: "bob"}, checkDay, testNow.Add(time.Hour))
	if err != nil || st != StateRejected || fin.Outcome != OutcomeConcurred || fin.ReasonCode != RejectNotIndicated {
		t.Fatalf("concur: %v %s %+v", err, st, fin)
	}
	back, st, err := Decide(c, Ask{Action: ActionOverturn, Adviser: "bob", Reason: "wel"}, checkDay, testNow)
	if err != nil || st != StateOpen || back.Outcome != OutcomeOverturned {
		t.Fatalf("overturn: %v %s %+v", err, st, back)
	}
}

// Four eyes hold for the person, not the spelling: the proposer's identity
// with white space around it is still the proposer. (Decide already treats
// a blank identity as no identity, so white space is not significant.)
func TestDecideProposerCannotConcurUnderAnotherSpelling(t *testing.T) {
	prop := &Decision{ID: "MA-1", Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated, Reason: "x", Adviser: "alice"}
	for _, who := range []string{"alice ", " alice", "alice\t", "\nalice"} {
		for _, a := range []Action{ActionConcur, ActionOverturn} {
			_, st, err := Decide(Case{Request: validRequest(), State: StateSecondReview, Proposal: prop}, Ask{Action: a, Adviser: who, Reason: "y"}, checkDay, testNow)
			if !errors.Is(err, ErrRefused) {
				t.Errorf("the proposer alice as %q may %s (new state %s)", who, a, st)
			}
		}
	}
}

// TestAllowedBeforeAnythingIsFilledIn: Allowed refuses by state, verdict,
// start of treatment and four eyes, and never for what a form fills in.
func TestAllowedBeforeAnythingIsFilledIn(t *testing.T) {
	today := Date(20261201)
	complete := validRequest()
	incomplete := validRequest()
	incomplete.Codes = nil
	started := validRequest()
	started.TreatmentStart = today
	prop := &Decision{Adviser: "pmulder", Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated}
	tests := []struct {
		name   string
		c      Case
		action Action
		code   RefusalCode // 0: allowed
	}{
		{"approve a complete open request", Case{Request: complete, State: StateOpen}, ActionApprove, 0},
		{"approve an incomplete request", Case{Request: incomplete, State: StateOpen}, ActionApprove, RefuseNotComplete},
		{"approve after treatment started", Case{Request: started, State: StateOpen}, ActionApprove, RefuseNotComplete},
		{"approve a rejected request", Case{Request: complete, State: StateRejected}, ActionApprove, RefuseState},
		{"reject an incomplete request", Case{Request: incomplete, State: StateOpen}, ActionReject, 0},
		{"reject in second review", Case{Request: complete, State: StateSecondReview, Proposal: prop}, ActionReject, RefuseState},
		{"request info when waiting", Case{Request: incomplete, State: StateWaiting}, ActionRequestInfo, RefuseState},
		{"request info of a complete request", Case{Request: complete, State: StateOpen}, ActionRequestInfo, 0},
		{"concur by another adviser", Case{Request: complete, State: StateSecondReview, Proposal: prop}, ActionConcur, 0},
		{"concur by the proposer", Case{Request: complete, State: StateSecondReview, Proposal: prop}, ActionConcur, RefuseOwnProposal},
		{"overturn without a proposal", Case{Request: complete, State: StateSecondReview}, ActionOverturn, RefuseNoProposal},
		{"overturn an open request", Case{Request: complete, State: StateOpen}, ActionOverturn, RefuseState},
		{"no request", Case{State: StateOpen}, ActionApprove, RefuseNoRequest},
		{"no action", Case{Request: complete, State: StateOpen}, 0, RefuseUnknownAction},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			adviser := "jdevries"
			if tt.code == RefuseOwnProposal {
				adviser = "pmulder"
			}
			err := Allowed(tt.c, tt.action, adviser, today)
			var ref *Refusal
			switch {
			case tt.code == 0 && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.code != 0 && (!errors.As(err, &ref) || ref.Code != tt.code):
				t.Fatalf("got %v, want code %d", err, tt.code)
			}
		})
	}
}
