package tui

import (
	"strings"
	"sync/atomic"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/store"
)

const (
	// defaultPageSize is how many rows one Rows call reads.
	defaultPageSize = 100
	// windowPages is how many pages the window keeps before it drops rows
	// at the far end.
	windowPages = 4
	// defaultFilterLimit caps a filter's result list.
	defaultFilterLimit = 10000
)

// queueModel is the queue screen: a window of rows of one view, read page
// by page, and a filter. It never holds the whole queue: only the window
// (at most windowPages pages) or a capped filter result, and it renders only
// the rows on screen.
type queueModel struct {
	ctx *programContext
	s   Store

	countsErr error
	stats     statsState

	view   store.View
	counts store.Counts
	known  bool // counts loaded

	win      rowList
	atStart  bool // the window begins with the view's first row
	atEnd    bool // the window ends with the view's last row
	base     int  // position in the view of the window's first row
	baseOK   bool
	gen      int // generation of the window: answers for older ones are dropped
	loaded   bool
	fetching bool
	err      error

	input     textinput.Model
	editing   bool
	query     string
	filterSeq *atomic.Uint64
	matches   rowList
	filterOK  bool // results for the current query arrived
	capped    bool
	filterErr error

	pageSize    int
	filterLimit int
	width       int
	height      int
}

func newQueue(ctx *programContext) *queueModel {
	tx := ctx.tx
	in := ctx.st.newTextInput()
	in.Placeholder = tx.TextFilterHint
	in.CharLimit = 100
	return &queueModel{
		ctx:         ctx,
		s:           ctx.s,
		view:        store.ViewOpen,
		input:       in,
		filterSeq:   new(atomic.Uint64),
		pageSize:    defaultPageSize,
		filterLimit: defaultFilterLimit,
		width:       80,
		height:      20,
	}
}

// visible is the number of table rows on screen: the queue's height less
// the tab bar, the filter and figures line, the table header and the line
// about the selected request.
func (q *queueModel) visible() int { return max(1, q.height-4) }

// SetSize is the queue's part of Screen.
func (q *queueModel) SetSize(w, h int) tea.Cmd {
	q.width, q.height = w, h
	q.input.Width = max(10, min(30, w/3))
	q.win.clamp(q.visible())
	q.matches.clamp(q.visible())
	return q.prefetch()
}

func (q *queueModel) filtered() bool { return q.query != "" }

// list is the list on screen: the filter's matches or the window.
func (q *queueModel) list() *rowList {
	if q.filtered() {
		return &q.matches
	}
	return &q.win
}

func (q *queueModel) selected() *store.Row { return q.list().selected() }

// start reads the view's first page.
func (q *queueModel) start() tea.Cmd {
	q.gen++
	q.fetching = false
	return loadPage(q.s, q.view, q.gen, pageFirst, nil, q.pageSize)
}

// refresh reads what is on screen again after a change in the store,
// keeping the cursor on the same request when it is still in the view.
func (q *queueModel) refresh() tea.Cmd {
	var cmds []tea.Cmd
	if q.filtered() {
		cmds = append(cmds, q.runFilter())
	}
	q.gen++
	q.fetching = false
	var keep string
	if r := q.win.selected(); r != nil {
		keep = r.ID
	}
	var first []byte
	if q.loaded && len(q.win.rows) > 0 && !q.atStart {
		first = q.win.rows[0].Key
	}
	n := max(q.pageSize, len(q.win.rows))
	cmds = append(cmds, reloadWindow(q.s, q.view, q.gen, first, n, keep))
	return tea.Batch(cmds...)
}

func (q *queueModel) setView(v store.View) tea.Cmd {
	if v == q.view {
		return nil
	}
	q.view = v
	q.win = rowList{}
	q.loaded, q.atStart, q.atEnd, q.baseOK, q.err = false, false, false, false, nil
	cmds := []tea.Cmd{q.start()}
	if q.filtered() {
		q.matches = rowList{}
		cmds = append(cmds, q.runFilter())
	}
	return tea.Batch(cmds...)
}

func (q *queueModel) cycleView(delta int) tea.Cmd {
	i := 0
	for j, v := range viewOrder {
		if v == q.view {
			i = j
		}
	}
	n := len(viewOrder)
	return q.setView(viewOrder[((i+delta)%n+n)%n])
}

