package tui

import (
	"machtiging/audit"
	"machtiging/authz"
	"machtiging/store"
)

// Store is what the TUI needs of the store. *store.Store implements it; the
// tests use an in-memory fake.
type Store interface {
	Path() string
	Encrypted() bool
	Counts() (store.Counts, error)
	// Rows reads up to n rows of a view in queue order strictly after the row whose Key is `after` (nil: from the view's first row; with reverse, strictly before `after`, nil meaning from the view's last row, returned in reverse queue order).
	Rows(v store.View, after []byte, n int, reverse bool) ([]store.Row, error)
	// Scan calls fn for every row of a view in queue order until fn returns false.
	Scan(v store.View, fn func(*store.Row) bool) error
	// Get reads a whole request and logs the read in the access log. Unknown id: an error wrapping store.ErrNotFound (declare nothing for it; just show the error).
	Get(a store.Actor, id string) (*store.Record, error)
	// DecideState applies authz's rules inside a write transaction and returns the decision and the request's new state; a refusal is an error for which errors.Is(err, authz.ErrRefused) holds; nothing is recorded then.
	DecideState(a store.Actor, id string, ask authz.Ask, today authz.Date) (authz.Decision, authz.State, error)
	// ReadLetter returns the letters of the request's latest decision that
	// has one, logging the read; store.ErrNoLetter when none has.
	ReadLetter(a store.Actor, id, detail string) (*store.Letter, error)
	// RevealBSN logs the reveal and returns the full BSN.
	RevealBSN(a store.Actor, id string) (string, error)
	// AccessLog returns the access-log entries that name the request, oldest first.
	AccessLog(id string) ([]audit.Entry, error)
	// Subscribe delivers a Change after every committed write by anyone, and after a claim begins or ends; call the func to stop.
	Subscribe() (<-chan store.Change, func())

	// Claim claims a request for an adviser who opens a decision form, or
	// renews their claim; it fails with *store.ErrClaimed while another
	// adviser holds a live claim. A claim lapses after store.ClaimIdle
	// without renewal; a recorded decision ends the decider's claim.
	Claim(id, adviser string) error
	// Release ends the adviser's claim on a request, if they hold one.
	Release(id, adviser string)
	// ClaimOf returns the live claim on a request. It is a lookup in memory,
	// cheap enough to make for every row on screen as it is drawn.
	ClaimOf(id string) (store.Claim, bool)

	// Registers returns what is loaded of the insurer's registers; an
	// import replaces it.
	Registers() (*store.Registers, error)
	// OtherRequests returns the queue rows of the other requests of the
	// insured of request id (by BSN), without logging.
	OtherRequests(id string) ([]store.Row, error)
	// PrepareOverlaps builds the index behind OtherRequests and the
	// overlaps now (about a second at a million requests), so that the
	// first request view need not wait for it.
	PrepareOverlaps() error
}
