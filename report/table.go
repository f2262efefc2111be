package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"machtiging/authz"
	"machtiging/i18n"
)

// WriteTable writes the report for people, in the catalogue's language:
// labels to the left, figures to the right.
func (r *Report) WriteTable(out io.Writer, c *i18n.Catalog) error {
	t := &c.Report
	var g grid
	period := t.AllDays
	if !r.From.IsZero() || !r.Until.IsZero() {
		end := func(d authz.Date) string {
			if d.IsZero() {
				return t.OpenEnd
			}
			return c.Dates.Date(d)
		}
		period = i18n.Fill(t.Period, "from", end(r.From), "until", end(r.Until))
	}
	fmt.Fprintf(&g.head, "%s\n\n", i18n.Fill(t.Title, "period", period, "today", c.Dates.Date(r.Today)))

	g.row(t.SecDecisions)
	for i, o := range authz.Outcomes {
		g.row("  "+c.Words.Outcome(o), fmt.Sprint(r.Decisions[i]))
	}
	g.row("")
	g.row(t.SecFinal, t.ColStandard, t.ColExpedited)
	rows := []struct {
		label string
		f     func(t *Timeliness) string
	}{
		{t.RowDecided, func(x *Timeliness) string { return fmt.Sprint(x.Decided) }},
		{t.RowApproved, func(x *Timeliness) string { return fmt.Sprint(x.Approved) }},
		{t.RowRejected, func(x *Timeliness) string { return fmt.Sprint(x.Rejected) }},
		{strings.ToLower(t.ColWithinDue), func(x *Timeliness) string {
			return i18n.Fill(t.RowWithinDue, "n", x.WithinDue, "pct", percent(x.WithinDueShare()))
		}},
		{t.RowLate, func(x *Timeliness) string { return fmt.Sprint(x.Late()) }},
		{t.RowMean, func(x *Timeliness) string { return c.Days(x.MeanDays()) }},
		{t.RowMedian, func(x *Timeliness) string { return c.Days(x.MedianDays()) }},
		{t.RowApprovedOnReconsideration, func(x *Timeliness) string { return fmt.Sprint(x.ApprovedOnReconsideration) }},
		{t.RowUpheld, func(x *Timeliness) string { return fmt.Sprint(x.Upheld) }},
	}
	for _, row := range rows {
		g.row("  "+row.label, row.f(&r.Standard), row.f(&r.Expedited))
	}
	g.row("")
	g.row(t.SecPartial, fmt.Sprint(r.PartialApprovals))
	g.row("")
	g.row(i18n.Fill(t.SecBacklog, "today", c.Dates.Date(r.Today)))
	b := r.Backlog
	for _, s := range []struct {
		st authz.State
		n  int
	}{{authz.StateOpen, b.Open}, {authz.StateSecondReview, b.SecondReview}, {authz.StateReconsideration, b.Reconsideration}, {authz.StateWaiting, b.Waiting}} {
		g.row("  "+c.Words.State(s.st), fmt.Sprint(s.n))
	}
	g.row("  "+t.RowTotal, fmt.Sprint(b.Total()))
	g.row("  "+t.RowOverdue, fmt.Sprint(b.Overdue))
	g.row("")
	g.row(t.SecByReasonCode)
	for i, code := range authz.RejectCodes {
		g.row("  "+t.Codes[code], fmt.Sprint(r.ByReasonCode[i]))
	}
	if err := g.write(out); err != nil {
		return err
	}
	if r.Unknown > 0 {
		fmt.Fprintf(out, "\n%s\n", t.WithoutFacts.N(r.Unknown))
	}

	g = grid{}
	fmt.Fprintf(&g.head, "\n%s\n", t.SecMonths)
	g.row(t.ColMonth, t.ColDecisions, t.ColDecided, t.ColApproved, t.ColRejected, t.ColWithinDue, t.ColMedian)
	for i := range r.Months {
		m := &r.Months[i]
		g.row(m.Month, fmt.Sprint(m.Decisions), fmt.Sprint(m.Final.Decided), fmt.Sprint(m.Final.Approved),
			fmt.Sprint(m.Final.Rejected), fmt.Sprint(m.Final.WithinDue), c.Days(m.Final.MedianDays()))
	}
	if err := g.write(out); err != nil {
		return err
	}

	g = grid{}
	fmt.Fprintf(&g.head, "\n%s\n", t.SecAdvisers)
	g.row(t.ColAdviser, t.ColDecisions, t.ColSecond, t.ColReconsidered)
	for _, a := range r.Advisers {
		g.row(clean(a.Name), fmt.Sprint(a.Decisions), fmt.Sprint(a.SecondReviews), fmt.Sprint(a.Reconsiderations))
	}
	if err := g.write(out); err != nil {
		return err
	}

	g = grid{left: 2, lastLeft: true}
	fmt.Fprintf(&g.head, "\n%s\n", t.SecProviders)
	g.row(t.ColAGB, t.ColProvider, t.ColRequests, t.ColIncomplete, t.ColDecided, t.ColApprovalRate, t.ColUndecided, t.ColIncompleteNow, t.ColMostMissing)
	for i := range r.Providers {
		pr := &r.Providers[i]
		g.row(dash(pr.AGB), clean(pr.Name), fmt.Sprint(pr.Requests), fmt.Sprint(pr.Incomplete), fmt.Sprint(pr.Decided),
			percent(pr.ApprovalRate()), fmt.Sprint(pr.Undecided), fmt.Sprint(pr.IncompleteNow), MostMissingText(pr, c))
	}
	return g.write(out)
}

// MostMissingText names the items a provider most often left out or sent
// late, with how often, most often first; the catalogue's "none" when
// there are none.
func MostMissingText(p *Provider, c *i18n.Catalog) string {
	var most []string
	for _, it := range p.MostMissing() {
		most = append(most, i18n.Fill(c.Report.ItemCount, "item", c.Words.Item(it), "n", p.Items[it].Total()))
	}
	if len(most) == 0 {
		return c.Report.None
	}
	return strings.Join(most, ", ")
}

// grid lays out rows of cells: the first left columns (at least one) and,
// with lastLeft, the last are aligned left, the others right; two spaces
// between columns.
type grid struct {
	head     strings.Builder
	rows     [][]string
	left     int
	lastLeft bool
}

func (g *grid) row(cells ...string) { g.rows = append(g.rows, cells) }

func (g *grid) write(out io.Writer) error {
	var width []int
	for _, r := range g.rows {
		for i, c := range r {
			if i >= len(width) {
				width = append(width, 0)
			}
			if len(r) > 1 || i > 0 { // a title alone on its line sets no width
				width[i] = max(width[i], utf8.RuneCountInString(c))
			}
		}
	}
	var b strings.Builder
	b.WriteString(g.head.String())
	for _, r := range g.rows {
		var line strings.Builder
		for i, c := range r {
			pad := strings.Repeat(" ", max(width[i]-utf8.RuneCountInString(c), 0))
			if i > 0 {
				line.WriteString("  ")
			}
			if i < max(g.left, 1) || (g.lastLeft && i == len(r)-1) {
				line.WriteString(c + pad)
			} else {
				line.WriteString(pad + c)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	_, err := io.WriteString(out, b.String())
	return err
}

func dash(s string) string {
	if s != "" {
		return s
	}
	return "-"
}

// clean makes a name fit one cell of a line: tabs and newlines (which an
// import lets through) become spaces, other control characters '?'.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return '?'
		}
		return r
	}, s)
}

func percent(f float64) string { return fmt.Sprintf("%.0f%%", f*100) }
