package tui

import (
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// testToday is the day of the contract's example check.
const testToday = authz.Date(20261201)

var (
	adviser = store.Actor{Adviser: "jdevries", AccessPoint: "local terminal"}
	second  = store.Actor{Adviser: "pmulder", AccessPoint: "local terminal"}
)

// asciiRenderer draws without colour, as with NO_COLOR, so that screens
// compare as text.
func asciiRenderer() *lipgloss.Renderer {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.Ascii)
	r.SetHasDarkBackground(true)
	return r
}

func testOptions(a store.Actor) Options {
	return Options{
		Actor:    a,
		Today:    func() authz.Date { return testToday },
		Now:      fixedClock(testToday),
		Location: time.UTC,
		Renderer: asciiRenderer(),
	}
}

// exampleStore holds the contract's examples, with a few decisions so that
// every view has something in it.
func exampleStore(t testing.TB) *fakeStore {
	t.Helper()
	s := newFakeStore(fixedClock(testToday.AddDays(-1)))
	for _, r := range exampleRequests(t) {
		s.put(r, "intake", "requests.json")
	}
	s.mu.Lock()
	s.rebuildLocked()
	s.mu.Unlock()
	mustDecide(t, s, second, "MA-2026-0004", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotRequired, Reason: "Gecontracteerde zorgaanbieder: geen machtiging nodig."})
	mustDecide(t, s, second, "MA-2026-0007", authz.Ask{Action: authz.ActionRequestInfo})
	mustDecide(t, s, second, "MA-2026-0009", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "Poliklinische revalidatie volstaat; opname niet geïndiceerd."})
	s.clock = fixedClock(testToday)
	mustDecide(t, s, second, "MA-2026-0002", authz.Ask{Action: authz.ActionApprove})
	return s
}

func mustDecide(t testing.TB, s *fakeStore, a store.Actor, id string, ask authz.Ask) {
	t.Helper()
	if _, err := s.Decide(a, id, ask, testToday); err != nil {
		t.Fatalf("decide %s %s: %v", id, ask.Action, err)
	}
}

// newModel returns a model on a store at 80×24, loaded.
func newModel(t testing.TB, s *fakeStore, a store.Actor) *Model {
	t.Helper()
	m := New(s, testOptions(a))
	drive(t, m, m.load())
	return m
}

// drive runs a command as the program would and feeds the messages it
// produces back into the model, until no command is left. A command that
// does not return within a short time (one waiting for store changes) is
// left behind.
func drive(t testing.TB, m *Model, cmd tea.Cmd) {
	t.Helper()
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100000 {
			t.Fatal("the model keeps producing commands")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		done := make(chan tea.Msg, 1)
		go func() { done <- c() }()
		var msg tea.Msg
		select {
		case msg = <-done:
		case <-time.After(300 * time.Millisecond):
			continue
		}
		switch msg := msg.(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.QuitMsg:
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// press sends keys to the model and runs what they start.
func press(t testing.TB, m *Model, keys ...tea.KeyMsg) {
	t.Helper()
	for _, k := range keys {
		_, cmd := m.Update(k)
		drive(t, m, cmd)
	}
}

// pressQuit sends a key and reports whether it quit the program.
func pressQuit(t testing.TB, m *Model, k tea.KeyMsg) bool {
	t.Helper()
	_, cmd := m.Update(k)
	return returnsQuit(cmd)
}

func returnsQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	var msg tea.Msg
	select {
	case msg = <-done:
	case <-time.After(300 * time.Millisecond):
		return false
	}
	switch msg := msg.(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if returnsQuit(c) {
				return true
			}
		}
	}
	return false
}

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

var (
	keyEnter    = tea.KeyMsg{Type: tea.KeyEnter}
	keyEsc      = tea.KeyMsg{Type: tea.KeyEsc}
	keyTab      = tea.KeyMsg{Type: tea.KeyTab}
	keyShiftTab = tea.KeyMsg{Type: tea.KeyShiftTab}
	keyDown     = tea.KeyMsg{Type: tea.KeyDown}
	keyUp       = tea.KeyMsg{Type: tea.KeyUp}
	keyPgDown   = tea.KeyMsg{Type: tea.KeyPgDown}
	keyPgUp     = tea.KeyMsg{Type: tea.KeyPgUp}
	keyCtrlD    = tea.KeyMsg{Type: tea.KeyCtrlD}
	keyCtrlU    = tea.KeyMsg{Type: tea.KeyCtrlU}
	keyCtrlC    = tea.KeyMsg{Type: tea.KeyCtrlC}
	keySpace    = tea.KeyMsg{Type: tea.KeySpace, Runes: []rune{' '}}
	keyBack     = tea.KeyMsg{Type: tea.KeyBackspace}
	keyAltEnter = tea.KeyMsg{Type: tea.KeyEnter, Alt: true}
)

// typeText types text key by key.
func typeText(t testing.TB, m *Model, text string) {
	t.Helper()
	for _, r := range text {
		if r == ' ' {
			press(t, m, keySpace)
			continue
		}
		press(t, m, runes(string(r)))
	}
}

// resize sends a window size.
func resize(t testing.TB, m *Model, w, h int) {
	t.Helper()
	_, cmd := m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	drive(t, m, cmd)
}

func selectedID(m *Model) string {
	if r := queueOf(m).selected(); r != nil {
		return r.ID
	}
	return ""
}

// selectID moves the queue's cursor to a request with j.
func selectID(t testing.TB, m *Model, id string) {
	t.Helper()
	press(t, m, runes("g"))
	for i := 0; i < 200 && selectedID(m) != id; i++ {
		press(t, m, runes("j"))
	}
	if selectedID(m) != id {
		t.Fatalf("%s is not in the view", id)
	}
}

func screenHas(m *Model, s string) bool { return strings.Contains(m.View(), s) }

// generatedStore holds n open requests GEN-000000, GEN-000001, ... that
// differ only in their id, so that the queue holds them in id order.
func generatedStore(t testing.TB, n int) *fakeStore {
	t.Helper()
	s := newFakeStore(fixedClock(testToday))
	base := exampleRequests(t)[0]
	s.mu.Lock()
	defer s.mu.Unlock()
	for i := range n {
		r := *base
		r.ID = fmt.Sprintf("GEN-%06d", i)
		s.recs[r.ID] = &store.Record{Request: &r, State: authz.StateOpen, Version: 1,
			Versions: []store.VersionInfo{{Version: 1, Received: r.Received, ImportedAt: s.clock(), ImportedBy: "intake", Source: "gen"}}}
	}
	s.rebuildLocked()
	return s
}

// screenOf is the screen of type T highest on the stack, or nil.
func screenOf[T Screen](m *Model) T {
	var zero T
	for i := len(m.stack) - 1; i >= 0; i-- {
		if s, ok := m.stack[i].(T); ok {
			return s
		}
	}
	return zero
}

func formOf(m *Model) *formModel   { return screenOf[*formModel](m) }
func reqOf(m *Model) *requestModel { return screenOf[*requestModel](m) }
func queueOf(m *Model) *queueModel { return m.stack[0].(*queueModel) }
func helpShown(m *Model) bool      { return m.helpOnTop() }
func claimedBy(m *Model) string {
	if f := formOf(m); f != nil && f.claimed {
		return f.id
	}
	return ""
}

// en is the English catalogue, for texts the tests look for.
var en = newTexts(i18n.English)
