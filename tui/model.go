// Package tui is the terminal interface with which medical advisers review
// requests for a machtiging: the queue, the request view, the decision
// forms and the help, each a Screen on a stack (screen.go). It talks to the
// store only through the Store interface and does every store read and
// write in a tea.Cmd. Claims are the exception: they live in the store's
// memory, not in its file, and are taken and let go at once, in the order
// of the keys, by the decision form that holds them.
package tui

import (
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

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/letters"
	"machtiging/roles"
	"machtiging/store"
)

// Options configure a TUI session.
type Options struct {
	// Actor is the adviser, and where they work from, for every read and
	// decision.
	Actor store.Actor
	// Role is what the actor may do, by the roles table; a session at the
	// store's own machine (zero) acts as admin.
	Role roles.Role
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
	// Lang is the language of every text on screen.
	Lang i18n.Lang
	// Input and Output are the terminal for Run; nil means stdin (or the
	// terminal when stdin is redirected) and stdout.
	Input  io.Reader
	Output io.Writer
}

// Model is the root model. It keeps only the stack of screens (the queue
// at the bottom), the chrome around the top one (title bar, status line,
// footer), the terminal's size and the store's changes, which it hands to
// every screen.
type Model struct {
	s    Store
	opts Options
	ctx  *programContext

	width, height int

	stack  []Screen
	footer help.Model

	changes <-chan store.Change
	stop    func()

	// claimTick is true while a tick is due to redraw the screen when a
	// claim shown on it lapses.
	claimTick bool

	status    string
	statusErr bool
	// letterOffer is the request whose decision was just recorded: its
	// letter opens with l as the next key.
	letterOffer string
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
	tx := newTexts(opts.Lang)
	ctx := &programContext{
		st:    st,
		tx:    tx,
		keys:  newKeyMap(tx),
		s:     s,
		actor: opts.Actor,
		role:  opts.Role,
		today: opts.Today(),
		now:   opts.Now,
		loc:   timeLoc{loc: opts.Location, layout: tx.d.Time},

		claimOf: s.ClaimOf,
	}
	m := &Model{s: s, opts: opts, ctx: ctx, footer: st.newHelp()}
	ctx.nav = m
	m.stack = []Screen{newQueue(ctx)}
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

// Close closes every screen on the stack, top first, so that a form lets
// go of its claim, and stops listening to the store's changes; the screens
// stay on the stack as they were last drawn. Run calls it; a caller that
// runs the model in its own program calls it when the program ends.
func (m *Model) Close() {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if c, ok := m.stack[i].(screenCloser); ok {
			c.Close()
		}
	}
	if m.stop != nil {
		m.stop()
		m.stop = nil
	}
}

// Init subscribes to changes and opens the queue: the counts, the figures
// and its first page.
func (m *Model) Init() tea.Cmd {
	if m.changes == nil {
		m.changes, m.stop = m.s.Subscribe()
	}
	return tea.Batch(m.load(), listen(m.changes), loadRegisters(m.s), prepareOverlaps(m.s))
}

// load opens the screen at the bottom of the stack.
func (m *Model) load() tea.Cmd {
	if o, ok := m.stack[0].(screenOpener); ok {
		return o.Open()
	}
	return nil
}

func (m *Model) quit() tea.Cmd {
	m.Close()
	return tea.Quit
}

// top is the screen on top of the stack.
func (m *Model) top() Screen { return m.stack[len(m.stack)-1] }

// push opens a screen on top of the stack, in the body's size.
func (m *Model) push(s Screen) tea.Cmd {
	cmd := s.SetSize(m.width, m.bodyHeight())
	m.stack = append(m.stack, s)
	if o, ok := s.(screenOpener); ok {
		cmd = tea.Batch(cmd, o.Open())
	}
	return cmd
}

// pop closes the top screen; the queue at the bottom stays.
func (m *Model) pop() {
	if len(m.stack) < 2 {
		return
	}
	top := m.top()
	m.stack[len(m.stack)-1] = nil
	m.stack = m.stack[:len(m.stack)-1]
	if c, ok := top.(screenCloser); ok {
		c.Close()
	}
}

func (m *Model) setStatus(s string, isErr bool) { m.status, m.statusErr = s, isErr }

// helpOnTop reports whether the help screen is showing.
func (m *Model) helpOnTop() bool {
	_, ok := m.top().(*helpModel)
	return ok
}

// bodyHeight is the screen less the title bar, the status line and the
// footer.
func (m *Model) bodyHeight() int { return max(1, m.height-3) }

func (m *Model) resize(w, h int) tea.Cmd {
	m.width, m.height = max(w, 20), max(h, 6)
	m.footer.Width = m.width
	cmds := make([]tea.Cmd, 0, len(m.stack))
	for _, s := range m.stack {
		cmds = append(cmds, s.SetSize(m.width, m.bodyHeight()))
	}
	return tea.Batch(cmds...)
}

