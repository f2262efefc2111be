package e2e

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/importfile"
	"machtiging/internal/testfixture"
	"machtiging/store"
)

// Hostile text as an older version, without today's text rules, could
// have stored it. Each carries a marker (INJn) so a test can see that the
// text was shown, and an escape sequence that must not reach a terminal.
var (
	hostileID       = "MA-\x1b[31mINJ1"
	hostileName     = "Anna \x1b]52;c;cm0gLXJmIH4=\x07INJ2 de Vries"
	hostileProvider = "Kliniek \u009b2JINJ3 Amersfoort"
	hostileReferrer = "dr. \u009b31mINJ4 Bakker" // (invalid UTF-8, a lone 0x9b, the store's codec refuses)
	hostileSummary  = "Na CVA \x1b[2J\x1b[HINJ5 opname"
	hostileActivity = "\x1b]0;PWNED\x07INJ6 training"
	hostileMember   = "T. \u202eINJ7 Smit"
	hostileCode     = "99\x1b[5m0916"
	hostileSource   = "\x1b[31mINJ8.json"
	hostileImporter = "intake\x1b]2;PWNED\x07\u009b31m"
)

// injected are the sequences that must never be written raw.
var injected = []string{"\x1b[31mINJ1", "\x1b]52;", "\u009b2J", "\u009b31m", "\x1b[2J\x1b[HINJ5", "\x1b]0;PWNED", "\u202eINJ7", "\x1b[5m0916", "\x1b[31mINJ8", "\x1b]2;PWNED"}

