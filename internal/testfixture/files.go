package testfixture

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// CopyFile copies a file, mode 0600.
func CopyFile(t testing.TB, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// HeadLines writes the first n lines of a file to another.
func HeadLines(t testing.TB, from, to string, n int) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReaderSize(in, 1<<20)
	for range n {
		line, err := br.ReadBytes('\n')
		out.Write(line)
		if err != nil {
			break
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// FirstAndLastID are the ids of the first and the last line of an NDJSON
// file.
func FirstAndLastID(t testing.TB, file string) (string, string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	idOf := func(line []byte) string {
		i := bytes.Index(line, []byte(`"id":"`))
		if i < 0 {
			t.Fatalf("no id in %.100s", line)
		}
		rest := line[i+6:]
		return string(rest[:bytes.IndexByte(rest, '"')])
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return idOf(lines[0]), idOf(lines[len(lines)-1])
}

// Seed returns a random seed for a test, or $RELIABILITY_SEED to replay
// one, and logs it.
func Seed(t testing.TB) uint64 {
	s := rand.Uint64() >> 1
	if v := os.Getenv("RELIABILITY_SEED"); v != "" {
		fmt.Sscan(v, &s)
	}
	t.Logf("seed %d (replay with RELIABILITY_SEED=%d)", s, s)
	return s
}

// RequestsAround writes an import file whose dates lie around today, so
// that tests judge the same way on any day they run: one complete
// outpatient request (E2E-COMPLETE) and one with its practitioners missing
// (E2E-INCOMPLETE), for "Eva End-to-End".
func RequestsAround(t testing.TB, today time.Time) string {
	t.Helper()
	d := func(days int) string { return today.AddDate(0, 0, days).Format("2006-01-02") }
	req := func(id string, withPractitioners bool) map[string]any {
		r := map[string]any{
			"id": id, "received": d(-1), "setting": "outpatient", "treatment_start": d(20),
			"insured":  map[string]any{"name": "Eva End-to-End", "bsn": "123456782", "birth_date": "1970-01-01"},
			"provider": map[string]any{"name": "Revalidatiekliniek Test", "agb": "22012345", "contracted": false},
			"referral": map[string]any{"date": d(-10), "referrer_kind": "huisarts", "referrer_name": "dr. T. Test"},
			"treatment_plan": map[string]any{"date": d(-5), "period_start": d(20), "period_end": d(80),
				"treatment_minutes": 1200, "activities": []string{"fysiotherapie"}},
			"codes": map[string]any{"date": d(-5), "dbc_declaration_code": "171234", "prestatiecode": "990916034"},
		}
		if withPractitioners {
			r["practitioners"] = map[string]any{"date": d(-5), "members": []map[string]any{{"name": "T. Smit", "discipline": "fysiotherapeut", "part_of_care": "training"}}}
		}
		return r
	}
	b, err := json.Marshal([]any{req("E2E-COMPLETE", true), req("E2E-INCOMPLETE", false)})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "requests.json")
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}
