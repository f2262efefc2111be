package authz

import (
	"errors"
	"fmt"
	"strings"
)

// ErrRefused marks a decision the rules do not allow; nothing is recorded.
var ErrRefused = errors.New("refused")

// RefusalCode names the rule that refuses a decision.
type RefusalCode uint8

// The rules that refuse a decision. The reconsideration rules have types
// of their own (reconsider.go).
const (
	RefuseNoRequest         RefusalCode = iota + 1 // there is no request
	RefuseNoAdviser                                // the adviser is unknown
	RefuseAdviserName                              // the adviser's name holds control characters (Problem)
	RefuseReasonTooLong                            // the reason is Got bytes, over Limit
	RefuseReasonText                               // the reason holds control characters (Problem)
	RefuseUnknownAction                            // Action is not an outcome
	RefuseState                                    // Action is not allowed in State, only in Allowed
	RefuseNotComplete                              // approve: Verdict is not complete (Items, Date: treatment start)
	RefuseTreatmentStarted                         // approve: treatment starts Date, not after Today
	RefuseMinutes                                  // approve: Got minutes, not 1 to Limit
	RefusePeriodOutside                            // approve: From..Until outside PlanFrom..PlanUntil
	RefusePeriodReversed                           // approve: Until before From
	RefuseNoCode                                   // reject: no reason code
	RefuseNoMotivation                             // reject: no motivation
	RefuseNothingToAsk                             // request info: every item is ok
	RefuseNoItems                                  // request info: no item named
	RefuseNotAnItem                                // request info: Item is not an item
	RefuseItemNotApplicable                        // request info: Item does not apply
	RefuseNoOverturnReason                         // overturn: no reason
	RefuseNoProposal                               // concur, overturn: no proposed rejection on record
	RefuseOwnProposal                              // concur, overturn: Adviser proposed it
	RefuseInReview                                 // Adviser has a decision form open on the request
	RefuseBeingImported                            // the request is being imported
)

// RefusalCodes lists every code, for tests and catalogues.
var RefusalCodes = []RefusalCode{
	RefuseNoRequest, RefuseNoAdviser, RefuseAdviserName, RefuseReasonTooLong, RefuseReasonText,
	RefuseUnknownAction, RefuseState, RefuseNotComplete, RefuseTreatmentStarted, RefuseMinutes,
	RefusePeriodOutside, RefusePeriodReversed, RefuseNoCode, RefuseNoMotivation, RefuseNothingToAsk,
	RefuseNoItems, RefuseNotAnItem, RefuseItemNotApplicable, RefuseNoOverturnReason, RefuseNoProposal,
	RefuseOwnProposal, RefuseInReview, RefuseBeingImported,
}

// Refusal is a decision the rules do not allow: the rule's code and the
// facts it names, so that each screen says it in its own language. Error
// is the English line of the command line.
type Refusal struct {
	Code    RefusalCode
	ID      string // the request
	Adviser string // the proposer, or the adviser who reviews it now
	Action  Action
	State   State   // the request's state
	Allowed []State // the states the action is allowed in
	Verdict Verdict
	Items   []ItemResult // the items that are not in order
	Item    Item
	// Limit and Got: a limit and what was asked (minutes, bytes).
	Limit, Got int64
	// From and Until: the period asked for; PlanFrom and PlanUntil: the
	// plan's.
	From, Until, PlanFrom, PlanUntil Date
	// Date is the treatment start; Today the day of the decision.
	Date, Today Date
	// Problem says what is wrong with a text, in English (ControlProblem).
	Problem string
}

// Is makes errors.Is(err, ErrRefused) true for a Refusal.
func (r *Refusal) Is(target error) bool { return target == ErrRefused }

func (r *Refusal) Error() string {
	switch r.Code {
	case RefuseNoRequest:
		return "there is no request"
	case RefuseNoAdviser:
		return "the adviser is unknown: every decision must be attributable"
	case RefuseAdviserName:
		return "the adviser's name " + r.Problem
	case RefuseReasonTooLong:
		return fmt.Sprintf("the reason is %d bytes, longer than %d", r.Got, r.Limit)
	case RefuseReasonText:
		return "the reason " + r.Problem
	case RefuseUnknownAction:
		return fmt.Sprintf("%q is not an outcome", r.Action.String())
	case RefuseState:
		names := make([]string, len(r.Allowed))
		for i, st := range r.Allowed {
			names[i] = st.String()
		}
		return fmt.Sprintf("cannot %s a request that is %s (only when %s)", r.Action, r.State, strings.Join(names, " or "))
	case RefuseNotComplete:
		return fmt.Sprintf("%s cannot be approved: its verdict is %s (%s)", r.ID, r.Verdict, r.verdictWhy())
	case RefuseTreatmentStarted:
		return fmt.Sprintf("%s cannot be approved: treatment starts %s, not after today (%s)", r.ID, r.Date, r.Today)
	case RefuseMinutes:
		return fmt.Sprintf("approved minutes must be 1 to the %d requested, not %d", r.Limit, r.Got)
	case RefusePeriodOutside:
		return fmt.Sprintf("the approved period %s to %s must lie within the plan period %s to %s", r.From, r.Until, r.PlanFrom, r.PlanUntil)
	case RefusePeriodReversed:
		return fmt.Sprintf("the approved period ends %s, before it begins %s", r.Until, r.From)
	case RefuseNoCode:
		return "a rejection needs a reason code (one of not_required, incomplete, started, not_indicated, other, not_insured)"
	case RefuseNoMotivation:
		return "a rejection needs a motivation (--reason)"
	case RefuseNothingToAsk:
		return r.ID + " has every item ok: name the items to ask for"
	case RefuseNoItems:
		return "a request for information needs at least one item"
	case RefuseNotAnItem:
		return r.Item.String() + " is not an item"
	case RefuseItemNotApplicable:
		return r.Item.String() + " does not apply to an outpatient request"
	case RefuseNoOverturnReason:
		return "overturning a proposed rejection needs a reason (--reason)"
	case RefuseNoProposal:
		return r.ID + " has no proposed rejection on record"
	case RefuseOwnProposal:
		return fmt.Sprintf("%s proposed this rejection and cannot %s it: a second adviser must", r.Adviser, r.Action)
	case RefuseInReview:
		return fmt.Sprintf("%s is in review by %s; wait until they are done", r.ID, r.Adviser)
	case RefuseBeingImported:
		return r.ID + " is being imported right now; decide when the import is done"
	}
	return fmt.Sprintf("refused (%d)", r.Code)
}

// verdictWhy says in a few words why a request is not complete.
func (r *Refusal) verdictWhy() string {
	switch r.Verdict {
	case VerdictNotRequired:
		return "the provider is contracted, no machtiging is needed"
	case VerdictStarted:
		return "treatment started " + r.Date.String()
	case VerdictNotInsured:
		return "the insured register has no cover for the BSN on " + r.Date.String()
	case VerdictUnverified:
		return "the insured register's birth date or policy number differs from the request's"
	}
	parts := make([]string, len(r.Items))
	for i, it := range r.Items {
		parts[i] = it.Item.String() + " " + it.Status.String()
	}
	return strings.Join(parts, ", ")
}

// notAcceptable lists the items of a check that are not ok or not
// applicable.
func notAcceptable(res Result) []ItemResult {
	var bad []ItemResult
	for _, it := range res.Items {
		if !it.Status.Acceptable() {
			bad = append(bad, it)
		}
	}
	return bad
}
