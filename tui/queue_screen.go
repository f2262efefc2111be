package tui

import (
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/roles"
)

// The queue as a Screen: the bottom of the stack, never popped. It keeps
// the store's counts (its tabs, and whether the store is empty) and the
// figures (overdue, decided today), and reads them again after every
// change.

// statsState holds the figures that need a scan of the store.
type statsState struct {
	seq          int
	busy, dirty  bool
	loaded       bool
	overdue      int
	decidedToday int
	err          error
}

// Open reads the counts, the figures and the view's first page.
func (q *queueModel) Open() tea.Cmd {
	return tea.Batch(loadCounts(q.s), q.requestStats(), q.start())
}

// reload reads again what a write may have changed.
func (q *queueModel) reload() tea.Cmd {
	return tea.Batch(loadCounts(q.s), q.requestStats(), q.refresh())
}

// Update takes the queue's reads, the store's changes and its keys.
func (q *queueModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return q.handleKey(msg)
	case countsMsg:
		if msg.err != nil {
			q.countsErr = msg.err
			return nil
		}
		q.countsErr = nil
		q.setCounts(msg.counts)
	case statsMsg:
		return q.handleStats(msg)
	case pageMsg:
		return q.handlePage(msg)
	case filterMsg:
		q.handleFilter(msg)
	case newDayMsg:
		return q.requestStats()
	case decisionRecordedMsg:
		return q.reload()
	case changeMsg:
		if !msg.change.Claim && dataEvent(msg.change.Event) {
			return q.reload()
		}
	}
	return nil
}

// requestStats starts the scan for the figures, or marks it to run again
// when one is under way.
func (q *queueModel) requestStats() tea.Cmd {
	if q.stats.busy {
		q.stats.dirty = true
		return nil
	}
	q.stats.busy = true
	q.stats.seq++
	return loadStats(q.s, q.stats.seq, q.ctx.today, q.ctx.loc)
}

func (q *queueModel) handleStats(msg statsMsg) tea.Cmd {
	q.stats.busy = false
	if msg.seq == q.stats.seq && msg.today == q.ctx.today {
		q.stats.err = msg.err
		if msg.err == nil {
			q.stats.loaded = true
			q.stats.overdue, q.stats.decidedToday = msg.overdue, msg.decidedToday
		}
	} else {
		q.stats.dirty = true
	}
	if q.stats.dirty {
		q.stats.dirty = false
		return q.requestStats()
	}
	return nil
}

// empty reports whether the store holds no requests at all: then the
// queue is the first-run screen.
func (q *queueModel) empty() bool { return q.known && q.counts.Total() == 0 }

// Problem is a failed count, for the status line.
func (q *queueModel) Problem() string {
	tx := q.ctx.tx
	switch {
	case q.countsErr != nil:
		return tx.errorLine(q.countsErr)
	case q.stats.err != nil:
		return tx.statsError(q.stats.err)
	}
	return ""
}

// TextFocused reports whether the filter field has focus.
func (q *queueModel) TextFocused() bool { return q.editing }

// ShownIDs are the ids of the rows on screen.
func (q *queueModel) ShownIDs() []string { return q.shownIDs() }

// HelpKeys are the queue's keys, or the filter field's.
func (q *queueModel) HelpKeys() keyGroups {
	k := q.ctx.keys
	switch {
	case q.empty():
		return k.emptyHelp()
	case q.editing:
		return k.filterHelp()
	}
	if r := q.selected(); r != nil {
		return k.forState(k.queueHelp(), r.State)
	}
	return k.queueHelp()
}

func (q *queueModel) handleKey(msg tea.KeyMsg) tea.Cmd {
	if q.empty() {
		return nil
	}
	if q.editing {
		return q.filterKey(msg)
	}
	if kind, ok := formKeyKind(q.ctx.keys, msg); ok {
		r := q.selected()
		if r == nil {
			return nil
		}
		return openForm(q.ctx, kind, r.ID, nil)
	}
	if key.Matches(msg, q.ctx.keys.Dashboard) {
		if !q.ctx.allowed(roles.Report) {
			return nil
		}
		return q.ctx.nav.push(newDashboard(q.ctx))
	}
	if key.Matches(msg, q.ctx.keys.Letter) {
		if r := q.selected(); r != nil && q.ctx.allowed(roles.Letter) {
			return q.ctx.nav.push(newLetter(q.ctx, r.ID))
		}
		return nil
	}
	if key.Matches(msg, q.ctx.keys.Open) {
		if r := q.selected(); r != nil {
			return q.ctx.nav.push(newRequest(q.ctx, r.ID))
		}
		return nil
	}
	return q.navKey(msg)
}

// View draws the queue, or the first-run screen of an empty store.
func (q *queueModel) View() string {
	tx := q.ctx.tx
	switch {
	case !q.known:
		return q.ctx.st.Muted.Render(tx.TextLoading)
	case q.empty():
		return emptyView(q.ctx, q.s.Path(), q.width)
	}
	return q.queueView(tx.statsLine(q.stats.overdue, q.stats.decidedToday, q.stats.loaded))
}
