package tui

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/report"
	"machtiging/store"
)

// dashboardModel is the team's figures at a glance: the backlog per state
// with what is overdue, the decisions per week as bars, the time to
// decision (median and share within the due day, standard and expedited
// side by side), and the providers with the most incomplete requests. The
// figures are package report's, over the decisions of the last weeks and
// the queue today; they are computed in a tea.Cmd (a key never waits for
// them, a spinner turns meanwhile) and again after every decision.
type dashboardModel struct {
	ctx *programContext
	cat *i18n.Catalog
	src report.Source // nil when the store cannot stream the figures
	spn spinner.Model

	seq         int
	busy, dirty bool
	rep         *report.Report
	err         error

	width, height int
}

// dashboardWeeks is how many weeks of decisions the dashboard shows.
const dashboardWeeks = 12

// dashboardMsg brings the figures of computation seq.
type dashboardMsg struct {
	seq int
	rep *report.Report
	err error
}

var errNoFigures = errors.New("no figures")

// newDashboard returns the dashboard on the context's store.
func newDashboard(ctx *programContext) *dashboardModel {
	src, _ := ctx.s.(report.Source)
	spn := spinner.New(spinner.WithSpinner(spinner.MiniDot), spinner.WithStyle(ctx.st.Muted))
	return &dashboardModel{ctx: ctx, cat: ctx.tx.c, src: src, spn: spn}
}

// Open starts the first computation, and logs the dashboard as an
// aggregate read, as the report command is: it reads the queue, and shows
// no request of it.
func (d *dashboardModel) Open() tea.Cmd {
	compute := d.compute()
	l, ok := d.ctx.s.(aggregateLogger)
	if !ok || d.src == nil {
		return compute
	}
	a, today := d.ctx.actor, d.ctx.today
	logRead := func() tea.Msg {
		e := audit.Entry{Action: audit.Read, Event: audit.EventReport,
			Detail: fmt.Sprintf("dashboard (aggregate): decisions of the last %d weeks and the queue on %s", dashboardWeeks, today)}
		if err := l.Log(a, e, nil); err != nil {
			return dashboardLogFailed{err}
		}
		return nil
	}
	return tea.Batch(compute, logRead)
}

// aggregateLogger is the store's access log, for a read that names no
// request.
type aggregateLogger interface {
	Log(a store.Actor, e audit.Entry, ids []string) error
}

// dashboardLogFailed says the access log could not take the dashboard's
// entry: the figures are not shown then.
type dashboardLogFailed struct{ err error }

// compute starts a computation of the figures, or, while one runs, asks
// for another when it ends.
func (d *dashboardModel) compute() tea.Cmd {
	if d.src == nil {
		d.err = errNoFigures
		return nil
	}
	if d.busy {
		d.dirty = true
		return nil
	}
	d.busy, d.dirty = true, false
	d.seq++
	seq, src := d.seq, d.src
	today := d.ctx.today
	o := report.Options{From: report.MondayOf(today).AddDays(-7 * (dashboardWeeks - 1)), Today: today}
	work := func() tea.Msg {
		r, err := report.Build(src, o)
		return dashboardMsg{seq: seq, rep: r, err: err}
	}
	return tea.Batch(work, d.spn.Tick)
}

// Update takes the figures, the spinner's ticks, the store's changes and
// the keys.
func (d *dashboardModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case dashboardLogFailed:
		d.rep, d.err, d.src, d.busy, d.dirty = nil, msg.err, nil, false, false
	case dashboardMsg:
		if msg.seq != d.seq || d.src == nil {
			return nil
		}
		d.busy = false
		if msg.err != nil {
			d.err = msg.err
		} else {
			d.rep, d.err = msg.rep, nil
		}
		if d.dirty {
			return d.compute()
		}
	case spinner.TickMsg:
		if d.busy {
			var cmd tea.Cmd
			d.spn, cmd = d.spn.Update(msg)
			return cmd
		}
	case changeMsg:
		if !msg.change.Claim && dataEvent(msg.change.Event) {
			return d.compute()
		}
	case decisionRecordedMsg, newDayMsg:
		return d.compute()
	case tea.KeyMsg:
		switch {
		case key.Matches(msg, d.ctx.keys.Back):
			d.ctx.nav.pop()
		case key.Matches(msg, d.ctx.keys.Refresh):
			return d.compute()
		}
	}
	return nil
}

// SetSize is the dashboard's part of Screen.
func (d *dashboardModel) SetSize(w, h int) tea.Cmd {
	d.width, d.height = w, h
	return nil
}

// HelpKeys are the dashboard's keys.
func (d *dashboardModel) HelpKeys() keyGroups { return d.ctx.keys.dashboardHelp() }

