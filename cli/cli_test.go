package cli

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"machtiging/store"
)

const (
	examples     = "../examples/requests.json"
	exampleCheck = "../examples/check.ndjson"
)

type run struct {
	code           int
	stdout, stderr string
}

// cmd runs one command line in-process against db as adviser.
func cmd(t *testing.T, db, adviser, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb,
		Actor: store.Actor{Adviser: adviser, AccessPoint: "test"}}
	code := app.Run(append([]string{"--db", db}, args...))
	return run{code, out.String(), errb.String()}
}

func newDB(t *testing.T) string {
	t.Helper()
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(t.TempDir(), "no.key"))
	return filepath.Join(t.TempDir(), "store", "m.db")
}

func mustOK(t *testing.T, r run) run {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	return r
}

// stripDetail keeps the contract fields of a check line.
func stripDetail(t *testing.T, line string) string {
	t.Helper()
	var v struct {
		ID      string `json:"id"`
		State   string `json:"state"`
		Verdict string `json:"verdict"`
		Due     string `json:"due"`
		Items   []struct {
			Item   string `json:"item"`
			Status string `json:"status"`
		} `json:"items"`
	}
	dec := json.NewDecoder(strings.NewReader(line))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		// detail is allowed inside items; decode again leniently.
		v2 := v
		if err := json.Unmarshal([]byte(line), &v2); err != nil {
			t.Fatalf("line %q: %v", line, err)
		}
		v = v2
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func TestCheckMatchesTheContractExample(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	got := mustOK(t, cmd(t, db, "a.devries", "", "check", "--json", "--today", "2026-12-01")).stdout
	want, err := os.ReadFile(exampleCheck)
	if err != nil {
		t.Fatal(err)
	}
	gl := strings.Split(strings.TrimSpace(got), "\n")
	wl := strings.Split(strings.TrimSpace(string(want)), "\n")
	if len(gl) != len(wl) {
		t.Fatalf("%d lines, want %d:\n%s", len(gl), len(wl), got)
	}
	for i := range wl {
		if g, w := stripDetail(t, gl[i]), stripDetail(t, wl[i]); g != w {
			t.Errorf("line %d\n got %s\nwant %s", i, g, w)
		}
	}
	// The keys of each line are exactly the contract's, in its order.
	for _, l := range gl {
		if !strings.HasPrefix(l, `{"id":`) || !strings.Contains(l, `,"state":`) || !strings.Contains(l, `"items":[{"item":"referral"`) {
			t.Fatalf("line shape %s", l)
		}
	}
}

func TestCheckWithIDsKeepsTheirOrderAndRefusesUnknown(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	r := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", "2026-12-01", "MA-2026-0013", "MA-2026-0001"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "MA-2026-0013") || !strings.Contains(lines[1], "MA-2026-0001") {
		t.Fatalf("%s", r.stdout)
	}
	r = cmd(t, db, "x", "", "check", "--json", "MA-2026-0001", "MA-9999")
	if r.code != 1 || r.stdout != "" || !strings.Contains(r.stderr, "MA-9999") {
		t.Fatalf("unknown id: %+v", r)
	}
}

