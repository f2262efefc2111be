// Package report computes the team's figures: decisions per outcome, time
// to decision (standard against expedited, within the due day or not),
// partial approvals, the backlog and what is overdue, rejections per reason
// code, and figures per month, per adviser and per provider. It streams
// over the store (the facts recorded with each decision and the undecided
// part of the queue) and keeps only counts, so a million decisions take a
// few megabytes. A report holds no patient data: no name, BSN or request
// id of an insured.
package report

import (
	"cmp"
	"slices"

	"machtiging/authz"
	"machtiging/store"
)

// Options choose the decisions and the day of the queue.
type Options struct {
	// From and Until bound the decisions' days, both inclusive; zero
	// leaves that side open.
	From, Until authz.Date
	// Today is the day the backlog is judged on (overdue: due before it).
	Today authz.Date
}

// Source is what a report reads: the store, or anything that streams the
// same.
type Source interface {
	EachFacts(fn func(*store.Facts) error) error
	Scan(v store.View, fn func(*store.Row) bool) error
}

// Report is the figures. Every count is of decisions recorded on a day in
// From..Until, except the backlog and the providers' undecided requests,
// which are the queue on Today.
type Report struct {
	From, Until, Today authz.Date

	// Decisions counts decisions per outcome, in authz.Outcomes' order.
	Decisions []int
	// Standard and Expedited are the final first decisions (approved, and
	// rejections that are final: direct or concurred), by urgency of the
	// decided version.
	Standard, Expedited Timeliness
	// PartialApprovals are approvals (also on reconsideration) of fewer
	// minutes or a shorter period than asked.
	PartialApprovals int
	Backlog          Backlog
	// ByReasonCode counts final first rejections per code, in
	// authz.RejectCodes' order.
	ByReasonCode []int
	Months       []Month
	// Weeks counts the decisions per week (Monday to Sunday) that had any,
	// oldest first; the dashboard draws them.
	Weeks     []Week
	Advisers  []Adviser
	Providers []Provider
	// Unknown counts decisions in the period whose request was purged
	// before this program recorded their facts: they count per outcome
	// and adviser only.
	Unknown int
}

// Timeliness is the time to decision of one group of final first
// decisions.
type Timeliness struct {
	Decided, Approved, Rejected int
	// WithinDue were decided on or before the decided version's due day.
	WithinDue int
	// Reconsideration of these groups' requests.
	ApprovedOnReconsideration, Upheld int
	days                              histogram
}

// MeanDays and MedianDays are the days from the decided version's
// received day to the decision's day; 0 when nothing was decided.
func (t *Timeliness) MeanDays() float64   { return t.days.mean() }
func (t *Timeliness) MedianDays() float64 { return t.days.median() }

// Late is the number decided after their due day.
func (t *Timeliness) Late() int { return t.Decided - t.WithinDue }

// WithinDueShare is WithinDue / Decided, 0 when nothing was decided.
func (t *Timeliness) WithinDueShare() float64 { return share(t.WithinDue, t.Decided) }

func (t *Timeliness) add(f *store.Facts) {
	t.Decided++
	if f.Outcome == authz.OutcomeApproved {
		t.Approved++
	} else {
		t.Rejected++
	}
	if f.Day <= f.Due {
		t.WithinDue++
	}
	t.days.add(dayNumber(f.Day) - dayNumber(f.Received))
}

// Backlog is the undecided part of the queue on Today.
type Backlog struct {
	Open, SecondReview, Reconsideration, Waiting int
	// Overdue are undecided requests whose due day is before Today.
	Overdue int
}

// Total is the number of undecided requests.
func (b Backlog) Total() int { return b.Open + b.SecondReview + b.Reconsideration + b.Waiting }

// Month is one calendar month of decisions.
type Month struct {
	Month     string // YYYY-MM
	Decisions int
	Final     Timeliness // standard and expedited together
}

// Week is the decisions of one week.
type Week struct {
	Monday    authz.Date
	Decisions int
}

// MondayOf is the Monday of the week of d.
func MondayOf(d authz.Date) authz.Date {
	return d.AddDays(-((int(d.Time().Weekday()) + 6) % 7))
}

// Adviser is what one adviser decided.
type Adviser struct {
	Name      string
	Decisions int
	// SecondReviews are concurrences and overturns.
	SecondReviews int
	// Reconsiderations are approvals on reconsideration and upheld
	// rejections.
	Reconsiderations int
}

// Provider is the feedback for one provider (ZBC).
type Provider struct {
	AGB, Name string
	// Requests got their first decision in the period; Incomplete of
	// them were missing, late or invalid in an item then, and Items says
	// which.
	Requests, Incomplete int
	Items                [authz.NumItems]ItemCounts
	// Decided and Approved are the final first decisions.
	Decided, Approved int
	// Undecided requests of the provider on Today, and of them those
	// whose verdict is incomplete.
	Undecided, IncompleteNow int
}

