package authz

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// The contract's example files, copied into the repository's examples/ so
// that the tests run anywhere; TestExampleFilesMatchSpec keeps the copies
// honest where the contract is at hand.
const (
	exampleRequests = "../examples/requests.json"
	exampleCheck    = "../examples/check.ndjson"
	specExamples    = "/work/shared/spec/examples/"
)

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestExampleFilesMatchSpec(t *testing.T) {
	for _, name := range []string{"requests.json", "check.ndjson", "insured.csv", "providers.csv", "check-registers.ndjson"} {
		spec, err := os.ReadFile(specExamples + name)
		if err != nil {
			t.Skipf("the spec is not here: %v", err)
		}
		if !bytes.Equal(spec, readFile(t, "../examples/"+name)) {
			t.Errorf("examples/%s differs from %s%s: copy it again", name, specExamples, name)
		}
	}
}

// checkLine is one line of `machtiging check --json`.
type checkLine struct {
	ID      string       `json:"id"`
	State   State        `json:"state"`
	Verdict Verdict      `json:"verdict"`
	Due     Date         `json:"due"`
	Items   []ItemResult `json:"items"`
}

// The example import file decodes to 13 requests, and checking them on
// 2026-12-01 gives exactly examples/check.ndjson (ignoring detail), in queue
// order.
func TestDecodeExampleMatchesCheck(t *testing.T) {
	reqs, err := decodeAll(string(readFile(t, exampleRequests)))
	if err != nil {
		t.Fatal(err)
	}
	if len(reqs) != 13 {
		t.Fatalf("%d records, want 13", len(reqs))
	}
	var want []checkLine
	dec := json.NewDecoder(bytes.NewReader(readFile(t, exampleCheck)))
	dec.DisallowUnknownFields()
	for dec.More() {
		var l checkLine
		if err := dec.Decode(&l); err != nil {
			t.Fatal(err)
		}
		want = append(want, l)
	}
	type row struct {
		key QueueKey
		res Result
	}
	var rows []row
	for _, r := range reqs {
		res := Check(r, StateOpen, checkDay)
		rows = append(rows, row{QueueKey{State: StateOpen, Due: res.Due, Urgent: r.Urgent, Received: r.Received, ID: r.ID}, res})
	}
	slices.SortFunc(rows, func(a, b row) int { return bytes.Compare(a.key.Bytes(), b.key.Bytes()) })
	for i := range rows[1:] {
		if !rows[i].key.Less(rows[i+1].key) {
			t.Errorf("Less and Bytes disagree on %s, %s", rows[i].key.ID, rows[i+1].key.ID)
		}
	}
	if len(rows) != len(want) {
		t.Fatalf("%d results, check.ndjson has %d", len(rows), len(want))
	}
	for i, w := range want {
		got := rows[i]
		if got.key.ID != w.ID {
			t.Errorf("queue position %d: %s, want %s", i, got.key.ID, w.ID)
			continue
		}
		if w.State != StateOpen {
			t.Errorf("%s: check.ndjson state %s on a fresh store", w.ID, w.State)
		}
		if got.res.Verdict != w.Verdict {
			t.Errorf("%s: verdict %s, want %s", w.ID, got.res.Verdict, w.Verdict)
		}
		if got.res.Due != w.Due {
			t.Errorf("%s: due %s, want %s", w.ID, got.res.Due, w.Due)
		}
		if len(w.Items) != NumItems {
			t.Fatalf("%s: check.ndjson has %d items", w.ID, len(w.Items))
		}
		for j, it := range w.Items {
			g := got.res.Items[j]
			if g.Item != it.Item || g.Status != it.Status {
				t.Errorf("%s: item %d is %s %s (%s), want %s %s", w.ID, j, g.Item, g.Status, g.Detail, it.Item, it.Status)
			}
		}
	}
}

// goTypeNames must not leak into messages meant for people.
var goTypeNames = []string{"authz.", "int64", "uint32", "uint8", "*string", "[]string", "Go value", "struct"}

