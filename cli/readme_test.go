package cli

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"machtiging/store"
)

// detailField is an item's free-text detail in a check line.
var detailField = regexp.MustCompile(`,"detail":"(?:[^"\\]|\\.)*"`)

// part2Unchecked is what Part 2 adds to every check line of a store
// without registers: identity and contract unchecked, and the overlaps.
var part2Unchecked = regexp.MustCompile(`,"identity":"unchecked","contract":"unchecked","overlaps":\[[^\]]*\]}`)

// TestCheckPrintsTheProjectsExample: the project's example import file,
// checked on the example's day, prints examples/check.ndjson byte for byte
// once the free-text details are left out (the example file has none).
func TestCheckPrintsTheProjectsExample(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	got := mustOK(t, cmd(t, db, "a.devries", "", "check", "--json", "--today", "2026-12-01")).stdout
	want, err := os.ReadFile(exampleCheck)
	if err != nil {
		t.Fatal(err)
	}
	if n, lines := len(part2Unchecked.FindAllString(got, -1)), strings.Count(got, "\n"); n != lines {
		t.Fatalf("%d of %d lines end in identity and contract unchecked and the overlaps:\n%s", n, lines, got)
	}
	got = part2Unchecked.ReplaceAllString(got, "}")
	if stripped := detailField.ReplaceAllString(got, ""); stripped != string(want) {
		t.Fatalf("check --json --today 2026-12-01 of examples/requests.json:\n%s\nwant examples/check.ndjson:\n%s", stripped, want)
	}
	if !strings.Contains(got, `"detail":"dated 2026-12-14, treatment starts 2026-12-14"`) {
		t.Fatalf("the details are gone:\n%s", got)
	}
}

// readmeStep is one command of the README's worked example with the output
// the README shows for it.
type readmeStep struct {
	line string   // as written after "$ "
	want []string // the lines shown; "…" stands for any number of lines
}

// workedExample reads the steps of the README's worked example: the
// commands after "$ " in the first code block under "### A worked example".
func workedExample(t *testing.T, readme string) []readmeStep {
	t.Helper()
	b, err := os.ReadFile(readme)
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(b))
	var steps []readmeStep
	section, block := false, false
	for sc.Scan() {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "#"):
			section = l == "### A worked example"
		case section && strings.HasPrefix(l, "```"):
			if block {
				return steps
			}
			block = true
		case section && block && strings.HasPrefix(l, "$ "):
			steps = append(steps, readmeStep{line: strings.TrimPrefix(l, "$ ")})
		case section && block && len(steps) > 0:
			steps[len(steps)-1].want = append(steps[len(steps)-1].want, l)
		}
	}
	t.Fatalf("%s has no code block under \"### A worked example\"", readme)
	return nil
}

// shellWords splits a command line as the shell does for the README's
// commands: words apart by spaces, double quotes around a word with spaces.
func shellWords(t *testing.T, line string) []string {
	t.Helper()
	var words []string
	var w strings.Builder
	inWord, quoted := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, inWord = !quoted, true
		case r == ' ' && !quoted:
			if inWord {
				words = append(words, w.String())
				w.Reset()
				inWord = false
			}
		case r == '$' || r == '`' || r == '\\' || r == '\'' || r == '|' || r == '>' || r == '<' || r == ';':
			t.Fatalf("the README's command %q uses %q: keep the worked example's commands plain", line, r)
		default:
			w.WriteRune(r)
			inWord = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %q", line)
	}
	if inWord {
		words = append(words, w.String())
	}
	return words
}

var rfc3339 = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ`)

// matchShown reports whether out has the lines shown, where "…" stands for
// any number of lines; trailing spaces and instants do not count.
func matchShown(out string, shown []string) bool {
	norm := func(l string) string { return rfc3339.ReplaceAllString(strings.TrimRight(l, " "), "T") }
	got := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if out == "" {
		got = nil
	}
	var match func(g, w []string) bool
	match = func(g, w []string) bool {
		if len(w) == 0 {
			return len(g) == 0
		}
		if w[0] == "…" {
			for i := 0; i <= len(g); i++ {
				if match(g[i:], w[1:]) {
					return true
				}
			}
			return false
		}
		return len(g) > 0 && norm(g[0]) == norm(w[0]) && match(g[1:], w[1:])
	}
	return match(got, shown)
}

// TestReadmeWorkedExampleRuns runs the README's worked example from the
// repository alone, as the README says to (from the repository's folder,
// as the adviser "you", on a new store), and compares what each command
// prints with what the README shows.
func TestReadmeWorkedExampleRuns(t *testing.T) {
	steps := workedExample(t, "../README.md")
	if len(steps) < 5 {
		t.Fatalf("the worked example has %d commands", len(steps))
	}
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(t.TempDir(), "no.key"))
	t.Chdir("..")
	db := ""
	for _, st := range steps {
		if strings.HasPrefix(st.line, "export MACHTIGING_DB=") {
			db = filepath.Join(t.TempDir(), "try.db")
			t.Setenv("MACHTIGING_DB", db)
			continue
		}
		words := shellWords(t, st.line)
		if words[0] != "machtiging" {
			t.Fatalf("the worked example runs %q, not machtiging", st.line)
		}
		if db == "" {
			t.Fatalf("%q runs before the example chooses its store", st.line)
		}
		var out, errb bytes.Buffer
		app := &App{Stdout: &out, Stderr: &errb, Actor: store.Actor{Adviser: "you", AccessPoint: "README"}}
		if code := app.Run(words[1:]); code != 0 {
			t.Fatalf("$ %s: exit %d: %s", st.line, code, errb.String())
		}
		if !matchShown(out.String(), st.want) {
			t.Errorf("$ %s printed\n%s\nbut the README shows\n%s", st.line, out.String(), strings.Join(st.want, "\n"))
		}
	}
}
