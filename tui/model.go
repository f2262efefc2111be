// Package tui is the terminal interface with which medical advisers review
// requests for a machtiging: the queue, the request view, the decision
// forms and the help. It talks to the store only through the Store
// interface and does every store read and write in a tea.Cmd. Claims are
// the exception: they live in the store's memory, not in its file, and are
// taken and let go at once, in the order of the keys.
package tui

import (
	"errors"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"machtiging/authz"
	"machtiging/store"
)

// Options configure a TUI session.
type Options struct {
	// Actor is the adviser, and where they work from, for every read and
	// decision.
	Actor store.Actor
	// Today is the clock; nil means the local date. Tests fix it.
	Today func() authz.Date
	// Now is the time given to authz when a decision is checked before it
	// is recorded; nil means time.Now.
	Now func() time.Time
	// Location is the time zone of times on screen; nil means time.Local.
	Location *time.Location
	// Renderer draws the styles. nil means lipgloss.DefaultRenderer(),
	// configured from Getenv by ConfigureRenderer. A renderer passed in is
	// used as it is: an SSH server configures each session's renderer.
	Renderer *lipgloss.Renderer
	// Getenv reads the environment for the default renderer; nil means
	// os.Getenv.
	Getenv func(string) string
	// Input and Output are the terminal for Run; nil means stdin (or the
	// terminal when stdin is redirected) and stdout.
	Input  io.Reader
	Output io.Writer
}

// statsState holds the figures that need a scan of the store.
type statsState struct {
	seq          int
	busy, dirty  bool
	loaded       bool
	overdue      int
	decidedToday int
	err          error
}

// Model is the root model: it owns the shared context and routes messages
// to the queue, the request view, a decision form and the help screen.
type Model struct {
	s    Store
	opts Options
	ctx  *programContext

	width, height int

	counts       store.Counts
	countsLoaded bool
	countsErr    error
	stats        statsState

	queue    queueModel
	req      *requestModel
	form     *formModel
	help     helpModel
	showHelp bool
	footer   help.Model

	// pendingForm opens a form once the record asked for from the queue
	// has loaded.
	pendingForm formKind

	changes <-chan store.Change
	stop    func()

	// claimed is the request this session holds a claim on: the one whose
	// decision form is open, or about to open once its record has loaded.
	claimed string
	// claimTick is true while a tick is due to redraw the screen when a
	// claim shown on it lapses.
	claimTick bool

	status    string
	statusErr bool
}