// ApprovalRate is Approved / Decided, 0 when nothing was decided.
func (p *Provider) ApprovalRate() float64 { return share(p.Approved, p.Decided) }

// MostMissing lists the items that were missing, late or invalid, most
// often first (items of equal count in the contract's order).
func (p *Provider) MostMissing() []authz.Item {
	var out []authz.Item
	for _, it := range authz.Items {
		if p.Items[it].Total() > 0 {
			out = append(out, it)
		}
	}
	slices.SortStableFunc(out, func(a, b authz.Item) int { return p.Items[b].Total() - p.Items[a].Total() })
	return out
}

// ItemCounts say how often an item was not acceptable at a request's first
// decision.
type ItemCounts struct{ Missing, Late, Invalid int }

// Total is Missing + Late + Invalid.
func (c ItemCounts) Total() int { return c.Missing + c.Late + c.Invalid }

// Build computes the report from a source.
func Build(src Source, o Options) (*Report, error) {
	b := newBuilder(o)
	if err := src.EachFacts(b.fact); err != nil {
		return nil, err
	}
	if err := src.Scan(store.ViewAll, b.row); err != nil {
		return nil, err
	}
	return b.finish(), nil
}

// builder gathers the figures; it keeps counts only.
type builder struct {
	r         Report
	months    map[int]*Month
	advisers  map[string]*Adviser
	providers map[string]*Provider // by AGB, or by "\x00"+name for a name only the queue knows
	agbOf     map[string]string    // provider name -> AGB, from the facts

	// The last adviser, month and provider looked up: consecutive
	// decisions often share them, and the names are the same strings.
	lastAdviser  *Adviser
	lastMonthKey int
	lastMonth    *Month
	lastProvider *Provider

	weeks               map[authz.Date]int
	lastDay, lastMonday authz.Date
	inWeek              int // decisions of lastMonday's week not yet in weeks
}

func newBuilder(o Options) *builder {
	return &builder{
		r: Report{From: o.From, Until: o.Until, Today: o.Today,
			Decisions: make([]int, len(authz.Outcomes)), ByReasonCode: make([]int, len(authz.RejectCodes))},
		months:    map[int]*Month{},
		advisers:  map[string]*Adviser{},
		providers: map[string]*Provider{},
		agbOf:     map[string]string{},
		weeks:     map[authz.Date]int{},
	}
}

// inPeriod: decisions recorded on days From..Until, both inclusive.
func (b *builder) inPeriod(day authz.Date) bool {
	return (b.r.From.IsZero() || day >= b.r.From) && (b.r.Until.IsZero() || day <= b.r.Until)
}

// finalFirst: an approval, or a rejection that is final (direct or
// concurred); not a decision on reconsideration.
func finalFirst(o authz.Outcome) bool {
	return o == authz.OutcomeApproved || o == authz.OutcomeRejected || o == authz.OutcomeConcurred
}

func (b *builder) fact(f *store.Facts) error {
	if !b.inPeriod(f.Day) {
		return nil
	}
	r := &b.r
	if i := outcomeIndex(f.Outcome); i >= 0 {
		r.Decisions[i]++
	}
	if f.Partial {
		r.PartialApprovals++
	}
	a := b.adviser(f.Adviser)
	a.Decisions++
	switch f.Outcome {
	case authz.OutcomeConcurred, authz.OutcomeOverturned:
		a.SecondReviews++
	case authz.OutcomeApprovedOnReconsideration, authz.OutcomeUpheld:
		a.Reconsiderations++
	}
	m := b.month(f.Day)
	m.Decisions++
	if f.Day != b.lastDay {
		b.flushWeek()
		b.lastDay, b.lastMonday = f.Day, MondayOf(f.Day)
	}
	b.inWeek++
	if finalFirst(f.Outcome) && f.Outcome != authz.OutcomeApproved {
		if i := codeIndex(f.Code); i >= 0 {
			r.ByReasonCode[i]++
		}
	}
	if !f.Known {
		r.Unknown++
		return nil
	}
	group := &r.Standard
	if f.Urgent {
		group = &r.Expedited
	}
	p := b.provider(f.AGB, f.Provider)
	switch {
	case finalFirst(f.Outcome):
		group.add(f)
		m.Final.add(f)
		p.Decided++
		if f.Outcome == authz.OutcomeApproved {
			p.Approved++
		}
	case f.Outcome == authz.OutcomeApprovedOnReconsideration:
		group.ApprovedOnReconsideration++
	case f.Outcome == authz.OutcomeUpheld:
		group.Upheld++
	}
	if f.First {
		p.Requests++
		incomplete := false
		for i, st := range f.Items {
			c := &p.Items[i]
			switch st {
			case authz.StatusMissing:
				c.Missing++
			case authz.StatusLate:
				c.Late++
			case authz.StatusInvalid:
				c.Invalid++
			default:
				continue
			}
			incomplete = true
		}
		if incomplete {
			p.Incomplete++
		}
	}
	return nil
}

