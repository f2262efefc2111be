package testfixture

// Request records as JSON, for tests of decoding and checking: a valid
// one, and edits of a record by dotted path.

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
)

// BaseRecord is a clinical request to an uncontracted provider, received
// 2026-11-24, treatment starting 2026-12-14, with all five items ok on
// 2026-12-01. authz tests check that it decodes to exactly their validRequest().
const BaseRecord = `{"id":"MA-1","received":"2026-11-24",` +
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

// rawMark stands in for raw JSON text while a record is re-encoded.
const rawMark = "@@RAW-JSON@@"

// WithRaw sets the value at a dotted path ("practitioners.members[1].name")
// of the JSON object js to the raw JSON text raw, which need not be valid.
// Objects on the way are created when absent.
func WithRaw(t testing.TB, js, path, raw string) string {
	t.Helper()
	return editJSON(t, js, path, func(parent any, last pathTok) any {
		return setTok(t, parent, last, rawMark)
	}, raw)
}

// With sets the value at a dotted path to v, encoded with encoding/json.
func With(t testing.TB, js, path string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return WithRaw(t, js, path, string(b))
}

// Without deletes the member at a dotted path.
func Without(t testing.TB, js, path string) string {
	t.Helper()
	return editJSON(t, js, path, func(parent any, last pathTok) any {
		m, ok := parent.(map[string]any)
		if !ok || last.index >= 0 {
			t.Fatalf("Without(%s): not an object member", path)
		}
		if _, ok := m[last.name]; !ok {
			t.Fatalf("Without(%s): no such member", path)
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

// ReplaceOnce replaces old by new in s, failing the test when old is absent.
func ReplaceOnce(t testing.TB, s, old, new string) string {
	t.Helper()
	if !strings.Contains(s, old) {
		t.Fatalf("replaceOnce: %q not found", old)
	}
	return strings.Replace(s, old, new, 1)
}

// AsArray and asNDJSON make an import file of records.
func AsArray(recs ...string) string { return "[" + strings.Join(recs, ",\n") + "]\n" }

func AsNDJSON(recs ...string) string { return strings.Join(recs, "\n") + "\n" }
