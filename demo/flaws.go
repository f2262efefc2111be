package demo

import (
	"machtiging/authz"
)

// spoil gives an item its flaw.
func (g *generator) spoil(r *authz.Request, d defect) {
	today, start := g.today, r.TreatmentStart
	f := d.flaw
	if f == flawFuture && start <= today.AddDays(1) {
		f = flawMalformed // no day lies after today and before treatment starts
	}
	if f == flawMissing {
		switch d.item {
		case authz.ItemReferral:
			r.Referral = nil
		case authz.ItemAdmissionIndication:
			r.AdmissionIndication = nil
		case authz.ItemTreatmentPlan:
			r.TreatmentPlan = nil
		case authz.ItemPractitioners:
			r.Practitioners = nil
		case authz.ItemCodes:
			r.Codes = nil
		}
		return
	}
	date := itemDate(r, d.item)
	if date == nil {
		return // already missing through an earlier flaw
	}
	switch f {
	case flawLate:
		if start <= today {
			*date = start.AddDays(g.rng.IntN(start.DaysUntil(today) + 1)) // written after treatment began
		} else {
			*date = start.AddDays(g.rng.IntN(4)) // post-dated to the first day or after
		}
	case flawFuture:
		*date = today.AddDays(g.between(1, today.DaysUntil(start)-1))
	case flawMalformed:
		g.malform(r, d.item)
	}
}

func itemDate(r *authz.Request, it authz.Item) *authz.Date {
	switch it {
	case authz.ItemReferral:
		if r.Referral != nil {
			return &r.Referral.Date
		}
	case authz.ItemAdmissionIndication:
		if r.AdmissionIndication != nil {
			return &r.AdmissionIndication.Date
		}
	case authz.ItemTreatmentPlan:
		if r.TreatmentPlan != nil {
			return &r.TreatmentPlan.Date
		}
	case authz.ItemPractitioners:
		if r.Practitioners != nil {
			return &r.Practitioners.Date
		}
	case authz.ItemCodes:
		if r.Codes != nil {
			return &r.Codes.Date
		}
	}
	return nil
}

// malform makes a present item unusable in one of the ways seen in practice;
// it may be applied to an item more than once.
func (g *generator) malform(r *authz.Request, it authz.Item) {
	switch it {
	case authz.ItemReferral:
		v := r.Referral
		switch g.rng.IntN(5) {
		case 0:
			v.ReferrerKind = "fysiotherapeut" // direct access: no referral that counts
		case 1:
			agb := g.digits(7)
			v.ReferrerAGB = &agb
		case 2:
			v.ReferrerName = ""
		case 3:
			v.Date = 0
		default:
			v.ReferrerKind = ""
		}
	case authz.ItemAdmissionIndication:
		v := r.AdmissionIndication
		switch g.rng.IntN(3) {
		case 0:
			v.Summary = ""
		case 1:
			v.Summary = " "
		default:
			v.Date = 0
		}
	case authz.ItemTreatmentPlan:
		v := r.TreatmentPlan
		switch g.rng.IntN(8) {
		case 0:
			v.PeriodEnd = 0
		case 1:
			v.PeriodStart = r.TreatmentStart.AddDays(-g.between(7, 21))
		case 2:
			v.PeriodEnd = v.PeriodStart.AddDays(-g.between(1, 30))
		case 3:
			zero := int64(0)
			v.TreatmentMinutes = &zero
		case 4:
			v.TreatmentMinutes = nil
		case 5:
			v.Activities = []string{}
		case 6:
			v.Activities = append(v.Activities[:len(v.Activities):len(v.Activities)], " ")
		default:
			v.Date = 0
		}
	case authz.ItemPractitioners:
		v := r.Practitioners
		if len(v.Members) == 0 {
			v.Date = 0
			return
		}
		m := &v.Members[g.rng.IntN(len(v.Members))]
		switch g.rng.IntN(5) {
		case 0:
			v.Members = []authz.Member{}
		case 1:
			m.Discipline = ""
		case 2:
			m.PartOfCare = ""
		case 3:
			agb := agbPrefix[m.Discipline] + g.digits(5) // 7 digits
			m.AGB = &agb
		default:
			v.Date = 0
		}
	case authz.ItemCodes:
		v := r.Codes
		switch g.rng.IntN(6) {
		case 0:
			v.DBCDeclarationCode = g.digits(5)
		case 1:
			v.DBCDeclarationCode = "17A" + g.digits(3)
		case 2:
			v.Prestatiecode = "99091" + g.digits(4) + "a" // not a capital
		case 3:
			v.Prestatiecode = ""
		case 4:
			v.Prestatiecode = "9909 " + g.digits(4)
		default:
			v.Date = 0
		}
	}
}