// checkRecordError asserts an import error names the record, its id when
// known and the field, and says what is wrong.
func checkRecordError(t *testing.T, err error, idx int, id, field, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want record %d (%s) %s: %s", idx, id, field, msg)
	}
	re, ok := err.(*RecordError)
	if !ok {
		t.Fatalf("error %T %v, want *RecordError", err, err)
	}
	text := re.Error()
	if re.Index != idx || !strings.HasPrefix(text, "record "+strconv.Itoa(idx)) {
		t.Errorf("index %d in %q, want record %d", re.Index, text, idx)
	}
	if re.ID != id {
		t.Errorf("id %q in %q, want %q", re.ID, text, id)
	}
	if id != "" && !strings.Contains(text, "("+id+")") {
		t.Errorf("%q does not name the id %s", text, id)
	}
	if re.Field != field {
		t.Errorf("field %q in %q, want %q", re.Field, text, field)
	}
	if field != "" && !strings.Contains(text, field+": ") {
		t.Errorf("%q does not name the field %s", text, field)
	}
	if !strings.Contains(text, msg) {
		t.Errorf("%q does not say %q", text, msg)
	}
	if ControlProblem(text) != "" || strings.ContainsAny(text, "\n\r") {
		t.Errorf("%q is not one line of safe text", text)
	}
	for _, g := range goTypeNames {
		if strings.Contains(text, g) {
			t.Errorf("%q shows Go type name %q", text, g)
		}
	}
}

// rec1 is a good record with id MA-2, in the fixture's member order (id first).
var rec1 = strings.Replace(baseRecord, `"id":"MA-1"`, `"id":"MA-2"`, 1)

// recordErrorCase is a bad second record (index 1) after a good first one.
type recordErrorCase struct {
	name  string
	rec   string
	id    string // "" for the default MA-2; "-" for no id
	field string
	msg   string
}

// runRecordErrors decodes each bad record through DecodeRecord, as the
// record at index 7 of a file. (That a file, array or NDJSON, reports a
// record's error as DecodeRecord does is package importfile's test.)
func runRecordErrors(t *testing.T, tests []recordErrorCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := tt.id
			switch id {
			case "":
				id = "MA-2"
			case "-":
				id = ""
			}
			_, err := DecodeRecord([]byte(tt.rec), 7)
			checkRecordError(t, err, 7, id, tt.field, tt.msg)
		})
	}
}

