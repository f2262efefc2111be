package audit

import (
	"fmt"
	"strings"
)

var eventNames = [...]string{
	EventImport:      "import",
	EventView:        "view_request",
	EventRevealBSN:   "reveal_bsn",
	EventDecide:      "decide",
	EventCheck:       "check",
	EventExport:      "export",
	EventAuditView:   "audit_view",
	EventKey:         "key",
	EventMaintenance: "store_maintenance",
	EventSession:     "session",
	EventReport:      "report",
	EventPurge:       "purge",
	EventRegister:    "register",
}

// Events lists every event, in the order of their codes.
var Events = []Event{
	EventImport, EventView, EventRevealBSN, EventDecide, EventCheck,
	EventExport, EventAuditView, EventKey, EventMaintenance, EventSession,
	EventReport, EventPurge, EventRegister,
}

// Valid reports whether e is one of the logged events.
func (e Event) Valid() bool { return e >= EventImport && e <= EventRegister }

// String returns the event's name, such as "view_request".
func (e Event) String() string {
	if !e.Valid() {
		return fmt.Sprintf("unknown(%d)", uint8(e))
	}
	return eventNames[e]
}

// MarshalText writes the event's name.
func (e Event) MarshalText() ([]byte, error) {
	if !e.Valid() {
		return nil, fmt.Errorf("audit: event %d is not a logged event", uint8(e))
	}
	return []byte(e.String()), nil
}

// UnmarshalText reads an event's name.
func (e *Event) UnmarshalText(b []byte) error {
	v, err := ParseEvent(string(b))
	if err != nil {
		return err
	}
	*e = v
	return nil
}

// ParseEvent reads an event's name, such as "reveal_bsn".
func ParseEvent(s string) (Event, error) {
	for _, e := range Events {
		if eventNames[e] == s {
			return e, nil
		}
	}
	return 0, fmt.Errorf("%q is not an event (one of %s)", s, strings.Join(eventNames[1:], ", "))
}

// Valid reports whether a is one of the five NEN 7513 action codes.
func (a Action) Valid() bool {
	switch a {
	case Create, Read, Update, Delete, Execute:
		return true
	}
	return false
}

// MarshalText writes the action's letter.
func (a Action) MarshalText() ([]byte, error) {
	if !a.Valid() {
		return nil, fmt.Errorf("audit: action %q is not one of C, R, U, D, E", rune(a))
	}
	return []byte{byte(a)}, nil
}

// UnmarshalText reads an action's letter.
func (a *Action) UnmarshalText(b []byte) error {
	v, err := ParseAction(string(b))
	if err != nil {
		return err
	}
	*a = v
	return nil
}

// ParseAction reads a NEN 7513 action code: C, R, U, D or E.
func ParseAction(s string) (Action, error) {
	if len(s) == 1 && Action(s[0]).Valid() {
		return Action(s[0]), nil
	}
	return 0, fmt.Errorf("%q is not an action (one of C, R, U, D, E)", s)
}

var outcomeNames = [...]string{Success: "success", Refused: "refused"}

// Valid reports whether o is success or refused.
func (o Outcome) Valid() bool { return o == Success || o == Refused }

// String returns "success" or "refused".
func (o Outcome) String() string {
	if !o.Valid() {
		return fmt.Sprintf("unknown(%d)", uint8(o))
	}
	return outcomeNames[o]
}

// MarshalText writes the outcome's name.
func (o Outcome) MarshalText() ([]byte, error) {
	if !o.Valid() {
		return nil, fmt.Errorf("audit: outcome %d is not success or refused", uint8(o))
	}
	return []byte(o.String()), nil
}

// UnmarshalText reads an outcome's name.
func (o *Outcome) UnmarshalText(b []byte) error {
	v, err := ParseOutcome(string(b))
	if err != nil {
		return err
	}
	*o = v
	return nil
}

// ParseOutcome reads "success" or "refused".
func ParseOutcome(s string) (Outcome, error) {
	for i, n := range outcomeNames {
		if n == s {
			return Outcome(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not an outcome (success or refused)", s)
}
