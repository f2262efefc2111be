package letters

import (
	"fmt"
	"strings"
	"time"

	"machtiging/authz"
)

// Element is one thing a letter must say, found as a text in it.
type Element struct {
	What string // for people, e.g. "the motivation word for word"
	Text string
}

// Required lists what the letter written from data must say: the contract's
// list for its outcome, with the regulator's elements of a rejection.
func Required(data *Data) []Element {
	els := []Element{
		{"the insured's name", data.Insured.Name},
		{"the request id", data.RequestID},
		{"the decision's date", data.Date},
		{"the provider's name", data.Provider.Name},
	}
	if data.ToProvider && data.Provider.HasAddress {
		els = append(els, Element{"the provider's address", data.Provider.Street})
	}
	if data.ToInsured && data.Insured.HasAddress {
		els = append(els, Element{"the insured's address", data.Insured.Street})
	}
	if a := data.Approval; a != nil {
		els = append(els,
			Element{"the word machtiging", "machtiging"},
			Element{"the approved minutes", a.Minutes},
			Element{"the first day of validity", a.From},
			Element{"the last day of validity", a.Until})
		if a.Partial {
			els = append(els, Element{"that the approval is partial", "gedeeltelijk"})
			if data.Motivation != "" {
				els = append(els, Element{"the reason of the partial approval", data.Motivation})
			}
		}
		if !data.Contracted {
			els = append(els, Element{"that reimbursement follows the policy conditions", "polisvoorwaarden"})
		}
	}
	if r := data.Rejection; r != nil {
		if data.SecondOpinion != "" {
			els = append(els, Element{"the second adviser's addition word for word", data.SecondOpinion})
		}
		els = append(els,
			Element{"the adviser's motivation word for word", data.Motivation},
			Element{"the reason code in words", r.CodeText},
			Element{"the rule of the policy it rests on", r.Rule},
			Element{"that the insured may ask for more explanation", "uitleg"},
			Element{"the heroverweging", "heroverweging"},
			Element{"that a heroverweging is answered within six weeks", "zes weken"},
			Element{"the SKGZ", "SKGZ"})
	}
	if in := data.Info; in != nil {
		for _, it := range in.Items {
			els = append(els, Element{"a requested item in words", it})
		}
		els = append(els, Element{"the day by which to send them", in.ReplyBy})
	}
	return els
}

// Missing returns the elements that a letter written from data lacks.
func Missing(letter string, data *Data) []Element {
	var out []Element
	for _, e := range Required(data) {
		if !strings.Contains(letter, e.Text) {
			out = append(out, e)
		}
	}
	return out
}

// checkSamples writes every kind of letter from sample data, so that a
// template that fails, or leaves out what a letter must say, is an error
// at start and never a half letter later.
func (s *Set) checkSamples() error {
	for _, in := range Samples() {
		l, err := s.write(in)
		if err != nil {
			return err
		}
		data, err := s.data(in)
		if err != nil {
			return err
		}
		for _, r := range []Recipient{ToInsured, ToProvider} {
			data.setRecipient(r)
			if miss := Missing(l.To(r), data); len(miss) > 0 {
				file := bodyFile(in.Decision.Outcome)
				return fmt.Errorf("letter template %s: the %s letter to the %s does not say %s (%q); every such letter must",
					s.blame(file), in.Decision.Outcome, r, miss[0].What, miss[0].Text)
			}
		}
	}
	return nil
}

// Samples are decisions of every kind with a letter, on a made-up request:
// full and partial approvals, contracted and not, with and without
// addresses, every reason code, and information requests.
func Samples() []Input {
	var out []Input
	approve := func(minutes int64, from, until authz.Date, reason string, contracted bool, addr bool, o authz.Outcome) {
		r := SampleRequest(contracted, addr)
		d := sampleDecision(o)
		d.ApprovedMinutes, d.ValidFrom, d.ValidUntil, d.Reason = minutes, from, until, reason
		out = append(out, Input{Request: r, Decision: d})
	}
	start, end := authz.NewDate(2026, 12, 14), authz.NewDate(2027, 2, 26)
	for _, o := range []authz.Outcome{authz.OutcomeApproved, authz.OutcomeApprovedOnReconsideration} {
		approve(1800, start, end, "", false, true, o)
		approve(1800, start, end, "", true, false, o)
		approve(1200, start, end, "Minder minuten volstaan.", false, false, o)
		approve(1800, start, authz.NewDate(2027, 1, 31), "", true, true, o)
	}
	for _, o := range []authz.Outcome{authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeUpheld} {
		for i, code := range authz.RejectCodes {
			d := sampleDecision(o)
			d.ReasonCode, d.Reason = code, "De motivering van de adviseur."
			in := Input{Request: SampleRequest(i%2 == 0, i%2 == 1), Decision: d}
			if o == authz.OutcomeConcurred {
				p := sampleDecision(authz.OutcomeRejectionProposed)
				p.ReasonCode, p.Reason = code, "De motivering van de eerste adviseur."
				in.Proposal = p
			}
			out = append(out, in)
		}
	}
	for i := range authz.Items {
		d := sampleDecision(authz.OutcomeInfoRequested)
		d.ItemsRequested = authz.Items[:i+1]
		if i%2 == 0 {
			d.Reason = "Graag aanvullen."
		}
		out = append(out, Input{Request: SampleRequest(false, i%2 == 0), Decision: d})
	}
	return out
}

func sampleDecision(o authz.Outcome) *authz.Decision {
	day := authz.NewDate(2026, 12, 1)
	return &authz.Decision{Seq: 1, ID: "MA-2026-0001", Outcome: o, Adviser: "a.devries",
		DecidedAt: time.Date(2026, 12, 1, 10, 30, 0, 0, time.UTC), Today: day}
}

// SampleRequest is a made-up clinical request for 1800 minutes from
// 14 december 2026 to 26 februari 2027.
func SampleRequest(contracted, withAddress bool) *authz.Request {
	minutes := int64(1800)
	r := &authz.Request{
		ID: "MA-2026-0001", Received: authz.NewDate(2026, 11, 24),
		Insured:  authz.Insured{Name: "Ayşe Çelik-Öztürk", BSN: "123456782", BirthDate: authz.NewDate(1968, 3, 9)},
		Provider: authz.Provider{Name: "Revalidatiecentrum De Hoogstraat", AGB: "06010101", Contracted: &contracted},
		Setting:  authz.SettingClinical, TreatmentStart: authz.NewDate(2026, 12, 14),
		TreatmentPlan: &authz.TreatmentPlan{Date: authz.NewDate(2026, 11, 20), PeriodStart: authz.NewDate(2026, 12, 14),
			PeriodEnd: authz.NewDate(2027, 2, 26), TreatmentMinutes: &minutes, Activities: []string{"fysiotherapie"}},
	}
	if withAddress {
		setSampleAddresses(r)
	}
	return r
}
