package tui

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/importfile"
	"machtiging/store"
)

// fakeStore is an in-memory Store that keeps the real store's promises:
// rows in the order of authz.QueueKey.Bytes, views as ranges of that order,
// decisions by authz.Decide (a refusal records nothing), an access-log
// entry for every read of a whole request and every reveal, a Change after
// every committed write, and claims as *store.Store keeps them (in memory,
// lapsing after store.ClaimIdle by the fake's clock, announced as a Change
// when one begins or ends). It counts the calls the tests look at.
type fakeStore struct {
	mu        sync.Mutex
	path      string
	encrypted bool
	clock     func() time.Time
	recs      map[string]*store.Record
	rows      []store.Row // sorted by Key; replaced, never changed in place
	log       []audit.Entry
	subs      map[chan store.Change]struct{}
	claims    map[string]store.Claim
	later     atomic.Int64 // added to clock for claims: advance moves it

	prepared    int // PrepareOverlaps calls
	rowsCalls   int
	rowsFetched int
	scanCalls   int
	getCalls    int
	decideCalls int
	claimCalls  int
	failGet     error
	// regs is what the fake says is loaded of the registers: none, unless
	// a test sets it (from a real store).
	regs *store.Registers
}

func newFakeStore(clock func() time.Time) *fakeStore {
	return &fakeStore{
		path:   "/home/adviser/.local/share/machtiging/machtiging.db",
		clock:  clock,
		recs:   make(map[string]*store.Record),
		subs:   make(map[chan store.Change]struct{}),
		claims: make(map[string]store.Claim),
	}
}

// fixedClock is 10:00 UTC on a day.
func fixedClock(d authz.Date) func() time.Time {
	t := time.Date(d.Year(), d.Month(), d.Day(), 10, 0, 0, 0, time.UTC)
	return func() time.Time { return t }
}

// put stores a request as a new version without publishing a change, as
// an import does.
func (s *fakeStore) put(req *authz.Request, by, source string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.putLocked(req, by, source)
}

func (s *fakeStore) putLocked(req *authz.Request, by, source string) {
	rec, ok := s.recs[req.ID]
	if !ok {
		rec = &store.Record{State: authz.StateOpen}
		s.recs[req.ID] = rec
	} else if rec.State == authz.StateWaiting {
		rec.State = authz.StateOpen
	}
	rec.Version++
	rec.Request = req
	rec.Versions = append(rec.Versions, store.VersionInfo{
		Version: rec.Version, Received: req.Received, ImportedAt: s.clock(), ImportedBy: by, Source: source,
	})
	s.appendLog(store.Actor{Adviser: by, AccessPoint: "local terminal"}, audit.Create, audit.EventImport, audit.Success, "", req.ID)
}

// importRequests stores requests and tells the subscribers.
func (s *fakeStore) importRequests(by string, reqs ...*authz.Request) {
	s.mu.Lock()
	var ids []string
	for _, r := range reqs {
		s.putLocked(r, by, "requests.json")
		ids = append(ids, r.ID)
	}
	s.rebuildLocked()
	s.mu.Unlock()
	if len(ids) > 1 {
		ids = nil
	}
	s.publish(store.Change{IDs: ids, Event: audit.EventImport, By: by})
}

// rebuildLocked sorts the rows again after a write.
func (s *fakeStore) rebuildLocked() {
	rows := make([]store.Row, 0, len(s.recs))
	for _, rec := range s.recs {
		rows = append(rows, rowOf(rec))
	}
	sort.Slice(rows, func(i, j int) bool { return bytes.Compare(rows[i].Key, rows[j].Key) < 0 })
	s.rows = rows
}

// rowOf is the queue row of a record, as the store keeps it.
func rowOf(rec *store.Record) store.Row {
	var decidedAt time.Time
	if rec.State.Final() && len(rec.Decisions) > 0 {
		decidedAt = rec.Decisions[len(rec.Decisions)-1].DecidedAt
	}
	proposer := ""
	if rec.State == authz.StateSecondReview && rec.Proposal != nil {
		proposer = rec.Proposal.Adviser
	}
	row := store.NewRow(rec.Request, rec.State, rec.Version, decidedAt, proposer)
	if due, ok := reconsiderationDue(rec); ok {
		row.Due = due
		row.Key = authz.QueueKey{State: row.State, Due: row.Due, Urgent: row.Urgent, Received: row.Received, ID: row.ID}.Bytes()
	}
	return row
}

func (s *fakeStore) appendLog(a store.Actor, act audit.Action, ev audit.Event, out audit.Outcome, detail string, ids ...string) {
	s.log = append(s.log, audit.Entry{
		Seq: uint64(len(s.log) + 1), Time: s.clock().UTC(), Action: act, Event: ev,
		Adviser: a.Adviser, AccessPoint: a.AccessPoint, Requests: ids, Count: len(ids), Outcome: out, Detail: detail,
	})
}

func (s *fakeStore) publish(c store.Change) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- c:
		default:
			select {
			case <-ch:
			default:
			}
			select {
			case ch <- store.Change{Event: c.Event, By: c.By}:
			default:
			}
		}
	}
}

