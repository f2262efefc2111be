package tui

import (
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/authz"
)

// Screen is one screen of the TUI: the queue, the request view, a decision
// form, the help. The root model keeps the screens on a stack and draws
// the top one between its title bar and its status line and footer.
//
// The root gives every key to the top screen only (after ctrl+c, and q and
// ? when no text field has focus), and every other message to every screen
// on the stack, bottom first: the answers of the store's reads (each
// screen takes those for its own request), changeMsg after a write by
// anyone, newDayMsg, decisionRecordedMsg. A screen leaves the stack by
// calling ctx.pop (esc does that on every screen but the queue); the
// screen under it is then on top again, as it was.
//
// A new screen is a type in a file of its own that implements Screen,
// its keys in keys.go, its texts in the catalogue, and one call to
// ctx.push where it is opened from.
type Screen interface {
	// Update takes a message; for a key it is the top screen.
	Update(msg tea.Msg) tea.Cmd
	// View draws the screen in the size given by SetSize.
	View() string
	// SetSize gives the screen its width and height: the terminal less
	// the title bar, the status line and the footer.
	SetSize(width, height int) tea.Cmd
	// HelpKeys are the keys of the screen as it is now: the short ones in
	// the footer, the groups on the help screen.
	HelpKeys() keyGroups
	// TextFocused reports whether keys go into a text field, where q and ?
	// are letters.
	TextFocused() bool
}

// Optional parts of a screen; the root looks for them with a type assertion.
type (
	// screenOpener starts what a screen needs (its first reads) as it is
	// pushed.
	screenOpener interface{ Open() tea.Cmd }
	// screenCloser lets go of what a screen holds (a claim, a revealed
	// BSN) as it leaves the stack, on every way out: esc, a recorded
	// decision, the end of the session.
	screenCloser interface{ Close() }
	// claimShower names the requests on screen whose claims by other
	// advisers are shown, so that the root redraws when one lapses.
	claimShower interface{ ShownIDs() []string }
	// problemShower has a lasting problem for the status line (a failed
	// count), shown when no other status is.
	problemShower interface{ Problem() string }
)

// navigator is what screens may ask of the root: the stack and the status
// line. The root model implements it; screens reach it as ctx.nav.
type navigator interface {
	// push opens a screen on top of the stack.
	push(s Screen) tea.Cmd
	// pop closes the top screen.
	pop()
	// setStatus shows a line in the status line until the next key.
	setStatus(text string, isErr bool)
}

// newDayMsg is broadcast when the date changes: due dates and verdicts
// change with it.
type newDayMsg struct{}

// decisionRecordedMsg is how a decision form reports a recorded decision:
// the root shows it in the status line and broadcasts it, so that the
// screens under the form read again what it changed.
type decisionRecordedMsg struct {
	id    string
	d     authz.Decision
	state authz.State
}

// Every screen of the TUI is a Screen.
var (
	_ Screen = (*queueModel)(nil)
	_ Screen = (*requestModel)(nil)
	_ Screen = (*formModel)(nil)
	_ Screen = (*helpModel)(nil)
	_ Screen = (*dashboardModel)(nil)
)
