package store

import (
	"time"

	"machtiging/audit"
	"machtiging/authz"
)

// Actor is who does something and from where, for attribution and the
// access log.
type Actor struct {
	Adviser     string // the login name, or the adviser of an SSH key
	AccessPoint string // "local terminal" or the remote address
}

// View is a part of the queue: each is one contiguous range of the queue
// index, so paging a view needs no scan.
type View uint8

// The views of the queue.
const (
	ViewAll View = iota
	ViewOpen
	ViewSecondReview
	ViewWaiting
	ViewDecided
	ViewReconsideration // appended: the numbers of the others stay
)

// Row is one request as the queue shows it. It is kept beside the queue
// index so that a page of the queue is read without decoding requests.
type Row struct {
	Key            []byte // position in the queue index
	ID             string
	State          authz.State
	Due            authz.Date
	Urgent         bool
	Received       authz.Date
	TreatmentStart authz.Date
	Setting        authz.Setting
	Contracted     bool
	Name           string // insured
	BSN            string // full; mask before showing
	Provider       string
	Facts          [authz.NumItems]authz.ItemFacts
	Version        int
	DecidedAt      time.Time // last decision, for decided requests
	Proposer       string    // who proposed the rejection awaiting second review

	// What the registers' checks and the overlap check need (rows of
	// binaryV2; RegisterFacts is false for an older row, whose request
	// must then be read for them).
	RegisterFacts bool
	BirthDate     authz.Date
	PolicyNumber  string
	AGB           string
	// Period is the request's period for overlaps: the approved validity
	// once approved, else the plan's period; zero when it has none.
	Period authz.Period
}

// Check returns the item statuses and verdict of the row on a day, as
// without registers.
func (r *Row) Check(today authz.Date) ([authz.NumItems]authz.ItemResult, authz.Verdict) {
	return r.CheckWith(authz.Findings{}, today)
}

// CheckWith returns the item statuses and verdict of the row on a day,
// with what the registers say of it.
func (r *Row) CheckWith(f authz.Findings, today authz.Date) ([authz.NumItems]authz.ItemResult, authz.Verdict) {
	var items [authz.NumItems]authz.ItemResult
	for i, f := range r.Facts {
		items[i] = f.Check(r.TreatmentStart, today)
	}
	return items, authz.VerdictOf(r.Contracted, f, r.TreatmentStart, r.State, items, today)
}

// Record is everything stored about one request.
type Record struct {
	Request   *authz.Request
	State     authz.State
	Version   int
	Versions  []VersionInfo    // every version, oldest first, the current last
	Decisions []authz.Decision // oldest first
	// Proposal is the pending rejection of a request in second review.
	Proposal *authz.Decision
}

// VersionInfo describes one imported version of a request.
type VersionInfo struct {
	Version    int
	Received   authz.Date
	ImportedAt time.Time
	ImportedBy string
	Source     string // the file name, or "-"
}

// Counts are the sizes of the queue's parts, kept up to date on every write.
type Counts struct {
	Open, SecondReview, Waiting, Approved, Rejected int
	Reconsideration                                 int
}

// Total is the number of requests.
func (c Counts) Total() int {
	return c.Open + c.SecondReview + c.Waiting + c.Approved + c.Rejected + c.Reconsideration
}

// Change tells subscribers what a committed write touched.
type Change struct {
	IDs   []string // empty for an import of many requests: reload everything
	Event audit.Event
	By    string
	// Claim is true when only a claim began or ended: nothing stored
	// changed, so screens redraw without reading again.
	Claim bool
}

// ImportStats says what an import did.
type ImportStats struct {
	New, Replaced, Reopened int
}
