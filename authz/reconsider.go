package authz

import (
	"fmt"
	"strings"
)

// Reconsideration (heroverweging): the insured may object to a final
// rejection; the insurer then reconsiders it, within six weeks, by an
// adviser who took no part in the rejection. Only after that may the
// insured take the dispute to the SKGZ.

// ReconsiderationDays is how long the insurer has to answer an objection:
// six weeks from the day it arrived.
const ReconsiderationDays = 42

// ReconsiderationDue is the day by which an objection received on a day
// must be answered.
func ReconsiderationDue(received Date) Date { return received.AddDays(ReconsiderationDays) }

// The refusals of the reconsideration rules. Each is a distinct type that
// carries the facts of the refusal, so that a screen or a catalogue can say
// it in any language; Error gives the English line of the command line.
// Every one satisfies errors.Is(err, ErrRefused).

// NotRejectedError: only a final rejection can be reconsidered.
type NotRejectedError struct {
	ID    string
	State State
}

func (e *NotRejectedError) Error() string {
	return fmt.Sprintf("%s cannot be reconsidered: it is %s, and only a final rejection can be", e.ID, e.State)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *NotRejectedError) Is(target error) bool { return target == ErrRefused }

// AlreadyReconsideredError: a request can be reconsidered once.
type AlreadyReconsideredError struct {
	ID string
	// Received is the day the earlier objection arrived.
	Received Date
}

func (e *AlreadyReconsideredError) Error() string {
	return fmt.Sprintf("%s cannot be reconsidered again: an objection that arrived %s was reconsidered already (once only)", e.ID, e.Received)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *AlreadyReconsideredError) Is(target error) bool { return target == ErrRefused }

// ObjectionMissingError: a reconsideration records the objection, in short.
type ObjectionMissingError struct{ ID string }

func (e *ObjectionMissingError) Error() string {
	return fmt.Sprintf("reconsidering %s needs the objection in short (--reason)", e.ID)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *ObjectionMissingError) Is(target error) bool { return target == ErrRefused }

// ObjectionInTheFutureError: the objection's day of receipt is not after
// today.
type ObjectionInTheFutureError struct {
	ID              string
	Received, Today Date
}

func (e *ObjectionInTheFutureError) Error() string {
	return fmt.Sprintf("the objection to %s cannot have arrived %s, after today (%s)", e.ID, e.Received, e.Today)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *ObjectionInTheFutureError) Is(target error) bool { return target == ErrRefused }

// NotInReconsiderationError: a request is upheld only while it is
// reconsidered.
type NotInReconsiderationError struct {
	ID     string
	State  State
	Action Action
}

func (e *NotInReconsiderationError) Error() string {
	return fmt.Sprintf("cannot %s %s: it is %s (only when reconsideration)", e.Action, e.ID, e.State)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *NotInReconsiderationError) Is(target error) bool { return target == ErrRefused }

// TookPartInRejectionError: only an adviser who took no part in the
// rejection may decide its reconsideration.
type TookPartInRejectionError struct {
	ID, Adviser string
	Action      Action
	// Part is what the adviser did in the rejection: OutcomeRejected,
	// OutcomeRejectionProposed or OutcomeConcurred.
	Part Outcome
}

func (e *TookPartInRejectionError) Error() string {
	did := map[Outcome]string{
		OutcomeRejected:          "rejected it",
		OutcomeRejectionProposed: "proposed the rejection",
		OutcomeConcurred:         "concurred with the rejection",
	}[e.Part]
	if did == "" {
		did = "took part in the rejection (" + e.Part.String() + ")"
	}
	return fmt.Sprintf("%s %s and cannot %s its reconsideration: an adviser who took no part in the rejection must", e.Adviser, did, e.Action)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *TookPartInRejectionError) Is(target error) bool { return target == ErrRefused }

// ItemsNotAcceptableError: approval on reconsideration needs every item ok
// or not applicable.
type ItemsNotAcceptableError struct {
	ID string
	// Items are the items that are not ok or not applicable, in order.
	Items []ItemResult
}

func (e *ItemsNotAcceptableError) Error() string {
	parts := make([]string, len(e.Items))
	for i, it := range e.Items {
		parts[i] = it.Item.String() + " " + it.Status.String()
	}
	return fmt.Sprintf("%s cannot be approved on reconsideration: %s", e.ID, strings.Join(parts, ", "))
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *ItemsNotAcceptableError) Is(target error) bool { return target == ErrRefused }

// IdentityBarsApprovalError: approval on reconsideration needs an insured
// the register does not deny (not not_insured, not mismatch).
type IdentityBarsApprovalError struct {
	ID       string
	Identity Identity
}

func (e *IdentityBarsApprovalError) Error() string {
	return fmt.Sprintf("%s cannot be approved on reconsideration: the insured register says %s", e.ID, e.Identity)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *IdentityBarsApprovalError) Is(target error) bool { return target == ErrRefused }

// UpholdReasonMissingError: upholding a rejection needs a motivation.
type UpholdReasonMissingError struct{ ID string }

func (e *UpholdReasonMissingError) Error() string {
	return fmt.Sprintf("upholding the rejection of %s needs a motivation (--reason)", e.ID)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *UpholdReasonMissingError) Is(target error) bool { return target == ErrRefused }

// NoRejectionOnRecordError: a request in reconsideration whose decisions
// hold no final rejection and objection (a damaged history).
type NoRejectionOnRecordError struct{ ID string }

func (e *NoRejectionOnRecordError) Error() string {
	return fmt.Sprintf("%s has no final rejection and objection on record to reconsider", e.ID)
}

// Is makes errors.Is(err, ErrRefused) true.
func (e *NoRejectionOnRecordError) Is(target error) bool { return target == ErrRefused }