// hostileStore writes requests with escape sequences in their text into a
// store through the store's own Go API, which (unlike `import`) does not
// apply the decoder's text rules: as an older version might have.
func hostileStore(t *testing.T, db string) {
	t.Helper()
	f, err := os.Open(examples)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dec := importfile.NewDecoder(f)
	var reqs []*authz.Request
	for {
		r, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		reqs = append(reqs, r)
	}
	h := *reqs[0]
	h.ID = hostileID
	h.Insured.Name = hostileName
	h.Provider.Name = hostileProvider
	ref := *h.Referral
	ref.ReferrerName = hostileReferrer
	h.Referral = &ref
	ai := *h.AdmissionIndication
	ai.Summary = hostileSummary
	h.AdmissionIndication = &ai
	tp := *h.TreatmentPlan
	tp.Activities = []string{hostileActivity}
	h.TreatmentPlan = &tp
	pr := *h.Practitioners
	pr.Members = append([]authz.Member{{Name: hostileMember, Discipline: "fysiotherapeut", PartOfCare: "\x1b[8mverborgen"}}, pr.Members[1:]...)
	h.Practitioners = &pr
	codes := *h.Codes
	codes.Prestatiecode = hostileCode
	h.Codes = &codes
	reqs = append([]*authz.Request{&h}, reqs[1:]...)

	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	i := 0
	_, err = s.Import(store.Actor{Adviser: hostileImporter, AccessPoint: "old\x1b[1mversion"}, hostileSource, func() (store.Incoming, error) {
		if i == len(reqs) {
			return store.Incoming{}, io.EOF
		}
		i++
		return store.Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestStoredEscapeSequencesNeverReachTheTerminal: text with escape
// sequences that an older version stored is shown by check (the table),
// audit and the TUI with the sequences neutralised; check --json and
// export escape them as JSON does.
func TestStoredEscapeSequencesNeverReachTheTerminal(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	hostileStore(t, db)

	for _, args := range [][]string{
		{"check", "--today", checkDay},
		{"check", "--today", checkDay, hostileID},
		{"audit"},
		{"audit", "--request", hostileID},
		{"doctor"},
	} {
		out := mustRun(t, append([]string{"--db", db}, args...)...)
		if p := testfixture.TerminalHazard(out); p != "" {
			t.Errorf("machtiging %s %s:\n%q", strings.Join(args, " "), p, out)
		}
	}
	table := mustRun(t, "--db", db, "check", "--today", checkDay)
	if !strings.Contains(table, "INJ1") {
		t.Errorf("check does not show the request:\n%s", table)
	}
	// JSON escapes every C0 control, and machtiging the C1 controls that
	// JSON leaves raw (U+009B is CSI to some terminals).
	for _, args := range [][]string{{"check", "--json", "--today", checkDay}, {"audit", "--json"}, {"export", "--format", "json"}} {
		if out := mustRun(t, append([]string{"--db", db}, args...)...); strings.ContainsAny(out, "\x1b\x07\u0080\u0085\u009b\u009d") {
			t.Errorf("machtiging %s writes a raw control character:\n%q", strings.Join(args, " "), out)
		}
	}
	if r := machtiging(t, nil, "", "--db", db, "check", "--json", "MA-2026-0001\x1b[2J"); r.Code != 1 || testfixture.TerminalHazard(r.Stderr) != "" {
		t.Errorf("an unknown id with an escape sequence: %+v", r)
	}
	// A file whose name holds escape sequences (from a folder of intake
	// files, say): the import reports it safely, and so does the log.
	dir := t.TempDir()
	named := filepath.Join(dir, "\x1b]0;PWNED\x07\u009b2Jintake.ndjson")
	testfixture.CopyFile(t, filepath.Join(acceptedDir, "crlf.ndjson"), named)
	for _, args := range [][]string{{"import", named}, {"backup", filepath.Join(dir, "\x1b[31mbackup.db")}, {"audit"}} {
		if out := mustRun(t, append([]string{"--db", db}, args...)...); testfixture.TerminalHazard(out) != "" {
			t.Errorf("machtiging %q %s: %q", args, testfixture.TerminalHazard(out), out)
		}
	}

	// The TUI, in a terminal: the raw bytes it writes hold no injected
	// sequence, and the markers show that the text was on screen.
	x := testfixture.NewTmux(t)
	raw := filepath.Join(t.TempDir(), "tty.raw")
	gate := filepath.Join(t.TempDir(), "go")
	x.Start("tui", "while [ ! -e "+gate+" ]; do sleep 0.05; done; "+tuiCommand(t, "--db", db)+"; echo EXIT=$?; sleep 60")
	x.Do("pipe-pane", "-t", "tui", "-o", "cat >> "+raw)
	if err := os.WriteFile(gate, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if s, ok := x.WaitFor("tui", "INJ1", 10*time.Second); !ok {
		t.Fatalf("the queue does not show the hostile request:\n%s", s)
	}
	// Open it (it is first: due earliest? select it by filtering).
	x.Do("send-keys", "-t", "tui", "/")
	x.Do("send-keys", "-t", "tui", "-l", "INJ1")
	x.Do("send-keys", "-t", "tui", "Enter")
	time.Sleep(200 * time.Millisecond)
	x.Do("send-keys", "-t", "tui", "Enter")
	s, ok := x.WaitFor("tui", "INJ5", 10*time.Second)
	if !ok {
		t.Fatalf("the request view does not show the hostile request:\n%s", s)
	}
	// Page through the request, then quit.
	for range 6 {
		x.Do("send-keys", "-t", "tui", "PageDown")
	}
	time.Sleep(300 * time.Millisecond)
	x.Do("send-keys", "-t", "tui", "Escape")
	x.Do("send-keys", "-t", "tui", "q")
	if s, ok := x.WaitFor("tui", "EXIT=", 10*time.Second); !ok {
		t.Fatalf("the TUI did not quit:\n%s", s)
	}
	x.Do("pipe-pane", "-t", "tui") // stop the capture
	time.Sleep(100 * time.Millisecond)
	b, err := os.ReadFile(raw)
	if err != nil {
		t.Fatal(err)
	}
	out := string(b)
	for _, seq := range injected {
		if strings.Contains(out, seq) {
			t.Errorf("the TUI wrote %q raw to the terminal", seq)
		}
	}
	for _, mark := range []string{"INJ1", "INJ2", "INJ5"} {
		if !strings.Contains(out, mark) {
			t.Errorf("the TUI never showed %s", mark)
		}
	}
	// A decision on the stored request says which one, safely.
	if out := mustRun(t, "--db", db, "decide", hostileID, "request-info", "--today", checkDay); testfixture.TerminalHazard(out) != "" || !strings.Contains(out, "INJ1") {
		t.Errorf("decide on a request with an escape sequence in its id: %q", out)
	}
}
