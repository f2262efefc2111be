package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/cursor"
	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"

	"machtiging/authz"
)

// ConfigureRenderer prepares a renderer so that the program starts without
// asking the terminal for its background colour: the background is taken
// from $COLORFGBG ("15;0" means light text on a dark background), dark when
// that is not set; and $NO_COLOR turns colour off. getenv is os.Getenv for a
// local terminal, or the environment an SSH session sent.
func ConfigureRenderer(r *lipgloss.Renderer, getenv func(string) string) {
	if getenv == nil {
		getenv = func(string) string { return "" }
	}
	if getenv("NO_COLOR") != "" {
		r.SetColorProfile(termenv.Ascii)
	}
	r.SetHasDarkBackground(darkBackground(getenv("COLORFGBG")))
}

// darkBackground reads $COLORFGBG, "fg;bg" or "fg;default;bg": background
// colours 0 to 6 and 8 are dark, 7 and 9 to 15 light. Unknown means dark,
// the common case for terminals.
func darkBackground(colorfgbg string) bool {
	if colorfgbg == "" {
		return true
	}
	parts := strings.Split(colorfgbg, ";")
	bg, err := strconv.Atoi(parts[len(parts)-1])
	if err != nil {
		return true
	}
	return !(bg == 7 || (bg >= 9 && bg <= 15))
}

// Styles are every style of the TUI, made once from one renderer, so that
// each SSH session renders for its own terminal. Nothing builds a style in
// a View.
type Styles struct {
	r *lipgloss.Renderer

	TitleBar     lipgloss.Style
	Title        lipgloss.Style
	Muted        lipgloss.Style
	Warning      lipgloss.Style
	Error        lipgloss.Style
	Success      lipgloss.Style
	Bold         lipgloss.Style
	TabActive    lipgloss.Style
	Tab          lipgloss.Style
	TableHeader  lipgloss.Style
	Selected     lipgloss.Style
	Overdue      lipgloss.Style
	DueToday     lipgloss.Style
	Urgent       lipgloss.Style
	Section      lipgloss.Style
	Label        lipgloss.Style
	FieldFocused lipgloss.Style
	FieldBlurred lipgloss.Style
	Box          lipgloss.Style
	Confirm      lipgloss.Style
	Revealed     lipgloss.Style
	HelpColumn   lipgloss.Style

	Status [5]lipgloss.Style // by authz.Status
	State  [6]lipgloss.Style // by authz.State

	Help help.Styles
}

