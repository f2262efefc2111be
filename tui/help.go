package tui

import (
	"strings"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// helpModel is the full help screen: the keys of the screen it was opened
// from, from the same bindings that drive that screen, and the legends of
// the item strip, the due dates and the views.
type helpModel struct {
	ctx    *programContext
	h      help.Model
	groups keyGroups
	width  int
	height int
}

// newHelpModel returns the help screen for the keys of the screen under it.
func newHelpModel(ctx *programContext, groups keyGroups) *helpModel {
	h := ctx.st.newHelp()
	h.ShowAll = true
	return &helpModel{ctx: ctx, h: h, groups: groups}
}

// SetSize is the help's part of Screen.
func (m *helpModel) SetSize(w, h int) tea.Cmd {
	m.width, m.height = w, h
	return nil
}

// Update closes the help on esc or ?; q quits (the root sees to that).
func (m *helpModel) Update(msg tea.Msg) tea.Cmd {
	if k, ok := msg.(tea.KeyMsg); ok && key.Matches(k, m.ctx.keys.Close) {
		m.ctx.nav.pop()
	}
	return nil
}

// HelpKeys are the keys of the help screen itself.
func (m *helpModel) HelpKeys() keyGroups { return m.ctx.keys.helpHelp() }

// TextFocused is false: the help has no text field.
func (m *helpModel) TextFocused() bool { return false }

// View packs the key groups side by side as far as the width allows.
func (m *helpModel) View() string {
	tx := m.ctx.tx
	st := m.ctx.st
	lines := []string{st.Section.Render(tx.HelpTitle)}
	var row []string
	rowWidth := 0
	flush := func() {
		if len(row) > 0 {
			lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, row...), "\n")...)
		}
		row, rowWidth = nil, 0
	}
	for _, g := range m.groups.full {
		block := m.h.FullHelpView([][]key.Binding{g})
		w := lipgloss.Width(block) + 4
		if rowWidth > 0 && rowWidth+w > m.width {
			flush()
		}
		row = append(row, st.HelpColumn.Render(block))
		rowWidth += w
	}
	flush()

	var legend []string
	for _, s := range legendOrder {
		legend = append(legend, st.status(s).Render(statusSymbol(s))+" "+tx.legendWord(s))
	}
	sections := [][]string{
		append([]string{st.Section.Render(tx.HelpLegendTitle)}, m.pack(legend)...),
		append([]string{st.Section.Render(tx.HelpDueTitle)}, m.pack(tx.HelpDueText)...),
		append([]string{st.Section.Render(tx.HelpViewsTitle)}, m.pack(tx.HelpViewsText)...),
	}
	// Blank lines between the sections, when the screen has room for them.
	n := len(lines)
	for _, sec := range sections {
		n += len(sec) + 1
	}
	for _, sec := range sections {
		if n <= m.height {
			lines = append(lines, "")
		}
		lines = append(lines, sec...)
	}
	for i, l := range lines {
		lines[i] = cut(l, m.width)
	}
	return strings.Join(lines, "\n")
}

// pack puts entries on lines, as many as fit, never breaking one.
func (m *helpModel) pack(entries []string) []string {
	const gap = "   "
	var lines []string
	line := ""
	for _, e := range entries {
		switch {
		case line == "":
			line = e
		case ansi.StringWidth(line+gap+e) <= m.width:
			line += gap + e
		default:
			lines = append(lines, line)
			line = e
		}
	}
	return append(lines, line)
}
