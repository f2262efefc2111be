package tui

import (
	"strings"
	"testing"

	"machtiging/authz"
	"machtiging/i18n"
)

var enCat = i18n.For(i18n.English)

// The reconsideration on screen: h on a rejected request records the
// objection, the request moves to the reconsideration view with its due,
// the adviser who rejected may not decide it, another upholds it.
func TestReconsiderAndUphold(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("5"))
	selectID(t, m, "MA-2026-0004")
	if !screenHas(m, "h reconsider") {
		t.Fatalf("the footer on a rejected request does not offer reconsider:\n%s", m.View())
	}
	press(t, m, runes("h"))
	f := formOf(m)
	if f == nil || f.kind != formReconsider || f.problem != "" {
		t.Fatalf("form %+v", f)
	}
	if !screenHas(m, "Reconsider the rejection") || !screenHas(m, "rejection by pmulder") || !screenHas(m, "Gecontracteerde zorgaanbieder") {
		t.Fatalf("the rejection is not shown:\n%s", m.View())
	}
	if f.received.Value() != testToday.String() {
		t.Fatalf("received %q, want today", f.received.Value())
	}
	// Without an objection the rules refuse, and nothing is recorded.
	press(t, m, keyTab, keyEnter)
	if !strings.Contains(formOf(m).problem, "needs the objection") || s.decideCalls != 4 {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	// A day after today is refused too.
	press(t, m, keyShiftTab)
	for range 10 {
		press(t, m, keyBack)
	}
	typeText(t, m, "2026-12-05")
	press(t, m, keyTab)
	typeText(t, m, "Verzekerde maakt bezwaar")
	press(t, m, keyEnter)
	if !strings.Contains(formOf(m).problem, "after today") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	press(t, m, keyShiftTab)
	for range 10 {
		press(t, m, keyBack)
	}
	typeText(t, m, "2026-11-30")
	press(t, m, keyTab, keyEnter)
	if formOf(m).step != stepConfirm || !screenHas(m, "objection received") || !screenHas(m, "2027-01-11") {
		t.Fatalf("the confirmation:\n%s", m.View())
	}
	press(t, m, keyEnter)
	if s.stateOf("MA-2026-0004") != authz.StateReconsideration {
		t.Fatalf("state %s", s.stateOf("MA-2026-0004"))
	}
	ds := s.decisionsOf("MA-2026-0004")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeReconsiderationRequested || last.ObjectionReceived != authz.Date(20261130) || last.Reason != "Verzekerde maakt bezwaar" {
		t.Fatalf("recorded %+v", last)
	}

	// The reconsideration view lists it, due six weeks after the objection.
	press(t, m, runes("3"))
	if !screenHas(m, "[reconsideration 1]") || selectedID(m) != "MA-2026-0004" || queueOf(m).selected().Due != authz.Date(20270111) {
		t.Fatalf("the reconsideration view:\n%s", m.View())
	}
	if !screenHas(m, "u uphold") || screenHas(m, "r reject") {
		t.Fatalf("the footer of the reconsideration view does not offer uphold:\n%s", m.View())
	}
	press(t, m, keyEnter)
	if !screenHas(m, "u uphold") || !screenHas(m, "a approve") {
		t.Fatalf("the footer of the request view does not offer approve and uphold:\n%s", m.View())
	}
	for _, want := range []string{"Reconsideration", "objection received", "2026-11-30", "Verzekerde maakt bezwaar", "pmulder " + enCat.Reconsideration.MayNotDecide} {
		if !screenHas(m, want) {
			t.Fatalf("the request view lacks %q:\n%s", want, m.View())
		}
	}

	// The adviser who rejected may neither uphold nor approve.
	p := newModel(t, s, second)
	press(t, p, runes("3"), runes("u"))
	if !strings.Contains(formOf(p).problem, "pmulder rejected it and cannot uphold") {
		t.Fatalf("problem %q", formOf(p).problem)
	}
	press(t, p, keyEsc, runes("a"))
	if !strings.Contains(formOf(p).problem, "took no part in the rejection") {
		t.Fatalf("problem %q", formOf(p).problem)
	}
	press(t, p, keyEsc)

	// Another adviser upholds it, with a motivation.
	press(t, m, runes("u"))
	if formOf(m).kind != formUphold || formOf(m).problem != "" {
		t.Fatalf("form %+v", formOf(m))
	}
	typeText(t, m, "De zorgaanbieder is gecontracteerd")
	press(t, m, keyEnter, keyEnter)
	if s.stateOf("MA-2026-0004") != authz.StateRejected {
		t.Fatalf("state %s", s.stateOf("MA-2026-0004"))
	}
	ds = s.decisionsOf("MA-2026-0004")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeUpheld || last.Adviser != "jdevries" || last.ReasonCode != authz.RejectNotRequired {
		t.Fatalf("recorded %+v", last)
	}
	if !screenHas(m, enCat.Words.Outcome(authz.OutcomeUpheld)) {
		t.Fatalf("the request view does not show the outcome:\n%s", m.View())
	}
	// Once only.
	press(t, m, runes("h"))
	if !strings.Contains(formOf(m).problem, "once only") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
}