// Strict decoding: unknown fields, wrong JSON types, bad dates, bad text,
// duplicate keys, numbers out of range are import errors naming the field.
func TestDecodeStrictErrors(t *testing.T) {
	r := rec1
	runRecordErrors(t, []recordErrorCase{
		{"unknown field at the top", withRaw(t, r, "remarks", `"x"`), "", "remarks", "unknown field"},
		{"unknown field: wrong case", withRaw(t, r, "ID", `"MA-2"`), "", "ID", "unknown field"},
		{"unknown field: misspelt", replaceOnce(t, r, `"treatment_start"`, `"treatmentStart"`), "", "treatmentStart", "unknown field"},
		{"unknown field in insured", withRaw(t, r, "insured.nickname", `"x"`), "", "insured.nickname", "unknown field"},
		{"unknown field in provider", withRaw(t, r, "provider.city", `"Amersfoort"`), "", "provider.city", "unknown field"},
		{"unknown field in an item", withRaw(t, r, "codes.extra", `1`), "", "codes.extra", "unknown field"},
		{"unknown field in a member", withRaw(t, r, "practitioners.members[1].email", `"x@y"`), "", "practitioners.members[1].email", "unknown field"},
		{"unknown field in an item that is null otherwise", withRaw(t, r, "referral", `{"remark":null}`), "", "referral.remark", "unknown field"},
		{"unknown field with a control character", replaceOnce(t, r, `"urgent"`, `"urg\u001bent":1,"urgent"`), "", `"urg\x1bent"`, "unknown field"},

		{"string for bool (urgent)", withRaw(t, r, "urgent", `"true"`), "", "urgent", "wrong JSON type: a string where a boolean belongs"},
		{"string for bool (contracted)", withRaw(t, r, "provider.contracted", `"false"`), "", "provider.contracted", "wrong JSON type"},
		{"number for bool", withRaw(t, r, "urgent", `0`), "", "urgent", "wrong JSON type"},
		{"number for date", withRaw(t, r, "received", `20261124`), "", "received", "wrong JSON type: a number where a date (YYYY-MM-DD) belongs"},
		{"number for item date", withRaw(t, r, "referral.date", `20261110`), "", "referral.date", "wrong JSON type"},
		{"bool for date", withRaw(t, r, "treatment_start", `true`), "", "treatment_start", "wrong JSON type"},
		{"array for item object", withRaw(t, r, "referral", `[]`), "", "referral", "wrong JSON type: an array where an object belongs"},
		{"string for item object", withRaw(t, r, "codes", `"171234"`), "", "codes", "wrong JSON type"},
		{"string for insured", withRaw(t, r, "insured", `"Anna"`), "", "insured", "wrong JSON type"},
		{"object for activities", withRaw(t, r, "treatment_plan.activities", `{"a":"b"}`), "", "treatment_plan.activities", "wrong JSON type: an object where an array belongs"},
		{"string for activities", withRaw(t, r, "treatment_plan.activities", `"intake"`), "", "treatment_plan.activities", "wrong JSON type"},
		{"number in activities", withRaw(t, r, "treatment_plan.activities[1]", `7`), "", "treatment_plan.activities[1]", "wrong JSON type: a number where a string belongs"},
		{"object for members", withRaw(t, r, "practitioners.members", `{}`), "", "practitioners.members", "wrong JSON type"},
		{"string for a member", withRaw(t, r, "practitioners.members[0]", `"dr. Visser"`), "", "practitioners.members[0]", "wrong JSON type"},
		{"number for a member name", withRaw(t, r, "practitioners.members[1].name", `5`), "", "practitioners.members[1].name", "wrong JSON type"},
		{"string for minutes", withRaw(t, r, "treatment_plan.treatment_minutes", `"2400"`), "", "treatment_plan.treatment_minutes", "wrong JSON type: a string where an integer belongs"},
		{"number for bsn", withRaw(t, r, "insured.bsn", `123456782`), "", "insured.bsn", "wrong JSON type"},
		{"number for id", withRaw(t, r, "id", `2`), "-", "id", "wrong JSON type"},
		{"number for setting", withRaw(t, r, "setting", `1`), "", "setting", "wrong JSON type"},
		{"number for referrer kind", withRaw(t, r, "referral.referrer_kind", `1`), "", "referral.referrer_kind", "wrong JSON type"},

		{"unparsable date", withRaw(t, r, "received", `"24-11-2026"`), "", "received", "24-11-2026"},
		{"unparsable birth date", withRaw(t, r, "insured.birth_date", `"1961-4-17"`), "", "insured.birth_date", "1961-4-17"},
		{"unparsable item date", withRaw(t, r, "referral.date", `"gisteren"`), "", "referral.date", "gisteren"},
		{"datetime for a date", withRaw(t, r, "treatment_start", `"2026-12-14T09:00:00Z"`), "", "treatment_start", "YYYY-MM-DD"},
		{"datetime for an item date", withRaw(t, r, "codes.date", `"2026-11-20 10:00"`), "", "codes.date", "YYYY-MM-DD"},
		{"2026-02-30", withRaw(t, r, "received", `"2026-02-30"`), "", "received", "2026-02-30"},
		{"2027-02-29 as period end", withRaw(t, r, "treatment_plan.period_end", `"2027-02-29"`), "", "treatment_plan.period_end", "2027-02-29"},
		{"2025-02-29 in a plan", withRaw(t, r, "treatment_plan.date", `"2025-02-29"`), "", "treatment_plan.date", "2025-02-29"},

		{"invalid UTF-8 in a name", withRaw(t, r, "insured.name", "\"Anna \xff\""), "", "insured.name", "UTF-8"},
		{"invalid UTF-8 in an activity", withRaw(t, r, "treatment_plan.activities[0]", "\"intake \xc3\""), "", "treatment_plan.activities[0]", "UTF-8"},
		{"invalid UTF-8 in a member", withRaw(t, r, "practitioners.members[1].part_of_care", "\"x\xed\xa0\x80\""), "", "practitioners.members[1].part_of_care", "UTF-8"},
		{"invalid UTF-8 in the id", withRaw(t, r, "id", "\"MA-\xff\""), "-", "id", "UTF-8"},
		{"lone surrogate escape", withRaw(t, r, "insured.name", `"Anna \ud800"`), "", "insured.name", "surrogate"},

		{"duplicate key at the top", replaceOnce(t, r, `"urgent":false`, `"urgent":false,"urgent":true`), "", "urgent", "duplicate field"},
		{"duplicate key in insured", replaceOnce(t, r, `"name":"Anna de Vries"`, `"name":"Anna de Vries","name":"Bea"`), "", "insured.name", "duplicate field"},
		{"duplicate key in a member", replaceOnce(t, r, `"name":"T. Smit"`, `"name":"T. Smit","name":"X"`), "", "practitioners.members[1].name", "duplicate field"},
		{"duplicate item", replaceOnce(t, r, `"codes":{`, `"codes":null,"codes":{`), "", "codes", "duplicate field"},

		{"minutes beyond int64", withRaw(t, r, "treatment_plan.treatment_minutes", `9223372036854775808`), "", "treatment_plan.treatment_minutes", "out of range"},
		{"minutes below int64", withRaw(t, r, "treatment_plan.treatment_minutes", `-9223372036854775809`), "", "treatment_plan.treatment_minutes", "out of range"},
		{"minutes far beyond int64", withRaw(t, r, "treatment_plan.treatment_minutes", `123456789012345678901234567890`), "", "treatment_plan.treatment_minutes", ""},
		{"float minutes", withRaw(t, r, "treatment_plan.treatment_minutes", `90.5`), "", "treatment_plan.treatment_minutes", ""},
		{"float minutes with zero fraction", withRaw(t, r, "treatment_plan.treatment_minutes", `2400.0`), "", "treatment_plan.treatment_minutes", ""},
		{"exponent minutes", withRaw(t, r, "treatment_plan.treatment_minutes", `24e2`), "", "treatment_plan.treatment_minutes", ""},

		{"syntax error inside a record", replaceOnce(t, r, `"urgent":false`, `"urgent" false`), "", "urgent", "invalid JSON"},
		{"trailing comma inside a record", replaceOnce(t, r, `"prestatiecode":"990916034"}`, `"prestatiecode":"990916034",}`), "", "codes", "invalid JSON"},
		{"single quotes", replaceOnce(t, r, `"urgent":false`, `'urgent':false`), "", "", "invalid JSON"},
		{"NaN", withRaw(t, r, "treatment_plan.treatment_minutes", `NaN`), "", "treatment_plan.treatment_minutes", "invalid JSON"},
		{"comment", replaceOnce(t, r, `"urgent":false`, `/* c */ "urgent":false`), "", "", "invalid JSON"},
	})
}