func (s *fakeStore) Path() string    { return s.path }
func (s *fakeStore) Encrypted() bool { return s.encrypted }

func (s *fakeStore) Counts() (store.Counts, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var c store.Counts
	for _, r := range s.recs {
		switch r.State {
		case authz.StateOpen:
			c.Open++
		case authz.StateSecondReview:
			c.SecondReview++
		case authz.StateWaiting:
			c.Waiting++
		case authz.StateApproved:
			c.Approved++
		case authz.StateRejected:
			c.Rejected++
		case authz.StateReconsideration:
			c.Reconsideration++
		}
	}
	return c, nil
}

// viewRows is the part of the sorted rows that makes up a view.
func viewRows(rows []store.Row, v store.View) []store.Row {
	var rank byte
	switch v {
	case store.ViewAll:
		return rows
	case store.ViewOpen:
		rank = authz.QueueRankOf(authz.StateOpen)
	case store.ViewSecondReview:
		rank = authz.QueueRankOf(authz.StateSecondReview)
	case store.ViewWaiting:
		rank = authz.QueueRankOf(authz.StateWaiting)
	case store.ViewReconsideration:
		rank = authz.QueueRankOf(authz.StateReconsideration)
	case store.ViewDecided:
		rank = authz.QueueRankOf(authz.StateApproved)
	}
	lo := sort.Search(len(rows), func(i int) bool { return rows[i].Key[0] >= rank })
	hi := sort.Search(len(rows), func(i int) bool { return rows[i].Key[0] > rank })
	return rows[lo:hi]
}

func (s *fakeStore) Rows(v store.View, after []byte, n int, reverse bool) ([]store.Row, error) {
	s.mu.Lock()
	rows := viewRows(s.rows, v)
	s.rowsCalls++
	s.mu.Unlock()
	var out []store.Row
	if !reverse {
		i := 0
		if after != nil {
			i = sort.Search(len(rows), func(i int) bool { return bytes.Compare(rows[i].Key, after) > 0 })
		}
		for ; i < len(rows) && len(out) < n; i++ {
			out = append(out, rows[i])
		}
	} else {
		i := len(rows) - 1
		if after != nil {
			i = sort.Search(len(rows), func(i int) bool { return bytes.Compare(rows[i].Key, after) >= 0 }) - 1
		}
		for ; i >= 0 && len(out) < n; i-- {
			out = append(out, rows[i])
		}
	}
	s.mu.Lock()
	s.rowsFetched += len(out)
	s.mu.Unlock()
	return out, nil
}

func (s *fakeStore) Scan(v store.View, fn func(*store.Row) bool) error {
	s.mu.Lock()
	rows := viewRows(s.rows, v)
	s.scanCalls++
	s.mu.Unlock()
	for i := range rows {
		r := rows[i]
		if !fn(&r) {
			break
		}
	}
	return nil
}

// copyRecord returns a copy that the caller may keep: the store's own
// record changes with later writes.
func copyRecord(r *store.Record) *store.Record {
	c := *r
	c.Versions = slices.Clone(r.Versions)
	c.Decisions = slices.Clone(r.Decisions)
	if r.Proposal != nil {
		p := *r.Proposal
		c.Proposal = &p
	}
	return &c
}

func (s *fakeStore) Get(a store.Actor, id string) (*store.Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.getCalls++
	if s.failGet != nil {
		return nil, s.failGet
	}
	rec, ok := s.recs[id]
	if !ok {
		return nil, fmt.Errorf("request %s: %w", id, store.ErrNotFound)
	}
	s.appendLog(a, audit.Read, audit.EventView, audit.Success, "", id)
	return copyRecord(rec), nil
}

func (s *fakeStore) Decide(a store.Actor, id string, ask authz.Ask, today authz.Date) (authz.Decision, error) {
	d, _, err := s.DecideState(a, id, ask, today)
	return d, err
}

func (s *fakeStore) DecideState(a store.Actor, id string, ask authz.Ask, today authz.Date) (authz.Decision, authz.State, error) {
	s.mu.Lock()
	s.decideCalls++
	ask.Adviser = a.Adviser
	rec, ok := s.recs[id]
	if !ok {
		s.mu.Unlock()
		return authz.Decision{}, 0, fmt.Errorf("request %s: %w", id, store.ErrNotFound)
	}
	if cl, held := s.liveClaimLocked(id); held && cl.Adviser != a.Adviser {
		err := &authz.Refusal{Code: authz.RefuseInReview, ID: id, Adviser: cl.Adviser}
		s.appendLog(a, audit.Update, audit.EventDecide, audit.Refused, fmt.Sprintf("%s refused: %v", ask.Action, err), id)
		s.mu.Unlock()
		return authz.Decision{}, 0, err
	}
	d, st, err := authz.Decide(authz.Case{Request: rec.Request, State: rec.State, Proposal: rec.Proposal, Decisions: rec.Decisions}, ask, today, s.clock())
	if err != nil {
		s.appendLog(a, audit.Update, audit.EventDecide, audit.Refused, fmt.Sprintf("%s refused: %v", ask.Action, err), id)
		s.mu.Unlock()
		return authz.Decision{}, 0, err
	}
	d.Seq = uint64(len(s.log) + 1)
	rec.Decisions = append(rec.Decisions, d)
	rec.State = st
	switch d.Outcome {
	case authz.OutcomeRejectionProposed:
		p := d
		rec.Proposal = &p
	default:
		rec.Proposal = nil
	}
	s.appendLog(a, audit.Update, audit.EventDecide, audit.Success, d.Outcome.String(), id)
	s.rebuildLocked()
	s.mu.Unlock()
	s.Release(id, a.Adviser)
	s.publish(store.Change{IDs: []string{id}, Event: audit.EventDecide, By: a.Adviser})
	return d, st, nil
}