// viewCount is the number of requests in a view, from the store's counts.
func viewCount(c store.Counts, v store.View) int {
	switch v {
	case store.ViewOpen:
		return c.Open
	case store.ViewSecondReview:
		return c.SecondReview
	case store.ViewWaiting:
		return c.Waiting
	case store.ViewReconsideration:
		return c.Reconsideration
	case store.ViewDecided:
		return c.Approved + c.Rejected
	}
	return c.Total()
}

func (q *queueModel) setCounts(c store.Counts) {
	q.counts, q.known = c, true
}

// handlePage takes rows read by loadPage or reloadWindow.
func (q *queueModel) handlePage(msg pageMsg) tea.Cmd {
	if msg.gen != q.gen {
		return nil
	}
	q.fetching = false
	if msg.err != nil {
		q.err = msg.err
		return nil
	}
	q.err = nil
	w := &q.win
	switch msg.kind {
	case pageFirst:
		w.rows, w.cursor, w.offset = msg.rows, 0, 0
		q.atStart, q.atEnd = true, msg.atEnd
		q.base, q.baseOK = 0, true
	case pageLast:
		w.rows = msg.rows
		w.cursor, w.offset = len(msg.rows)-1, max(0, len(msg.rows)-q.visible())
		q.atStart, q.atEnd = msg.atStart, true
		q.base, q.baseOK = viewCount(q.counts, q.view)-len(msg.rows), q.known
		if msg.atStart {
			q.base, q.baseOK = 0, true
		}
	case pageNext:
		w.rows = append(w.rows, msg.rows...)
		q.atEnd = msg.atEnd
		if over := len(w.rows) - q.pageSize*windowPages; over > 0 {
			w.rows = append([]store.Row(nil), w.rows[over:]...)
			w.cursor -= over
			w.offset -= over
			q.base += over
			q.atStart = false
		}
	case pagePrev:
		n := len(msg.rows)
		rows := make([]store.Row, 0, n+len(w.rows))
		rows = append(append(rows, msg.rows...), w.rows...)
		w.rows = rows
		w.cursor += n
		w.offset += n
		q.base -= n
		q.atStart = msg.atStart
		if msg.atStart {
			q.base, q.baseOK = 0, true
		}
		if limit := q.pageSize * windowPages; len(w.rows) > limit {
			w.rows = w.rows[:limit:limit]
			q.atEnd = false
		}
	case pageReload:
		w.rows = msg.rows
		q.atStart, q.atEnd = msg.atStart, msg.atEnd
		if msg.atStart {
			q.base, q.baseOK = 0, true
		}
		if i := w.indexOf(msg.keepID); i >= 0 {
			w.cursor = i
		}
	}
	q.loaded = true
	w.clamp(q.visible())
	return q.prefetch()
}

// prefetch reads the next or previous page when the cursor comes within a
// screen of the window's edge.
func (q *queueModel) prefetch() tea.Cmd {
	if q.filtered() || !q.loaded || q.fetching {
		return nil
	}
	w := &q.win
	near := q.visible()
	switch {
	case !q.atEnd && w.cursor >= len(w.rows)-near:
		q.fetching = true
		var after []byte
		if len(w.rows) > 0 {
			after = w.rows[len(w.rows)-1].Key
		}
		return loadPage(q.s, q.view, q.gen, pageNext, after, q.pageSize)
	case !q.atStart && w.cursor < near && len(w.rows) > 0:
		q.fetching = true
		return loadPage(q.s, q.view, q.gen, pagePrev, w.rows[0].Key, q.pageSize)
	}
	return nil
}

func (q *queueModel) move(delta int) tea.Cmd {
	l := q.list()
	l.cursor += delta
	l.clamp(q.visible())
	return q.prefetch()
}

func (q *queueModel) top() tea.Cmd {
	if q.filtered() || q.atStart {
		l := q.list()
		l.cursor = 0
		l.clamp(q.visible())
		return q.prefetch()
	}
	return q.start()
}

func (q *queueModel) bottom() tea.Cmd {
	if q.filtered() || (q.atEnd && q.loaded) {
		l := q.list()
		l.cursor = len(l.rows) - 1
		l.clamp(q.visible())
		return q.prefetch()
	}
	q.gen++
	q.fetching = false
	return loadPage(q.s, q.view, q.gen, pageLast, nil, q.pageSize)
}

