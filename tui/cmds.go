package tui

import (
	"strings"
	"sync/atomic"

	tea "github.com/charmbracelet/bubbletea"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/store"
)

// Every store read and write runs in a tea.Cmd and comes back as one of
// these messages; the UI goroutine never waits on the store.

type countsMsg struct {
	counts store.Counts
	err    error
}

// statsMsg carries the figures that need a scan: requests overdue and
// decisions made today.
type statsMsg struct {
	seq          int
	today        authz.Date
	overdue      int
	decidedToday int
	err          error
}

type pageKind uint8

const (
	pageFirst  pageKind = iota // the view's first rows
	pageLast                   // the view's last rows, for G
	pageNext                   // rows after the window
	pagePrev                   // rows before the window
	pageReload                 // the window again, after a change
)

// pageMsg carries rows of the queue in queue order.
type pageMsg struct {
	gen     int
	kind    pageKind
	rows    []store.Row
	atStart bool // rows begin with the view's first row
	atEnd   bool // rows end with the view's last row
	keepID  string
	err     error
}

type filterMsg struct {
	seq    uint64
	rows   []store.Row
	capped bool
	err    error
}

type recordMsg struct {
	id     string
	rec    *store.Record
	err    error
	log    []audit.Entry
	logErr error
}

type accessLogMsg struct {
	id  string
	log []audit.Entry
	err error
}

type revealMsg struct {
	id  string
	bsn string
	err error
}

type decidedMsg struct {
	id    string
	d     authz.Decision
	state authz.State // the request's state after the decision
	err   error
}

// claimTickMsg comes when a claim shown on screen may have lapsed.
type claimTickMsg struct{}

// changeMsg is a committed write reported by the store; ok is false when
// the subscription ended.
type changeMsg struct {
	change store.Change
	ok     bool
}

func loadCounts(s Store) tea.Cmd {
	return func() tea.Msg {
		c, err := s.Counts()
		return countsMsg{counts: c, err: err}
	}
}

// loadStats counts overdue requests and today's decisions. Each undecided
// view is in due-date order and the decided view newest first, so the scan
// stops at the first row past the figure: it reads the overdue rows and
// today's decisions, not the whole store.
func loadStats(s Store, seq int, today authz.Date, loc timeLoc) tea.Cmd {
	return func() tea.Msg {
		msg := statsMsg{seq: seq, today: today}
		for _, v := range []store.View{store.ViewOpen, store.ViewSecondReview, store.ViewReconsideration, store.ViewWaiting} {
			err := s.Scan(v, func(r *store.Row) bool {
				if r.Due.IsZero() || r.Due >= today {
					return false
				}
				msg.overdue++
				return true
			})
			if err != nil {
				msg.err = err
				return msg
			}
		}
		msg.err = s.Scan(store.ViewDecided, func(r *store.Row) bool {
			day := loc.date(r.DecidedAt)
			if day < today {
				return false
			}
			if day == today {
				msg.decidedToday++
			}
			return true
		})
		return msg
	}
}

func loadPage(s Store, v store.View, gen int, kind pageKind, after []byte, n int) tea.Cmd {
	return func() tea.Msg {
		reverse := kind == pageLast || kind == pagePrev
		rows, err := s.Rows(v, after, n, reverse)
		msg := pageMsg{gen: gen, kind: kind, err: err}
		if err != nil {
			return msg
		}
		if reverse {
			for i, j := 0, len(rows)-1; i < j; i, j = i+1, j-1 {
				rows[i], rows[j] = rows[j], rows[i]
			}
		}
		msg.rows = rows
		short := len(rows) < n
		switch kind {
		case pageFirst:
			msg.atStart, msg.atEnd = true, short
		case pageLast:
			msg.atStart, msg.atEnd = short, true
		case pageNext:
			msg.atEnd = short
		case pagePrev:
			msg.atStart = short
		}
		return msg
	}
}

// reloadWindow reads the window again from where it began: the row before
// the old first row is found first, since a row's key changes with its state.
func reloadWindow(s Store, v store.View, gen int, first []byte, n int, keepID string) tea.Cmd {
	return func() tea.Msg {
		msg := pageMsg{gen: gen, kind: pageReload, keepID: keepID}
		var after []byte
		if first != nil {
			prev, err := s.Rows(v, first, 1, true)
			if err != nil {
				msg.err = err
				return msg
			}
			if len(prev) > 0 {
				after = prev[0].Key
			}
		}
		rows, err := s.Rows(v, after, n, false)
		if err != nil {
			msg.err = err
			return msg
		}
		msg.rows, msg.atStart, msg.atEnd = rows, after == nil, len(rows) < n
		return msg
	}
}

