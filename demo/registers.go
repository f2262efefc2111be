package demo

import (
	"encoding/csv"
	"io"

	"machtiging/authz"
)

// ShareInsured makes a few insured ask more than once: for about one
// request in twelve, the next request whose plan period overlaps it (or,
// now and then, one whose period does not) is given the same insured, so
// that the queue has insured with overlapping requests and with requests
// that merely follow each other.
func ShareInsured(reqs []*authz.Request) {
	used := make([]bool, len(reqs))
	for i := 0; i+1 < len(reqs); i += 12 {
		a := reqs[i]
		if used[i] || a.TreatmentPlan == nil {
			continue
		}
		pa := authz.RequestPeriod(authz.StateOpen, authz.Period{}, a.TreatmentPlan)
		for j := i + 1; j < min(len(reqs), i+40); j++ {
			b := reqs[j]
			if used[j] || b.TreatmentPlan == nil {
				continue
			}
			pb := authz.RequestPeriod(authz.StateOpen, authz.Period{}, b.TreatmentPlan)
			overlap := !pa.IsZero() && !pb.IsZero() && pa.From <= pb.Until && pb.From <= pa.Until
			if overlap == (i%36 != 0) { // one pair in three does not overlap
				b.Insured = a.Insured
				used[i], used[j] = true, true
				break
			}
		}
	}
}

// identityCase is what the demo's insured register says of a request's
// insured, chosen by the request's place so that every case occurs.
type identityCase uint8

const (
	caseVerified        identityCase = iota // insured since 2015, open-ended
	caseTwoPeriods                          // an earlier insurance ended, a later one covers the start
	caseStartsOnStart                       // insured from the very start day
	caseEndsBeforeStart                     // insured until the day before the start: not insured
	caseUnknown                             // no row at all: not insured
	caseBirthDiffers                        // mismatch on the birth date
	casePolicyDiffers                       // mismatch on the policy number
)

func identityCaseOf(i int) identityCase {
	switch i % 23 {
	case 3:
		return caseBirthDiffers
	case 7:
		return casePolicyDiffers
	case 11:
		return caseEndsBeforeStart
	case 13:
		return caseUnknown
	case 17:
		return caseStartsOnStart
	case 19, 20:
		return caseTwoPeriods
	}
	return caseVerified
}

// Registers makes an insured and a provider register for the requests
// with every identity and contract case: verified, insured from the start
// day, insured until the day before, not in the register, a birth date or
// a policy number that differs; contracts by contract year (1 January to
// 31 December), a provider the request calls contracted that is not, and
// one it calls uncontracted that is.
func Registers(reqs []*authz.Request, today authz.Date) ([]authz.InsuredRow, []authz.ProviderRow) {
	var ins []authz.InsuredRow
	done := map[string]bool{}
	for i, r := range reqs {
		in := r.Insured
		if done[in.BSN] {
			continue
		}
		done[in.BSN] = true
		start := r.TreatmentStart
		row := authz.InsuredRow{BSN: in.BSN, BirthDate: in.BirthDate, PolicyNumber: in.PolicyNumber, Cover: authz.Cover{From: authz.NewDate(2015, 1, 1)}}
		switch identityCaseOf(i) {
		case caseTwoPeriods:
			ins = append(ins, authz.InsuredRow{BSN: in.BSN, BirthDate: in.BirthDate, Cover: authz.Cover{From: authz.NewDate(2010, 1, 1), Until: authz.NewDate(2014, 12, 31)}})
		case caseStartsOnStart:
			row.From = start
			ins = append(ins, authz.InsuredRow{BSN: in.BSN, BirthDate: in.BirthDate, Cover: authz.Cover{From: authz.NewDate(2010, 1, 1), Until: start.AddDays(-30)}})
		case caseEndsBeforeStart:
			row.Until = start.AddDays(-1)
		case caseUnknown:
			continue
		case caseBirthDiffers:
			row.BirthDate = in.BirthDate.AddDays(-365)
		case casePolicyDiffers:
			if in.PolicyNumber == "" {
				row.BirthDate = in.BirthDate.AddDays(1)
			} else {
				row.PolicyNumber = "9" + in.PolicyNumber[1:]
			}
		}
		ins = append(ins, row)
	}
	var prov []authz.ProviderRow
	seen := map[string]int{}
	for _, r := range reqs {
		p := r.Provider
		if _, ok := seen[p.AGB]; ok {
			continue
		}
		seen[p.AGB] = len(seen)
		n := seen[p.AGB]
		contracted := p.IsContracted()
		if n%5 == 2 {
			contracted = !contracted // the register contradicts the request
		}
		if !contracted {
			if n%2 == 0 { // a contract that ended on 31 December of last year
				y := today.Year() - 1
				prov = append(prov, authz.ProviderRow{AGB: p.AGB, Name: p.Name, Cover: authz.Cover{From: authz.NewDate(y, 1, 1), Until: authz.NewDate(y, 12, 31)}})
			}
			continue
		}
		for y := today.Year() - 1; y <= today.Year()+1; y++ {
			prov = append(prov, authz.ProviderRow{AGB: p.AGB, Name: p.Name, Cover: authz.Cover{From: authz.NewDate(y, 1, 1), Until: authz.NewDate(y, 12, 31)}})
		}
	}
	return ins, prov
}

// WriteInsuredCSV writes an insured register as a CSV file.
func WriteInsuredCSV(w io.Writer, rows []authz.InsuredRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"bsn", "birth_date", "policy_number", "insured_from", "insured_until"})
	for _, r := range rows {
		cw.Write([]string{r.BSN, r.BirthDate.String(), r.PolicyNumber, r.From.String(), untilText(r.Cover)})
	}
	cw.Flush()
	return cw.Error()
}

// WriteProvidersCSV writes a provider register as a CSV file.
func WriteProvidersCSV(w io.Writer, rows []authz.ProviderRow) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"agb", "name", "contracted_from", "contracted_until"})
	for _, r := range rows {
		cw.Write([]string{r.AGB, r.Name, r.From.String(), untilText(r.Cover)})
	}
	cw.Flush()
	return cw.Error()
}

func untilText(c authz.Cover) string {
	if c.OpenEnded() {
		return ""
	}
	return c.Until.String()
}