// row counts an undecided request of the queue; the decided part comes
// last in queue order, and ends the scan.
func (b *builder) row(row *store.Row) bool {
	r := &b.r
	switch row.State {
	case authz.StateOpen:
		r.Backlog.Open++
	case authz.StateSecondReview:
		r.Backlog.SecondReview++
	case authz.StateReconsideration:
		r.Backlog.Reconsideration++
	case authz.StateWaiting:
		r.Backlog.Waiting++
	default:
		return false
	}
	if row.Due < r.Today {
		r.Backlog.Overdue++
	}
	// A row of an older store does not hold the provider's AGB: its name
	// finds it among the decisions', else it stands on its own.
	key, agb := row.AGB, row.AGB
	if !row.RegisterFacts || key == "" {
		key = "\x00" + row.Provider
		if a, ok := b.agbOf[row.Provider]; ok {
			key, agb = a, a
		}
	}
	p := b.providers[key]
	if p == nil {
		p = &Provider{AGB: agb, Name: row.Provider}
		b.providers[key] = p
	}
	p.Undecided++
	if _, verdict := row.Check(r.Today); verdict == authz.VerdictIncomplete {
		p.IncompleteNow++
	}
	return true
}

func (b *builder) adviser(name string) *Adviser {
	if a := b.lastAdviser; a != nil && a.Name == name {
		return a
	}
	a := b.advisers[name]
	if a == nil {
		a = &Adviser{Name: name}
		b.advisers[name] = a
	}
	b.lastAdviser = a
	return a
}

func (b *builder) month(d authz.Date) *Month {
	k := int(d / 100) // yyyymm
	if b.lastMonth != nil && b.lastMonthKey == k {
		return b.lastMonth
	}
	m := b.months[k]
	if m == nil {
		m = &Month{Month: d.String()[:7]}
		b.months[k] = m
	}
	b.lastMonthKey, b.lastMonth = k, m
	return m
}

func (b *builder) provider(agb, name string) *Provider {
	p := b.lastProvider
	if p == nil || p.AGB != agb {
		if p = b.providers[agb]; p == nil {
			p = &Provider{AGB: agb}
			b.providers[agb] = p
		}
		b.lastProvider = p
	}
	if p.Name != name {
		p.Name = name // the latest name it went by
		b.agbOf[name] = agb
	}
	return p
}

// flushWeek counts the decisions gathered for the last week.
func (b *builder) flushWeek() {
	if b.inWeek > 0 {
		b.weeks[b.lastMonday] += b.inWeek
		b.inWeek = 0
	}
}

func (b *builder) finish() *Report {
	b.flushWeek()
	r := &b.r
	for _, m := range b.months {
		r.Months = append(r.Months, *m)
	}
	slices.SortFunc(r.Months, func(x, y Month) int { return cmp.Compare(x.Month, y.Month) })
	for d, n := range b.weeks {
		r.Weeks = append(r.Weeks, Week{Monday: d, Decisions: n})
	}
	slices.SortFunc(r.Weeks, func(x, y Week) int { return cmp.Compare(x.Monday, y.Monday) })
	for _, a := range b.advisers {
		r.Advisers = append(r.Advisers, *a)
	}
	slices.SortFunc(r.Advisers, func(x, y Adviser) int { return cmp.Compare(x.Name, y.Name) })
	for _, p := range b.providers {
		r.Providers = append(r.Providers, *p)
	}
	slices.SortFunc(r.Providers, func(x, y Provider) int {
		return cmp.Or(cmp.Compare(y.Requests+y.Undecided, x.Requests+x.Undecided), cmp.Compare(x.Name, y.Name), cmp.Compare(x.AGB, y.AGB))
	})
	return r
}

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// outcomeIndex is o's place in authz.Outcomes, -1 when it has none. The
// outcomes are numbered from 1 in that order; a stored number outside it
// (a newer program's) is counted nowhere rather than somewhere wrong.
func outcomeIndex(o authz.Outcome) int {
	if i := int(o) - 1; i >= 0 && i < len(authz.Outcomes) && authz.Outcomes[i] == o {
		return i
	}
	return slices.Index(authz.Outcomes, o)
}

// codeIndex is c's place in authz.RejectCodes, -1 when it has none.
func codeIndex(c authz.RejectCode) int {
	if i := int(c) - 1; i >= 0 && i < len(authz.RejectCodes) && authz.RejectCodes[i] == c {
		return i
	}
	return slices.Index(authz.RejectCodes, c)
}