// filterRows scans a view for rows that match the query, up to limit. A
// newer query makes the scan stop early: cur holds the latest sequence number.
func filterRows(s Store, v store.View, query string, seq uint64, cur *atomic.Uint64, limit int) tea.Cmd {
	match := newMatcher(query)
	return func() tea.Msg {
		msg := filterMsg{seq: seq}
		msg.err = s.Scan(v, func(r *store.Row) bool {
			if cur.Load() != seq {
				return false
			}
			if !match(r) {
				return true
			}
			if len(msg.rows) == limit {
				msg.capped = true
				return false
			}
			msg.rows = append(msg.rows, *r)
			return true
		})
		return msg
	}
}

// newMatcher matches a request by id, insured name or provider (any part,
// any case), or by its full BSN (spaces and dots ignored, all nine digits).
func newMatcher(query string) func(*store.Row) bool {
	q := strings.ToLower(strings.TrimSpace(query))
	digits := strings.NewReplacer(" ", "", ".", "", "-", "").Replace(q)
	bsn := len(digits) == 9 && strings.Trim(digits, "0123456789") == ""
	return func(r *store.Row) bool {
		if bsn && r.BSN == digits {
			return true
		}
		return containsFold(r.ID, q) || containsFold(r.Name, q) || containsFold(r.Provider, q)
	}
}

// containsFold reports whether s holds the lower-case q in any case.
func containsFold(s, q string) bool {
	if q == "" {
		return true
	}
	return strings.Contains(strings.ToLower(s), q)
}

// loadRecord reads a request (the store logs the read) and then its access
// log, so that the log shows this very read.
func loadRecord(s Store, a store.Actor, id string) tea.Cmd {
	return func() tea.Msg {
		rec, err := s.Get(a, id)
		msg := recordMsg{id: id, rec: rec, err: err}
		if err != nil {
			return msg
		}
		if rec == nil || rec.Request == nil {
			msg.err = errNoRequest
			return msg
		}
		msg.log, msg.logErr = s.AccessLog(id)
		return msg
	}
}

func loadAccessLog(s Store, id string) tea.Cmd {
	return func() tea.Msg {
		log, err := s.AccessLog(id)
		return accessLogMsg{id: id, log: log, err: err}
	}
}

func revealBSN(s Store, a store.Actor, id string) tea.Cmd {
	return func() tea.Msg {
		bsn, err := s.RevealBSN(a, id)
		return revealMsg{id: id, bsn: bsn, err: err}
	}
}

func decide(s Store, a store.Actor, id string, ask authz.Ask, today authz.Date) tea.Cmd {
	return func() tea.Msg {
		d, st, err := s.DecideState(a, id, ask, today)
		return decidedMsg{id: id, d: d, state: st, err: err}
	}
}

// listen waits for the next change. Changes that arrived meanwhile are
// merged into one, so that a burst of writes costs one reload.
func listen(ch <-chan store.Change) tea.Cmd {
	if ch == nil {
		return nil
	}
	return func() tea.Msg {
		c, ok := <-ch
		if !ok {
			return changeMsg{}
		}
		for {
			select {
			case more, ok := <-ch:
				if !ok {
					return changeMsg{change: c, ok: true}
				}
				c = mergeChanges(c, more)
			default:
				return changeMsg{change: c, ok: true}
			}
		}
	}
}

// mergeChanges joins two changes: a data change wins over a read or a
// claim, and an empty id list (everything) wins over a list.
func mergeChanges(a, b store.Change) store.Change {
	out := a
	out.Claim = a.Claim && b.Claim
	if dataEvent(b.Event) && !dataEvent(a.Event) {
		out.Event, out.By = b.Event, b.By
	}
	if len(a.IDs) == 0 || len(b.IDs) == 0 {
		out.IDs = nil
	} else {
		out.IDs = append(append([]string(nil), a.IDs...), b.IDs...)
	}
	return out
}

// dataEvent reports whether an event changes requests or decisions, rather
// than only adding to the access log.
func dataEvent(e audit.Event) bool {
	switch e {
	case audit.EventView, audit.EventRevealBSN, audit.EventCheck, audit.EventExport,
		audit.EventAuditView, audit.EventSession, audit.EventKey, audit.EventReport:
		return false
	}
	return true
}