// navKey handles the keys that move in the queue or change its view.
func (q *queueModel) navKey(msg tea.KeyMsg) tea.Cmd {
	k := q.ctx.keys
	page := q.visible()
	switch {
	case key.Matches(msg, k.Down):
		return q.move(1)
	case key.Matches(msg, k.Up):
		return q.move(-1)
	case key.Matches(msg, k.PageDown):
		return q.move(page)
	case key.Matches(msg, k.PageUp):
		return q.move(-page)
	case key.Matches(msg, k.HalfDown):
		return q.move(max(1, page/2))
	case key.Matches(msg, k.HalfUp):
		return q.move(-max(1, page/2))
	case key.Matches(msg, k.Top):
		return q.top()
	case key.Matches(msg, k.Bottom):
		return q.bottom()
	case key.Matches(msg, k.NextView):
		return q.cycleView(1)
	case key.Matches(msg, k.PrevView):
		return q.cycleView(-1)
	case key.Matches(msg, k.JumpView):
		if s := msg.String(); len(s) == 1 && s[0] >= '1' && int(s[0]-'1') < len(viewOrder) {
			return q.setView(viewOrder[s[0]-'1'])
		}
	case key.Matches(msg, k.Filter):
		q.editing = true
		q.input.CursorEnd()
		return q.input.Focus()
	case key.Matches(msg, k.Back):
		if q.filtered() {
			q.clearFilter()
		}
	}
	return nil
}

// filterKey handles keys while the filter field has focus: everything but
// enter, esc and the arrows is typed into it.
func (q *queueModel) filterKey(msg tea.KeyMsg) tea.Cmd {
	k := q.ctx.keys
	switch {
	case key.Matches(msg, k.FilterKeep):
		q.editing = false
		q.input.Blur()
		if strings.TrimSpace(q.query) == "" {
			q.clearFilter()
		}
		return nil
	case key.Matches(msg, k.FilterClear):
		q.clearFilter()
		return nil
	case msg.Type == tea.KeyDown:
		return q.move(1)
	case msg.Type == tea.KeyUp:
		return q.move(-1)
	}
	var cmd tea.Cmd
	q.input, cmd = q.input.Update(msg)
	if v := q.input.Value(); v != q.query {
		q.query = v
		if strings.TrimSpace(v) == "" {
			q.query = ""
			q.matches = rowList{}
			q.filterSeq.Add(1)
			return cmd
		}
		return tea.Batch(cmd, q.runFilter())
	}
	return cmd
}

func (q *queueModel) clearFilter() {
	q.filterSeq.Add(1) // stops a running scan and drops its answer
	q.editing = false
	q.query = ""
	q.input.SetValue("")
	q.input.Blur()
	q.matches = rowList{}
	q.filterOK, q.capped, q.filterErr = false, false, nil
}

// runFilter starts a scan for the current query; the answer of an older
// scan is dropped by its sequence number.
func (q *queueModel) runFilter() tea.Cmd {
	seq := q.filterSeq.Add(1)
	q.filterOK = false
	return filterRows(q.s, q.view, q.query, seq, q.filterSeq, q.filterLimit)
}

func (q *queueModel) handleFilter(msg filterMsg) {
	if msg.seq != q.filterSeq.Load() || !q.filtered() {
		return
	}
	var keep string
	if r := q.matches.selected(); r != nil {
		keep = r.ID
	}
	q.matches.rows = msg.rows
	q.filterOK, q.capped, q.filterErr = true, msg.capped, msg.err
	if i := q.matches.indexOf(keep); i >= 0 {
		q.matches.cursor = i
	} else {
		q.matches.cursor, q.matches.offset = 0, 0
	}
	q.matches.clamp(q.visible())
}

// shownIDs are the ids of the rows on screen.
func (q *queueModel) shownIDs() []string {
	l := q.list()
	end := min(len(l.rows), l.offset+q.visible())
	ids := make([]string, 0, max(0, end-l.offset))
	for i := l.offset; i < end; i++ {
		ids = append(ids, l.rows[i].ID)
	}
	return ids
}

// position is the 1-based place of the cursor in the view and the view's
// size, when known.
func (q *queueModel) position() (int, int, bool) {
	if q.filtered() {
		return q.matches.cursor + 1, len(q.matches.rows), len(q.matches.rows) > 0
	}
	if !q.baseOK || !q.known || len(q.win.rows) == 0 {
		return 0, 0, false
	}
	total := viewCount(q.counts, q.view)
	pos := q.base + q.win.cursor + 1
	if pos < 1 || pos > total {
		return 0, 0, false
	}
	return pos, total, true
}
