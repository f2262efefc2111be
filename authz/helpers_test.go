package authz

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"machtiging/internal/testfixture"
	"strings"
	"testing"
	"time"
)

// day parses a YYYY-MM-DD test date and panics on a typo in the test.
func day(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func ptr[T any](v T) *T { return &v }

// checkDay is "today" of most tests: the day of examples/check.ndjson.
var checkDay = day("2026-12-01")

// validRequest is baseRecord as a Request.
func validRequest() *Request {
	return &Request{
		ID:       "MA-1",
		Received: day("2026-11-24"),
		Insured: Insured{
			Name: "Anna de Vries", BSN: "123456782", BirthDate: day("1961-04-17"), PolicyNumber: "100234567",
		},
		Provider:       Provider{Name: "Revalidatiekliniek Amersfoort", AGB: "22012345", Contracted: ptr(false)},
		Setting:        SettingClinical,
		TreatmentStart: day("2026-12-14"),
		Referral: &Referral{
			Date: day("2026-11-10"), ReferrerKind: ReferrerSpecialist, ReferrerName: "dr. M. Bakker", ReferrerAGB: ptr("03012345"),
		},
		AdmissionIndication: &AdmissionIndication{Date: day("2026-11-18"), Summary: "Na CVA: opname geïndiceerd volgens VRA-criteria."},
		TreatmentPlan: &TreatmentPlan{
			Date: day("2026-11-20"), PeriodStart: day("2026-12-14"), PeriodEnd: day("2027-02-26"),
			TreatmentMinutes: ptr(int64(2400)), Activities: []string{"intake revalidatiearts", "loop- en balanstraining"},
		},
		Practitioners: &Practitioners{Date: day("2026-11-20"), Members: []Member{
			{Name: "dr. S. Visser", Discipline: "revalidatiearts", AGB: ptr("03098765"), PartOfCare: "regie, medische behandeling"},
			{Name: "T. Smit", Discipline: "fysiotherapeut", PartOfCare: "loop- en balanstraining"},
		}},
		Codes: &Codes{Date: day("2026-11-20"), DBCDeclarationCode: "171234", Prestatiecode: "990916034"},
	}
}

// requestWith returns validRequest changed by f.
func requestWith(f func(r *Request)) *Request {
	r := validRequest()
	if f != nil {
		f(r)
	}
	return r
}

// The request JSON and its edits are shared with package importfile's
// tests: see internal/testfixture.
const baseRecord = testfixture.BaseRecord

func withRaw(t testing.TB, js, path, raw string) string {
	t.Helper()
	return testfixture.WithRaw(t, js, path, raw)
}
func with(t testing.TB, js, path string, v any) string {
	t.Helper()
	return testfixture.With(t, js, path, v)
}
func without(t testing.TB, js, path string) string {
	t.Helper()
	return testfixture.Without(t, js, path)
}
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	return testfixture.ReplaceOnce(t, s, old, new)
}
func asArray(recs ...string) string  { return testfixture.AsArray(recs...) }
func asNDJSON(recs ...string) string { return testfixture.AsNDJSON(recs...) }

// decodeAll decodes the records of a test file made by asArray or
// asNDJSON, each with DecodeRecord, and stops at the first error. It cuts
// the file with encoding/json: reading import files is package
// importfile's, and tested there.
func decodeAll(file string) ([]*Request, error) {
	var raws []json.RawMessage
	if t := strings.TrimSpace(file); strings.HasPrefix(t, "[") {
		if err := json.Unmarshal([]byte(t), &raws); err != nil {
			return nil, err
		}
	} else {
		dec := json.NewDecoder(strings.NewReader(file))
		for {
			var raw json.RawMessage
			if err := dec.Decode(&raw); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				return nil, err
			}
			raws = append(raws, raw)
		}
	}
	var out []*Request
	seen := map[string]int{}
	for i, raw := range raws {
		r, err := DecodeRecord(raw, i)
		if err != nil {
			return out, err
		}
		if first, dup := seen[r.ID]; dup {
			return out, &RecordError{Index: i, ID: r.ID, Field: "id", Err: fmt.Errorf("%s appears twice in the file (first as record %d)", r.ID, first)}
		}
		seen[r.ID] = i
		out = append(out, r)
	}
	return out, nil
}

var testNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