// New returns the root model of a session on a store.
func New(s Store, opts Options) *Model {
	if opts.Today == nil {
		opts.Today = func() authz.Date { return authz.DateOf(time.Now()) }
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	r := opts.Renderer
	if r == nil {
		r = lipgloss.DefaultRenderer()
		getenv := opts.Getenv
		if getenv == nil {
			getenv = os.Getenv
		}
		ConfigureRenderer(r, getenv)
	}
	st := newStyles(r)
	ctx := &programContext{
		st:    st,
		keys:  newKeyMap(),
		actor: opts.Actor,
		today: opts.Today(),
		now:   opts.Now,
		loc:   timeLoc{loc: opts.Location},

		claimOf: s.ClaimOf,
	}
	m := &Model{s: s, opts: opts, ctx: ctx, footer: st.newHelp()}
	m.queue = newQueue(ctx, s)
	m.help = newHelpModel(ctx)
	m.resize(80, 24)
	return m
}

// Run runs a session on the terminal in the alternate screen until the
// adviser quits.
func Run(s Store, opts Options) error {
	m := New(s, opts)
	defer m.Close()
	popts := []tea.ProgramOption{tea.WithAltScreen()}
	if opts.Input != nil {
		popts = append(popts, tea.WithInput(opts.Input))
	}
	if opts.Output != nil {
		popts = append(popts, tea.WithOutput(opts.Output))
	}
	_, err := tea.NewProgram(m, popts...).Run()
	return err
}

// Close lets go of the session's claim and stops listening to the store's
// changes. Run calls it; a caller that runs the model in its own program
// calls it when the program ends.
func (m *Model) Close() {
	m.releaseClaim()
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
}

// Init subscribes to changes and starts loading the counts, the figures
// and the queue's first page.
func (m *Model) Init() tea.Cmd {
	if m.changes == nil {
		m.changes, m.stop = m.s.Subscribe()
	}
	return tea.Batch(m.load(), listen(m.changes))
}

// load reads what the first screen shows.
func (m *Model) load() tea.Cmd {
	return tea.Batch(loadCounts(m.s), m.requestStats(), m.queue.start())
}

func (m *Model) quit() tea.Cmd {
	m.Close()
	return tea.Quit
}

// bodyHeight is the screen less the title bar, the status line and the
// footer.
func (m *Model) bodyHeight() int { return max(1, m.height-3) }

func (m *Model) resize(w, h int) tea.Cmd {
	m.width, m.height = max(w, 20), max(h, 6)
	bh := m.bodyHeight()
	m.footer.Width = m.width
	m.help.setSize(m.width, bh)
	if m.req != nil {
		m.req.setSize(m.width, bh)
	}
	if m.form != nil {
		m.form.setSize(m.width, bh)
	}
	return m.queue.setSize(m.width, bh)
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if t := m.opts.Today(); t != m.ctx.today {
		// A new day: due dates and verdicts change, and so do the figures.
		m.ctx.today = t
		cmds = append(cmds, m.requestStats())
		if m.req != nil {
			m.req.rebuild()
		}
	}
	cmds = append(cmds, m.update(msg), m.watchClaims())
	return m, tea.Batch(cmds...)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		return m.handleKey(msg)
	case countsMsg:
		if msg.err != nil {
			m.countsErr = msg.err
			return nil
		}
		m.counts, m.countsLoaded, m.countsErr = msg.counts, true, nil
		m.queue.setCounts(msg.counts)
	case statsMsg:
		return m.handleStats(msg)
	case pageMsg:
		return m.queue.handlePage(msg)
	case filterMsg:
		m.queue.handleFilter(msg)
	case recordMsg:
		return m.handleRecord(msg)
	case accessLogMsg:
		if m.req != nil && m.req.id == msg.id {
			m.req.setLog(msg)
		}
	case revealMsg:
		if m.req != nil && m.req.id == msg.id {
			m.req.setRevealed(msg)
		}
	case decidedMsg:
		return m.handleDecided(msg)
	case changeMsg:
		return m.handleChange(msg)
	case claimTickMsg:
		m.claimTick = false // Update sets the next one
	}
	return nil
}

// claim claims a request for the adviser as a decision form opens on it.
func (m *Model) claim(id string) error {
	if m.claimed != "" && m.claimed != id {
		m.releaseClaim()
	}
	if err := m.s.Claim(id, m.ctx.actor.Adviser); err != nil {
		return err
	}
	m.claimed = id
	return nil
}

// releaseClaim lets go of the session's claim, if it holds one.
func (m *Model) releaseClaim() {
	if m.claimed != "" {
		m.s.Release(m.claimed, m.ctx.actor.Adviser)
		m.claimed = ""
	}
}

// renewClaim keeps the claim of the open form alive while the adviser
// works in it. When it lapsed and another adviser took the request, the
// form says so, and keeps trying at every key.
func (m *Model) renewClaim() {
	if m.form == nil || m.claimed != m.form.id {
		return
	}
	err := m.s.Claim(m.claimed, m.ctx.actor.Adviser)
	var held *store.ErrClaimed
	switch {
	case err == nil:
		m.form.lostTo = ""
	case errors.As(err, &held):
		m.form.lostTo = held.Claim.Adviser
	}
}

// claimStatus is the status line when a form does not open because the
// request cannot be claimed.
func claimStatus(id string, err error) string {
	var held *store.ErrClaimed
	if errors.As(err, &held) {
		return claimRefused(id, held.Claim.Adviser)
	}
	return errorLine(err)
}