// newStyles builds the styles for a renderer. AdaptiveColor picks the light
// or dark variant from the renderer's background, so that the screen reads
// on both.
func newStyles(r *lipgloss.Renderer) *Styles {
	var (
		subtle  = lipgloss.AdaptiveColor{Light: "#6B6B6B", Dark: "#9A9A9A"}
		accent  = lipgloss.AdaptiveColor{Light: "#1F4FB5", Dark: "#7AA7FF"}
		red     = lipgloss.AdaptiveColor{Light: "#B00020", Dark: "#FF6B6B"}
		amber   = lipgloss.AdaptiveColor{Light: "#8A5A00", Dark: "#F2C14E"}
		green   = lipgloss.AdaptiveColor{Light: "#1B7A2E", Dark: "#6BD984"}
		selBg   = lipgloss.AdaptiveColor{Light: "#D6E4FF", Dark: "#2A3A5C"}
		selFg   = lipgloss.AdaptiveColor{Light: "#000000", Dark: "#FFFFFF"}
		barBg   = lipgloss.AdaptiveColor{Light: "#E4E4E4", Dark: "#303030"}
		barFg   = lipgloss.AdaptiveColor{Light: "#1A1A1A", Dark: "#E6E6E6"}
		sepGrey = lipgloss.AdaptiveColor{Light: "#B8B8B8", Dark: "#5A5A5A"}
	)
	s := &Styles{r: r}
	n := r.NewStyle
	s.TitleBar = n().Background(barBg).Foreground(barFg)
	s.Title = n().Bold(true).Foreground(accent)
	s.Muted = n().Foreground(subtle)
	s.Warning = n().Foreground(amber)
	s.Error = n().Bold(true).Foreground(red)
	s.Success = n().Foreground(green)
	s.Bold = n().Bold(true)
	s.TabActive = n().Bold(true).Foreground(accent).Underline(true)
	s.Tab = n().Foreground(subtle)
	s.TableHeader = n().Bold(true).Foreground(subtle)
	s.Selected = n().Background(selBg).Foreground(selFg).Bold(true)
	s.Overdue = n().Bold(true).Foreground(red)
	s.DueToday = n().Foreground(amber)
	s.Urgent = n().Bold(true).Foreground(red)
	s.Section = n().Bold(true).Foreground(accent)
	s.Label = n().Foreground(subtle)
	s.FieldFocused = n().Foreground(accent).Bold(true)
	s.FieldBlurred = n().Foreground(subtle)
	s.Box = n().Border(lipgloss.RoundedBorder()).BorderForeground(sepGrey).Padding(0, 1)
	s.Confirm = n().Border(lipgloss.RoundedBorder()).BorderForeground(amber).Padding(0, 1)
	s.Revealed = n().Bold(true).Foreground(amber)
	s.HelpColumn = n().PaddingRight(4)

	s.Status[authz.StatusOK] = n().Foreground(green)
	s.Status[authz.StatusNotApplicable] = n().Foreground(subtle)
	s.Status[authz.StatusMissing] = n().Foreground(red)
	s.Status[authz.StatusInvalid] = n().Foreground(red).Bold(true)
	s.Status[authz.StatusLate] = n().Foreground(amber)

	s.State[authz.StateOpen] = n()
	s.State[authz.StateSecondReview] = n().Foreground(amber)
	s.State[authz.StateWaiting] = n().Foreground(subtle)
	s.State[authz.StateApproved] = n().Foreground(green)
	s.State[authz.StateRejected] = n().Foreground(red)
	s.State[authz.StateReconsideration] = n().Foreground(amber)

	key := n().Foreground(accent)
	desc := n().Foreground(subtle)
	sep := n().Foreground(sepGrey)
	s.Help = help.Styles{
		Ellipsis:       sep,
		ShortKey:       key,
		ShortDesc:      desc,
		ShortSeparator: sep,
		FullKey:        key,
		FullDesc:       desc,
		FullSeparator:  sep,
	}
	return s
}

// status returns the style of an item status, plain for an unknown one.
func (s *Styles) status(st authz.Status) lipgloss.Style {
	if int(st) < len(s.Status) {
		return s.Status[st]
	}
	return s.r.NewStyle()
}

// state returns the style of a request state, plain for an unknown one.
func (s *Styles) state(st authz.State) lipgloss.Style {
	if int(st) < len(s.State) {
		return s.State[st]
	}
	return s.r.NewStyle()
}

// newHelp returns a help bubble drawn with these styles.
func (s *Styles) newHelp() help.Model {
	h := help.New()
	h.Styles = s.Help
	h.ShortSeparator = textSep
	return h
}

// newTextInput returns a single-line field drawn with these styles. The
// cursor does not blink: nothing redraws the screen while the adviser reads.
func (s *Styles) newTextInput() textinput.Model {
	t := textinput.New()
	t.Prompt = ""
	t.PromptStyle = s.r.NewStyle()
	t.TextStyle = s.r.NewStyle()
	t.PlaceholderStyle = s.Muted
	t.CompletionStyle = s.Muted
	t.Cursor.Style = s.r.NewStyle()
	t.Cursor.TextStyle = s.r.NewStyle()
	t.Cursor.SetMode(cursor.CursorStatic)
	t.CharLimit = authz.MaxReasonLen
	return t
}

// newTextArea returns a multi-line field drawn with these styles.
func (s *Styles) newTextArea() textarea.Model {
	t := textarea.New()
	plain := s.r.NewStyle()
	st := textarea.Style{
		Base:             plain,
		CursorLine:       plain,
		CursorLineNumber: s.Muted,
		EndOfBuffer:      s.Muted,
		LineNumber:       s.Muted,
		Placeholder:      s.Muted,
		Prompt:           s.Muted,
		Text:             plain,
	}
	t.FocusedStyle = st
	t.BlurredStyle = st
	t.ShowLineNumbers = false
	t.Prompt = "│ "
	t.Cursor.Style = plain
	t.Cursor.TextStyle = plain
	t.Cursor.SetMode(cursor.CursorStatic)
	t.CharLimit = authz.MaxReasonLen
	t.Blur()
	return t
}
