package authz

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Length limits of text fields, in characters, and of lists.
const (
	MaxNameLen       = 200
	MaxShortLen      = 40
	MaxSummaryLen    = 10000
	MaxActivityLen   = 500
	MaxPartOfCareLen = 1000
	MaxActivities    = 200
	MaxMembers       = 100
	MaxAddressLen    = 200
)

// Validate applies the import's identity checks and the text rules to a
// decoded request. It returns the dotted path of the first offending field.
func Validate(r *Request) (string, error) {
	if field, err := textIsSafe(r); err != nil {
		return field, err
	}
	if field, err := addressIsUsable("insured.address", r.Insured.Address); err != nil {
		return field, err
	}
	if field, err := addressIsUsable("provider.address", r.Provider.Address); err != nil {
		return field, err
	}
	return identityChecks(r)
}

// identityChecks: the required fields that identify a request, its insured
// and its provider. A missing or malformed one makes the import fail.
func identityChecks(r *Request) (string, error) {
	switch {
	case !IsRequestID(r.ID):
		if r.ID == "" {
			return "id", errRequired
		}
		return "id", &Problem{Code: ProblemNotRequestID, Value: r.ID}
	case r.Received.IsZero():
		return "received", errRequired
	case isBlank(r.Insured.Name):
		return "insured.name", &Problem{Code: ProblemBlank}
	case r.Insured.BSN == "":
		return "insured.bsn", errRequired
	case BSNProblem(r.Insured.BSN) != "":
		return "insured.bsn", &Problem{Code: BSNProblemCode(r.Insured.BSN)}
	case r.Insured.BirthDate.IsZero():
		return "insured.birth_date", errRequired
	case r.Insured.BirthDate > r.Received:
		return "insured.birth_date", &Problem{Code: ProblemBornAfterReceived, Value: r.Insured.BirthDate.String(), Other: r.Received}
	case isBlank(r.Provider.Name):
		return "provider.name", &Problem{Code: ProblemBlank}
	case r.Provider.AGB == "":
		return "provider.agb", errRequired
	case !IsAGB(r.Provider.AGB):
		return "provider.agb", &Problem{Code: ProblemAGBNotEightDigits, Value: r.Provider.AGB}
	case r.Provider.Contracted == nil:
		return "provider.contracted", errRequired
	case r.Setting == SettingUnknown:
		return "setting", errRequired
	case r.TreatmentStart.IsZero():
		return "treatment_start", errRequired
	}
	return "", nil
}

var errRequired = &Problem{Code: ProblemRequired}

// addressIsUsable: an address, when given, has a street, a postal code and a
// city, each a non-blank single line of at most MaxAddressLen characters
// (it is printed as one line of a letter's address block, so not even a tab
// or a newline may be in it).
func addressIsUsable(prefix string, a *Address) (string, error) {
	if a == nil {
		return "", nil
	}
	for _, f := range []struct{ name, value string }{
		{"street", a.Street}, {"postal_code", a.PostalCode}, {"city", a.City},
	} {
		field := prefix + "." + f.name
		if p := TextProblem(f.value); p != nil {
			return field, p
		}
		if strings.ContainsAny(f.value, "\t\n") {
			return field, &Problem{Code: ProblemLineBreak}
		}
		if isBlank(f.value) {
			return field, &Problem{Code: ProblemBlank}
		}
		if n := utf8.RuneCountInString(f.value); n > MaxAddressLen {
			return field, &Problem{Code: ProblemTooLong, N: n, Limit: MaxAddressLen}
		}
	}
	return "", nil
}

// textIsSafe: text reaches the adviser's terminal, so it must be valid UTF-8
// without control characters other than tab and newline, and of a sensible
// length.
func textIsSafe(r *Request) (string, error) {
	c := textChecker{}
	c.text("id", r.ID, MaxShortLen)
	c.text("insured.name", r.Insured.Name, MaxNameLen)
	c.text("insured.bsn", r.Insured.BSN, MaxShortLen)
	c.text("insured.policy_number", r.Insured.PolicyNumber, MaxShortLen)
	c.text("provider.name", r.Provider.Name, MaxNameLen)
	c.text("provider.agb", r.Provider.AGB, MaxShortLen)
	if v := r.Referral; v != nil {
		c.text("referral.referrer_kind", string(v.ReferrerKind), MaxShortLen)
		c.text("referral.referrer_name", v.ReferrerName, MaxNameLen)
		c.optional("referral.referrer_agb", v.ReferrerAGB, MaxShortLen)
	}
	if v := r.AdmissionIndication; v != nil {
		c.text("admission_indication.summary", v.Summary, MaxSummaryLen)
	}
	if v := r.TreatmentPlan; v != nil {
		c.count("treatment_plan.activities", len(v.Activities), MaxActivities)
		for i, a := range v.Activities {
			c.text("treatment_plan.activities["+strconv.Itoa(i)+"]", a, MaxActivityLen)
		}
	}
	if v := r.Practitioners; v != nil {
		c.count("practitioners.members", len(v.Members), MaxMembers)
		for i, m := range v.Members {
			p := "practitioners.members[" + strconv.Itoa(i) + "]."
			c.text(p+"name", m.Name, MaxNameLen)
			c.text(p+"discipline", m.Discipline, MaxNameLen)
			c.optional(p+"agb", m.AGB, MaxShortLen)
			c.text(p+"part_of_care", m.PartOfCare, MaxPartOfCareLen)
		}
	}
	if v := r.Codes; v != nil {
		c.text("codes.dbc_declaration_code", v.DBCDeclarationCode, MaxShortLen)
		c.text("codes.prestatiecode", v.Prestatiecode, MaxShortLen)
	}
	return c.field, c.err
}

type textChecker struct {
	field string
	err   error
}

func (c *textChecker) text(field, s string, limit int) {
	if c.err != nil {
		return
	}
	if p := TextProblem(s); p != nil {
		c.field, c.err = field, p
		return
	}
	if n := utf8.RuneCountInString(s); n > limit {
		c.field, c.err = field, &Problem{Code: ProblemTooLong, N: n, Limit: limit}
	}
}

func (c *textChecker) optional(field string, s *string, limit int) {
	if s != nil {
		c.text(field, *s, limit)
	}
}

func (c *textChecker) count(field string, n, limit int) {
	if c.err == nil && n > limit {
		c.field, c.err = field, &Problem{Code: ProblemTooMany, N: n, Limit: limit}
	}
}
