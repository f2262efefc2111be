package report

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"machtiging/authz"
)

// CSVHeader names the columns of WriteCSV: one figure a row, in long form,
// so that a spreadsheet pivots it any way.
var CSVHeader = []string{"section", "key", "name", "measure", "value"}

// WriteCSV writes every figure of the report as one row: the section
// (decisions, final, partial_approvals, backlog, by_reason_code, month,
// adviser, provider, period), the key within it (standard/expedited, the
// month, the adviser, the provider's AGB), a name (the provider's), the
// measure and its value.
func (r *Report) WriteCSV(out io.Writer) error {
	w := csv.NewWriter(out)
	row := func(section, key, name, measure string, value any) {
		var v string
		switch x := value.(type) {
		case int:
			v = strconv.Itoa(x)
		case float64:
			v = strconv.FormatFloat(x, 'f', -1, 64)
		case string:
			v = x
		}
		w.Write([]string{section, cell(key), cell(name), measure, cell(v)})
	}
	w.Write(CSVHeader)
	row("period", "", "", "from", r.From.String())
	row("period", "", "", "until", r.Until.String())
	row("period", "", "", "today", r.Today.String())
	for i, o := range authz.Outcomes {
		row("decisions", "", "", o.String(), r.Decisions[i])
	}
	for _, g := range []struct {
		key string
		t   *Timeliness
	}{{"standard", &r.Standard}, {"expedited", &r.Expedited}} {
		for _, f := range g.t.json() {
			row("final", g.key, "", f.key, f.value)
		}
	}
	row("partial_approvals", "", "", "partial_approvals", r.PartialApprovals)
	b := r.Backlog
	for _, f := range []field{{"open", b.Open}, {"second_review", b.SecondReview}, {"reconsideration", b.Reconsideration}, {"waiting", b.Waiting}, {"overdue", b.Overdue}} {
		row("backlog", "", "", f.key, f.value)
	}
	for i, c := range authz.RejectCodes {
		row("by_reason_code", "", "", c.String(), r.ByReasonCode[i])
	}
	for i := range r.Months {
		m := &r.Months[i]
		row("month", m.Month, "", "decisions", m.Decisions)
		for _, f := range m.Final.json() {
			row("month", m.Month, "", f.key, f.value)
		}
	}
	for _, a := range r.Advisers {
		row("adviser", a.Name, "", "decisions", a.Decisions)
		row("adviser", a.Name, "", "second_reviews", a.SecondReviews)
		row("adviser", a.Name, "", "reconsiderations", a.Reconsiderations)
	}
	for i := range r.Providers {
		p := &r.Providers[i]
		for _, f := range p.json() {
			switch f.key {
			case "agb", "name":
			case "most_missing":
				row("provider", p.AGB, p.Name, f.key, strings.Join(f.value.([]string), " "))
			case "items":
				for _, it := range authz.Items {
					c := p.Items[it]
					row("provider", p.AGB, p.Name, it.String()+"_missing", c.Missing)
					row("provider", p.AGB, p.Name, it.String()+"_late", c.Late)
					row("provider", p.AGB, p.Name, it.String()+"_invalid", c.Invalid)
				}
			default:
				row("provider", p.AGB, p.Name, f.key, f.value)
			}
		}
	}
	if r.Unknown > 0 {
		row("decisions_without_facts", "", "", "decisions_without_facts", r.Unknown)
	}
	w.Flush()
	return w.Error()
}

// cell keeps a spreadsheet from taking text for a formula: a cell that
// begins with = + - @ (or a tab or carriage return) gets a leading quote.
// Numbers are written without one.
func cell(s string) string {
	if s == "" || strings.IndexByte("=+-@\t\r", s[0]) < 0 {
		return s
	}
	if _, err := strconv.ParseFloat(s, 64); err == nil {
		return s
	}
	return "'" + s
}
