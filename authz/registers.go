package authz

import (
	"slices"
)

// Cover is a period of the insurer's own records, both days inclusive: an
// insurance (insured_from..insured_until) or a contract
// (contracted_from..contracted_until). A zero Until is open-ended.
type Cover struct {
	From, Until Date
}

// OpenEnded reports whether the period has no last day.
func (c Cover) OpenEnded() bool { return c.Until.IsZero() }

// coversDay: a period covers a day from its first day up to and including
// its last, or for ever after its first day when it is open-ended.
func (c Cover) coversDay(d Date) bool {
	return c.From <= d && (c.OpenEnded() || d <= c.Until)
}

// CoversDay reports whether the period covers the day.
func (c Cover) CoversDay(d Date) bool { return c.coversDay(d) }

// Overlaps reports whether two periods of the records share a day.
func (c Cover) Overlaps(o Cover) bool {
	return (c.OpenEnded() || o.From <= c.Until) && (o.OpenEnded() || c.From <= o.Until)
}

// InsuredRow is one row of the insured register (the member
// administration): a BSN insured over a period, with the birth date and
// policy number the insurer knows.
type InsuredRow struct {
	BSN          string
	BirthDate    Date
	PolicyNumber string // may be empty
	Cover
}

// ProviderRow is one row of the provider register: a contract with an
// institution over a period (usually a contract year).
type ProviderRow struct {
	AGB  string
	Name string
	Cover
}

// IdentityOf checks the request's insured against the insured register:
// rows are the register's rows of the request's BSN, and loaded says
// whether an insured register is loaded at all. It returns the row that
// covers the start day when there is one, so that a screen can show both
// values side by side.
func IdentityOf(loaded bool, rows []InsuredRow, insured Insured, treatmentStart Date) (Identity, *InsuredRow) {
	if !loaded {
		return IdentityUnchecked, nil
	}
	row := insuredOnStartDay(rows, treatmentStart)
	switch {
	case row == nil:
		return IdentityNotInsured, nil
	case birthDateDiffers(row, insured), policyNumbersDiffer(row, insured):
		return IdentityMismatch, row
	}
	return IdentityVerified, row
}

// insuredOnStartDay: the insured must be insured with us on the day
// treatment starts; a BSN's rows never overlap, so at most one covers it.
func insuredOnStartDay(rows []InsuredRow, treatmentStart Date) *InsuredRow {
	for i := range rows {
		if rows[i].coversDay(treatmentStart) {
			return &rows[i]
		}
	}
	return nil
}

// birthDateDiffers: the birth date is the second identity check, as on the
// insurer's own portal.
func birthDateDiffers(row *InsuredRow, insured Insured) bool {
	return row.BirthDate != insured.BirthDate
}

// policyNumbersDiffer: when both the register and the request carry a
// policy number, they must be the same.
func policyNumbersDiffer(row *InsuredRow, insured Insured) bool {
	return row.PolicyNumber != "" && insured.PolicyNumber != "" && row.PolicyNumber != insured.PolicyNumber
}

// ContractOf checks the provider against the provider register: rows are
// the register's rows of the provider's AGB, and loaded says whether a
// provider register is loaded at all.
func ContractOf(loaded bool, rows []ProviderRow, treatmentStart Date) Contract {
	if !loaded {
		return ContractUnchecked
	}
	if contractCoversStartDay(rows, treatmentStart) {
		return ContractContracted
	}
	return ContractNotContracted
}

// contractCoversStartDay: the provider is contracted for the request when
// one of its contracts covers the day treatment starts.
func contractCoversStartDay(rows []ProviderRow, treatmentStart Date) bool {
	for i := range rows {
		if rows[i].coversDay(treatmentStart) {
			return true
		}
	}
	return false
}

// ContradictsRequest reports whether the provider register says otherwise
// than the request's own provider.contracted flag.
func ContradictsRequest(c Contract, contracted bool) bool {
	switch c {
	case ContractContracted:
		return !contracted
	case ContractNotContracted:
		return contracted
	}
	return false
}

// Period is the time a request is about, both days inclusive; the zero
// Period means the request has none.
type Period struct {
	From, Until Date
}

// IsZero reports whether the request has no period.
func (p Period) IsZero() bool { return p.From.IsZero() }

// RequestPeriod is a request's period for the overlap check: its approved
// validity when it is approved (approved is that validity), else the
// period of its treatment plan when the plan is present with a well-formed
// period_start on or before period_end, else none.
func RequestPeriod(state State, approved Period, plan *TreatmentPlan) Period {
	if state == StateApproved && !approved.IsZero() {
		return approvedValidityWins(approved)
	}
	if plan == nil || plan.PeriodStart.IsZero() || plan.PeriodEnd.IsZero() || periodEndsBeforeItBegins(plan.PeriodStart, plan.PeriodEnd) {
		return Period{}
	}
	return Period{From: plan.PeriodStart, Until: plan.PeriodEnd}
}

// approvedValidityWins: what was approved, not what was planned, is the
// period an approved request holds.
func approvedValidityWins(approved Period) Period { return approved }

// Sibling is what the overlap check knows of one request of an insured.
type Sibling struct {
	ID     string
	State  State
	Period Period
}

// Overlaps lists, sorted, the ids of the other requests of the same insured
// that overlap the request: every sibling that is not the request itself,
// is not rejected and whose period shares a day with the request's. A
// rejected request overlaps nothing, so that the relation is symmetric.
func Overlaps(self Sibling, siblings []Sibling) []string {
	out := []string{}
	if !takesPartInOverlaps(self) {
		return out
	}
	for _, o := range siblings {
		if o.ID != self.ID && takesPartInOverlaps(o) && periodsOverlap(self.Period, o.Period) {
			out = append(out, o.ID)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// takesPartInOverlaps: a rejected request claims no care, and a request
// without a period claims no days.
func takesPartInOverlaps(s Sibling) bool {
	return s.State != StateRejected && !s.Period.IsZero()
}

// periodsOverlap: two periods overlap when they share a day, both ends
// inclusive.
func periodsOverlap(a, b Period) bool {
	return a.From <= b.Until && b.From <= a.Until
}