// watchClaims makes sure the screen is drawn again when the first claim of
// another adviser that it shows lapses: a lapse is not announced as a
// change. It costs a lookup in memory for each row on screen.
func (m *Model) watchClaims() tea.Cmd {
	if m.claimTick {
		return nil
	}
	var ids []string
	switch {
	case m.showHelp, m.form != nil:
	case m.req != nil:
		ids = append(ids, m.req.id)
	default:
		ids = m.queue.shownIDs()
	}
	var first time.Time
	for _, id := range ids {
		if cl, held := m.ctx.otherClaim(id); held && (first.IsZero() || cl.Touched.Before(first)) {
			first = cl.Touched
		}
	}
	if first.IsZero() {
		return nil
	}
	m.claimTick = true
	wait := max(time.Second, first.Add(store.ClaimIdle).Sub(m.ctx.now())+time.Second)
	return tea.Tick(wait, func(time.Time) tea.Msg { return claimTickMsg{} })
}

// requestStats starts the scan for the figures, or marks it to run again
// when one is under way.
func (m *Model) requestStats() tea.Cmd {
	if m.stats.busy {
		m.stats.dirty = true
		return nil
	}
	m.stats.busy = true
	m.stats.seq++
	return loadStats(m.s, m.stats.seq, m.ctx.today, m.ctx.loc)
}

func (m *Model) handleStats(msg statsMsg) tea.Cmd {
	m.stats.busy = false
	if msg.seq == m.stats.seq && msg.today == m.ctx.today {
		m.stats.err = msg.err
		if msg.err == nil {
			m.stats.loaded = true
			m.stats.overdue, m.stats.decidedToday = msg.overdue, msg.decidedToday
		}
	} else {
		m.stats.dirty = true
	}
	if m.stats.dirty {
		m.stats.dirty = false
		return m.requestStats()
	}
	return nil
}

func (m *Model) handleRecord(msg recordMsg) tea.Cmd {
	if m.req == nil || m.req.id != msg.id {
		return nil
	}
	m.req.setRecord(msg)
	if m.form != nil && m.form.id == msg.id && msg.rec != nil {
		m.form.rec = msg.rec // decide against the latest version
	}
	if kind := m.pendingForm; kind != 0 {
		m.pendingForm = 0
		if msg.err != nil {
			m.req = nil
			m.releaseClaim()
			m.setStatus(errorLine(msg.err), true)
			return nil
		}
		return m.openForm(kind, true)
	}
	return nil
}

func (m *Model) handleDecided(msg decidedMsg) tea.Cmd {
	if m.form == nil || m.form.id != msg.id {
		return nil
	}
	if msg.err != nil {
		m.form.failed(msg.err)
		return nil
	}
	m.setStatus(recordedStatus(msg.id, msg.d, stateAfter(msg.d.Outcome)), false)
	if m.claimed == msg.id {
		m.claimed = "" // the store ended the claim with the decision
	}
	cmds := []tea.Cmd{loadCounts(m.s), m.requestStats(), m.queue.refresh()}
	fromQueue := m.form.fromQueue
	m.form = nil
	if fromQueue {
		m.req = nil
	} else if m.req != nil {
		cmds = append(cmds, loadRecord(m.s, m.ctx.actor, m.req.id))
	}
	return tea.Batch(cmds...)
}

// handleChange reloads what a write by anyone changed, then listens again.
// A read only adds to the access log: then only the open request's log is
// read again (reading the record would log another read, and so on).
func (m *Model) handleChange(msg changeMsg) tea.Cmd {
	if !msg.ok {
		m.changes = nil
		return nil
	}
	cmds := []tea.Cmd{listen(m.changes)}
	c := msg.change
	touchesOpen := m.req != nil && (len(c.IDs) == 0 || slices.Contains(c.IDs, m.req.id))
	switch {
	case c.Claim:
		// Claims live in memory and are looked up as the screen is drawn:
		// the redraw that follows this message shows them.
	case dataEvent(c.Event):
		cmds = append(cmds, loadCounts(m.s), m.requestStats(), m.queue.refresh())
		if touchesOpen && m.pendingForm == 0 && !m.req.loading() {
			cmds = append(cmds, loadRecord(m.s, m.ctx.actor, m.req.id))
		}
	case touchesOpen && m.req.rec != nil:
		cmds = append(cmds, loadAccessLog(m.s, m.req.id))
	}
	return tea.Batch(cmds...)
}

