package authz

import (
	"fmt"
	"strings"
)

// ItemResult is the check of one item on one day.
type ItemResult struct {
	Item   Item   `json:"item"`
	Status Status `json:"status"`
	Detail string `json:"detail,omitempty"`
}

// Result is the check of a whole request on one day.
type Result struct {
	Items   [NumItems]ItemResult
	Verdict Verdict
	Due     Date
	// Findings are what the registers said; unchecked without them.
	Findings
}

// Findings are what the insurer's registers say of a request: whether the
// insured is who the request says and insured on the start day, and
// whether the provider has a contract then. The zero Findings is what a
// store without registers knows: unchecked and unchecked.
type Findings struct {
	Identity Identity
	Contract Contract
}

// Check applies the completeness check to a request in a state on a day,
// without the registers (identity and contract unchecked).
func Check(r *Request, state State, today Date) Result {
	return CheckWith(r, state, Findings{}, today)
}

// CheckWith applies the completeness check to a request in a state on a
// day, with what the registers say of it.
func CheckWith(r *Request, state State, f Findings, today Date) Result {
	facts := Facts(r)
	res := Result{Findings: f}
	for i, f := range facts {
		res.Items[i] = f.Check(r.TreatmentStart, today)
	}
	res.Verdict = VerdictOf(r.Provider.IsContracted(), f, r.TreatmentStart, state, res.Items, today)
	res.Due = DueDate(r.Received, r.Urgent, r.TreatmentStart)
	return res
}

// CheckCase checks a case as the rules for deciding see it.
func CheckCase(c Case, today Date) Result {
	return CheckWith(c.Request, c.State, Findings{Identity: c.Identity, Contract: c.Contract}, today)
}

// ItemFacts is what the check knows of an item regardless of the day: it is
// small enough to keep beside a queue row, so that a row's status can be
// worked out on any day without decoding the whole request.
type ItemFacts struct {
	Item       Item
	Applicable bool
	Present    bool
	// Problem says why a present item is unusable; empty when well formed.
	Problem string
	Date    Date
}

// Facts gathers the day-independent facts of the five items.
func Facts(r *Request) [NumItems]ItemFacts {
	var f [NumItems]ItemFacts
	for _, it := range Items {
		f[it] = ItemFacts{Item: it, Applicable: true}
	}
	f[ItemAdmissionIndication].Applicable = admissionIndicationApplies(r.Setting)
	if v := r.Referral; v != nil {
		f[ItemReferral].Present, f[ItemReferral].Date = true, v.Date
		f[ItemReferral].Problem = referralProblem(v)
	}
	if v := r.AdmissionIndication; v != nil {
		f[ItemAdmissionIndication].Present, f[ItemAdmissionIndication].Date = true, v.Date
		f[ItemAdmissionIndication].Problem = admissionIndicationProblem(v)
	}
	if v := r.TreatmentPlan; v != nil {
		f[ItemTreatmentPlan].Present, f[ItemTreatmentPlan].Date = true, v.Date
		f[ItemTreatmentPlan].Problem = treatmentPlanProblem(v, r.TreatmentStart)
	}
	if v := r.Practitioners; v != nil {
		f[ItemPractitioners].Present, f[ItemPractitioners].Date = true, v.Date
		f[ItemPractitioners].Problem = practitionersProblem(v)
	}
	if v := r.Codes; v != nil {
		f[ItemCodes].Present, f[ItemCodes].Date = true, v.Date
		f[ItemCodes].Problem = codesProblem(v)
	}
	return f
}

