package importfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"machtiging/authz"
	"machtiging/internal/testfixture"
)

// The repository's example import file.
var exampleRequests = testfixture.Example("requests.json")

// checkDay is the day of examples/check.ndjson.
var checkDay = func() authz.Date {
	d, err := authz.ParseDate("2026-12-01")
	if err != nil {
		panic(err)
	}
	return d
}()

const baseRecord = testfixture.BaseRecord

// rec1 is a good record with id MA-2.
var rec1 = strings.Replace(baseRecord, `"id":"MA-1"`, `"id":"MA-2"`, 1)

func withRaw(t testing.TB, js, path, raw string) string {
	t.Helper()
	return testfixture.WithRaw(t, js, path, raw)
}

func with(t testing.TB, js, path string, v any) string {
	t.Helper()
	return testfixture.With(t, js, path, v)
}

func asArray(recs ...string) string  { return testfixture.AsArray(recs...) }
func asNDJSON(recs ...string) string { return testfixture.AsNDJSON(recs...) }

func readFile(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exampleRecords are the example file's records, each compacted to one
// line.
func exampleRecords(t testing.TB) []string {
	var raws []json.RawMessage
	if err := json.Unmarshal(readFile(t, exampleRequests), &raws); err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(raws))
	for i, r := range raws {
		var b bytes.Buffer
		if err := json.Compact(&b, r); err != nil {
			t.Fatal(err)
		}
		out[i] = b.String()
	}
	return out
}

// decodeAll reads every request of a file; it stops at the first error.
func decodeAll(file string) ([]*authz.Request, error) {
	d := NewDecoder(strings.NewReader(file))
	var out []*authz.Request
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

// goTypeNames must not leak into messages meant for people.
var goTypeNames = []string{"authz.", "int64", "uint32", "uint8", "*string", "[]string", "Go value", "struct"}

// checkRecordError asserts an import error names the record, its id when
// known, and the field, in one line of safe text.
func checkRecordError(t *testing.T, err error, idx int, id, field, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want record %d (%s) %s: %s", idx, id, field, msg)
	}
	re, ok := err.(*authz.RecordError)
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
	if authz.ControlProblem(text) != "" || strings.ContainsAny(text, "\n\r") {
		t.Errorf("%q is not one line of safe text", text)
	}
	for _, g := range goTypeNames {
		if strings.Contains(text, g) {
			t.Errorf("%q shows Go type name %q", text, g)
		}
	}
}
