package authz

import (
	"slices"
	"strings"
	"time"
)

// Decision is one recorded decision. Decisions are never edited or deleted;
// only a purge (retention) clears their free text and marks them Purged.
type Decision struct {
	Seq             uint64     `json:"seq"`
	ID              string     `json:"id"`
	Outcome         Outcome    `json:"outcome"`
	ReasonCode      RejectCode `json:"reason_code,omitempty"`
	Reason          string     `json:"reason,omitempty"`
	ItemsRequested  []Item     `json:"items_requested,omitempty"`
	ValidFrom       Date       `json:"valid_from,omitempty"`
	ValidUntil      Date       `json:"valid_until,omitempty"`
	ApprovedMinutes int64      `json:"approved_minutes,omitempty"`
	// ObjectionReceived is the day the insured's objection arrived, for a
	// reconsideration request; its reconsideration is due six weeks later.
	ObjectionReceived Date      `json:"objection_received,omitempty"`
	Adviser           string    `json:"adviser"`
	DecidedAt         time.Time `json:"decided_at"`
	// Today is the day the rules were applied on.
	Today Date `json:"today"`
	// Purged is set when retention removed the request's data and, with
	// it, this decision's free text (Reason is empty).
	Purged bool `json:"purged,omitempty"`
}

// Ask is what an adviser asks to record.
type Ask struct {
	Action  Action
	Adviser string
	// Approve: Minutes 0 means all requested; From/Until zero mean the plan's period.
	Minutes     int64
	From, Until Date
	// Reject.
	Code RejectCode
	// Reject, overturn and optionally the others.
	Reason string
	// RequestInfo: nil means every item that is not ok or not applicable.
	Items []Item
	// Reconsider: the day the objection arrived; zero means today.
	Received Date
}

// Case is what the rules need to know of a request at the moment of deciding.
type Case struct {
	Request *Request
	State   State
	// Proposal is the pending rejection of a request in second review.
	Proposal *Decision
	// Identity and Contract are what the insurer's registers say on the
	// day of deciding; unchecked when no register is loaded.
	Identity Identity
	Contract Contract
	// Decisions are the request's decisions so far, oldest first: the
	// reconsideration rules need to know who took part in the rejection
	// and whether it was reconsidered before.
	Decisions []Decision
}

// MaxReasonLen is the longest reason or motivation, in bytes.
const MaxReasonLen = 4000

// Decide applies the rules to an ask and returns the decision to record and
// the request's new state, or a Refusal saying why not.
func Decide(c Case, ask Ask, today Date, now time.Time) (Decision, State, error) {
	if c.Request == nil {
		return Decision{}, 0, &Refusal{Code: RefuseNoRequest}
	}
	ask.Adviser = strings.TrimSpace(ask.Adviser)
	if ask.Adviser == "" {
		return Decision{}, 0, &Refusal{Code: RefuseNoAdviser}
	}
	if p := ControlProblem(ask.Adviser); p != "" {
		return Decision{}, 0, &Refusal{Code: RefuseAdviserName, Problem: p}
	}
	if len(ask.Reason) > MaxReasonLen {
		return Decision{}, 0, &Refusal{Code: RefuseReasonTooLong, Got: int64(len(ask.Reason)), Limit: MaxReasonLen}
	}
	if p := ControlProblem(ask.Reason); p != "" {
		return Decision{}, 0, &Refusal{Code: RefuseReasonText, Problem: p}
	}
	d := Decision{ID: c.Request.ID, Adviser: ask.Adviser, DecidedAt: now.UTC(), Today: today, Reason: strings.TrimSpace(ask.Reason)}
	switch ask.Action {
	case ActionApprove:
		if c.State == StateReconsideration {
			return approveOnReconsideration(c, ask, today, d)
		}
		return approve(c, ask, today, d)
	case ActionReject:
		return reject(c, ask, d)
	case ActionRequestInfo:
		return requestInfo(c, ask, today, d)
	case ActionConcur:
		return concur(c, ask, d)
	case ActionOverturn:
		return overturn(c, ask, d)
	case ActionReconsider:
		return reconsider(c, ask, today, d)
	case ActionUphold:
		return uphold(c, ask, d)
	}
	return Decision{}, 0, &Refusal{Code: RefuseUnknownAction, Action: ask.Action}
}

