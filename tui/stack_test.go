package tui

import (
	"fmt"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// stackNames names the screens on the stack, bottom first.
func stackNames(m *Model) string {
	var out string
	for i, s := range m.stack {
		if i > 0 {
			out += ">"
		}
		switch s := s.(type) {
		case *queueModel:
			out += "queue"
		case *requestModel:
			out += "request"
		case *formModel:
			out += "form"
			if s.step == stepConfirm {
				out += "(confirm)"
			}
		case *helpModel:
			out += "help"
		default:
			out += fmt.Sprintf("%T", s)
		}
	}
	return out
}

// TestEscGoesBackOneStep walks up the stack from the queue and back down
// with esc, one screen at a time, from every screen.
func TestEscGoesBackOneStep(t *testing.T) {
	tests := []struct {
		name  string
		keys  []tea.KeyMsg
		steps []string // the stack after each esc, from the screen the keys reach
	}{
		{"request", keys(keyEnter), []string{"queue>request", "queue"}},
		{"form over the request", keys(keyEnter, runes("a")), []string{"queue>request>form", "queue>request", "queue"}},
		{"confirmation", keys(keyEnter, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter),
			[]string{"queue>request>form(confirm)", "queue>request>form", "queue>request", "queue"}},
		{"form from the queue", keys(runes("r")), []string{"queue>form", "queue"}},
		{"help over the queue", keys(runes("?")), []string{"queue>help", "queue"}},
		{"help over the request", keys(keyEnter, runes("?")), []string{"queue>request>help", "queue>request", "queue"}},
		{"help over a form", keys(runes("i"), runes("?")), []string{"queue>form>help", "queue>form", "queue"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := exampleStore(t)
			m := newModel(t, s, adviser)
			selectID(t, m, "MA-2026-0001")
			press(t, m, tt.keys...)
			for i, want := range tt.steps {
				if i > 0 {
					press(t, m, keyEsc)
				}
				if got := stackNames(m); got != want {
					t.Fatalf("after %d esc: %s, want %s", i, got, want)
				}
			}
			if selectedID(m) != "MA-2026-0001" {
				t.Fatalf("back in the queue at %s", selectedID(m))
			}
			press(t, m, keyEsc) // the queue stays
			if got := stackNames(m); got != "queue" {
				t.Fatalf("esc in the queue: %s", got)
			}
			if claimer(s, "MA-2026-0001") != "" {
				t.Fatalf("a claim outlived the form: %q", claimer(s, "MA-2026-0001"))
			}
		})
	}
}

// TestEveryWayOutOfAFormReleasesTheClaim: the form holds the claim from
// the moment it is pushed, whichever way it leaves.
func TestEveryWayOutOfAFormReleasesTheClaim(t *testing.T) {
	tests := []struct {
		name string
		keys []tea.KeyMsg
		out  func(m *Model)
	}{
		{"esc", keys(runes("a")), func(m *Model) { press(t, m, keyEsc) }},
		{"esc at the confirmation, twice", keys(runes("a"), keyEnter, keyEnter, keyEnter, keyEnter), func(m *Model) { press(t, m, keyEsc, keyEsc) }},
		{"esc from the request view's form", keys(keyEnter, runes("r")), func(m *Model) { press(t, m, keyEsc) }},
		{"a recorded decision", keys(runes("a"), keyEnter, keyEnter, keyEnter, keyEnter), func(m *Model) { press(t, m, keyEnter) }},
		{"the end of the session", keys(runes("i")), func(m *Model) { m.Close() }},
		{"ctrl+c", keys(runes("a"), keyTab), func(m *Model) { press(t, m, keyCtrlC) }},
		{"q at the confirmation", keys(runes("a"), keyEnter, keyEnter, keyEnter, keyEnter), func(m *Model) { press(t, m, runes("q")) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := exampleStore(t)
			m := newModel(t, s, adviser)
			selectID(t, m, "MA-2026-0001")
			press(t, m, tt.keys...)
			if formOf(m) == nil || claimer(s, "MA-2026-0001") != "jdevries" {
				t.Fatalf("no claimed form: %s, claim %q", stackNames(m), claimer(s, "MA-2026-0001"))
			}
			tt.out(m)
			if claimer(s, "MA-2026-0001") != "" {
				t.Fatalf("the claim outlived the form: %q", claimer(s, "MA-2026-0001"))
			}
		})
	}
}

// noteScreen is the smallest screen: one line, esc goes back. It shows
// that a screen needs nothing of the root but a push.
type noteScreen struct {
	ctx    *programContext
	closed bool
}

func (n *noteScreen) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && k.Type == tea.KeyEsc {
		n.ctx.nav.pop()
	}
	return nil
}
func (n *noteScreen) View() string             { return "a note" }
func (n *noteScreen) SetSize(int, int) tea.Cmd { return nil }
func (n *noteScreen) HelpKeys() keyGroups      { return n.ctx.keys.helpHelp() }
func (n *noteScreen) TextFocused() bool        { return false }
func (n *noteScreen) Close()                   { n.closed = true }

func TestANewScreenIsOnePush(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	n := &noteScreen{ctx: m.ctx}
	drive(t, m, m.ctx.nav.push(n))
	if !screenHas(m, "a note") {
		t.Fatalf("the pushed screen is not drawn:\n%s", m.View())
	}
	press(t, m, runes("?"))
	if !helpShown(m) || !screenHas(m, "close help") {
		t.Fatalf("? over the new screen:\n%s", m.View())
	}
	press(t, m, keyEsc, keyEsc)
	if !n.closed || stackNames(m) != "queue" {
		t.Fatalf("esc: closed %v, stack %s", n.closed, stackNames(m))
	}
}
