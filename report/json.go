package report

import (
	"bytes"
	"encoding/json"
	"io"

	"machtiging/authz"
)

// object is a JSON object whose keys keep their order.
type object []field

type field struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, f := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, err := marshal(f.key)
		if err != nil {
			return nil, err
		}
		v, err := marshal(f.value)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

func marshal(v any) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(b.Bytes(), "\n"), nil
}

// date is a day as JSON: YYYY-MM-DD, or null when not given.
func date(d authz.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// JSON is the report as one JSON object: the contract's fields
// (decisions, final, partial_approvals, backlog, by_reason_code) and
// months, advisers and providers.
func (r *Report) JSON() object {
	decisions := make(object, len(authz.Outcomes))
	for i, o := range authz.Outcomes {
		decisions[i] = field{o.String(), r.Decisions[i]}
	}
	codes := make(object, len(authz.RejectCodes))
	for i, c := range authz.RejectCodes {
		codes[i] = field{c.String(), r.ByReasonCode[i]}
	}
	months := make([]object, len(r.Months))
	for i := range r.Months {
		m := &r.Months[i]
		months[i] = append(object{{"month", m.Month}, {"decisions", m.Decisions}}, m.Final.json()...)
	}
	advisers := make([]object, len(r.Advisers))
	for i, a := range r.Advisers {
		advisers[i] = object{{"adviser", a.Name}, {"decisions", a.Decisions}, {"second_reviews", a.SecondReviews}, {"reconsiderations", a.Reconsiderations}}
	}
	providers := make([]object, len(r.Providers))
	for i := range r.Providers {
		providers[i] = r.Providers[i].json()
	}
	out := object{
		{"from", date(r.From)}, {"until", date(r.Until)}, {"today", date(r.Today)},
		{"decisions", decisions},
		{"final", object{{"standard", r.Standard.json()}, {"expedited", r.Expedited.json()}}},
		{"partial_approvals", r.PartialApprovals},
		{"backlog", object{{"open", r.Backlog.Open}, {"second_review", r.Backlog.SecondReview},
			{"reconsideration", r.Backlog.Reconsideration}, {"waiting", r.Backlog.Waiting}, {"overdue", r.Backlog.Overdue}}},
		{"by_reason_code", codes},
		{"months", months},
		{"advisers", advisers},
		{"providers", providers},
	}
	if r.Unknown > 0 {
		out = append(out, field{"decisions_without_facts", r.Unknown})
	}
	return out
}

func (t *Timeliness) json() object {
	return object{
		{"decided", t.Decided}, {"approved", t.Approved}, {"rejected", t.Rejected},
		{"within_due", t.WithinDue}, {"mean_days", t.MeanDays()}, {"median_days", t.MedianDays()},
		{"approved_on_reconsideration", t.ApprovedOnReconsideration}, {"upheld", t.Upheld},
	}
}

func (p *Provider) json() object {
	items := make(object, authz.NumItems)
	for i, it := range authz.Items {
		c := p.Items[it]
		items[i] = field{it.String(), object{{"missing", c.Missing}, {"late", c.Late}, {"invalid", c.Invalid}}}
	}
	most := []string{}
	for _, it := range p.MostMissing() {
		most = append(most, it.String())
	}
	return object{
		{"agb", p.AGB}, {"name", p.Name},
		{"requests", p.Requests}, {"incomplete", p.Incomplete},
		{"decided", p.Decided}, {"approved", p.Approved}, {"approval_rate", p.ApprovalRate()},
		{"most_missing", most}, {"items", items},
		{"undecided", p.Undecided}, {"incomplete_now", p.IncompleteNow},
	}
}

// WriteJSON writes the report as one JSON object on one line.
func (r *Report) WriteJSON(w io.Writer) error {
	b, err := marshal(r.JSON())
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}