// approve: a complete request that is open or waiting may be approved before
// treatment starts, for at most the requested minutes within the plan period.
func approve(c Case, ask Ask, today Date, d Decision) (Decision, State, error) {
	r := c.Request
	if err := approveAllowed(c, today); err != nil {
		return Decision{}, 0, err
	}
	d, err := approvedScope(r, ask, d)
	if err != nil {
		return Decision{}, 0, err
	}
	d.Outcome = OutcomeApproved
	return d, StateApproved, nil
}

// approveAllowed: only an open or waiting request that is complete may be
// approved, and only before treatment starts.
func approveAllowed(c Case, today Date) error {
	r := c.Request
	if err := stateAllowsDecision(c.State, ActionApprove, StateOpen, StateWaiting); err != nil {
		return err
	}
	res := CheckCase(c, today)
	if res.Verdict != VerdictComplete {
		return &Refusal{Code: RefuseNotComplete, ID: r.ID, Verdict: res.Verdict, Items: notAcceptable(res), Date: r.TreatmentStart}
	}
	if !approvedBeforeTreatmentStarts(today, r.TreatmentStart) {
		return &Refusal{Code: RefuseTreatmentStarted, ID: r.ID, Date: r.TreatmentStart, Today: today}
	}
	return nil
}

// approvedScope: an approval is for at most the requested minutes, within
// the plan period (by default all of them, for the whole period).
func approvedScope(r *Request, ask Ask, d Decision) (Decision, error) {
	plan := r.TreatmentPlan
	requested := plan.Minutes()
	d.ApprovedMinutes = requested
	if ask.Minutes != 0 {
		if ask.Minutes < 1 || ask.Minutes > requested {
			return Decision{}, &Refusal{Code: RefuseMinutes, Limit: requested, Got: ask.Minutes}
		}
		d.ApprovedMinutes = ask.Minutes
	}
	d.ValidFrom, d.ValidUntil = plan.PeriodStart, plan.PeriodEnd
	if !ask.From.IsZero() {
		d.ValidFrom = ask.From
	}
	if !ask.Until.IsZero() {
		d.ValidUntil = ask.Until
	}
	if d.ValidFrom < plan.PeriodStart || d.ValidUntil > plan.PeriodEnd {
		return Decision{}, &Refusal{Code: RefusePeriodOutside, From: d.ValidFrom, Until: d.ValidUntil, PlanFrom: plan.PeriodStart, PlanUntil: plan.PeriodEnd}
	}
	if d.ValidUntil < d.ValidFrom {
		return Decision{}, &Refusal{Code: RefusePeriodReversed, From: d.ValidFrom, Until: d.ValidUntil}
	}
	return d, nil
}

// approvedBeforeTreatmentStarts: a machtiging must be issued before
// treatment starts.
func approvedBeforeTreatmentStarts(today, treatmentStart Date) bool { return today < treatmentStart }

// reject: an open or waiting request may be rejected with a reason code and a
// motivation; a rejection as not indicated is a medical judgement that waits
// for a second adviser.
func reject(c Case, ask Ask, d Decision) (Decision, State, error) {
	if err := stateAllowsDecision(c.State, ActionReject, StateOpen, StateWaiting); err != nil {
		return Decision{}, 0, err
	}
	if !slices.Contains(RejectCodes, ask.Code) {
		return Decision{}, 0, &Refusal{Code: RefuseNoCode}
	}
	if d.Reason == "" {
		return Decision{}, 0, &Refusal{Code: RefuseNoMotivation}
	}
	d.ReasonCode = ask.Code
	if rejectionNeedsSecondAdviser(ask.Code) {
		d.Outcome = OutcomeRejectionProposed
		return d, StateSecondReview, nil
	}
	d.Outcome = OutcomeRejected
	return d, StateRejected, nil
}

// rejectionNeedsSecondAdviser: four eyes for a rejection as not indicated.
func rejectionNeedsSecondAdviser(code RejectCode) bool { return code == RejectNotIndicated }

// requestInfo: information may be requested of an open request, by default
// for every item that is not ok or not applicable.
func requestInfo(c Case, ask Ask, today Date, d Decision) (Decision, State, error) {
	r := c.Request
	if err := stateAllowsDecision(c.State, ActionRequestInfo, StateOpen); err != nil {
		return Decision{}, 0, err
	}
	res := CheckCase(c, today)
	items := ask.Items
	if items == nil {
		for _, it := range res.Items {
			if !it.Status.Acceptable() {
				items = append(items, it.Item)
			}
		}
		if len(items) == 0 {
			return Decision{}, 0, &Refusal{Code: RefuseNothingToAsk, ID: r.ID}
		}
	}
	if len(items) == 0 {
		return Decision{}, 0, &Refusal{Code: RefuseNoItems}
	}
	var seen [NumItems]bool
	for _, it := range items {
		if int(it) >= NumItems {
			return Decision{}, 0, &Refusal{Code: RefuseNotAnItem, Item: it}
		}
		if res.Items[it].Status == StatusNotApplicable {
			return Decision{}, 0, &Refusal{Code: RefuseItemNotApplicable, Item: it}
		}
		seen[it] = true
	}
	d.ItemsRequested = nil
	for _, it := range Items {
		if seen[it] {
			d.ItemsRequested = append(d.ItemsRequested, it)
		}
	}
	d.Outcome = OutcomeInfoRequested
	return d, StateWaiting, nil
}

// concur: a second adviser, not the proposer, makes a proposed rejection final.
func concur(c Case, ask Ask, d Decision) (Decision, State, error) {
	if err := secondAdviserMayAct(c, ask); err != nil {
		return Decision{}, 0, err
	}
	d.Outcome = OutcomeConcurred
	d.ReasonCode = c.Proposal.ReasonCode
	if d.Reason == "" {
		d.Reason = c.Proposal.Reason
	}
	return d, StateRejected, nil
}

// overturn: a second adviser, not the proposer, sends a proposed rejection
// back to the queue, with a reason.
func overturn(c Case, ask Ask, d Decision) (Decision, State, error) {
	if err := secondAdviserMayAct(c, ask); err != nil {
		return Decision{}, 0, err
	}
	if d.Reason == "" {
		return Decision{}, 0, &Refusal{Code: RefuseNoOverturnReason}
	}
	d.Outcome = OutcomeOverturned
	return d, StateOpen, nil
}

// secondAdviserMayAct: only a request in second review can be concurred with
// or overturned, and the proposer cannot be their own second pair of eyes.
func secondAdviserMayAct(c Case, ask Ask) error {
	if err := stateAllowsDecision(c.State, ask.Action, StateSecondReview); err != nil {
		return err
	}
	if c.Proposal == nil {
		return &Refusal{Code: RefuseNoProposal, ID: c.Request.ID}
	}
	if c.Proposal.Adviser == ask.Adviser {
		return &Refusal{Code: RefuseOwnProposal, ID: c.Request.ID, Adviser: ask.Adviser, Action: ask.Action}
	}
	return nil
}

// stateAllowsDecision checks the contract's "allowed when" column.
func stateAllowsDecision(s State, a Action, allowed ...State) error {
	if slices.Contains(allowed, s) {
		return nil
	}
	return &Refusal{Code: RefuseState, Action: a, State: s, Allowed: allowed}
}
