package cli

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
)

const (
	regRequests      = "../examples/requests.json"
	exampleInsured   = "../examples/insured.csv"
	exampleProviders = "../examples/providers.csv"
	exampleRegCheck  = "../examples/check-registers.ndjson"
)

// contractLines decodes check --json output, dropping every item's detail
// (free text for people); the rest is the contract, field for field.
func contractLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var v map[string]any
		if err := json.Unmarshal(sc.Bytes(), &v); err != nil {
			t.Fatalf("line %q: %v", sc.Text(), err)
		}
		items, _ := v["items"].([]any)
		for _, it := range items {
			delete(it.(map[string]any), "detail")
		}
		lines = append(lines, v)
	}
	return lines
}

func loadExample(t *testing.T, db string) {
	t.Helper()
	mustOK(t, cmd(t, db, "a.devries", "", "import", regRequests))
	mustOK(t, cmd(t, db, "a.devries", "", "register", "import", "insured", exampleInsured))
	mustOK(t, cmd(t, db, "a.devries", "", "register", "import", "providers", exampleProviders))
}

// The shared example with both registers is check-registers.ndjson, field
// for field but for detail.
func TestCheckWithRegistersMatchesTheContractExample(t *testing.T) {
	db := newDB(t)
	loadExample(t, db)
	got := contractLines(t, mustOK(t, cmd(t, db, "a.devries", "", "check", "--json", "--today", "2026-12-01")).stdout)
	raw, err := os.ReadFile(exampleRegCheck)
	if err != nil {
		t.Fatal(err)
	}
	want := contractLines(t, string(raw))
	if len(got) != len(want) {
		t.Fatalf("%d lines, want %d", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("line %d:\n got %v\nwant %v", i+1, got[i], want[i])
		}
	}
}

// Without registers every line still has identity, contract and overlaps:
// unchecked, unchecked and the overlaps computed; the rest is Part 1's.
func TestCheckWithoutRegisters(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a", "", "import", regRequests))
	got := contractLines(t, mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout)
	raw, _ := os.ReadFile(exampleRegCheck)
	withRegs := map[string]map[string]any{}
	for _, l := range contractLines(t, string(raw)) {
		withRegs[l["id"].(string)] = l
	}
	verdicts := map[string]string{}
	for _, l := range got {
		id := l["id"].(string)
		if l["identity"] != "unchecked" || l["contract"] != "unchecked" {
			t.Errorf("%s: identity %v contract %v, want unchecked", id, l["identity"], l["contract"])
		}
		if _, ok := l["overlaps"].([]any); !ok {
			t.Errorf("%s: overlaps %v is not a list", id, l["overlaps"])
		}
		if !reflect.DeepEqual(l["overlaps"], withRegs[id]["overlaps"]) {
			t.Errorf("%s: overlaps %v, want %v (the registers do not change them)", id, l["overlaps"], withRegs[id]["overlaps"])
		}
		verdicts[id] = l["verdict"].(string)
	}
	// Part 1: the request's own flag decides; MA-2026-0002's birth date
	// is not checked.
	if verdicts["MA-2026-0004"] != "not_required" || verdicts["MA-2026-0002"] != "complete" {
		t.Errorf("verdicts without registers: %v", verdicts)
	}
}

