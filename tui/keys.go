package tui

import "github.com/charmbracelet/bubbles/key"

// keyMap holds every key binding of the TUI. The same bindings decide what a
// key does and feed the footer's short help and the full help screen.
type keyMap struct {
	Up, Down         key.Binding
	Move             key.Binding // shown in the short help for Up and Down
	Top, Bottom      key.Binding
	PageUp, PageDown key.Binding
	HalfUp, HalfDown key.Binding

	Open   key.Binding
	Back   key.Binding
	Help   key.Binding
	Quit   key.Binding
	Cancel key.Binding // ctrl+c: quits from anywhere, even a text field

	Filter      key.Binding
	FilterKeep  key.Binding
	FilterClear key.Binding
	NextView    key.Binding
	PrevView    key.Binding
	JumpView    key.Binding

	Approve     key.Binding
	Reject      key.Binding
	RequestInfo key.Binding
	Concur      key.Binding
	Overturn    key.Binding
	Reconsider  key.Binding
	Uphold      key.Binding
	Reveal      key.Binding
	Letter      key.Binding // the letter of the request's latest decision
	LetterCopy  key.Binding // the letter screen: the insured's letter or the provider's copy

	NextField key.Binding
	// NextOther and OpenOther select and open another request of the
	// insured in the request view.
	NextOther key.Binding
	OpenOther key.Binding
	PrevField key.Binding
	ListUp    key.Binding
	ListDown  key.Binding
	Toggle    key.Binding
	Submit    key.Binding
	Newline   key.Binding
	Record    key.Binding
	BackEdit  key.Binding
	Close     key.Binding

	Dashboard key.Binding // from the queue
	Refresh   key.Binding // on the dashboard
}

// newKeyMap returns the bindings with their help texts from text.go.
func newKeyMap(tx *texts) *keyMap {
	b := func(keys []string, k, desc string) key.Binding {
		return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, desc))
	}
	return &keyMap{
		Up:       b([]string{"k", "up"}, "↑/k", tx.HelpUp),
		Down:     b([]string{"j", "down"}, "↓/j", tx.HelpDown),
		Move:     b([]string{"j", "k", "down", "up"}, "j/k", tx.HelpMove),
		Top:      b([]string{"g", "home"}, "g", tx.HelpTop),
		Bottom:   b([]string{"G", "end"}, "G", tx.HelpBottom),
		PageUp:   b([]string{"pgup"}, "pgup", tx.HelpPageUp),
		PageDown: b([]string{"pgdown"}, "pgdn", tx.HelpPageDown),
		HalfUp:   b([]string{"ctrl+u"}, "ctrl+u", tx.HelpHalfUp),
		HalfDown: b([]string{"ctrl+d"}, "ctrl+d", tx.HelpHalfDown),

		Open:   b([]string{"enter"}, "enter", tx.HelpOpen),
		Back:   b([]string{"esc"}, "esc", tx.HelpBack),
		Help:   b([]string{"?"}, "?", tx.HelpHelp),
		Quit:   b([]string{"q", "ctrl+c"}, "q", tx.HelpQuit),
		Cancel: b([]string{"ctrl+c"}, "ctrl+c", tx.HelpQuit),

		Filter:      b([]string{"/"}, "/", tx.HelpFilter),
		FilterKeep:  b([]string{"enter"}, "enter", tx.HelpFilterKeep),
		FilterClear: b([]string{"esc"}, "esc", tx.HelpFilterClear),
		NextView:    b([]string{"tab"}, "tab", tx.HelpNextView),
		PrevView:    b([]string{"shift+tab"}, "shift+tab", tx.HelpPrevView),
		JumpView:    b([]string{"1", "2", "3", "4", "5", "6"}, "1-6", tx.HelpJumpView),

		Approve:     b([]string{"a"}, "a", tx.HelpApprove),
		Reject:      b([]string{"r"}, "r", tx.HelpReject),
		RequestInfo: b([]string{"i"}, "i", tx.HelpRequestInfo),
		Concur:      b([]string{"c"}, "c", tx.HelpConcur),
		Overturn:    b([]string{"o"}, "o", tx.HelpOverturn),
		Reconsider:  b([]string{"h"}, "h", tx.c.Reconsideration.HelpReconsider),
		Uphold:      b([]string{"u"}, "u", tx.c.Reconsideration.HelpUphold),
		Reveal:      b([]string{"b"}, "b", tx.HelpReveal),
		Letter:      b([]string{"l"}, "l", tx.c.Letters.HelpLetter),
		LetterCopy:  b([]string{"t"}, "t", tx.c.Letters.HelpLetterCopy),

		NextField: b([]string{"tab"}, "tab", tx.HelpNextField),
		NextOther: b([]string{"tab"}, "tab", tx.c.Registers.HelpNextOther),
		OpenOther: b([]string{"enter"}, "enter", tx.c.Registers.HelpOpenOther),
		PrevField: b([]string{"shift+tab"}, "shift+tab", tx.HelpPrevField),
		ListUp:    b([]string{"up", "k"}, "↑/k", tx.HelpListUp),
		ListDown:  b([]string{"down", "j"}, "↓/j", tx.HelpListDown),
		Toggle:    b([]string{" "}, "space", tx.HelpToggle),
		Submit:    b([]string{"enter"}, "enter", tx.HelpSubmit),
		Newline:   b([]string{"alt+enter", "ctrl+j"}, "alt+enter", tx.HelpNewline),
		Record:    b([]string{"enter"}, "enter", tx.HelpRecord),
		BackEdit:  b([]string{"esc"}, "esc", tx.HelpBackEdit),
		Close:     b([]string{"esc", "?"}, "esc/?", tx.HelpClose),

		Dashboard: b([]string{"d"}, "d", tx.c.Report.HelpDashboard),
		Refresh:   b([]string{"r", "f5"}, "r", tx.c.Report.HelpRefresh),
	}
}

