package report

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"machtiging/authz"
)

// Words are the texts of the readable table, so that another language is
// one more set of them.
type Words struct {
	Title, AllDays, From, Until, QueueOn                 string
	Decisions, TimeToDecision, Standard, Expedited       string
	Decided, Approved, Rejected, WithinDue, Late         string
	MeanDays, MedianDays, ApprovedOnRecon, Upheld        string
	PartialApprovals, Backlog, Overdue, Total            string
	ByReasonCode, PerMonth, PerAdviser, PerProvider      string
	Month, Adviser, SecondReviews, Reconsiderations      string
	AGB, Provider, Requests, Incomplete, ApprovalRate    string
	MostMissing, Undecided, IncompleteNow, None, Unknown string
	Outcomes                                             map[authz.Outcome]string
	States                                               map[authz.State]string
	Codes                                                map[authz.RejectCode]string
	Items                                                map[authz.Item]string
}

// English are the table's words in English.
var English = Words{
	Title: "Report", AllDays: "all days", From: "from", Until: "until", QueueOn: "queue on",
	Decisions: "Decisions", TimeToDecision: "Final first decisions and time to decision", Standard: "standard", Expedited: "expedited",
	Decided: "decided", Approved: "approved", Rejected: "rejected", WithinDue: "within due day", Late: "late",
	MeanDays: "mean days", MedianDays: "median days", ApprovedOnRecon: "approved on reconsideration", Upheld: "upheld on reconsideration",
	PartialApprovals: "Partial approvals", Backlog: "Backlog", Overdue: "overdue", Total: "total",
	ByReasonCode: "Final rejections by reason code", PerMonth: "Per month", PerAdviser: "Per adviser", PerProvider: "Per provider",
	Month: "MONTH", Adviser: "ADVISER", SecondReviews: "SECOND REVIEWS", Reconsiderations: "RECONSIDERATIONS",
	AGB: "AGB", Provider: "PROVIDER", Requests: "REQUESTS", Incomplete: "INCOMPLETE", ApprovalRate: "APPROVAL RATE",
	MostMissing: "MOST OFTEN MISSING OR LATE", Undecided: "UNDECIDED", IncompleteNow: "INCOMPLETE NOW", None: "none",
	Unknown: "decisions of purged requests without recorded facts (counted per outcome and adviser only)",
	Outcomes: map[authz.Outcome]string{
		authz.OutcomeApproved: "approved", authz.OutcomeRejected: "rejected", authz.OutcomeInfoRequested: "information requested",
		authz.OutcomeRejectionProposed: "rejection proposed", authz.OutcomeConcurred: "rejection concurred", authz.OutcomeOverturned: "rejection overturned",
		authz.OutcomeReconsiderationRequested: "reconsideration requested", authz.OutcomeApprovedOnReconsideration: "approved on reconsideration",
		authz.OutcomeUpheld: "upheld on reconsideration",
	},
	States: map[authz.State]string{
		authz.StateOpen: "open", authz.StateSecondReview: "second review", authz.StateReconsideration: "reconsideration", authz.StateWaiting: "waiting",
	},
	Codes: map[authz.RejectCode]string{
		authz.RejectNotRequired: "not required (contracted)", authz.RejectIncomplete: "incomplete", authz.RejectStarted: "treatment started",
		authz.RejectNotIndicated: "not indicated", authz.RejectOther: "other", authz.RejectNotInsured: "not insured",
	},
	Items: map[authz.Item]string{
		authz.ItemReferral: "referral", authz.ItemAdmissionIndication: "admission indication", authz.ItemTreatmentPlan: "treatment plan",
		authz.ItemPractitioners: "practitioners", authz.ItemCodes: "codes",
	},
}

func word(m map[authz.Outcome]string, o authz.Outcome) string {
	if s, ok := m[o]; ok {
		return s
	}
	return o.String()
}

