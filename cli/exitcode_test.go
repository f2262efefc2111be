package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"machtiging/store"

	"github.com/spf13/cobra"
)

// words are what the command line's errors say; a data error that says
// them is still a data error (exit 1).
var usageWords = []string{"received", "accepts", "invalid argument", "requires", "unknown"}

// exampleRequests reads the project's example requests as JSON objects.
func exampleRequests(t *testing.T) []map[string]any {
	t.Helper()
	b, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	var reqs []map[string]any
	if err := json.Unmarshal(b, &reqs); err != nil {
		t.Fatal(err)
	}
	return reqs
}

func writeJSON(t *testing.T, path string, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestExitCodeByIdentity: every usage error exits 2, and an error of the
// data, the store or the files exits 1 whatever words its message holds.
func TestExitCodeByIdentity(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	// A rejection proposed by an adviser named with the words, who then
	// may not concur with it.
	mustOK(t, cmd(t, db, "unknown command accepts", "", "decide", "MA-2026-0001", "reject", "--code", "not_indicated", "--reason", "r", "--today", "2026-12-01"))
	dir := filepath.Join(t.TempDir(), "received accepts invalid argument requires unknown command")

	// The case: the last record's birth date lies after its received.
	reqs := exampleRequests(t)
	last := reqs[len(reqs)-1]
	last["insured"].(map[string]any)["birth_date"] = "2027-01-01"
	lateBirth := writeJSON(t, filepath.Join(t.TempDir(), "requests.json"), reqs)

	// A field whose name holds the words, unknown to the format.
	odd := exampleRequests(t)[:1]
	odd[0]["received accepts invalid argument requires"] = 1
	oddField := writeJSON(t, filepath.Join(dir, "odd.json"), odd)

	// A file in a directory named with the words.
	good := writeJSON(t, filepath.Join(dir, "good.json"), exampleRequests(t)[:1])

	cases := []struct {
		name    string
		adviser string
		args    []string
		code    int
		msg     string // in the first line of stderr
	}{
		// Usage errors: exit 2.
		{"unknown command", "x", []string{"frobnicate"}, 2, "unknown command"},
		{"unknown command of a group", "x", []string{"key", "frobnicate"}, 2, "unknown command"},
		{"group without its command", "x", []string{"adviser"}, 2, "needs a command"},
		{"unknown command of a runnable group", "x", []string{"audit", "frobnicate"}, 2, "unknown command"},
		{"unknown help topic", "x", []string{"help", "frobnicate"}, 2, "unknown help topic"},
		{"unknown flag", "x", []string{"check", "--jsn"}, 2, "unknown flag"},
		{"unknown shorthand flag", "x", []string{"check", "-z"}, 2, "unknown shorthand flag"},
		{"flag without its value", "x", []string{"export", "--format"}, 2, "flag needs an argument"},
		{"flag value that does not parse", "x", []string{"decide", "MA-2026-0001", "approve", "--minutes", "many"}, 2, "invalid argument"},
		{"bool flag value that does not parse", "x", []string{"check", "--json=perhaps"}, 2, "invalid argument"},
		{"bad --today", "x", []string{"check", "--today", "2026-13-01"}, 2, "--today"},
		{"import without file", "x", []string{"import"}, 2, "FILE"},
		{"import with two files", "x", []string{"import", good, good}, 2, "FILE"},
		{"export with an argument", "x", []string{"export", "--format", "json", "extra"}, 2, "unknown command"},
		{"root with an argument after a flag", "x", []string{"--db", db, "extra"}, 2, "unknown command"},
		{"decide without outcome", "x", []string{"decide", "MA-2026-0001"}, 2, "ID and an outcome"},
		{"decide bad outcome", "x", []string{"decide", "MA-2026-0001", "maybe"}, 2, "maybe"},
		{"decide flag of another outcome", "x", []string{"decide", "MA-2026-0001", "approve", "--code", "other"}, 2, "--code"},
		{"decide minutes below one", "x", []string{"decide", "MA-2026-0001", "approve", "--minutes", "0"}, 2, "--minutes"},
		{"decide bad --code", "x", []string{"decide", "MA-2026-0004", "reject", "--code", "nonsense", "--reason", "r"}, 2, "--code"},
		{"decide bad --items", "x", []string{"decide", "MA-2026-0003", "request-info", "--items", "nonsense"}, 2, "--items"},
		{"export without format", "x", []string{"export"}, 2, "--format"},
		{"export bad format", "x", []string{"export", "--format", "xml"}, 2, "--format"},
		{"audit bad checkpoint", "x", []string{"audit", "verify", "--checkpoint", "nonsense"}, 2, "--checkpoint"},
		{"adviser add without key", "x", []string{"adviser", "add", "a.devries"}, 2, "NAME and a PUBKEYFILE"},

		// Data errors: exit 1, whatever the words.
		{"birth date after received, last record", "x", []string{"import", lateBirth}, 1, "received"},
		{"missing file in a directory named with the words", "x", []string{"import", filepath.Join(dir, "none.json")}, 1, "requires unknown"},
		{"unknown field named with the words", "x", []string{"import", oddField}, 1, "unknown field"},
		{"unknown request named with the words", "x", []string{"check", "unknown-received-accepts"}, 1, "there is no request"},
		{"decide on a request named with the words", "x", []string{"decide", "invalid argument requires", "approve"}, 1, "there is no request"},
		{"refused decision by an adviser named with the words", "unknown command accepts", []string{"decide", "MA-2026-0001", "concur"}, 1, "unknown command accepts proposed"},
		{"adviser remove of an unknown adviser", "x", []string{"adviser", "remove", "requires-received", "--advisers", filepath.Join(dir, "advisers")}, 1, "there is no adviser requires-received"},
		{"backup onto a directory named with the words", "x", []string{"backup", dir}, 1, "invalid argument requires unknown"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := cmd(t, db, tc.adviser, "", tc.args...)
			if r.code != tc.code {
				t.Fatalf("exit %d, want %d; stderr %s", r.code, tc.code, r.stderr)
			}
			first := strings.SplitN(r.stderr, "\n", 2)[0]
			if !strings.Contains(first, tc.msg) {
				t.Fatalf("first line of stderr %q lacks %q", first, tc.msg)
			}
			hint := strings.Contains(r.stderr, "--help")
			if hint != (tc.code == ExitUsage) {
				t.Fatalf("usage hint %v for exit %d: %s", hint, r.code, r.stderr)
			}
			if tc.code == ExitError {
				said := false
				for _, w := range usageWords {
					said = said || strings.Contains(first, w)
				}
				if !said {
					t.Fatalf("the data error %q holds none of %q, so it proves nothing", first, usageWords)
				}
			}
		})
	}
}

// TestLaterCommandsMakeUsageErrors: a command added to the tree with
// cobra's own validators and a required flag is covered without doing
// anything.
func TestLaterCommandsMakeUsageErrors(t *testing.T) {
	app := &App{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}, Actor: store.Actor{Adviser: "x"}}
	root := app.rootCommand()
	var flagValue string
	later := &cobra.Command{Use: "later", Args: cobra.ExactArgs(1), RunE: func(*cobra.Command, []string) error { return nil }}
	later.Flags().StringVar(&flagValue, "must", "", "")
	later.MarkFlagRequired("must")
	root.AddCommand(later)
	typeUsageErrors(root)
	for _, args := range [][]string{{"later"}, {"later", "a", "b"}, {"later", "a"}} {
		root.SetArgs(args)
		root.SetOut(&bytes.Buffer{})
		root.SetErr(&bytes.Buffer{})
		err := root.Execute()
		if err == nil || !IsUsage(err) {
			t.Errorf("%v: %v is not a usage error", args, err)
		}
	}
	root.SetArgs([]string{"later", "a", "--must", "v"})
	if err := root.Execute(); err != nil {
		t.Errorf("a right command line: %v", err)
	}
}