// globalHelp is the right end of the footer, on every screen: help and quit.
func (k *keyMap) globalHelp(textFocused bool) []key.Binding {
	if textFocused {
		return []key.Binding{k.Cancel}
	}
	return []key.Binding{k.Help, k.Quit}
}

// keyGroups is a help.KeyMap made of fixed lists.
type keyGroups struct {
	short []key.Binding
	full  [][]key.Binding
}

func (g keyGroups) ShortHelp() []key.Binding  { return g.short }
func (g keyGroups) FullHelp() [][]key.Binding { return g.full }

func (k *keyMap) queueHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Move, k.Open, k.Approve, k.Reject, k.RequestInfo, k.Filter, k.NextView, k.Dashboard},
		full: [][]key.Binding{
			{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp},
			{k.Open, k.Back, k.Approve, k.Reject, k.RequestInfo, k.Concur, k.Overturn, k.Reconsider, k.Uphold, k.Letter},
			{k.Filter, k.FilterKeep, k.FilterClear, k.NextView, k.PrevView, k.JumpView, k.Dashboard, k.Help, k.Quit},
		},
	}
}

func (k *keyMap) filterHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.FilterKeep, k.FilterClear},
		full:  [][]key.Binding{{k.FilterKeep, k.FilterClear, k.Cancel}},
	}
}

func (k *keyMap) requestHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Move, k.Back, k.Reveal, k.Approve, k.Reject, k.RequestInfo, k.Concur, k.Overturn},
		full: [][]key.Binding{
			{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp},
			{k.Reveal, k.Approve, k.Reject, k.RequestInfo, k.Concur, k.Overturn, k.Reconsider, k.Uphold, k.Letter},
			{k.NextOther, k.OpenOther, k.Back, k.Help, k.Quit},
		},
	}
}

// formHelp gives the keys of a form: list is true when the focused field is
// a list, multiline when it is the motivation, toggle when the list has
// check boxes.
func (k *keyMap) formHelp(list, toggle, multiline bool) keyGroups {
	short := []key.Binding{k.NextField, k.Submit}
	if list {
		short = append(short, k.ListDown, k.ListUp)
	}
	if toggle {
		short = append(short, k.Toggle)
	}
	if multiline {
		short = append(short, k.Newline)
	}
	short = append(short, k.Back)
	return keyGroups{
		short: short,
		full: [][]key.Binding{
			{k.NextField, k.PrevField, k.Submit, k.Back},
			{k.ListDown, k.ListUp, k.Toggle, k.Newline},
			{k.Help, k.Cancel},
		},
	}
}

func (k *keyMap) confirmHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Record, k.BackEdit},
		full:  [][]key.Binding{{k.Record, k.BackEdit}, {k.Help, k.Quit}},
	}
}

func (k *keyMap) emptyHelp() keyGroups {
	return keyGroups{
		full: [][]key.Binding{{k.Help, k.Quit}},
	}
}

func (k *keyMap) helpHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Close},
		full:  [][]key.Binding{{k.Close, k.Quit}},
	}
}

func (k *keyMap) letterHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Move, k.PageDown, k.LetterCopy, k.Back},
		full: [][]key.Binding{
			{k.Down, k.Up, k.Top, k.Bottom, k.PageDown, k.PageUp, k.HalfDown, k.HalfUp},
			{k.LetterCopy, k.Back, k.Help, k.Quit},
		},
	}
}

func (k *keyMap) dashboardHelp() keyGroups {
	return keyGroups{
		short: []key.Binding{k.Back, k.Refresh},
		full:  [][]key.Binding{{k.Back, k.Refresh, k.Help, k.Quit}},
	}
}