// claimClock is the clock of the claims: the fake's clock, moved on by
// advance.
func (s *fakeStore) claimClock() time.Time {
	return s.clock().Add(time.Duration(s.later.Load()))
}

// advance moves the claims' clock on, as time passing.
func (s *fakeStore) advance(d time.Duration) { s.later.Add(int64(d)) }

// liveClaimLocked returns the request's claim when it has not lapsed.
func (s *fakeStore) liveClaimLocked(id string) (store.Claim, bool) {
	cl, ok := s.claims[id]
	if ok && s.claimClock().Sub(cl.Touched) > store.ClaimIdle {
		delete(s.claims, id)
		return store.Claim{}, false
	}
	return cl, ok
}

func (s *fakeStore) Claim(id, adviser string) error {
	s.mu.Lock()
	s.claimCalls++
	now := s.claimClock()
	cl, ok := s.liveClaimLocked(id)
	if ok && cl.Adviser != adviser {
		s.mu.Unlock()
		return &store.ErrClaimed{Claim: cl}
	}
	fresh := !ok
	if fresh {
		cl = store.Claim{ID: id, Adviser: adviser, Since: now}
	}
	cl.Touched = now
	s.claims[id] = cl
	s.mu.Unlock()
	if fresh {
		s.publish(store.Change{IDs: []string{id}, Event: audit.EventDecide, By: adviser, Claim: true})
	}
	return nil
}

func (s *fakeStore) Release(id, adviser string) {
	s.mu.Lock()
	cl, ok := s.claims[id]
	mine := ok && cl.Adviser == adviser
	if mine {
		delete(s.claims, id)
	}
	s.mu.Unlock()
	if mine {
		s.publish(store.Change{IDs: []string{id}, Event: audit.EventDecide, By: adviser, Claim: true})
	}
}

func (s *fakeStore) ClaimOf(id string) (store.Claim, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.liveClaimLocked(id)
}

func (s *fakeStore) RevealBSN(a store.Actor, id string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.recs[id]
	if !ok {
		return "", fmt.Errorf("request %s: %w", id, store.ErrNotFound)
	}
	s.appendLog(a, audit.Read, audit.EventRevealBSN, audit.Success, "", id)
	return rec.Request.Insured.BSN, nil
}

func (s *fakeStore) AccessLog(id string) ([]audit.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []audit.Entry
	for _, e := range s.log {
		if slices.Contains(e.Requests, id) {
			out = append(out, e)
		}
	}
	return out, nil
}

func (s *fakeStore) Subscribe() (<-chan store.Change, func()) {
	ch := make(chan store.Change, 8)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		defer s.mu.Unlock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
	}
}

// decisionsOf is what the fake recorded for a request.
func (s *fakeStore) decisionsOf(id string) []authz.Decision {
	s.mu.Lock()
	defer s.mu.Unlock()
	if rec, ok := s.recs[id]; ok {
		return slices.Clone(rec.Decisions)
	}
	return nil
}

func (s *fakeStore) stateOf(id string) authz.State {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.recs[id].State
}

func (s *fakeStore) calls() (rows, fetched, scans int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.rowsCalls, s.rowsFetched, s.scanCalls
}

// exampleRequests decodes the contract's example import file.
func exampleRequests(t testing.TB) []*authz.Request {
	t.Helper()
	f, err := os.Open("testdata/requests.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := importfile.NewDecoder(f)
	var out []*authz.Request
	for {
		r, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, r)
	}
	return out
}

var (
	_ Store = (*fakeStore)(nil)
	_ Store = (*store.Store)(nil) // the real store keeps the same promises
)

func (f *fakeStore) Registers() (*store.Registers, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.regs == nil {
		return &store.Registers{}, nil
	}
	return f.regs, nil
}

func (f *fakeStore) PrepareOverlaps() error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.prepared++
	return nil
}

func (f *fakeStore) OtherRequests(id string) ([]store.Row, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var bsn string
	for _, r := range f.rows {
		if r.ID == id {
			bsn = r.BSN
		}
	}
	var out []store.Row
	for _, r := range f.rows {
		if r.ID != id && r.BSN == bsn && bsn != "" {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b store.Row) int { return strings.Compare(a.ID, b.ID) })
	return out, nil
}