// Check gives the item's status on a day; the first matching rule wins.
func (f ItemFacts) Check(treatmentStart, today Date) ItemResult {
	res := ItemResult{Item: f.Item}
	switch {
	case !f.Applicable:
		res.Status = StatusNotApplicable
	case !f.Present:
		res.Status = StatusMissing
	case f.Problem != "":
		res.Status, res.Detail = StatusInvalid, f.Problem
	case datedOnOrAfterStart(f.Date, treatmentStart):
		res.Status = StatusLate
		res.Detail = fmt.Sprintf("dated %s, treatment starts %s", f.Date, treatmentStart)
	case datedInTheFuture(f.Date, today):
		res.Status = StatusInvalid
		res.Detail = fmt.Sprintf("dated %s, after today (%s)", f.Date, today)
	default:
		res.Status = StatusOK
	}
	return res
}

// admissionIndicationApplies: the clinical admission indication is only
// needed for an admission, that is a clinical request.
func admissionIndicationApplies(s Setting) bool { return s != SettingOutpatient }

// datedOnOrAfterStart: each item must be dated before treatment starts.
func datedOnOrAfterStart(date, treatmentStart Date) bool { return date >= treatmentStart }

// datedInTheFuture: a document dated after today cannot exist yet.
func datedInTheFuture(date, today Date) bool { return date > today }

// problems collects what is wrong with an item, in field order.
type problems []string

func (p *problems) add(format string, args ...any) { *p = append(*p, fmt.Sprintf(format, args...)) }

func (p problems) String() string { return strings.Join(p, "; ") }

func (p *problems) needDate(d Date) {
	if d.IsZero() {
		p.add("no date")
	}
}

func (p *problems) needText(field, s string) bool {
	if isBlank(s) {
		p.add("%s is blank or absent", field)
		return false
	}
	return true
}

func (p *problems) optionalAGB(field string, agb *string) {
	if agb != nil && !IsAGB(*agb) {
		p.add("%s %q is not 8 digits", field, *agb)
	}
}

// referralProblem: the referral letter comes from a GP, company doctor or
// medical specialist, named, and dated.
func referralProblem(v *Referral) string {
	var p problems
	p.needDate(v.Date)
	if v.ReferrerKind == "" {
		p.add("referrer_kind is absent")
	} else if !v.ReferrerKind.Valid() {
		p.add("referrer_kind %q is not huisarts, bedrijfsarts or medisch_specialist", string(v.ReferrerKind))
	}
	p.needText("referrer_name", v.ReferrerName)
	p.optionalAGB("referrer_agb", v.ReferrerAGB)
	return p.String()
}

// admissionIndicationProblem: the indication must say, dated, why admission
// is needed.
func admissionIndicationProblem(v *AdmissionIndication) string {
	var p problems
	p.needDate(v.Date)
	p.needText("summary", v.Summary)
	return p.String()
}

// treatmentPlanProblem: the plan names a period within the treatment, a
// positive number of minutes and the activities.
func treatmentPlanProblem(v *TreatmentPlan, treatmentStart Date) string {
	var p problems
	p.needDate(v.Date)
	switch {
	case v.PeriodStart.IsZero() || v.PeriodEnd.IsZero():
		p.add("the period needs both period_start and period_end")
	case planBeginsBeforeTreatment(v.PeriodStart, treatmentStart):
		p.add("period begins %s, before treatment starts %s", v.PeriodStart, treatmentStart)
	case periodEndsBeforeItBegins(v.PeriodStart, v.PeriodEnd):
		p.add("period ends %s, before it begins %s", v.PeriodEnd, v.PeriodStart)
	}
	switch {
	case v.TreatmentMinutes == nil:
		p.add("treatment_minutes is absent")
	case *v.TreatmentMinutes <= 0:
		p.add("treatment_minutes %d is not positive", *v.TreatmentMinutes)
	}
	if len(v.Activities) == 0 {
		p.add("no activities")
	}
	for i, a := range v.Activities {
		if isBlank(a) {
			p.add("activity %d is blank", i+1)
		}
	}
	return p.String()
}

// planBeginsBeforeTreatment: the plan's period may not begin before the
// planned first day of treatment.
func planBeginsBeforeTreatment(periodStart, treatmentStart Date) bool {
	return periodStart < treatmentStart
}

