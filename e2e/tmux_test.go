package e2e

import (
	"machtiging/internal/testfixture"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

// exportedDecisions reads `export --format json` of a store.
func exportedDecisions(t *testing.T, db string) []map[string]any {
	t.Helper()
	r := machtiging(t, nil, "", "--db", db, "export", "--format", "json")
	if r.Code != 0 {
		t.Fatalf("export: %+v", r)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &recs); err != nil {
		t.Fatalf("export: %v\n%s", err, r.Stdout)
	}
	return recs
}

func TestTUIApprovesACompleteRequestEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if r := machtiging(t, nil, "", "--db", db, "import", testfixture.RequestsAround(t, time.Now())); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	tm := testfixture.StartTmux(t, 120, 40, []string{"LOGNAME=tester", "TERM=xterm-256color"}, binary+" --db "+db)
	tm.WaitFor("E2E-COMPLETE")
	// Filter to the complete request, open it, and approve it.
	tm.Send("/")
	tm.TypeText("E2E-COMPLETE")
	tm.Send("Enter")
	tm.Send("Enter")
	sc := tm.WaitFor("Eva End-to-End")
	if strings.Contains(sc, "123456782") {
		t.Fatalf("the request view shows the full BSN unasked:\n%s", sc)
	}
	tm.Send("a")
	tm.WaitFor("Approve")
	for range 4 { // minutes, valid from, valid until, reason: the defaults
		tm.Send("Enter")
	}
	tm.WaitFor("Confirm")
	tm.Send("Enter")
	time.Sleep(300 * time.Millisecond)
	tm.Send("q")
	tm.WaitFor("[exited]")

	recs := exportedDecisions(t, db)
	if len(recs) != 1 {
		t.Fatalf("%d decisions recorded, want 1: %v", len(recs), recs)
	}
	want := map[string]any{"id": "E2E-COMPLETE", "outcome": "approved", "approved_minutes": 1200.0,
		"valid_from": time.Now().AddDate(0, 0, 20).Format("2006-01-02"), "adviser": "tester"}
	for k, v := range want {
		if recs[0][k] != v {
			t.Errorf("%s = %v, want %v", k, recs[0][k], v)
		}
	}
}

func TestTUIRecordsNothingForAnIncompleteRequest(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if r := machtiging(t, nil, "", "--db", db, "import", testfixture.RequestsAround(t, time.Now())); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	tm := testfixture.StartTmux(t, 80, 24, []string{"LOGNAME=tester", "TERM=xterm-256color"}, binary+" --db "+db)
	tm.WaitFor("E2E-INCOMPLETE")
	tm.Send("/")
	tm.TypeText("E2E-INCOMPLETE")
	tm.Send("Enter")
	tm.Send("a")
	sc := tm.WaitFor("Approve")
	if !strings.Contains(strings.ToLower(sc), "not allowed") && !strings.Contains(strings.ToLower(sc), "refused") {
		t.Fatalf("the form does not show the refusal:\n%s", sc)
	}
	for range 5 {
		tm.Send("Enter")
	}
	tm.Send("Escape", "Escape")
	tm.Send("q")
	tm.WaitFor("[exited]")
	if recs := exportedDecisions(t, db); len(recs) != 0 {
		t.Fatalf("decisions were recorded: %v", recs)
	}
}

func TestDemoOpensOnAFreshStore(t *testing.T) {
	xdg := t.TempDir()
	tm := testfixture.StartTmux(t, 120, 40, []string{"LOGNAME=tester", "XDG_DATA_HOME=" + xdg, "HOME=" + t.TempDir()}, binary+" demo")
	sc := tm.WaitFor("MA-2026-")
	if !strings.Contains(sc, "open") || !strings.Contains(sc, "demo.db") {
		t.Fatalf("demo screen:\n%s", sc)
	}
	tm.Send("q")
	tm.WaitFor("[exited]")
	if _, err := os.Stat(filepath.Join(xdg, "machtiging", "machtiging.db")); err == nil {
		t.Fatal("the demo wrote into the real store")
	}
}
