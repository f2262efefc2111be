package authz

import (
	"encoding/json"
	"errors"
	"io"
	"strconv"
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

// baseRecord is a clinical request to an uncontracted provider, received
// 2026-11-24, treatment starting 2026-12-14, with all five items ok on
// checkDay. It must decode to exactly validRequest() (TestBaseRecordIsValidRequest).
const baseRecord = `{"id":"MA-1","received":"2026-11-24",` +
	`"insured":{"name":"Anna de Vries","bsn":"123456782","birth_date":"1961-04-17","policy_number":"100234567"},` +
	`"provider":{"name":"Revalidatiekliniek Amersfoort","agb":"22012345","contracted":false},` +
	`"setting":"clinical","treatment_start":"2026-12-14","urgent":false,` +
	`"referral":{"date":"2026-11-10","referrer_kind":"medisch_specialist","referrer_name":"dr. M. Bakker","referrer_agb":"03012345"},` +
	`"admission_indication":{"date":"2026-11-18","summary":"Na CVA: opname geïndiceerd volgens VRA-criteria."},` +
	`"treatment_plan":{"date":"2026-11-20","period_start":"2026-12-14","period_end":"2027-02-26","treatment_minutes":2400,"activities":["intake revalidatiearts","loop- en balanstraining"]},` +
	`"practitioners":{"date":"2026-11-20","members":[` +
	`{"name":"dr. S. Visser","discipline":"revalidatiearts","agb":"03098765","part_of_care":"regie, medische behandeling"},` +
	`{"name":"T. Smit","discipline":"fysiotherapeut","part_of_care":"loop- en balanstraining"}]},` +
	`"codes":{"date":"2026-11-20","dbc_declaration_code":"171234","prestatiecode":"990916034"}}`

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

// rawMark stands in for raw JSON text while a record is re-encoded.
const rawMark = "@@RAW-JSON@@"

// withRaw sets the value at a dotted path ("practitioners.members[1].name")
// of the JSON object js to the raw JSON text raw, which need not be valid.
// Objects on the way are created when absent.
func withRaw(t testing.TB, js, path, raw string) string {
	t.Helper()
	return editJSON(t, js, path, func(parent any, last pathTok) any {
		return setTok(t, parent, last, rawMark)
	}, raw)
}

// with sets the value at a dotted path to v, encoded with encoding/json.
func with(t testing.TB, js, path string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return withRaw(t, js, path, string(b))
}

// without deletes the member at a dotted path.
func without(t testing.TB, js, path string) string {
	t.Helper()
	return editJSON(t, js, path, func(parent any, last pathTok) any {
		m, ok := parent.(map[string]any)
		if !ok || last.index >= 0 {
			t.Fatalf("without(%s): not an object member", path)
		}
		if _, ok := m[last.name]; !ok {
			t.Fatalf("without(%s): no such member", path)
		}
		delete(m, last.name)
		return parent
	}, "")
}

type pathTok struct {
	name  string
	index int // -1 for a name
}

func parsePath(t testing.TB, path string) []pathTok {
	var toks []pathTok
	for _, part := range strings.Split(path, ".") {
		name, rest, _ := strings.Cut(part, "[")
		toks = append(toks, pathTok{name: name, index: -1})
		for rest != "" {
			n, after, ok := strings.Cut(rest, "]")
			i, err := strconv.Atoi(n)
			if !ok || err != nil {
				t.Fatalf("bad path %q", path)
			}
			toks = append(toks, pathTok{index: i})
			rest = strings.TrimPrefix(after, "[")
		}
	}
	return toks
}

func setTok(t testing.TB, parent any, tok pathTok, v any) any {
	switch p := parent.(type) {
	case map[string]any:
		p[tok.name] = v
		return p
	case []any:
		if tok.index < 0 || tok.index >= len(p) {
			t.Fatalf("index %d out of range", tok.index)
		}
		p[tok.index] = v
		return p
	}
	t.Fatalf("cannot set %v in %T", tok, parent)
	return nil
}

func editJSON(t testing.TB, js, path string, f func(parent any, last pathTok) any, raw string) string {
	t.Helper()
	var root any
	if err := json.Unmarshal([]byte(js), &root); err != nil {
		t.Fatalf("editJSON: %v", err)
	}
	toks := parsePath(t, path)
	cur := root
	for _, tok := range toks[:len(toks)-1] {
		switch c := cur.(type) {
		case map[string]any:
			next, ok := c[tok.name]
			if !ok || next == nil {
				next = map[string]any{}
				c[tok.name] = next
			}
			cur = next
		case []any:
			cur = c[tok.index]
		default:
			t.Fatalf("editJSON(%s): %T on the way", path, cur)
		}
	}
	f(cur, toks[len(toks)-1])
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(root); err != nil {
		t.Fatal(err)
	}
	out := strings.TrimSuffix(b.String(), "\n")
	if raw != "" || strings.Contains(out, rawMark) {
		out = strings.Replace(out, `"`+rawMark+`"`, raw, 1)
	}
	return out
}

// replaceOnce replaces old by new in s, failing the test when old is absent.
func replaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("replaceOnce: %q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// asArray and asNDJSON make an import file of records.
func asArray(recs ...string) string { return "[" + strings.Join(recs, ",\n") + "]\n" }

func asNDJSON(recs ...string) string { return strings.Join(recs, "\n") + "\n" }

// decodeAll reads every request of a file; it stops at the first error.
func decodeAll(file string) ([]*Request, error) {
	d := NewDecoder(strings.NewReader(file))
	var out []*Request
	for {
		r, err := d.Next()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return out, nil
			}
			return out, err
		}
		out = append(out, r)
	}
}

var testNow = time.Date(2026, 12, 1, 9, 30, 0, 0, time.FixedZone("CET", 3600))
