package tui

import (
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"machtiging/audit"
	"machtiging/letters"
	"machtiging/store"
)

// letterModel previews the letter of a request's latest decision that has
// one, exactly as it was stored, and scrolls through it; t switches between
// the insured's letter and the provider's copy. Every read is logged.
type letterModel struct {
	ctx    *programContext
	id     string
	to     letters.Recipient
	letter *store.Letter
	err    error
	vp     viewport.Model
	width  int
	height int
}

// letterMsg is the store's answer to a read of a letter.
type letterMsg struct {
	id     string
	to     letters.Recipient
	letter *store.Letter
	err    error
}

func newLetter(ctx *programContext, id string) *letterModel {
	vp := viewport.New(0, 0)
	vp.KeyMap = viewport.KeyMap{
		Up: ctx.keys.Up, Down: ctx.keys.Down,
		PageUp: ctx.keys.PageUp, PageDown: ctx.keys.PageDown,
		HalfPageUp: ctx.keys.HalfUp, HalfPageDown: ctx.keys.HalfDown,
	}
	return &letterModel{ctx: ctx, id: id, to: letters.ToInsured, vp: vp}
}

// loadLetter reads a letter, logging the read as reading the request.
func loadLetter(s Store, a store.Actor, id string, to letters.Recipient) tea.Cmd {
	return func() tea.Msg {
		l, err := s.ReadLetter(a, id, fmt.Sprintf("letter to the %s (review screen)", to))
		return letterMsg{id: id, to: to, letter: l, err: err}
	}
}

// Open reads the letter as the screen is pushed.
func (m *letterModel) Open() tea.Cmd { return loadLetter(m.ctx.s, m.ctx.actor, m.id, m.to) }

// SetSize is the letter's part of Screen.
func (m *letterModel) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	m.vp.Width, m.vp.Height = w, max(1, h-2)
	m.fill()
	return nil
}

// Update takes the keys, the read of this letter, and a new decision on
// the request (whose letter is then the latest).
func (m *letterModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return m.handleKey(msg)
	case letterMsg:
		if msg.id == m.id && msg.to == m.to {
			m.letter, m.err = msg.letter, msg.err
			m.fill()
			m.vp.GotoTop()
		}
	case decisionRecordedMsg:
		if msg.id == m.id {
			return m.Open()
		}
	case changeMsg:
		// Another adviser's decision on the request: its letter is the latest.
		c := msg.change
		if !c.Claim && c.Event == audit.EventDecide && slices.Contains(c.IDs, m.id) && c.By != m.ctx.actor.Adviser {
			return m.Open()
		}
	}
	return nil
}

func (m *letterModel) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := m.ctx.keys
	switch {
	case key.Matches(msg, k.Back):
		m.ctx.nav.pop()
	case key.Matches(msg, k.LetterCopy):
		m.to = 1 - m.to
		m.letter, m.err = nil, nil
		m.fill()
		return m.Open()
	case key.Matches(msg, k.Top):
		m.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		m.vp.GotoBottom()
	default:
		var cmd tea.Cmd
		m.vp, cmd = m.vp.Update(msg)
		return cmd
	}
	return nil
}

// fill puts the letter, wrapped to the width, into the viewport.
func (m *letterModel) fill() {
	if m.width <= 0 {
		return
	}
	var text string
	switch {
	case m.err != nil:
		text = m.ctx.st.Error.Render(m.ctx.tx.letterError(m.id, m.err))
	case m.letter == nil:
		text = m.ctx.st.Muted.Render(m.ctx.tx.TextLoading)
	default:
		var b strings.Builder
		for _, line := range strings.Split(strings.TrimRight(letterText(m.letter, m.to), "\n"), "\n") {
			b.WriteString(wrapWords(clean(line), max(20, m.width-1)))
			b.WriteByte('\n')
		}
		text = strings.TrimRight(b.String(), "\n")
	}
	m.vp.SetContent(text)
}

// View draws the title line, the letter and where in it the view is.
func (m *letterModel) View() string {
	st := m.ctx.st
	tx := m.ctx.tx
	title := tx.letterTitle(m.id, m.to)
	if m.letter != nil {
		title += " · " + tx.letterOf(m.letter)
	}
	lines := []string{cut(st.Section.Render(clean(title)), m.width), m.vp.View()}
	if m.letter != nil {
		lines = append(lines, st.Muted.Render(tx.letterScroll(m.vp.ScrollPercent())))
	}
	return strings.Join(lines, "\n")
}

// HelpKeys are the keys of the letter screen.
func (m *letterModel) HelpKeys() keyGroups { return m.ctx.keys.letterHelp() }

// TextFocused is false: the letter has no text field.
func (m *letterModel) TextFocused() bool { return false }

// letterText is the copy of a stored letter for a recipient.
func letterText(l *store.Letter, to letters.Recipient) string {
	return letters.Letters{Insured: l.Insured, Provider: l.Provider}.To(to)
}

// wrapWords breaks a line at spaces so that no line is wider than width
// (a word wider than that is cut), keeping words such as request ids whole.
func wrapWords(line string, width int) string {
	if ansi.StringWidth(line) <= width {
		return line
	}
	var out []string
	cur := ""
	for _, w := range strings.Split(line, " ") {
		switch {
		case cur == "":
			cur = w
		case ansi.StringWidth(cur)+1+ansi.StringWidth(w) <= width:
			cur += " " + w
		default:
			out = append(out, cur)
			cur = w
		}
		for ansi.StringWidth(cur) > width {
			head := ansi.Truncate(cur, width, "")
			out = append(out, head)
			cur = cur[len(head):]
		}
	}
	return strings.Join(append(out, cur), "\n")
}