// Update routes a message.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmds []tea.Cmd
	if t := m.opts.Today(); t != m.ctx.today {
		// A new day: due dates and verdicts change, and so do the figures.
		m.ctx.today = t
		cmds = append(cmds, m.broadcast(newDayMsg{}))
	}
	cmds = append(cmds, m.update(msg), m.watchClaims())
	return m, tea.Batch(cmds...)
}

func (m *Model) update(msg tea.Msg) tea.Cmd {
	tx := m.ctx.tx
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		return m.resize(msg.Width, msg.Height)
	case tea.KeyMsg:
		return m.handleKey(msg)
	case claimTickMsg:
		m.claimTick = false // Update sets the next one
		return nil
	case changeMsg:
		if !msg.ok {
			m.changes = nil
			return nil
		}
		switch msg.change.Event {
		case audit.EventRegister:
			return tea.Batch(listen(m.changes), loadRegisters(m.s), m.broadcast(msg))
		case audit.EventImport: // the index of the insured's requests is built anew
			return tea.Batch(listen(m.changes), prepareOverlaps(m.s), m.broadcast(msg))
		}
		return tea.Batch(listen(m.changes), m.broadcast(msg))
	case registersMsg:
		if msg.err != nil {
			m.setStatus(tx.errorLine(msg.err), true)
			return nil
		}
		m.ctx.regs = msg.regs
		clear(m.ctx.lines) // the rows' verdicts may have changed
		return m.broadcast(msg)
	case decisionRecordedMsg:
		m.setStatus(tx.recordedStatus(msg.id, msg.d, msg.state), false)
		m.letterOffer = ""
		if letters.HasLetter(msg.d.Outcome) {
			m.letterOffer = msg.id
			m.status += tx.c.Letters.Offer
		}
	}
	return m.broadcast(msg)
}

// broadcast gives a message to every screen on the stack, bottom first.
// A screen may leave the stack as it takes the message.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	screens := slices.Clone(m.stack)
	cmds := make([]tea.Cmd, 0, len(screens))
	for _, s := range screens {
		cmds = append(cmds, s.Update(msg))
	}
	return tea.Batch(cmds...)
}

// watchClaims makes sure the screen is drawn again when the first claim of
// another adviser that it shows lapses: a lapse is not announced as a
// change. It costs a lookup in memory for each row on screen.
func (m *Model) watchClaims() tea.Cmd {
	if m.claimTick {
		return nil
	}
	sh, ok := m.top().(claimShower)
	if !ok {
		return nil
	}
	var first time.Time
	for _, id := range sh.ShownIDs() {
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

// handleKey gives a key to the top screen, after the keys that work on
// every screen: ctrl+c, and q and ? outside a text field.
func (m *Model) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.keys
	if key.Matches(msg, k.Cancel) {
		return m.quit()
	}
	top := m.top()
	if offer := m.letterOffer; offer != "" {
		m.letterOffer = ""
		if key.Matches(msg, k.Letter) && !top.TextFocused() {
			m.setStatus("", false)
			return m.push(newLetter(m.ctx, offer))
		}
	}
	if !top.TextFocused() {
		switch {
		case key.Matches(msg, k.Quit):
			return m.quit()
		case key.Matches(msg, k.Help) && !m.helpOnTop():
			return m.push(newHelpModel(m.ctx, top.HelpKeys()))
		}
		if m.status != "" && !m.helpOnTop() {
			m.setStatus("", false)
		}
	}
	return top.Update(msg)
}

// View draws the title bar, the top screen, a status line and the short
// help, in exactly the terminal's size.
func (m *Model) View() string {
	tx := m.ctx.tx
	st := m.ctx.st
	w := m.width
	right := adviserLabel(m.ctx.actor) + " "
	if reg := tx.registersHeader(m.ctx.regs, m.ctx.loc); reg != "" {
		right = reg + textSep + right
	}
	title := spread(" "+tx.titleBar(m.s.Path(), m.s.Encrypted(), w-ansi.StringWidth(right)-2), right, w)
	lines := []string{st.TitleBar.Render(fit(title, w))}

	bodyLines := strings.Split(m.top().View(), "\n")
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
	top := m.top()
	global := k.globalHelp(top.TextFocused())
	if m.helpOnTop() {
		global = []key.Binding{k.Quit}
	}
	right := m.shortHelp(global, m.width)
	left := m.shortHelp(top.HelpKeys().short, m.width-lipgloss.Width(right)-2)
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

// statusLine is the status set by the last action, or else a lasting
// problem of a screen on the stack, top first.
func (m *Model) statusLine() string {
	st := m.ctx.st
	s, errLine := m.status, m.statusErr
	if s == "" {
		for i := len(m.stack) - 1; i >= 0; i-- {
			if p, ok := m.stack[i].(problemShower); ok {
				if s = p.Problem(); s != "" {
					errLine = true
					break
				}
			}
		}
	}
	s = cut(s, m.width)
	if errLine {
		return st.Error.Render(s)
	}
	return st.Success.Render(s)
}