// periodEndsBeforeItBegins: a period must end on or after its first day.
func periodEndsBeforeItBegins(start, end Date) bool { return end < start }

// practitionersProblem: every practitioner is named, with a discipline and
// the part of the care they carry out.
func practitionersProblem(v *Practitioners) string {
	var p problems
	p.needDate(v.Date)
	if len(v.Members) == 0 {
		p.add("no members")
	}
	for i, m := range v.Members {
		n := i + 1
		if isBlank(m.Name) {
			p.add("member %d has no name", n)
		}
		if isBlank(m.Discipline) {
			p.add("member %d has no discipline", n)
		}
		if isBlank(m.PartOfCare) {
			p.add("member %d has no part_of_care", n)
		}
		p.optionalAGB(fmt.Sprintf("member %d agb", n), m.AGB)
	}
	return p.String()
}

// codesProblem: the DBC declaration code is 6 digits; the prestatiecode 6 to
// 12 digits and capital letters.
func codesProblem(v *Codes) string {
	var p problems
	p.needDate(v.Date)
	switch {
	case v.DBCDeclarationCode == "":
		p.add("dbc_declaration_code is absent")
	case !IsDBCDeclarationCode(v.DBCDeclarationCode):
		p.add("dbc_declaration_code %q is not 6 digits", v.DBCDeclarationCode)
	}
	switch {
	case v.Prestatiecode == "":
		p.add("prestatiecode is absent")
	case !IsPrestatiecode(v.Prestatiecode):
		p.add("prestatiecode %q is not 6 to 12 digits and capital letters", v.Prestatiecode)
	}
	return p.String()
}

// VerdictOf judges a request; the first matching rule wins. contracted is
// the request's own provider.contracted; f is what the registers say.
func VerdictOf(contracted bool, f Findings, treatmentStart Date, state State, items [NumItems]ItemResult, today Date) Verdict {
	switch {
	case contractedCareNeedsNoMachtiging(f.Contract, contracted):
		return VerdictNotRequired
	case notInsuredOnStartDay(f.Identity):
		return VerdictNotInsured
	case treatmentStartedUndecided(treatmentStart, state, today):
		return VerdictStarted
	case identityUnverified(f.Identity):
		return VerdictUnverified
	case allItemsAcceptable(items):
		return VerdictComplete
	default:
		return VerdictIncomplete
	}
}

// contractedCareNeedsNoMachtiging: contracted providers need no
// machtiging. With a provider register the register decides; without one,
// the request's own word is taken.
func contractedCareNeedsNoMachtiging(c Contract, contracted bool) bool {
	if c == ContractUnchecked {
		return contracted
	}
	return c == ContractContracted
}

// notInsuredOnStartDay: care for someone not insured with us on the day
// treatment starts is not ours to authorise.
func notInsuredOnStartDay(i Identity) bool { return i == IdentityNotInsured }

// identityUnverified: when the register's birth date or policy number
// differs from the request's, nobody can be sure the request is about our
// insured.
func identityUnverified(i Identity) bool { return i == IdentityMismatch }

// treatmentStartedUndecided: a machtiging must be issued before treatment
// starts, so a request without a final decision on or after the first day of
// treatment comes too late.
func treatmentStartedUndecided(treatmentStart Date, state State, today Date) bool {
	return treatmentStart <= today && !state.Final()
}

// allItemsAcceptable: a request is complete when every item is ok or does not
// apply.
func allItemsAcceptable(items [NumItems]ItemResult) bool {
	for _, it := range items {
		if !it.Status.Acceptable() {
			return false
		}
	}
	return true
}

// DueDate is the day by which the adviser must decide: three days after
// receipt for an urgent request, seven otherwise, and never later than the
// day before treatment starts.
func DueDate(received Date, urgent bool, treatmentStart Date) Date {
	days := 7
	if urgent {
		days = 3
	}
	due := received.AddDays(days)
	if last := treatmentStart.AddDays(-1); last < due {
		due = last
	}
	return due
}