var rfc3339Line = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$`)

func TestRegisterStatusJSON(t *testing.T) {
	db := newDB(t)
	r := mustOK(t, cmd(t, db, "a", "", "register", "status", "--json"))
	if r.stdout != `{"register":"insured","rows":0}`+"\n"+`{"register":"providers","rows":0}`+"\n" {
		t.Fatalf("never loaded:\n%s", r.stdout)
	}
	mustOK(t, cmd(t, db, "b.jansen", "", "register", "import", "insured", exampleInsured))
	r = mustOK(t, cmd(t, db, "a", "", "register", "status", "--json"))
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 || lines[1] != `{"register":"providers","rows":0}` {
		t.Fatalf("status:\n%s", r.stdout)
	}
	var v struct {
		Register string `json:"register"`
		Rows     int    `json:"rows"`
		LoadedAt string `json:"loaded_at"`
		LoadedBy string `json:"loaded_by"`
	}
	dec := json.NewDecoder(strings.NewReader(lines[0]))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatal(err)
	}
	at, err := time.Parse(time.RFC3339, v.LoadedAt)
	if v.Register != "insured" || v.Rows != 4 || v.LoadedBy != "b.jansen" || err != nil || !rfc3339Line.MatchString(v.LoadedAt) || time.Since(at) > time.Hour {
		t.Fatalf("status %+v (%v)", v, err)
	}
	if !strings.HasPrefix(lines[0], `{"register":"insured","rows":4,"loaded_at":`) {
		t.Errorf("field order: %s", lines[0])
	}
	text := mustOK(t, cmd(t, db, "a", "", "register", "status")).stdout
	if !strings.Contains(text, "b.jansen") || !strings.Contains(text, "never loaded") {
		t.Errorf("status table:\n%s", text)
	}
}

// A refused file changes nothing, exits 1 and names the line and column.
func TestRegisterImportRefusedChangesNothing(t *testing.T) {
	db := newDB(t)
	loadExample(t, db)
	before := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout
	status := mustOK(t, cmd(t, db, "a", "", "register", "status", "--json")).stdout
	bad := filepath.Join(t.TempDir(), "bad.csv")
	os.WriteFile(bad, []byte("bsn,birth_date,insured_from\n123456782,1961-04-17,2020-01-01\n249566758,1978-02-30,2024-01-01\n"), 0o600)
	r := cmd(t, db, "a", "", "register", "import", "insured", bad)
	if r.code != 1 || !strings.Contains(r.stderr, "line 3 column birth_date") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("bad file: %+v", r)
	}
	r = cmd(t, db, "a", "", "register", "import", "providers", "-")
	if r.code != 1 || !strings.Contains(r.stderr, "line 1") || !strings.Contains(r.stderr, "empty") {
		t.Fatalf("empty stdin: %+v", r)
	}
	if r := cmd(t, db, "a", "", "register", "import", "insured", filepath.Join(t.TempDir(), "none.csv")); r.code != 1 {
		t.Fatalf("missing file: %+v", r)
	}
	if after := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout; after != before {
		t.Errorf("check changed after refused imports")
	}
	if after := mustOK(t, cmd(t, db, "a", "", "register", "status", "--json")).stdout; after != status {
		t.Errorf("status changed after refused imports:\n%s\n%s", status, after)
	}
	log := mustOK(t, cmd(t, db, "a", "", "audit", "--json")).stdout
	if !strings.Contains(log, `"event":"register"`) || !strings.Contains(log, `"outcome":"refused"`) {
		t.Errorf("the access log lacks the register entries:\n%s", log)
	}
	if strings.Contains(log, "1978-02-30") || strings.Contains(log, "249566758") {
		t.Errorf("the access log holds register rows:\n%s", log)
	}
}

func TestRegisterImportFromStdinReplacesTheRegister(t *testing.T) {
	db := newDB(t)
	loadExample(t, db)
	// The insured of MA-2026-0002 is now insured with its birth date, and
	// MA-2026-0001's insured no longer: the new register is seen at once.
	in := `{"bsn":"249566758","birth_date":"1978-09-02","insured_from":"2024-01-01"}` + "\n" +
		`{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2015-01-01","insured_until":"2026-11-30"}` + "\n"
	r := mustOK(t, cmd(t, db, "a", in, "register", "import", "insured", "-"))
	if !strings.Contains(r.stdout, "2 rows") {
		t.Errorf("output %q", r.stdout)
	}
	got := map[string]map[string]any{}
	for _, l := range contractLines(t, mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01", "MA-2026-0001", "MA-2026-0002")).stdout) {
		got[l["id"].(string)] = l
	}
	if got["MA-2026-0001"]["identity"] != "not_insured" || got["MA-2026-0001"]["verdict"] != "not_insured" {
		t.Errorf("MA-2026-0001: %v", got["MA-2026-0001"])
	}
	if got["MA-2026-0002"]["identity"] != "verified" || got["MA-2026-0002"]["verdict"] != "complete" {
		t.Errorf("MA-2026-0002: %v", got["MA-2026-0002"])
	}
}

// Nobody can approve a request whose insured does not check out; it can be
// rejected with the code not_insured.
func TestApproveNeedsTheRegistersToAgree(t *testing.T) {
	db := newDB(t)
	loadExample(t, db)
	r := cmd(t, db, "a", "", "decide", "MA-2026-0002", "approve", "--today", "2026-12-01")
	if r.code != 1 || !strings.Contains(r.stderr, "unverified") {
		t.Fatalf("approve of a mismatch: %+v", r)
	}
	mustOK(t, cmd(t, db, "a", `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2027-01-01"}`+"\n", "register", "import", "insured", "-"))
	r = cmd(t, db, "a", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01")
	if r.code != 1 || !strings.Contains(r.stderr, "not_insured") {
		t.Fatalf("approve of a not insured: %+v", r)
	}
	mustOK(t, cmd(t, db, "a", "", "decide", "MA-2026-0001", "reject", "--code", "not_insured", "--reason", "niet verzekerd op de startdatum", "--today", "2026-12-01"))
	// With the insured register back, a verified complete request is approved.
	mustOK(t, cmd(t, db, "a", "", "register", "import", "insured", exampleInsured))
	mustOK(t, cmd(t, db, "a", "", "decide", "MA-2026-0010", "approve", "--today", "2026-12-01", "--from", "2026-12-03", "--until", "2026-12-31"))
	// Overlaps follow the approved validity; a rejected request overlaps nothing.
	lines := contractLines(t, mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01", "MA-2026-0010", "MA-2026-0001", "MA-2026-0003")).stdout)
	if ov := lines[1]["overlaps"].([]any); len(ov) != 0 {
		t.Errorf("the rejected MA-2026-0001 overlaps %v", ov)
	}
	for _, o := range lines[0]["overlaps"].([]any) {
		if o == "MA-2026-0001" {
			t.Errorf("MA-2026-0010 overlaps the rejected MA-2026-0001")
		}
	}
	if !containsAny(lines[2]["overlaps"].([]any), "MA-2026-0010") {
		t.Errorf("MA-2026-0003 does not overlap the approved MA-2026-0010: %v", lines[2]["overlaps"])
	}
}

func containsAny(list []any, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestRegisterUsage(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{{"register", "import"}, {"register", "import", "members", "x.csv"}, {"register", "import", "insured"}, {"register", "status", "x"}} {
		if r := cmd(t, db, "a", "", args...); r.code != 2 {
			t.Errorf("%v: exit %d, want 2 (%s)", args, r.code, r.stderr)
		}
	}
	for _, c := range [][]string{{"register"}, {"register", "import"}, {"register", "status"}} {
		r := mustOK(t, cmd(t, db, "x", "", append(c, "--help")...))
		if !strings.Contains(r.stdout, "Examples:") {
			t.Errorf("%v --help has no example", c)
		}
	}
}

// In an encrypted store the registers are sealed: the file holds neither
// a BSN nor a policy number nor a name of the registers in plain text.
func TestRegistersAreSealed(t *testing.T) {
	db := newDB(t)
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(filepath.Dir(db), "k.key"))
	mustOK(t, cmd(t, db, "a", "", "key", "init"))
	mustOK(t, cmd(t, db, "a", "", "register", "import", "insured", exampleInsured))
	mustOK(t, cmd(t, db, "a", "", "register", "import", "providers", exampleProviders))
	raw, _ := os.ReadFile(db)
	for _, secret := range []string{"123456782", "249566758", "099887766", "RevaZorg Utrecht"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is in the encrypted store file", secret)
		}
	}
	mustOK(t, cmd(t, db, "a", "", "import", regRequests))
	got := contractLines(t, mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout)
	rawWant, _ := os.ReadFile(exampleRegCheck)
	if want := contractLines(t, string(rawWant)); !reflect.DeepEqual(got, want) {
		t.Errorf("check of an encrypted store differs from the example")
	}
}

// key init seals registers loaded before the store had a key.
func TestKeyInitSealsTheRegisters(t *testing.T) {
	db := newDB(t)
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(filepath.Dir(db), "k.key"))
	loadExample(t, db)
	before := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout
	mustOK(t, cmd(t, db, "a", "", "key", "init"))
	if after := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout; after != before {
		t.Fatalf("check differs after key init")
	}
	mustOK(t, cmd(t, db, "a", "", "register", "import", "insured", exampleInsured))
	if after := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout; after != before {
		t.Fatalf("check differs after a new insured register in the encrypted store")
	}
}