// Reconsider on a request that is not finally rejected says why not as
// the form opens, and approve in reconsideration records an approval on
// reconsideration.
func TestReconsiderRefusedAndApproveOnReconsideration(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("h"))
	if !strings.Contains(formOf(m).problem, "only a final rejection") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	press(t, m, keyEsc)
	mustDecide(t, s, second, "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"})
	mustDecide(t, s, second, "MA-2026-0001", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar"})
	press(t, m, runes("3"))
	if selectedID(m) != "MA-2026-0001" {
		t.Fatalf("the reconsideration view:\n%s", m.View())
	}
	press(t, m, runes("a"))
	if formOf(m).problem != "" {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	press(t, m, keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m) == nil || formOf(m).step != stepConfirm || !screenHas(m, "approved on reconsideration") {
		t.Fatalf("the confirmation:\n%s", m.View())
	}
	press(t, m, keyEnter)
	if s.stateOf("MA-2026-0001") != authz.StateApproved {
		t.Fatalf("state %s", s.stateOf("MA-2026-0001"))
	}
	ds := s.decisionsOf("MA-2026-0001")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeApprovedOnReconsideration || last.ApprovedMinutes == 0 {
		t.Fatalf("recorded %+v", last)
	}
}

// Every refusal of the reconsideration rules is worded by the catalogue in
// both languages, every placeholder filled.
func TestReconsiderationRefusalsInBothLanguages(t *testing.T) {
	refusals := []error{
		&authz.NotRejectedError{ID: "MA-1", State: authz.StateOpen},
		&authz.AlreadyReconsideredError{ID: "MA-1", Received: testToday},
		&authz.ObjectionMissingError{ID: "MA-1"},
		&authz.ObjectionInTheFutureError{ID: "MA-1", Received: testToday.AddDays(1), Today: testToday},
		&authz.NotInReconsiderationError{ID: "MA-1", State: authz.StateRejected, Action: authz.ActionUphold},
		&authz.TookPartInRejectionError{ID: "MA-1", Adviser: "pmulder", Action: authz.ActionApprove, Part: authz.OutcomeRejected},
		&authz.TookPartInRejectionError{ID: "MA-1", Adviser: "pmulder", Action: authz.ActionApprove, Part: authz.OutcomeRejectionProposed},
		&authz.TookPartInRejectionError{ID: "MA-1", Adviser: "pmulder", Action: authz.ActionUphold, Part: authz.OutcomeConcurred},
		&authz.ItemsNotAcceptableError{ID: "MA-1", Items: []authz.ItemResult{{Item: authz.ItemCodes, Status: authz.StatusMissing}}},
		&authz.IdentityBarsApprovalError{ID: "MA-1", Identity: authz.IdentityNotInsured},
		&authz.UpholdReasonMissingError{ID: "MA-1"},
		&authz.NoRejectionOnRecordError{ID: "MA-1"},
	}
	for _, lang := range []i18n.Lang{i18n.English, i18n.Dutch} {
		tx := newTexts(lang)
		seen := map[string]bool{}
		for _, err := range refusals {
			s, ok := tx.reconsiderationRefusal(err)
			if !ok || s == "" || strings.ContainsAny(s, "{}\n") || seen[s] {
				t.Errorf("%v %T: %q", lang, err, s)
			}
			seen[s] = true
			if got := tx.refusal(err); got != clean(s) {
				t.Errorf("%v %T: refusal %q", lang, err, got)
			}
		}
		if _, ok := tx.reconsiderationRefusal(&authz.Refusal{Code: authz.RefuseNoCode}); ok {
			t.Errorf("%v: another refusal is taken for a reconsideration refusal", lang)
		}
	}
	nl := newTexts(i18n.Dutch)
	if s, _ := nl.reconsiderationRefusal(&authz.TookPartInRejectionError{ID: "MA-1", Adviser: "pmulder", Action: authz.ActionUphold, Part: authz.OutcomeRejected}); !strings.Contains(s, "pmulder heeft de aanvraag afgewezen") {
		t.Errorf("Dutch: %q", s)
	}
}
