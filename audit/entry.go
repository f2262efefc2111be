// Package audit is the access log of NEN 7513: one entry per access to or
// change of confidential data, chained by SHA-256 so that any later change,
// removal or truncation of entries can be detected.
package audit

import "time"

// Action is the NEN 7513 action code.
type Action byte

// The NEN 7513 action codes.
const (
	Create  Action = 'C'
	Read    Action = 'R'
	Update  Action = 'U'
	Delete  Action = 'D'
	Execute Action = 'E'
)

func (a Action) String() string { return string(rune(a)) }

// Event is what happened.
type Event uint8

// The events that are logged.
const (
	EventImport      Event = iota + 1 // requests created or replaced by an import
	EventView                         // a request opened in the request view
	EventRevealBSN                    // a full BSN shown
	EventDecide                       // a decision recorded or refused
	EventCheck                        // check read requests
	EventExport                       // export read decisions
	EventAuditView                    // the access log itself read
	EventKey                          // encryption key made or used to convert
	EventMaintenance                  // compact, backup, doctor
	EventSession                      // a remote session began or ended
	EventReport                       // a report: figures over the decisions and the queue, no request shown
	EventPurge                        // retention: the data of long-decided requests removed
	EventRegister                     // a register imported (counts, never rows) or its status read
)

// Outcome says whether the access succeeded or was refused.
type Outcome uint8

// The outcomes of an event.
const (
	Success Outcome = iota
	Refused
)

// Entry is one line of the access log.
type Entry struct {
	Seq         uint64    // 1, 2, 3, ... without gaps
	Time        time.Time // UTC
	Action      Action
	Event       Event
	Adviser     string
	AccessPoint string   // "local terminal", or the remote address
	Requests    []string // the request ids concerned (may be empty when Count says how many)
	Count       int      // how many requests were read or written
	Outcome     Outcome
	Detail      string // free text: the decision, the refusal's reason, ...
}