func (m *Model) setStatus(s string, isErr bool) { m.status, m.statusErr = s, isErr }

// textFocused reports whether keys go into a text field.
func (m *Model) textFocused() bool {
	switch {
	case m.showHelp:
		return false
	case m.form != nil:
		return m.form.textFocused()
	case m.req != nil:
		return false
	}
	return m.queue.editing
}

func (m *Model) empty() bool {
	return m.countsLoaded && m.counts.Total() == 0 && m.req == nil && m.form == nil
}

func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.keys
	if key.Matches(msg, k.Cancel) {
		return m.quit()
	}
	if m.showHelp {
		switch {
		case key.Matches(msg, k.Close):
			m.showHelp = false
		case key.Matches(msg, k.Quit):
			return m.quit()
		}
		return nil
	}
	if !m.textFocused() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help):
			m.help.groups = m.helpKeys()
			m.showHelp = true
			return nil
		}
	}
	if m.status != "" && !m.textFocused() {
		m.setStatus("", false)
	}
	switch {
	case m.form != nil:
		return m.formKey(msg)
	case m.req != nil:
		return m.requestKey(msg)
	case m.empty():
		return nil
	}
	return m.queueKey(msg)
}

func (m *Model) queueKey(msg tea.KeyMsg) tea.Cmd {
	if m.queue.editing {
		return m.queue.filterKey(msg)
	}
	k := m.ctx.keys
	if kind, ok := m.formKeyKind(msg); ok {
		r := m.queue.selected()
		if r == nil {
			return nil
		}
		if err := m.claim(r.ID); err != nil {
			m.setStatus(claimStatus(r.ID, err), true)
			return nil
		}
		return m.openRequest(r.ID, kind)
	}
	if key.Matches(msg, k.Open) {
		if r := m.queue.selected(); r != nil {
			return m.openRequest(r.ID, 0)
		}
		return nil
	}
	return m.queue.navKey(msg)
}

// formKeyKind tells which form a key opens.
func (m *Model) formKeyKind(msg tea.KeyMsg) (formKind, bool) {
	k := m.ctx.keys
	switch {
	case key.Matches(msg, k.Approve):
		return formApprove, true
	case key.Matches(msg, k.Reject):
		return formReject, true
	case key.Matches(msg, k.RequestInfo):
		return formInfo, true
	case key.Matches(msg, k.Concur):
		return formConcur, true
	case key.Matches(msg, k.Overturn):
		return formOverturn, true
	}
	return 0, false
}

// openRequest opens the request view and loads the record; with a form
// kind (the request claimed), the form opens over it as soon as the record
// is there.
func (m *Model) openRequest(id string, kind formKind) tea.Cmd {
	m.req = newRequest(m.ctx, id, m.width, m.bodyHeight())
	m.pendingForm = kind
	return loadRecord(m.s, m.ctx.actor, id)
}

// openForm opens a decision form over the request view; the request is
// claimed for it first, and when another adviser holds it the form does
// not open.
func (m *Model) openForm(kind formKind, fromQueue bool) tea.Cmd {
	if m.req == nil || m.req.rec == nil {
		m.releaseClaim()
		m.setStatus(textNeedRecord, true)
		return nil
	}
	if err := m.claim(m.req.id); err != nil {
		m.setStatus(claimStatus(m.req.id, err), true)
		if fromQueue {
			m.req = nil
		}
		return nil
	}
	m.form = newForm(m.ctx, kind, m.req.rec, fromQueue, m.width, m.bodyHeight())
	return nil
}

// closeForm leaves a form without recording anything, and lets go of the
// request.
func (m *Model) closeForm() {
	if m.form.fromQueue {
		m.req = nil
	}
	m.form = nil
	m.releaseClaim()
}