func TestCheckTableIsAligned(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	r := mustOK(t, cmd(t, db, "x", "", "check", "--today", "2026-12-01"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 14 || !strings.HasPrefix(lines[0], "ID ") {
		t.Fatalf("%s", r.stdout)
	}
	col := strings.Index(lines[0], "VERDICT")
	for _, l := range lines[1:] {
		if l[col-1] != ' ' || l[col] == ' ' {
			t.Fatalf("column VERDICT not aligned in %q", l)
		}
	}
}

func TestExitCodes(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`[{"id":"A-1","received":"2026-11-24","bogus":1}]`), 0o600)
	cases := []struct {
		name string
		args []string
		code int
		msg  string
	}{
		{"unknown command", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown flag", []string{"check", "--jsn"}, 2, "unknown flag"},
		{"bad --today", []string{"check", "--today", "2026-13-01"}, 2, "--today"},
		{"import without file", []string{"import"}, 2, "FILE"},
		{"import missing file", []string{"import", "/nonexistent/x.json"}, 1, "/nonexistent/x.json"},
		{"import bad record", []string{"import", bad}, 1, "record 0 (A-1): bogus: unknown field"},
		{"decide bad outcome", []string{"decide", "MA-2026-0001", "maybe"}, 2, "maybe"},
		{"decide flag of another outcome", []string{"decide", "MA-2026-0001", "approve", "--code", "other"}, 2, "--code"},
		{"decide unknown id", []string{"decide", "MA-0", "approve"}, 1, "MA-0"},
		{"decide refused", []string{"decide", "MA-2026-0003", "approve", "--today", "2026-12-01"}, 1, "refused"},
		{"export without format", []string{"export"}, 2, "--format"},
		{"export bad format", []string{"export", "--format", "xml"}, 2, "--format"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := cmd(t, db, "x", "", tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, tc.code, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			if !strings.Contains(first, tc.msg) {
				t.Fatalf("first line of stderr %q lacks %q", first, tc.msg)
			}
		})
	}
}

func TestImportFromStdinAndNDJSON(t *testing.T) {
	db := newDB(t)
	raw, _ := os.ReadFile(examples)
	var arr []json.RawMessage
	if err := json.Unmarshal(raw, &arr); err != nil {
		t.Fatal(err)
	}
	var nd bytes.Buffer
	for _, r := range arr {
		var c bytes.Buffer
		json.Compact(&c, r)
		nd.Write(c.Bytes())
		nd.WriteString("\r\n")
	}
	r := mustOK(t, cmd(t, db, "x", nd.String(), "import", "-"))
	if !strings.Contains(r.stdout, "13 new") {
		t.Fatalf("%s", r.stdout)
	}
}

func TestDecideAndExport(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0001", "approve", "--minutes", "1800", "--until", "2027-01-31", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "Gecontracteerd", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "request-info", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0007", "reject", "--code", "not_indicated", "--reason", "Geen indicatie", "--today", "2026-12-01"))
	r := cmd(t, db, "a.devries", "", "decide", "MA-2026-0007", "concur")
	if r.code != 1 || !strings.Contains(r.stderr, "second adviser") {
		t.Fatalf("proposer concurred: %+v", r)
	}
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0007", "concur"))

	var recs []map[string]any
	out := mustOK(t, cmd(t, db, "x", "", "export", "--format", "json")).stdout
	if err := json.Unmarshal([]byte(out), &recs); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(recs) != 5 {
		t.Fatalf("%d records", len(recs))
	}
	want := []struct{ id, outcome string }{{"MA-2026-0001", "approved"}, {"MA-2026-0004", "rejected"}, {"MA-2026-0003", "info_requested"}, {"MA-2026-0007", "rejection_proposed"}, {"MA-2026-0007", "concurred"}}
	for i, w := range want {
		if recs[i]["id"] != w.id || recs[i]["outcome"] != w.outcome {
			t.Errorf("record %d: %v", i, recs[i])
		}
	}
	a := recs[0]
	if a["approved_minutes"] != 1800.0 || a["valid_from"] != "2026-12-14" || a["valid_until"] != "2027-01-31" || a["adviser"] != "a.devries" {
		t.Errorf("approval %v", a)
	}
	if recs[1]["reason_code"] != "not_required" || recs[1]["reason"] != "Gecontracteerd" {
		t.Errorf("rejection %v", recs[1])
	}
	if items, _ := recs[2]["items_requested"].([]any); len(items) != 3 || items[0] != "treatment_plan" {
		t.Errorf("info request %v", recs[2])
	}
	if recs[4]["adviser"] != "m.bakker" || recs[4]["reason_code"] != "not_indicated" {
		t.Errorf("concurrence %v", recs[4])
	}
	for _, r := range recs {
		if len(r) != 10 {
			t.Errorf("record has %d fields: %v", len(r), r)
		}
	}

	csvOut := mustOK(t, cmd(t, db, "x", "", "export", "--format", "csv")).stdout
	rows, err := csv.NewReader(strings.NewReader(csvOut)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "id,outcome,reason_code,reason,items_requested,valid_from,valid_until,approved_minutes,adviser,decided_at" || len(rows) != 6 {
		t.Fatalf("csv %v", rows)
	}
	if rows[1][7] != "1800" || rows[3][4] != "treatment_plan,practitioners,codes" {
		t.Errorf("csv rows %v", rows[1:])
	}

	// The state after the decisions.
	check := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", "2026-12-01", "MA-2026-0001", "MA-2026-0003", "MA-2026-0007")).stdout
	sc := bufio.NewScanner(strings.NewReader(check))
	var states []string
	for sc.Scan() {
		var v struct{ State string }
		json.Unmarshal(sc.Bytes(), &v)
		states = append(states, v.State)
	}
	if strings.Join(states, ",") != "approved,waiting,rejected" {
		t.Fatalf("states %v", states)
	}
}

func TestEveryCommandHasHelpWithAnExample(t *testing.T) {
	db := newDB(t)
	for _, c := range [][]string{{}, {"import"}, {"check"}, {"decide"}, {"export"}, {"audit"}, {"audit", "verify"}, {"audit", "checkpoint"}, {"demo"}, {"generate"}, {"key", "init"}, {"compact"}, {"backup"}, {"doctor"}, {"serve"}, {"adviser"}, {"adviser", "add"}, {"adviser", "list"}, {"adviser", "remove"}} {
		r := mustOK(t, cmd(t, db, "x", "", append(c, "--help")...))
		if !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("%v --help has no example:\n%s", c, r.stdout)
		}
	}
}

func TestAuditVerifyAndCheckpoint(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a", "", "import", examples))
	mustOK(t, cmd(t, db, "a", "", "check", "--json"))
	head := strings.TrimSpace(mustOK(t, cmd(t, db, "a", "", "audit", "checkpoint")).stdout)
	mustOK(t, cmd(t, db, "a", "", "decide", "MA-2026-0003", "request-info", "--today", "2026-12-01"))
	r := mustOK(t, cmd(t, db, "a", "", "audit", "verify", "--checkpoint", head))
	if !strings.Contains(r.stdout, "intact") {
		t.Fatalf("%s", r.stdout)
	}
	r = mustOK(t, cmd(t, db, "a", "", "audit", "--request", "MA-2026-0003", "--json"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"event":"import"`) || !strings.Contains(lines[1], `"event":"decide"`) {
		t.Fatalf("audit of one request:\n%s", r.stdout)
	}
	if r := cmd(t, db, "a", "", "audit", "verify", "--checkpoint", "nonsense"); r.code != 2 {
		t.Fatalf("bad checkpoint: %+v", r)
	}
}
