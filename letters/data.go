package letters

import (
	"fmt"
	"strconv"
	"strings"

	"machtiging/authz"
)

// Data is what every template gets (as "."). It holds text, yes/no facts
// and lists of text only, so a template can print and test it but not
// compute with it. docs/letters.md lists the fields.
type Data struct {
	To         string // "insured" or "provider": whom this copy is addressed to
	ToInsured  bool
	ToProvider bool
	Addressee  Party // the insured, or the provider for its copy
	Insured    Party
	Provider   Party
	Contracted bool // the insurer has a contract with the provider

	RequestID      string
	Date           string // the decision's day, e.g. "14 december 2026"
	Outcome        string // approved, rejected, info_requested, upheld or approved_on_reconsideration
	Reconsidered   bool   // upheld or approved_on_reconsideration: the answer to a heroverweging
	SettingText    string // "klinische" or "poliklinische"
	TreatmentStart string // the planned first day of treatment, written out
	Motivation     string // the adviser's reason, word for word; may be empty for approvals and information requests
	// SecondOpinion is what the second adviser added when concurring with
	// a proposed rejection (Motivation is then the proposer's), word for
	// word; empty when they added nothing.
	SecondOpinion string

	Approval  *Approval  // approvals only
	Rejection *Rejection // rejections and upheld rejections only
	Info      *Info      // information requests only

	Body string // letter.tmpl only: the outcome's own text
}

// Party is the insured or the provider as a letter names them.
type Party struct {
	Name       string
	HasAddress bool
	Street     string
	PostalCode string
	City       string
}

// Approval is what an approval grants.
type Approval struct {
	Minutes          string // approved treatment minutes
	RequestedMinutes string
	From, Until      string // the machtiging's validity, both days included
	RequestedFrom    string // the plan's period
	RequestedUntil   string
	Partial          bool // fewer minutes or a shorter period than requested
	FewerMinutes     bool
	ShorterPeriod    bool
}

// Rejection is why a request was rejected.
type Rejection struct {
	Code     string // the reason code, e.g. "started"
	CodeText string // the code in words (reasons.tmpl, "reason CODE")
	Rule     string // the rule of the policy it rests on (reasons.tmpl, "rule CODE")
}

// Info is what an information request asks for.
type Info struct {
	Items   []string // each requested item in words (items.tmpl, "item NAME")
	ReplyBy string   // the day by which to send them: 14 days after the decision
}

// ReplyDays is how many days after an information request the insured has
// to send what it asks for.
const ReplyDays = 14

var months = [...]string{"januari", "februari", "maart", "april", "mei", "juni", "juli",
	"augustus", "september", "oktober", "november", "december"}

// DutchDate writes a day the Dutch way: "14 december 2026".
func DutchDate(d authz.Date) string {
	if d.IsZero() || d.Month() < 1 || d.Month() > 12 {
		return ""
	}
	return fmt.Sprintf("%d %s %d", d.Day(), months[d.Month()-1], d.Year())
}

// DecisionDay is the day a decision was made on: the day its rules were
// applied on, else the day it was recorded (UTC).
func DecisionDay(d *authz.Decision) authz.Date {
	if !d.Today.IsZero() {
		return d.Today
	}
	return authz.DateOf(d.DecidedAt.UTC())
}

// data gathers the fields of the letter of in, with the wording of its
// reason code and items from the templates.
func (s *Set) data(in Input) (*Data, error) {
	r, d := in.Request, in.Decision
	day := DecisionDay(d)
	data := &Data{
		Insured:        partyOf(r.Insured.Name, insuredAddress(r)),
		Provider:       partyOf(r.Provider.Name, providerAddress(r)),
		Contracted:     in.contracted(),
		RequestID:      r.ID,
		Date:           DutchDate(day),
		Outcome:        d.Outcome.String(),
		Reconsidered:   d.Outcome == authz.OutcomeUpheld || d.Outcome == authz.OutcomeApprovedOnReconsideration,
		SettingText:    settingText(r.Setting),
		TreatmentStart: DutchDate(r.TreatmentStart),
		Motivation:     strings.TrimSpace(d.Reason),
	}
	if p := in.Proposal; d.Outcome == authz.OutcomeConcurred && p != nil && strings.TrimSpace(p.Reason) != "" {
		if own := data.Motivation; own != strings.TrimSpace(p.Reason) {
			data.SecondOpinion = own
		}
		data.Motivation = strings.TrimSpace(p.Reason)
	}
	switch d.Outcome {
	case authz.OutcomeApproved, authz.OutcomeApprovedOnReconsideration:
		data.Approval = approvalOf(r, d)
	case authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeUpheld:
		if d.ReasonCode == authz.RejectNone {
			return nil, fmt.Errorf("the %s decision has no reason code to explain", d.Outcome)
		}
		if data.Motivation == "" {
			return nil, fmt.Errorf("the %s decision has no motivation to quote", d.Outcome)
		}
		rej := &Rejection{Code: d.ReasonCode.String()}
		var err error
		if rej.CodeText, err = s.phrase("reason "+rej.Code, data); err != nil {
			return nil, err
		}
		if rej.Rule, err = s.phrase("rule "+rej.Code, data); err != nil {
			return nil, err
		}
		data.Rejection = rej
	case authz.OutcomeInfoRequested:
		if len(d.ItemsRequested) == 0 {
			return nil, fmt.Errorf("the information request names no item")
		}
		info := &Info{ReplyBy: DutchDate(day.AddDays(ReplyDays))}
		for _, it := range d.ItemsRequested {
			words, err := s.phrase("item "+it.String(), data)
			if err != nil {
				return nil, err
			}
			info.Items = append(info.Items, words)
		}
		data.Info = info
	}
	return data, nil
}

// setRecipient addresses the data to the insured or the provider.
func (d *Data) setRecipient(r Recipient) {
	d.To, d.ToInsured, d.ToProvider = r.String(), r == ToInsured, r == ToProvider
	d.Addressee = d.Insured
	if r == ToProvider {
		d.Addressee = d.Provider
	}
}

func approvalOf(r *authz.Request, d *authz.Decision) *Approval {
	a := &Approval{
		Minutes: strconv.FormatInt(d.ApprovedMinutes, 10),
		From:    DutchDate(d.ValidFrom),
		Until:   DutchDate(d.ValidUntil),
	}
	if p := r.TreatmentPlan; p != nil {
		asked := p.Minutes()
		a.RequestedMinutes = strconv.FormatInt(asked, 10)
		a.RequestedFrom, a.RequestedUntil = DutchDate(p.PeriodStart), DutchDate(p.PeriodEnd)
		a.FewerMinutes = d.ApprovedMinutes < asked
		a.ShorterPeriod = d.ValidFrom > p.PeriodStart || d.ValidUntil < p.PeriodEnd
		a.Partial = a.FewerMinutes || a.ShorterPeriod
	}
	return a
}

func settingText(s authz.Setting) string {
	switch s {
	case authz.SettingClinical:
		return "klinische"
	case authz.SettingOutpatient:
		return "poliklinische"
	}
	return ""
}

// Address is a postal address as a letter writes it.
type Address struct{ Street, PostalCode, City string }

func partyOf(name string, a *Address) Party {
	p := Party{Name: name}
	if a != nil {
		p.HasAddress, p.Street, p.PostalCode, p.City = true, a.Street, a.PostalCode, a.City
	}
	return p
}
