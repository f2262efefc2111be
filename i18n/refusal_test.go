package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"machtiging/authz"
)

// contractIdentifiers are the contract's names that no person should read:
// every enum value written with _ or - (treatment_plan, second_review,
// not_applicable, request-info, ...).
func contractIdentifiers() []string {
	var names []string
	add := func(s fmt.Stringer) {
		if n := s.String(); strings.ContainsAny(n, "_-") {
			names = append(names, n)
		}
	}
	for s := authz.StateOpen; s <= authz.StateReconsideration; s++ {
		add(s)
	}
	for v := authz.VerdictNotRequired; v <= authz.VerdictUnverified; v++ {
		add(v)
	}
	for s := authz.StatusOK; s <= authz.StatusLate; s++ {
		add(s)
	}
	for _, it := range authz.Items {
		add(it)
	}
	for _, c := range authz.RejectCodes {
		add(c)
	}
	for _, o := range authz.Outcomes {
		add(o)
	}
	for a := authz.ActionApprove; a <= authz.ActionUphold; a++ {
		add(a)
	}
	for i := authz.IdentityUnchecked; i <= authz.IdentityNotInsured; i++ {
		add(i)
	}
	for c := authz.ContractUnchecked; c <= authz.ContractNotContracted; c++ {
		add(c)
	}
	return names
}

// everyRefusal is one refusal of every kind authz gives, with every
// argument filled in.
func everyRefusal() []error {
	bad := []authz.ItemResult{
		{Item: authz.ItemTreatmentPlan, Status: authz.StatusLate},
		{Item: authz.ItemPractitioners, Status: authz.StatusMissing},
		{Item: authz.ItemAdmissionIndication, Status: authz.StatusNotApplicable},
	}
	var errs []error
	for _, code := range authz.RefusalCodes {
		for _, v := range []authz.Verdict{authz.VerdictIncomplete, authz.VerdictStarted, authz.VerdictNotRequired, authz.VerdictNotInsured, authz.VerdictUnverified} {
			errs = append(errs, &authz.Refusal{
				Code: code, ID: "MA-2026-0003", Adviser: "pmulder", Action: authz.ActionRequestInfo,
				State: authz.StateSecondReview, Allowed: []authz.State{authz.StateOpen, authz.StateWaiting},
				Verdict: v, Items: bad, Item: authz.ItemAdmissionIndication, Limit: 2400, Got: 3000,
				From: 20261214, Until: 20270301, PlanFrom: 20261214, PlanUntil: 20270226,
				Date: 20261214, Today: 20261201, Problem: "holds control character U+001B",
			})
			if code != authz.RefuseNotComplete {
				break
			}
		}
	}
	for _, part := range []authz.Outcome{authz.OutcomeRejected, authz.OutcomeRejectionProposed, authz.OutcomeConcurred, authz.OutcomeOverturned} {
		errs = append(errs, &authz.TookPartInRejectionError{ID: "MA-1", Adviser: "bob", Action: authz.ActionUphold, Part: part})
	}
	return append(errs,
		&authz.NotRejectedError{ID: "MA-1", State: authz.StateSecondReview},
		&authz.AlreadyReconsideredError{ID: "MA-1", Received: 20261128},
		&authz.ObjectionMissingError{ID: "MA-1"},
		&authz.ObjectionInTheFutureError{ID: "MA-1", Received: 20261205, Today: 20261201},
		&authz.NotInReconsiderationError{ID: "MA-1", State: authz.StateSecondReview, Action: authz.ActionUphold},
		&authz.ItemsNotAcceptableError{ID: "MA-1", Items: bad},
		&authz.IdentityBarsApprovalError{ID: "MA-1", Identity: authz.IdentityNotInsured},
		&authz.UpholdReasonMissingError{ID: "MA-1"},
		&authz.NoRejectionOnRecordError{ID: "MA-1"},
	)
}

// TestRefusalsInWords: every refusal authz can give reads in both
// languages without a flag of the command line, a contract identifier or
// a placeholder left unfilled.
func TestRefusalsInWords(t *testing.T) {
	ids := contractIdentifiers()
	if len(ids) < 10 {
		t.Fatalf("only %d identifiers: %v", len(ids), ids)
	}
	for _, err := range everyRefusal() {
		if !errors.Is(err, authz.ErrRefused) {
			t.Errorf("%T is no refusal", err)
		}
		for _, l := range Langs {
			got, ok := For(l).Refusal(fmt.Errorf("decide: %w", err))
			switch {
			case !ok || got == "":
				t.Errorf("%s: %T (%v) has no words", l, err, err)
			case strings.Contains(got, "--"):
				t.Errorf("%s: %q names a flag", l, got)
			case strings.ContainsAny(got, "{}"):
				t.Errorf("%s: %q has a placeholder left", l, got)
			}
			for _, id := range ids {
				if strings.Contains(got, id) {
					t.Errorf("%s: %q holds the identifier %s", l, got, id)
				}
			}
		}
	}
	if _, ok := For(Dutch).Refusal(errors.New("disk full")); ok {
		t.Error("a plain error counts as a refusal")
	}
}

// TestEveryRefusalCodeHasWords: a new code in authz needs its words here.
func TestEveryRefusalCodeHasWords(t *testing.T) {
	for _, l := range Langs {
		for _, code := range authz.RefusalCodes {
			if For(l).Refusals.Codes[code] == "" {
				t.Errorf("%s: refusal code %d has no words", l, code)
			}
		}
	}
}

func TestDutchRefusalReadsDutch(t *testing.T) {
	err := &authz.Refusal{Code: authz.RefuseNotComplete, ID: "MA-2026-0003", Verdict: authz.VerdictIncomplete,
		Items: []authz.ItemResult{{Item: authz.ItemTreatmentPlan, Status: authz.StatusLate}, {Item: authz.ItemCodes, Status: authz.StatusMissing}}}
	got, _ := For(Dutch).Refusal(err)
	want := "MA-2026-0003 kan niet worden goedgekeurd: onvolledig: behandelplan te laat, DBC-declaratiecode en prestatiecode ontbreekt"
	if got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	st := &authz.Refusal{Code: authz.RefuseState, Action: authz.ActionApprove, State: authz.StateRejected, Allowed: []authz.State{authz.StateOpen, authz.StateWaiting}}
	if got, _ := For(Dutch).Refusal(st); got != "goedkeuren: niet toegestaan bij een aanvraag met status afgewezen (alleen bij open of wacht op informatie)" {
		t.Errorf("state: %q", got)
	}
}