// WriteTable writes the report for people, in words: labels to the left,
// figures to the right.
func (r *Report) WriteTable(out io.Writer, w Words) error {
	var g grid
	period := w.AllDays
	if !r.From.IsZero() || !r.Until.IsZero() {
		period = strings.TrimSpace(fmt.Sprintf("%s %s %s %s", w.From, dash(r.From.String()), w.Until, dash(r.Until.String())))
	}
	fmt.Fprintf(&g.head, "%s: %s; %s %s\n\n", w.Title, period, w.QueueOn, r.Today)

	g.row(w.Decisions)
	for i, o := range authz.Outcomes {
		g.row("  "+word(w.Outcomes, o), fmt.Sprint(r.Decisions[i]))
	}
	g.row("")
	g.row(w.TimeToDecision, w.Standard, w.Expedited)
	rows := []struct {
		label string
		f     func(t *Timeliness) string
	}{
		{w.Decided, func(t *Timeliness) string { return fmt.Sprint(t.Decided) }},
		{w.Approved, func(t *Timeliness) string { return fmt.Sprint(t.Approved) }},
		{w.Rejected, func(t *Timeliness) string { return fmt.Sprint(t.Rejected) }},
		{w.WithinDue, func(t *Timeliness) string { return fmt.Sprintf("%d (%s)", t.WithinDue, percent(t.WithinDueShare())) }},
		{w.Late, func(t *Timeliness) string { return fmt.Sprint(t.Late()) }},
		{w.MeanDays, func(t *Timeliness) string { return days(t.MeanDays()) }},
		{w.MedianDays, func(t *Timeliness) string { return days(t.MedianDays()) }},
		{w.ApprovedOnRecon, func(t *Timeliness) string { return fmt.Sprint(t.ApprovedOnReconsideration) }},
		{w.Upheld, func(t *Timeliness) string { return fmt.Sprint(t.Upheld) }},
	}
	for _, row := range rows {
		g.row("  "+row.label, row.f(&r.Standard), row.f(&r.Expedited))
	}
	g.row("")
	g.row(w.PartialApprovals, fmt.Sprint(r.PartialApprovals))
	g.row("")
	g.row(fmt.Sprintf("%s (%s)", w.Backlog, r.Today))
	b := r.Backlog
	for _, s := range []struct {
		st authz.State
		n  int
	}{{authz.StateOpen, b.Open}, {authz.StateSecondReview, b.SecondReview}, {authz.StateReconsideration, b.Reconsideration}, {authz.StateWaiting, b.Waiting}} {
		g.row("  "+w.States[s.st], fmt.Sprint(s.n))
	}
	g.row("  "+w.Total, fmt.Sprint(b.Total()))
	g.row("  "+w.Overdue, fmt.Sprint(b.Overdue))
	g.row("")
	g.row(w.ByReasonCode)
	for i, c := range authz.RejectCodes {
		g.row("  "+w.Codes[c], fmt.Sprint(r.ByReasonCode[i]))
	}
	if err := g.write(out); err != nil {
		return err
	}
	if r.Unknown > 0 {
		fmt.Fprintf(out, "\n%d %s\n", r.Unknown, w.Unknown)
	}

	g = grid{}
	fmt.Fprintf(&g.head, "\n%s\n", w.PerMonth)
	g.row(w.Month, strings.ToUpper(w.Decisions), strings.ToUpper(w.Decided), strings.ToUpper(w.Approved),
		strings.ToUpper(w.Rejected), strings.ToUpper(w.WithinDue), strings.ToUpper(w.MedianDays))
	for i := range r.Months {
		m := &r.Months[i]
		g.row(m.Month, fmt.Sprint(m.Decisions), fmt.Sprint(m.Final.Decided), fmt.Sprint(m.Final.Approved),
			fmt.Sprint(m.Final.Rejected), fmt.Sprint(m.Final.WithinDue), days(m.Final.MedianDays()))
	}
	if err := g.write(out); err != nil {
		return err
	}

	g = grid{}
	fmt.Fprintf(&g.head, "\n%s\n", w.PerAdviser)
	g.row(w.Adviser, strings.ToUpper(w.Decisions), w.SecondReviews, w.Reconsiderations)
	for _, a := range r.Advisers {
		g.row(clean(a.Name), fmt.Sprint(a.Decisions), fmt.Sprint(a.SecondReviews), fmt.Sprint(a.Reconsiderations))
	}
	if err := g.write(out); err != nil {
		return err
	}

	g = grid{left: 2}
	fmt.Fprintf(&g.head, "\n%s\n", w.PerProvider)
	g.row(w.AGB, w.Provider, w.Requests, w.Incomplete, strings.ToUpper(w.Decided), w.ApprovalRate, w.Undecided, w.IncompleteNow, w.MostMissing)
	for i := range r.Providers {
		pr := &r.Providers[i]
		var most []string
		for _, it := range pr.MostMissing() {
			most = append(most, fmt.Sprintf("%s %d", w.Items[it], pr.Items[it].Total()))
		}
		m := w.None
		if len(most) > 0 {
			m = strings.Join(most, ", ")
		}
		g.row(dash(pr.AGB), clean(pr.Name), fmt.Sprint(pr.Requests), fmt.Sprint(pr.Incomplete), fmt.Sprint(pr.Decided),
			percent(pr.ApprovalRate()), fmt.Sprint(pr.Undecided), fmt.Sprint(pr.IncompleteNow), m)
	}
	g.lastLeft = true
	return g.write(out)
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

func days(f float64) string { return strings.TrimSuffix(fmt.Sprintf("%.1f", f), ".0") }