// textFields are the paths of every text of a request, nested ones too.
var textFields = []string{
	"id", "insured.name", "insured.bsn", "insured.policy_number", "provider.name", "provider.agb",
	"referral.referrer_kind", "referral.referrer_name", "referral.referrer_agb", "admission_indication.summary",
	"treatment_plan.activities[0]", "treatment_plan.activities[1]",
	"practitioners.members[0].name", "practitioners.members[0].discipline", "practitioners.members[0].agb",
	"practitioners.members[0].part_of_care", "practitioners.members[1].name", "practitioners.members[1].part_of_care",
	"codes.dbc_declaration_code", "codes.prestatiecode",
}

// A control character other than tab and newline, in any text, is an import
// error naming that field; so is text that is not UTF-8.
func TestDecodeControlCharactersInAnyText(t *testing.T) {
	bad := []struct{ name, raw, msg string }{
		{"escaped ESC", `"x\u001by"`, "U+001B"},
		{"escaped NUL", `"x\u0000y"`, "U+0000"},
		{"escaped CR", `"x\ry"`, "U+000D"},
		{"escaped BEL", `"x\u0007"`, "U+0007"},
		{"raw DEL", "\"x\x7fy\"", "U+007F"},
		{"raw C1 CSI", "\"x\u009by\"", "U+009B"},
		{"escaped C1 NEL", `"x\u0085"`, "U+0085"},
		{"bidi override", "\"x\u202ey\"", "U+202E"},
		{"escaped bidi isolate", `"x\u2066y"`, "U+2066"},
		{"invalid UTF-8", "\"x\xffy\"", "UTF-8"},
	}
	var tests []recordErrorCase
	for _, f := range textFields {
		for _, b := range bad {
			id := ""
			if f == "id" {
				id = "-"
			}
			tests = append(tests, recordErrorCase{f + " " + b.name, withRaw(t, rec1, f, b.raw), id, f, b.msg})
		}
	}
	runRecordErrors(t, tests)

	// Tab, newline and a literal U+FFFD are fine in free text.
	for _, f := range []string{"insured.name", "admission_indication.summary", "practitioners.members[1].part_of_care", "treatment_plan.activities[1]"} {
		js := with(t, rec1, f, "regel 1\n\tregel 2 \uFFFD")
		if _, err := DecodeRecord([]byte(js), 0); err != nil {
			t.Errorf("%s with tab, newline and U+FFFD: %v", f, err)
		}
	}
}