func (m *Model) requestKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.keys
	if kind, ok := m.formKeyKind(msg); ok {
		return m.openForm(kind, false)
	}
	switch {
	case key.Matches(msg, k.Back):
		m.req = nil // a revealed BSN goes with it
		m.pendingForm = 0
		m.releaseClaim() // claimed for a form that had not opened yet
	case key.Matches(msg, k.Reveal):
		if m.req.rec != nil && m.req.bsn == "" {
			return revealBSN(m.s, m.ctx.actor, m.req.id)
		}
	default:
		m.req.scrollKey(msg)
	}
	return nil
}

func (m *Model) formKey(msg tea.KeyMsg) tea.Cmd {
	m.renewClaim()
	res, cmd := m.form.update(msg)
	switch res {
	case formCancel:
		m.closeForm()
	case formRecord:
		return decide(m.s, m.ctx.actor, m.form.id, m.form.ask, m.ctx.today)
	}
	return cmd
}

func (m *Model) helpKeys() keyGroups {
	k := m.ctx.keys
	switch {
	case m.showHelp:
		return k.helpHelp()
	case m.form != nil:
		return m.form.helpKeys()
	case m.req != nil:
		return k.requestHelp()
	case m.empty():
		return k.emptyHelp()
	}
	return m.queue.helpKeys()
}

// View draws the title bar, the screen's body, a status line and the short
// help, in exactly the terminal's size.
func (m *Model) View() string {
	st := m.ctx.st
	w := m.width
	right := adviserLabel(m.ctx.actor) + " "
	title := spread(" "+titleBar(m.s.Path(), m.s.Encrypted(), w-ansi.StringWidth(right)-2), right, w)
	lines := []string{st.TitleBar.Render(fit(title, w))}

	var body string
	switch {
	case m.showHelp:
		body = m.help.View()
	case m.form != nil:
		body = m.form.View()
	case m.req != nil:
		body = m.req.View()
	case !m.countsLoaded:
		body = st.Muted.Render(textLoading)
	case m.empty():
		body = emptyView(m.ctx, m.s.Path(), w)
	default:
		body = m.queue.View(statsLine(m.stats.overdue, m.stats.decidedToday, m.stats.loaded))
	}
	bodyLines := strings.Split(body, "\n")
	for i, l := range bodyLines {
		bodyLines[i] = cut(l, w)
	}
	lines = append(lines, fillLines(bodyLines, m.bodyHeight())...)
	lines = append(lines, m.statusLine())
	lines = append(lines, m.footerLine())
	return strings.Join(lines, "\n")
}

// footerLine is the short help of the screen, with help and quit (or, in a
// text field, ctrl+c) always at the right.
func (m *Model) footerLine() string {
	k := m.ctx.keys
	global := k.globalHelp(m.textFocused())
	if m.showHelp {
		global = []key.Binding{k.Quit}
	}
	right := m.shortHelp(global, m.width)
	left := m.shortHelp(m.helpKeys().short, m.width-lipgloss.Width(right)-2)
	return spread(left, right, m.width)
}

// shortHelp draws as many bindings as fit in width, whole, with an ellipsis
// when some are left out.
func (m *Model) shortHelp(bindings []key.Binding, width int) string {
	st := m.ctx.st
	sep := st.Help.ShortSeparator.Render(m.footer.ShortSeparator)
	tail := " " + st.Help.Ellipsis.Render(m.footer.Ellipsis)
	var out string
	for _, b := range bindings {
		item := m.footer.ShortHelpView([]key.Binding{b})
		if item == "" {
			continue
		}
		next := item
		if out != "" {
			next = out + sep + item
		}
		if lipgloss.Width(next) > width {
			if out != "" && lipgloss.Width(out+tail) <= width {
				out += tail
			}
			return out
		}
		out = next
	}
	return out
}

func (m *Model) statusLine() string {
	st := m.ctx.st
	var s string
	var errLine bool
	switch {
	case m.status != "":
		s, errLine = m.status, m.statusErr
	case m.countsErr != nil:
		s, errLine = errorLine(m.countsErr), true
	case m.stats.err != nil:
		s, errLine = statsError(m.stats.err), true
	}
	s = cut(s, m.width)
	if errLine {
		return st.Error.Render(s)
	}
	return st.Success.Render(s)
}