// TextFocused is false: the dashboard has no text field.
func (d *dashboardModel) TextFocused() bool { return false }

// View draws the figures in the screen's size: the backlog and the time to
// decision side by side (stacked when narrow), the weeks as bars as high
// as the room allows, then as many providers as fit.
func (d *dashboardModel) View() string {
	st, t := d.ctx.st, &d.cat.Report
	head := i18n.Fill(t.DashTitle, "today", d.cat.Dates.Date(d.ctx.today), "weeks", dashboardWeeks)
	busy := ""
	if d.busy {
		busy = d.spn.View() + " " + st.Muted.Render(t.DashComputing)
	}
	lines := []string{st.Section.Render(head), busy}
	switch {
	case d.rep == nil && errors.Is(d.err, errNoFigures):
		return strings.Join(append(lines, "", st.Muted.Render(t.DashNoFacts)), "\n")
	case d.err != nil:
		lines = append(lines, st.Error.Render(i18n.Fill(t.DashFailed, "err", clean(d.err.Error()))))
	}
	if d.rep == nil {
		return strings.Join(lines, "\n")
	}
	backlog := d.backlog()
	bw := lipgloss.Width(backlog[0]) // the lines are padded to one width
	if times := d.timeliness((d.width - bw - 3) / 2); bw+lipgloss.Width(times[0]) <= d.width {
		lines = append(lines, strings.Split(lipgloss.JoinHorizontal(lipgloss.Top, strings.Join(backlog, "\n"), strings.Join(times, "\n")), "\n")...)
	} else {
		lines = append(append(append(lines, backlog...), ""), d.timeliness(d.width/2)...)
	}
	// The weeks take what is left beyond three providers, from 2 rows of
	// bars up to 8.
	room := d.height - len(lines) - 4 /* blank, title, counts, days */ - 1 - 2 - 3
	lines = append(lines, "")
	lines = append(lines, d.weeks(min(max(room, 2), 8))...)
	if left := d.height - len(lines) - 2; left > 0 {
		lines = append(lines, "")
		lines = append(lines, d.providers(left)...)
	}
	for i, l := range lines {
		lines[i] = cut(l, d.width)
	}
	return strings.Join(lines, "\n")
}

// backlog is the undecided requests per state and overdue, as bars.
func (d *dashboardModel) backlog() []string {
	st, t, b := d.ctx.st, &d.cat.Report, d.rep.Backlog
	rows := []struct {
		label string
		n     int
		style lipgloss.Style
	}{
		{d.cat.Words.State(authz.StateOpen), b.Open, st.Bold},
		{d.cat.Words.State(authz.StateSecondReview), b.SecondReview, st.state(authz.StateSecondReview)},
		{d.cat.Words.State(authz.StateReconsideration), b.Reconsideration, st.Warning},
		{d.cat.Words.State(authz.StateWaiting), b.Waiting, st.Muted},
		{t.RowOverdue, b.Overdue, st.Overdue},
	}
	labelW, most := 0, 1
	for _, r := range rows {
		labelW = max(labelW, ansi.StringWidth(r.label))
		most = max(most, r.n)
	}
	labelW = min(labelW, 20)
	barW := max(min(d.width/2-labelW-16, 24), 4)
	out := []string{st.Section.Render(t.DashBacklog)}
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %s %5d ", fit(r.label, labelW), r.style.Render(fit(hbar(r.n, most, barW), barW)), r.n))
	}
	return pad(out)
}

// timeliness is the final first decisions, standard beside expedited:
// how many, the median days, and the share within the due day as a bar;
// each column colW wide (14 to 26).
func (d *dashboardModel) timeliness(colW int) []string {
	st, t, r := d.ctx.st, &d.cat.Report, d.rep
	colW = min(max(colW, 14), 26)
	cell := func(s string) string { return fit(s, colW) }
	within := func(x *report.Timeliness) string {
		pct := percentOf(x.WithinDueShare())
		bar := hbar(x.WithinDue, max(x.Decided, 1), 5)
		return st.Success.Render(bar) + st.Muted.Render(strings.Repeat("·", 5-ansi.StringWidth(bar))) + " " + fit(i18n.Fill(t.DashWithinDue, "pct", pct), colW-6)
	}
	median := func(x *report.Timeliness) string {
		return cell(i18n.Fill(t.DashMedian, "days", d.cat.Days(x.MedianDays())))
	}
	return pad([]string{
		st.Section.Render(t.DashTime),
		st.TableHeader.Render(cell(t.ColStandard) + " " + cell(t.ColExpedited)),
		cell(t.DashDecided.N(r.Standard.Decided)) + " " + cell(t.DashDecided.N(r.Expedited.Decided)),
		median(&r.Standard) + " " + median(&r.Expedited),
		within(&r.Standard) + " " + within(&r.Expedited),
	})
}