// reconsider: the insured's objection to a final rejection, received today
// or earlier, is recorded once; the request is then reconsidered, due six
// weeks after the objection arrived.
func reconsider(c Case, ask Ask, today Date, d Decision) (Decision, State, error) {
	id := c.Request.ID
	if err := reconsideredOnlyOnce(id, c.Decisions); err != nil {
		return Decision{}, 0, err
	}
	if err := onlyAFinalRejectionIsReconsidered(id, c.State); err != nil {
		return Decision{}, 0, err
	}
	if d.Reason == "" {
		return Decision{}, 0, &ObjectionMissingError{ID: id}
	}
	received := ask.Received
	if received.IsZero() {
		received = today
	}
	if err := objectionReceivedNotAfterToday(id, received, today); err != nil {
		return Decision{}, 0, err
	}
	d.ObjectionReceived = received
	d.Outcome = OutcomeReconsiderationRequested
	return d, StateReconsideration, nil
}

// reconsideredOnlyOnce: a request can be reconsidered once.
func reconsideredOnlyOnce(id string, decisions []Decision) error {
	for _, d := range decisions {
		if d.Outcome == OutcomeReconsiderationRequested {
			return &AlreadyReconsideredError{ID: id, Received: d.ObjectionReceived}
		}
	}
	return nil
}

// onlyAFinalRejectionIsReconsidered: the insured may object to a final
// rejection.
func onlyAFinalRejectionIsReconsidered(id string, s State) error {
	if s != StateRejected {
		return &NotRejectedError{ID: id, State: s}
	}
	return nil
}

// objectionReceivedNotAfterToday: the objection's day of receipt is today
// or earlier.
func objectionReceivedNotAfterToday(id string, received, today Date) error {
	if received > today {
		return &ObjectionInTheFutureError{ID: id, Received: received, Today: today}
	}
	return nil
}

// approveOnReconsideration: a request in reconsideration may be approved
// by an adviser who took no part in the rejection, when every item is ok or
// not applicable and the insured register does not deny the insured; a
// treatment that has started does not bar it. Minutes and period are as
// for any approval.
func approveOnReconsideration(c Case, ask Ask, today Date, d Decision) (Decision, State, error) {
	r := c.Request
	if err := approveOnReconsiderationAllowed(c, ask, today); err != nil {
		return Decision{}, 0, err
	}
	d, err := approvedScope(r, ask, d)
	if err != nil {
		return Decision{}, 0, err
	}
	d.Outcome = OutcomeApprovedOnReconsideration
	return d, StateApproved, nil
}

// itemsAcceptableOnReconsideration: every item is ok or not applicable.
func itemsAcceptableOnReconsideration(r *Request, s State, today Date) error {
	var bad []ItemResult
	for _, it := range Check(r, s, today).Items {
		if !it.Status.Acceptable() {
			bad = append(bad, it)
		}
	}
	if len(bad) > 0 {
		return &ItemsNotAcceptableError{ID: r.ID, Items: bad}
	}
	return nil
}

// identityAllowsApprovalOnReconsideration: not when the insured register
// says the insured is not insured, or differs on who they are.
func identityAllowsApprovalOnReconsideration(id string, identity Identity) error {
	if identity == IdentityNotInsured || identity == IdentityMismatch {
		return &IdentityBarsApprovalError{ID: id, Identity: identity}
	}
	return nil
}

// uphold: an adviser who took no part in the rejection keeps it after
// reconsideration, with a motivation; the rejection is then final.
func uphold(c Case, ask Ask, d Decision) (Decision, State, error) {
	if err := reconsideredByAnotherAdviser(c, ask); err != nil {
		return Decision{}, 0, err
	}
	if d.Reason == "" {
		return Decision{}, 0, &UpholdReasonMissingError{ID: c.Request.ID}
	}
	if rejection, ok := RejectionOnRecord(c.Decisions); ok {
		d.ReasonCode = rejection[len(rejection)-1].ReasonCode
	}
	d.Outcome = OutcomeUpheld
	return d, StateRejected, nil
}

// reconsideredByAnotherAdviser: only a request in reconsideration is
// approved or upheld on it, and only by an adviser who took no part in the
// rejection: not the one who rejected, and for a four-eyes rejection
// neither the proposer nor the one who concurred.
func reconsideredByAnotherAdviser(c Case, ask Ask) error {
	id := c.Request.ID
	if c.State != StateReconsideration {
		return &NotInReconsiderationError{ID: id, State: c.State, Action: ask.Action}
	}
	rejection, ok := RejectionOnRecord(c.Decisions)
	if !ok {
		return &NoRejectionOnRecordError{ID: id}
	}
	for _, d := range rejection {
		if d.Adviser == ask.Adviser {
			return &TookPartInRejectionError{ID: id, Adviser: ask.Adviser, Action: ask.Action, Part: d.Outcome}
		}
	}
	return nil
}

// RejectionOnRecord returns the decisions that made the final rejection
// the insured objected to — the rejection, or the proposal and the
// concurrence of a four-eyes rejection — the last of them carrying the
// reason code. ok is false when the decisions hold no final rejection
// followed by an objection.
func RejectionOnRecord(decisions []Decision) (rejection []Decision, ok bool) {
	var proposal *Decision
	for i := range decisions {
		d := &decisions[i]
		switch d.Outcome {
		case OutcomeRejectionProposed:
			proposal = d
		case OutcomeOverturned:
			proposal = nil
		case OutcomeRejected:
			rejection = []Decision{*d}
		case OutcomeConcurred:
			rejection = []Decision{*d}
			if proposal != nil {
				rejection = []Decision{*proposal, *d}
			}
			proposal = nil
		case OutcomeReconsiderationRequested:
			return rejection, len(rejection) > 0
		}
	}
	return nil, false
}
