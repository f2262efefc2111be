// Package authz is the policy of prior authorisation (machtiging) for
// rehabilitation care at revalidation ZBCs the insurer has not contracted:
// the request and its five items, the strict decoding of import files, the
// completeness check, verdicts, due dates, the queue order and the rules for
// decisions. It is pure: it does no I/O and takes "today" as an argument.
package authz

// Request is one version of a request for a machtiging, as imported.
type Request struct {
	ID             string   `json:"id"`
	Received       Date     `json:"received"`
	Insured        Insured  `json:"insured"`
	Provider       Provider `json:"provider"`
	Setting        Setting  `json:"setting"`
	TreatmentStart Date     `json:"treatment_start"`
	Urgent         bool     `json:"urgent,omitempty"`

	Referral            *Referral            `json:"referral"`
	AdmissionIndication *AdmissionIndication `json:"admission_indication"`
	TreatmentPlan       *TreatmentPlan       `json:"treatment_plan"`
	Practitioners       *Practitioners       `json:"practitioners"`
	Codes               *Codes               `json:"codes"`
}

// Insured is the person the care is for (verzekerde).
type Insured struct {
	Name         string `json:"name"`
	BSN          string `json:"bsn"`
	BirthDate    Date   `json:"birth_date"`
	PolicyNumber string `json:"policy_number,omitempty"`
	// Address is where letters to the insured go; nil when not given.
	Address *Address `json:"address,omitempty"`
}

// Address is a postal address for letters. Every field is a non-blank line
// of text; foreign addresses are allowed, so the postal code is not checked
// beyond that.
type Address struct {
	Street     string `json:"street"`
	PostalCode string `json:"postal_code"`
	City       string `json:"city"`
}

// Provider is the revalidation institution (ZBC).
type Provider struct {
	Name string `json:"name"`
	AGB  string `json:"agb"`
	// Contracted is a pointer so that decoding can tell "false" from "absent".
	Contracted *bool `json:"contracted"`
	// Address is where the provider's copy of a letter goes; nil when not given.
	Address *Address `json:"address,omitempty"`
}

// IsContracted reports whether the insurer has a contract with the provider.
func (p Provider) IsContracted() bool { return p.Contracted != nil && *p.Contracted }

// Referral is item 1: the referral letter.
type Referral struct {
	Date         Date         `json:"date"`
	ReferrerKind ReferrerKind `json:"referrer_kind"`
	ReferrerName string       `json:"referrer_name"`
	ReferrerAGB  *string      `json:"referrer_agb,omitempty"`
}

// ReferrerKind is who wrote the referral letter. It is kept as written, so
// that a kind outside the three makes the item invalid rather than the import
// fail.
type ReferrerKind string

// The referrers whose letter counts.
const (
	ReferrerGP         ReferrerKind = "huisarts"
	ReferrerCompanyDoc ReferrerKind = "bedrijfsarts"
	ReferrerSpecialist ReferrerKind = "medisch_specialist"
)

// Valid reports whether the kind is one of the three referrers.
func (k ReferrerKind) Valid() bool {
	return k == ReferrerGP || k == ReferrerCompanyDoc || k == ReferrerSpecialist
}

// AdmissionIndication is item 2: the clinical admission indication per the
// VRA guidelines.
type AdmissionIndication struct {
	Date    Date   `json:"date"`
	Summary string `json:"summary"`
}

// TreatmentPlan is item 3: period, treatment minutes and activities.
type TreatmentPlan struct {
	Date             Date     `json:"date"`
	PeriodStart      Date     `json:"period_start"`
	PeriodEnd        Date     `json:"period_end"`
	TreatmentMinutes *int64   `json:"treatment_minutes,omitempty"`
	Activities       []string `json:"activities"`
}

// Minutes returns the requested treatment minutes, 0 when absent.
func (p *TreatmentPlan) Minutes() int64 {
	if p == nil || p.TreatmentMinutes == nil {
		return 0
	}
	return *p.TreatmentMinutes
}

// Practitioners is item 4: who carries out which part of the care.
type Practitioners struct {
	Date    Date     `json:"date"`
	Members []Member `json:"members"`
}

// Member is one practitioner.
type Member struct {
	Name       string  `json:"name"`
	Discipline string  `json:"discipline"`
	AGB        *string `json:"agb,omitempty"`
	PartOfCare string  `json:"part_of_care"`
}

// Codes is item 5: the DBC declaration code and the prestatiecode.
type Codes struct {
	Date               Date   `json:"date"`
	DBCDeclarationCode string `json:"dbc_declaration_code"`
	Prestatiecode      string `json:"prestatiecode"`
}