// weeks is the decisions of each of the last weeks as a column of bars
// rows high, with the count and the week's Monday under it.
func (d *dashboardModel) weeks(rows int) []string {
	st, t := d.ctx.st, &d.cat.Report
	first := report.MondayOf(d.ctx.today).AddDays(-7 * (dashboardWeeks - 1))
	counts := make([]int, dashboardWeeks)
	for _, w := range d.rep.Weeks {
		if i := first.DaysUntil(w.Monday) / 7; i >= 0 && i < dashboardWeeks {
			counts[i] += w.Decisions
		}
	}
	most := max(slices.Max(counts), 1)
	colW := min(max((d.width-1)/dashboardWeeks, 4), 8)
	out := []string{st.Section.Render(i18n.Fill(t.DashWeeks, "weeks", dashboardWeeks))}
	for row := rows - 1; row >= 0; row-- {
		var b strings.Builder
		for _, n := range counts {
			b.WriteString(" " + st.Title.Render(strings.Repeat(vbar(n, most, rows, row), colW-2)) + " ")
		}
		out = append(out, b.String())
	}
	var nums, days strings.Builder
	for i, n := range counts {
		nums.WriteString(fmt.Sprintf("%*d ", colW-1, n))
		days.WriteString(fmt.Sprintf("%*s ", colW-1, dayMonth(d.cat, first.AddDays(7*i))))
	}
	return append(out, nums.String(), st.Muted.Render(days.String()))
}

// providers lists the providers with the most incomplete requests, at most
// room lines with the title.
func (d *dashboardModel) providers(room int) []string {
	st, t := d.ctx.st, &d.cat.Report
	ps := slices.Clone(d.rep.Providers)
	slices.SortStableFunc(ps, func(a, b report.Provider) int {
		return cmp.Or(cmp.Compare(b.Incomplete+b.IncompleteNow, a.Incomplete+a.IncompleteNow), cmp.Compare(b.Requests, a.Requests))
	})
	out := []string{st.Section.Render(t.DashProviders)}
	most := 1
	for _, p := range ps {
		most = max(most, p.Incomplete+p.IncompleteNow)
	}
	nameW := min(max(d.width/4, 16), 32)
	for _, p := range ps {
		if len(out) >= room {
			break
		}
		n := p.Incomplete + p.IncompleteNow
		if n == 0 {
			break
		}
		var items []string
		for _, it := range p.MostMissing() {
			items = append(items, d.cat.Words.Item(it))
		}
		line := fmt.Sprintf("%s %s %s", fit(clean(p.Name), nameW), st.Overdue.Render(fit(hbar(n, most, 10), 10)),
			i18n.Fill(t.DashProvider, "incomplete", p.Incomplete, "requests", p.Requests, "now", p.IncompleteNow))
		if len(items) > 0 {
			line += st.Muted.Render("  " + i18n.Fill(t.DashMissing, "items", strings.Join(items, ", ")))
		}
		out = append(out, line)
	}
	if len(out) == 1 {
		out = append(out, st.Muted.Render(t.DashNone))
	}
	return out
}

// hbar is a horizontal bar of n against most in width cells, in eighths.
func hbar(n, most, width int) string {
	if n <= 0 || most <= 0 {
		return ""
	}
	eighths := max(n*width*8/most, 1)
	return strings.Repeat("█", eighths/8) + [...]string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}[eighths%8]
}

// vbar is the cell of row (0 the bottom) of a vertical bar of n against
// most, rows high, in eighths.
func vbar(n, most, rows, row int) string {
	if n <= 0 {
		return " "
	}
	eighths := max(n*rows*8/most, 1) - row*8
	switch {
	case eighths >= 8:
		return "█"
	case eighths <= 0:
		return " "
	}
	return [...]string{" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇"}[eighths]
}

// pad makes the lines of a block equally wide, so blocks join side by side.
func pad(lines []string) []string {
	w := 0
	for _, l := range lines {
		w = max(w, lipgloss.Width(l))
	}
	for i, l := range lines {
		lines[i] = l + strings.Repeat(" ", w-lipgloss.Width(l)+2)
	}
	return lines
}

// dayMonth is a day without its year, in the catalogue's order.
func dayMonth(c *i18n.Catalog, d authz.Date) string {
	s := c.Dates.Short(d)
	y := fmt.Sprintf("%04d", d.Year())
	s = strings.Replace(s, y, "", 1)
	return strings.Trim(s, "-/. ")
}

func percentOf(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }
