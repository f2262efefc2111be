package authz

import "fmt"

// Setting is where the care is given.
type Setting uint8

// The settings of care.
const (
	SettingUnknown    Setting = iota
	SettingClinical           // klinisch: with admission (opname)
	SettingOutpatient         // poliklinisch
)

var settingNames = [...]string{"", "clinical", "outpatient"}

func (s Setting) String() string { return nameOf(settingNames[:], int(s)) }

// MarshalText writes the contract's name.
func (s Setting) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText accepts "clinical" or "outpatient".
func (s *Setting) UnmarshalText(b []byte) error {
	v, ok := lookup(settingNames[:], string(b))
	if !ok || v == 0 {
		return notOneOf(KindSetting, string(b))
	}
	*s = Setting(v)
	return nil
}

// Item is one of the five items a request must hold.
type Item uint8

// The five items, in the contract's order.
const (
	ItemReferral Item = iota
	ItemAdmissionIndication
	ItemTreatmentPlan
	ItemPractitioners
	ItemCodes
	NumItems = 5
)

// Items lists the five items in order.
var Items = [NumItems]Item{ItemReferral, ItemAdmissionIndication, ItemTreatmentPlan, ItemPractitioners, ItemCodes}

var itemNames = [...]string{"referral", "admission_indication", "treatment_plan", "practitioners", "codes"}

func (i Item) String() string { return nameOf(itemNames[:], int(i)) }

// MarshalText writes the contract's name.
func (i Item) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText reads the contract's name.
func (i *Item) UnmarshalText(b []byte) error {
	v, err := ParseItem(string(b))
	*i = v
	return err
}

// ParseItem reads an item name such as "treatment_plan".
func ParseItem(s string) (Item, error) {
	v, ok := lookup(itemNames[:], s)
	if !ok {
		return 0, notOneOf(KindItem, s)
	}
	return Item(v), nil
}

// Status is the outcome of the check of one item.
type Status uint8

// The statuses of an item.
const (
	StatusOK Status = iota
	StatusNotApplicable
	StatusMissing
	StatusInvalid
	StatusLate
)

var statusNames = [...]string{"ok", "not_applicable", "missing", "invalid", "late"}

func (s Status) String() string { return nameOf(statusNames[:], int(s)) }

// MarshalText writes the contract's name.
func (s Status) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the contract's name.
func (s *Status) UnmarshalText(b []byte) error {
	v, ok := lookup(statusNames[:], string(b))
	if !ok {
		return notOneOf(KindItemStatus, string(b))
	}
	*s = Status(v)
	return nil
}

// Acceptable reports whether the item needs nothing more: ok or not applicable.
func (s Status) Acceptable() bool { return s == StatusOK || s == StatusNotApplicable }

// Verdict is the overall judgement of a request on a given day.
type Verdict uint8

// The verdicts.
const (
	VerdictNotRequired Verdict = iota
	VerdictStarted
	VerdictComplete
	VerdictIncomplete
	// Part 2, with the registers: appended so that stored numbers keep their meaning.
	VerdictNotInsured // the insured register has no cover on the start day
	VerdictUnverified // the insured register differs on birth date or policy number
)

var verdictNames = [...]string{"not_required", "started", "complete", "incomplete", "not_insured", "unverified"}

func (v Verdict) String() string { return nameOf(verdictNames[:], int(v)) }

// MarshalText writes the contract's name.
func (v Verdict) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads the contract's name.
func (v *Verdict) UnmarshalText(b []byte) error {
	n, ok := lookup(verdictNames[:], string(b))
	if !ok {
		return notOneOf(KindVerdict, string(b))
	}
	*v = Verdict(n)
	return nil
}

// State is where a request stands in the review.
type State uint8

// The states. Their numbers are stored, so a new state is appended; the
// queue order is queueRank's, not the numbers'.
const (
	StateOpen State = iota
	StateSecondReview
	StateWaiting
	StateApproved
	StateRejected
	// StateReconsideration: the insured objected to a final rejection and
	// the insurer reconsiders it (heroverweging).
	StateReconsideration
)

var stateNames = [...]string{"open", "second_review", "waiting", "approved", "rejected", "reconsideration"}

func (s State) String() string { return nameOf(stateNames[:], int(s)) }

// MarshalText writes the contract's name.
func (s State) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText reads the contract's name.
func (s *State) UnmarshalText(b []byte) error {
	n, ok := lookup(stateNames[:], string(b))
	if !ok {
		return notOneOf(KindState, string(b))
	}
	*s = State(n)
	return nil
}

// Final reports whether the state is a final decision.
func (s State) Final() bool { return s == StateApproved || s == StateRejected }

// RejectCode is the reason code of a rejection.
type RejectCode uint8

// The reason codes of a rejection.
const (
	RejectNone RejectCode = iota
	RejectNotRequired
	RejectIncomplete
	RejectStarted
	RejectNotIndicated
	RejectOther
	RejectNotInsured // the insured register has no cover on the start day
)

var rejectNames = [...]string{"", "not_required", "incomplete", "started", "not_indicated", "other", "not_insured"}

// RejectCodes lists the codes an adviser can choose, in the contract's order.
var RejectCodes = []RejectCode{RejectNotRequired, RejectIncomplete, RejectStarted, RejectNotIndicated, RejectOther, RejectNotInsured}

func (c RejectCode) String() string { return nameOf(rejectNames[:], int(c)) }

// MarshalText writes the contract's name.
func (c RejectCode) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads the contract's name; the empty text is RejectNone.
func (c *RejectCode) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*c = RejectNone
		return nil
	}
	v, err := ParseRejectCode(string(b))
	*c = v
	return err
}

// ParseRejectCode reads a reason code such as "not_indicated".
func ParseRejectCode(s string) (RejectCode, error) {
	v, ok := lookup(rejectNames[:], s)
	if !ok || v == 0 {
		return 0, notOneOf(KindReasonCode, s)
	}
	return RejectCode(v), nil
}

// Outcome is what one recorded decision did.
type Outcome uint8

// The outcomes of decisions, as exported.
const (
	OutcomeApproved Outcome = iota + 1
	OutcomeRejected
	OutcomeInfoRequested
	OutcomeRejectionProposed
	OutcomeConcurred
	OutcomeOverturned
	OutcomeReconsiderationRequested // the insured objected to a final rejection
	OutcomeApprovedOnReconsideration
	OutcomeUpheld // the rejection stands after reconsideration (final)
)

var outcomeNames = [...]string{"", "approved", "rejected", "info_requested", "rejection_proposed", "concurred", "overturned", "reconsideration_requested", "approved_on_reconsideration", "upheld"}

// Outcomes lists every outcome in the contract's order.
var Outcomes = []Outcome{OutcomeApproved, OutcomeRejected, OutcomeInfoRequested, OutcomeRejectionProposed, OutcomeConcurred, OutcomeOverturned, OutcomeReconsiderationRequested, OutcomeApprovedOnReconsideration, OutcomeUpheld}

func (o Outcome) String() string { return nameOf(outcomeNames[:], int(o)) }

// MarshalText writes the contract's name.
func (o Outcome) MarshalText() ([]byte, error) { return []byte(o.String()), nil }

// UnmarshalText reads the contract's name.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, ok := lookup(outcomeNames[:], string(b))
	if !ok || v == 0 {
		return notOneOf(KindOutcome, string(b))
	}
	*o = Outcome(v)
	return nil
}

// Action is what an adviser asks to do with a request.
type Action uint8

// The actions of `decide`.
const (
	ActionApprove Action = iota + 1
	ActionReject
	ActionRequestInfo
	ActionConcur
	ActionOverturn
	ActionReconsider // record the insured's objection to a final rejection
	ActionUphold     // keep the rejection after reconsideration
)

var actionNames = [...]string{"", "approve", "reject", "request-info", "concur", "overturn", "reconsider", "uphold"}

func (a Action) String() string { return nameOf(actionNames[:], int(a)) }

// ParseAction reads an action as typed on the command line.
func ParseAction(s string) (Action, error) {
	v, ok := lookup(actionNames[:], s)
	if !ok || v == 0 {
		return 0, notOneOf(KindAction, s)
	}
	return Action(v), nil
}

func nameOf(names []string, i int) string {
	if i < 0 || i >= len(names) {
		return fmt.Sprintf("unknown(%d)", i)
	}
	return names[i]
}

func lookup(names []string, s string) (int, bool) {
	for i, n := range names {
		if n == s {
			return i, true
		}
	}
	return 0, false
}

// Identity is what the insured register says of the request's insured on
// the day treatment starts.
type Identity uint8

// The outcomes of the identity check, as check --json writes them.
const (
	IdentityUnchecked  Identity = iota // no insured register is loaded
	IdentityVerified                   // insured on the start day, birth date and policy number agree
	IdentityMismatch                   // insured, but birth date or policy number differ
	IdentityNotInsured                 // no row of the BSN covers the start day
)

var identityNames = [...]string{"unchecked", "verified", "mismatch", "not_insured"}

func (i Identity) String() string { return nameOf(identityNames[:], int(i)) }

// MarshalText writes the contract's name.
func (i Identity) MarshalText() ([]byte, error) { return []byte(i.String()), nil }

// UnmarshalText reads the contract's name.
func (i *Identity) UnmarshalText(b []byte) error {
	v, ok := lookup(identityNames[:], string(b))
	if !ok {
		return notOneOf(KindIdentity, string(b))
	}
	*i = Identity(v)
	return nil
}

// Contract is what the provider register says of the provider on the day
// treatment starts.
type Contract uint8

// The outcomes of the contract check, as check --json writes them.
const (
	ContractUnchecked     Contract = iota // no provider register is loaded
	ContractContracted                    // a contract covers the start day
	ContractNotContracted                 // no contract covers the start day
)

var contractNames = [...]string{"unchecked", "contracted", "not_contracted"}

func (c Contract) String() string { return nameOf(contractNames[:], int(c)) }

// MarshalText writes the contract's name.
func (c Contract) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText reads the contract's name.
func (c *Contract) UnmarshalText(b []byte) error {
	v, ok := lookup(contractNames[:], string(b))
	if !ok {
		return notOneOf(KindContract, string(b))
	}
	*c = Contract(v)
	return nil
}