// The identity checks: the required fields that identify the request.
func TestDecodeIdentityChecks(t *testing.T) {
	r := rec1
	long := strings.Repeat("A", 41)
	tests := []recordErrorCase{
		{"id absent", without(t, r, "id"), "-", "id", "required"},
		{"id empty", with(t, r, "id", ""), "-", "id", "required"},
		{"id null", withRaw(t, r, "id", "null"), "-", "id", "required"},
		{"id a/b", with(t, r, "id", "a/b"), "-", "id", `"a/b"`},
		{"id ../x", with(t, r, "id", "../x"), "-", "id", `"../x"`},
		{"id ..", with(t, r, "id", ".."), "-", "id", "letters, digits and hyphens"},
		{"id with a space", with(t, r, "id", "MA 2"), "-", "id", "letters, digits and hyphens"},
		{"id with an underscore", with(t, r, "id", "MA_2"), "-", "id", "letters, digits and hyphens"},
		{"id with a non-ASCII letter", with(t, r, "id", "MÅ-2"), "-", "id", "letters, digits and hyphens"},
		{"id 41 characters", with(t, r, "id", long), "-", "id", "41"},
		{"received absent", without(t, r, "received"), "", "received", "required"},
		{"received null", withRaw(t, r, "received", "null"), "", "received", "required"},
		{"received empty", with(t, r, "received", ""), "", "received", "required"},
		{"insured absent", without(t, r, "insured"), "", "insured.name", "required"},
		{"insured null", withRaw(t, r, "insured", "null"), "", "insured.name", "required"},
		{"insured.name absent", without(t, r, "insured.name"), "", "insured.name", "required"},
		{"insured.name empty", with(t, r, "insured.name", ""), "", "insured.name", "blank"},
		{"insured.name blank", with(t, r, "insured.name", " \t\n"), "", "insured.name", "blank"},
		{"bsn absent", without(t, r, "insured.bsn"), "", "insured.bsn", "required"},
		{"bsn fails the 11-proef", with(t, r, "insured.bsn", "123456781"), "", "insured.bsn", "11-proef"},
		{"bsn all zeros", with(t, r, "insured.bsn", "000000000"), "", "insured.bsn", "zeros"},
		{"bsn 8 digits", with(t, r, "insured.bsn", "12345678"), "", "insured.bsn", "9 digits"},
		{"bsn 10 digits", with(t, r, "insured.bsn", "1234567820"), "", "insured.bsn", "9 digits"},
		{"bsn with a letter", with(t, r, "insured.bsn", "12345678X"), "", "insured.bsn", "9 digits"},
		{"bsn with spaces", with(t, r, "insured.bsn", "1234 5678 2"), "", "insured.bsn", "9 digits"},
		{"birth_date absent", without(t, r, "insured.birth_date"), "", "insured.birth_date", "required"},
		{"birth_date after received", with(t, r, "insured.birth_date", "2026-11-25"), "", "insured.birth_date", "after received 2026-11-24"},
		{"provider absent", without(t, r, "provider"), "", "provider.name", "required"},
		{"provider.name blank", with(t, r, "provider.name", "  "), "", "provider.name", "blank"},
		{"provider.agb absent", without(t, r, "provider.agb"), "", "provider.agb", "required"},
		{"provider.agb 7 digits", with(t, r, "provider.agb", "2201234"), "", "provider.agb", "8 digits"},
		{"provider.agb 9 digits", with(t, r, "provider.agb", "220123456"), "", "provider.agb", "8 digits"},
		{"provider.agb with a letter", with(t, r, "provider.agb", "2201234X"), "", "provider.agb", "8 digits"},
		{"provider.contracted absent", without(t, r, "provider.contracted"), "", "provider.contracted", "required"},
		{"provider.contracted null", withRaw(t, r, "provider.contracted", "null"), "", "provider.contracted", "required"},
		{"setting absent", without(t, r, "setting"), "", "setting", "required"},
		{"setting null", withRaw(t, r, "setting", "null"), "", "setting", "required"},
		{"setting other", with(t, r, "setting", "other"), "", "setting", `"other"`},
		{"setting empty", with(t, r, "setting", ""), "", "setting", "clinical"},
		{"setting capitalised", with(t, r, "setting", "Clinical"), "", "setting", "clinical"},
		{"setting in Dutch", with(t, r, "setting", "klinisch"), "", "setting", "clinical"},
		{"treatment_start absent", without(t, r, "treatment_start"), "", "treatment_start", "required"},
		{"treatment_start null", withRaw(t, r, "treatment_start", "null"), "", "treatment_start", "required"},
	}
	runRecordErrors(t, tests)

	// What is not an identity check decodes.
	ok := map[string]string{
		"birth_date equal to received": with(t, r, "insured.birth_date", "2026-11-24"),
		"policy_number absent":         without(t, r, "insured.policy_number"),
		"policy_number empty":          with(t, r, "insured.policy_number", ""),
		"urgent absent":                without(t, r, "urgent"),
		"urgent true":                  with(t, r, "urgent", true),
		"setting outpatient":           with(t, r, "setting", "outpatient"),
		"contracted true":              with(t, r, "provider.contracted", true),
		"id of 40 characters":          with(t, r, "id", strings.Repeat("A", 40)),
		"id of one hyphen":             with(t, r, "id", "-"),
		"bsn 249566758":                with(t, r, "insured.bsn", "249566758"),
		"treatment before received":    with(t, r, "treatment_start", "2026-11-01"),
	}
	for name, js := range ok {
		if _, err := DecodeRecord([]byte(js), 0); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// The length limits of text and lists: at the limit decodes, beyond it is an
// import error. Limits count characters, not bytes.
func TestDecodeTextLengthLimits(t *testing.T) {
	r := rec1
	tests := []struct {
		field string
		limit int
		fill  string // a character that keeps the field well formed at the limit; "" when no such value
	}{
		{"id", MaxShortLen, "A"},
		{"insured.name", MaxNameLen, "é"},
		{"insured.bsn", MaxShortLen, ""},
		{"insured.policy_number", MaxShortLen, "€"},
		{"provider.name", MaxNameLen, "ö"},
		{"provider.agb", MaxShortLen, ""},
		{"referral.referrer_kind", MaxShortLen, "k"},
		{"referral.referrer_name", MaxNameLen, "n"},
		{"referral.referrer_agb", MaxShortLen, "1"},
		{"admission_indication.summary", MaxSummaryLen, "ï"},
		{"treatment_plan.activities[1]", MaxActivityLen, "a"},
		{"practitioners.members[0].name", MaxNameLen, "ñ"},
		{"practitioners.members[1].discipline", MaxNameLen, "d"},
		{"practitioners.members[0].agb", MaxShortLen, "0"},
		{"practitioners.members[1].part_of_care", MaxPartOfCareLen, "中"},
		{"codes.dbc_declaration_code", MaxShortLen, "1"},
		{"codes.prestatiecode", MaxShortLen, "P"},
	}
	var errs []recordErrorCase
	for _, tt := range tests {
		id := ""
		if tt.field == "id" {
			id = "-"
		}
		over := strings.Repeat("x", tt.limit+1)
		if tt.fill != "" {
			over = strings.Repeat(tt.fill, tt.limit+1)
			at := with(t, r, tt.field, strings.Repeat(tt.fill, tt.limit))
			if _, err := DecodeRecord([]byte(at), 0); err != nil {
				t.Errorf("%s of %d characters: %v", tt.field, tt.limit, err)
			}
		}
		errs = append(errs, recordErrorCase{fmt.Sprintf("%s over %d", tt.field, tt.limit), with(t, r, tt.field, over), id, tt.field,
			fmt.Sprintf("%d characters, longer than the limit of %d", tt.limit+1, tt.limit)})
	}
	list := func(n int, v any) []any { return slices.Repeat([]any{v}, n) }
	member := map[string]any{"name": "n", "discipline": "d", "part_of_care": "p"}
	for _, l := range []struct {
		field string
		limit int
		v     any
	}{{"treatment_plan.activities", MaxActivities, "a"}, {"practitioners.members", MaxMembers, member}} {
		if _, err := DecodeRecord([]byte(with(t, r, l.field, list(l.limit, l.v))), 0); err != nil {
			t.Errorf("%s of %d entries: %v", l.field, l.limit, err)
		}
		errs = append(errs, recordErrorCase{fmt.Sprintf("%s over %d entries", l.field, l.limit), with(t, r, l.field, list(l.limit+1, l.v)), "", l.field,
			fmt.Sprintf("%d entries, more than the limit of %d", l.limit+1, l.limit)})
	}
	runRecordErrors(t, errs)
}

// Item fields absent or blank, and items absent or null, are data: they
// decode, and the check reports the item missing or invalid.
func TestDecodeItemFieldsAreNotImportErrors(t *testing.T) {
	r := rec1
	tests := []struct {
		name string
		js   string
		item Item
		want Status
	}{
		{"empty referral", with(t, r, "referral", map[string]any{}), ItemReferral, StatusInvalid},
		{"referrer_agb empty string", with(t, r, "referral.referrer_agb", ""), ItemReferral, StatusInvalid},
		{"referrer_agb null", withRaw(t, r, "referral.referrer_agb", "null"), ItemReferral, StatusOK},
		{"referrer_agb absent", without(t, r, "referral.referrer_agb"), ItemReferral, StatusOK},
		{"referrer_kind unknown", with(t, r, "referral.referrer_kind", "fysiotherapeut"), ItemReferral, StatusInvalid},
		{"referrer_name absent", without(t, r, "referral.referrer_name"), ItemReferral, StatusInvalid},
		{"referral date empty", with(t, r, "referral.date", ""), ItemReferral, StatusInvalid},
		{"referral date null", withRaw(t, r, "referral.date", "null"), ItemReferral, StatusInvalid},
		{"summary empty", with(t, r, "admission_indication.summary", ""), ItemAdmissionIndication, StatusInvalid},
		{"summary absent", without(t, r, "admission_indication.summary"), ItemAdmissionIndication, StatusInvalid},
		{"empty indication of an outpatient", with(t, with(t, r, "setting", "outpatient"), "admission_indication", map[string]any{}), ItemAdmissionIndication, StatusNotApplicable},
		{"empty plan", with(t, r, "treatment_plan", map[string]any{}), ItemTreatmentPlan, StatusInvalid},
		{"activities null", withRaw(t, r, "treatment_plan.activities", "null"), ItemTreatmentPlan, StatusInvalid},
		{"activities empty", withRaw(t, r, "treatment_plan.activities", "[]"), ItemTreatmentPlan, StatusInvalid},
		{"activity empty", with(t, r, "treatment_plan.activities[0]", ""), ItemTreatmentPlan, StatusInvalid},
		{"minutes null", withRaw(t, r, "treatment_plan.treatment_minutes", "null"), ItemTreatmentPlan, StatusInvalid},
		{"minutes negative", withRaw(t, r, "treatment_plan.treatment_minutes", "-5"), ItemTreatmentPlan, StatusInvalid},
		{"minutes -0", withRaw(t, r, "treatment_plan.treatment_minutes", "-0"), ItemTreatmentPlan, StatusInvalid},
		{"period_end absent", without(t, r, "treatment_plan.period_end"), ItemTreatmentPlan, StatusInvalid},
		{"empty practitioners", with(t, r, "practitioners", map[string]any{}), ItemPractitioners, StatusInvalid},
		{"members null", withRaw(t, r, "practitioners.members", "null"), ItemPractitioners, StatusInvalid},
		{"empty member", withRaw(t, r, "practitioners.members[1]", "{}"), ItemPractitioners, StatusInvalid},
		{"member agb empty string", with(t, r, "practitioners.members[1].agb", ""), ItemPractitioners, StatusInvalid},
		{"member agb null", withRaw(t, r, "practitioners.members[0].agb", "null"), ItemPractitioners, StatusOK},
		{"empty codes", with(t, r, "codes", map[string]any{}), ItemCodes, StatusInvalid},
		{"dbc code empty", with(t, r, "codes.dbc_declaration_code", ""), ItemCodes, StatusInvalid},
		{"prestatiecode lowercase", with(t, r, "codes.prestatiecode", "abc123"), ItemCodes, StatusInvalid},
		{"codes null", withRaw(t, r, "codes", "null"), ItemCodes, StatusMissing},
		{"referral null", withRaw(t, r, "referral", "null"), ItemReferral, StatusMissing},
	}
	for _, tt := range tests {
		req, err := DecodeRecord([]byte(tt.js), 0)
		if err != nil {
			t.Errorf("%s: import error %v, want data", tt.name, err)
			continue
		}
		if got := Check(req, StateOpen, checkDay).Items[tt.item]; got.Status != tt.want {
			t.Errorf("%s: %s is %s (%s), want %s", tt.name, tt.item, got.Status, got.Detail, tt.want)
		}
	}
}
