package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-json-experiment/json"
)

// requireTool skips a test without an outside program on a laptop, but
// fails it in CI, so CI never passes on tests it did not run.
func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		missing(t, "%s is not installed", name)
	}
}

// tmux runs terminal programs in a private tmux server for the test.
type tmux struct {
	t    *testing.T
	sock string
}

// newTmux starts nothing yet; without tmux the test skips (fails under CI).
func newTmux(t *testing.T) *tmux {
	t.Helper()
	requireTool(t, "tmux")
	dir, err := os.MkdirTemp("", "tmx")
	if err != nil {
		t.Fatal(err)
	}
	x := &tmux{t: t, sock: filepath.Join(dir, "s")}
	t.Cleanup(func() {
		exec.Command("tmux", "-S", x.sock, "kill-server").Run()
		os.RemoveAll(dir)
	})
	return x
}

func (x *tmux) do(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// start runs a shell command line in a new 120×40 window named name.
func (x *tmux) start(name, cmdline string) {
	x.t.Helper()
	x.do("new-session", "-d", "-s", name, "-x", "120", "-y", "40", cmdline)
}

// screen is what the window shows.
func (x *tmux) screen(name string) string {
	out, err := exec.Command("tmux", "-S", x.sock, "capture-pane", "-p", "-t", name).CombinedOutput()
	if err != nil {
		return ""
	}
	return string(out)
}

// waitFor waits until the window shows want, and returns the screen.
func (x *tmux) waitFor(name, want string, within time.Duration) (string, bool) {
	deadline := time.Now().Add(within)
	for {
		s := x.screen(name)
		if strings.Contains(s, want) {
			return s, true
		}
		if time.Now().After(deadline) {
			return s, false
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// tmuxSession is one program running in a detached tmux window of a fixed
// size, on a tmux server of its own so that tests do not collide.
type tmuxSession struct {
	x    *tmux
	name string
	// How long to let the program take in a key, and typed text.
	keyPause, textPause time.Duration
}

func startTmux(t *testing.T, width, height int, env []string, command string) *tmuxSession {
	t.Helper()
	x := newTmux(t)
	args := []string{"new-session", "-d", "-s", "main", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "env"}
	args = append(args, env...)
	args = append(args, "sh", "-c", command+"; echo '[exited]'; sleep 30")
	x.do(args...)
	return &tmuxSession{x: x, name: "main", keyPause: 60 * time.Millisecond, textPause: 100 * time.Millisecond}
}

// send types keys as tmux names them ("Enter", "Escape", "a", "/").
func (s *tmuxSession) send(keys ...string) {
	s.x.t.Helper()
	for _, k := range keys {
		s.x.do("send-keys", "-t", s.name, k)
		time.Sleep(s.keyPause)
	}
}

// typeText types literal text.
func (s *tmuxSession) typeText(text string) {
	s.x.t.Helper()
	s.x.do("send-keys", "-t", s.name, "-l", text)
	time.Sleep(s.textPause)
}

func (s *tmuxSession) screen() string { return s.x.screen(s.name) }

// waitFor waits until the screen shows text, and returns the screen.
func (s *tmuxSession) waitFor(text string) string {
	s.x.t.Helper()
	return s.waitForAll(10*time.Second, text)
}

// waitForAll waits until the screen shows every text, and returns it.
func (s *tmuxSession) waitForAll(within time.Duration, want ...string) string {
	s.x.t.Helper()
	deadline := time.Now().Add(within)
	for {
		sc := s.screen()
		lacking := ""
		for _, w := range want {
			if !strings.Contains(sc, w) {
				lacking = w
				break
			}
		}
		if lacking == "" {
			return sc
		}
		if time.Now().After(deadline) {
			s.x.t.Fatalf("the screen did not show %q within %v:\n%s", lacking, within, sc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// requestsAround writes an import file whose dates lie around today, so the
// end-to-end tests judge the same way on any day they run: one complete
// request (E2E-COMPLETE) and one with its practitioners missing
// (E2E-INCOMPLETE).
func requestsAround(t *testing.T, today time.Time) string {
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

// exportedDecisions reads `export --format json` of a store.
func exportedDecisions(t *testing.T, db string) []map[string]any {
	t.Helper()
	r := machtiging(t, nil, "", "--db", db, "export", "--format", "json")
	if r.code != 0 {
		t.Fatalf("export: %+v", r)
	}
	var recs []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &recs); err != nil {
		t.Fatalf("export: %v\n%s", err, r.stdout)
	}
	return recs
}

func TestTUIApprovesACompleteRequestEndToEnd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	if r := machtiging(t, nil, "", "--db", db, "import", requestsAround(t, time.Now())); r.code != 0 {
		t.Fatal(r.stderr)
	}
	tm := startTmux(t, 120, 40, []string{"LOGNAME=tester", "TERM=xterm-256color"}, binary+" --db "+db)
	tm.waitFor("E2E-COMPLETE")
	// Filter to the complete request, open it, and approve it.
	tm.send("/")
	tm.typeText("E2E-COMPLETE")
	tm.send("Enter")
	tm.send("Enter")
	sc := tm.waitFor("Eva End-to-End")
	if strings.Contains(sc, "123456782") {
		t.Fatalf("the request view shows the full BSN unasked:\n%s", sc)
	}
	tm.send("a")
	tm.waitFor("Approve")
	for range 4 { // minutes, valid from, valid until, reason: the defaults
		tm.send("Enter")
	}
	tm.waitFor("Confirm")
	tm.send("Enter")
	time.Sleep(300 * time.Millisecond)
	tm.send("q")
	tm.waitFor("[exited]")

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
	if r := machtiging(t, nil, "", "--db", db, "import", requestsAround(t, time.Now())); r.code != 0 {
		t.Fatal(r.stderr)
	}
	tm := startTmux(t, 80, 24, []string{"LOGNAME=tester", "TERM=xterm-256color"}, binary+" --db "+db)
	tm.waitFor("E2E-INCOMPLETE")
	tm.send("/")
	tm.typeText("E2E-INCOMPLETE")
	tm.send("Enter")
	tm.send("a")
	sc := tm.waitFor("Approve")
	if !strings.Contains(strings.ToLower(sc), "not allowed") && !strings.Contains(strings.ToLower(sc), "refused") {
		t.Fatalf("the form does not show the refusal:\n%s", sc)
	}
	for range 5 {
		tm.send("Enter")
	}
	tm.send("Escape", "Escape")
	tm.send("q")
	tm.waitFor("[exited]")
	if recs := exportedDecisions(t, db); len(recs) != 0 {
		t.Fatalf("decisions were recorded: %v", recs)
	}
}

func TestDemoOpensOnAFreshStore(t *testing.T) {
	xdg := t.TempDir()
	tm := startTmux(t, 120, 40, []string{"LOGNAME=tester", "XDG_DATA_HOME=" + xdg, "HOME=" + t.TempDir()}, binary+" demo")
	sc := tm.waitFor("MA-2026-")
	if !strings.Contains(sc, "open") || !strings.Contains(sc, "demo.db") {
		t.Fatalf("demo screen:\n%s", sc)
	}
	tm.send("q")
	tm.waitFor("[exited]")
	if _, err := os.Stat(filepath.Join(xdg, "machtiging", "machtiging.db")); err == nil {
		t.Fatal("the demo wrote into the real store")
	}
}
