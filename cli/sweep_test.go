package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestDutchErrorsHoldNoEnglish runs the error paths of every command
// under Dutch: bad arguments and flags, missing files, unknown ids,
// refused decisions, a letter of an undecided request, key commands on a
// store without a key, purge and report with bad days, serve on a bad
// address. Each exits as it does in English, and its error line holds
// none of the English lines' words.
func TestDutchErrorsHoldNoEnglish(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	mustOK(t, cmd(t, db, "jdevries", "", "import", examples))
	mustOK(t, cmd(t, db, "jdevries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"))
	bad := filepath.Join(dir, "x1.json")
	if err := os.WriteFile(bad, []byte(`[{"id":"MA-9","insured":{"bsn":"123456789"}}]`), 0o600); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "x2.csv")
	total, caught := 0, 0
	for _, args := range [][]string{
		{"frobnicate"},
		{"--bogus"},
		{"check", "--today"},
		{"check", "--today", "2026-02-30"},
		{"check", "MA-2026-0999"},
		{"import"},
		{"import", missing},
		{"import", bad},
		{"decide"},
		{"decide", "MA-2026-0999", "approve"},
		{"decide", "MA-2026-0001", "reject", "--code", "other", "--reason", "r"},
		{"decide", "MA-2026-0001", "frob"},
		{"decide", "MA-2026-0002", "approve", "--minutes", "0"},
		{"decide", "MA-2026-0002", "approve", "--code", "other"},
		{"decide", "MA-2026-0002", "request-info", "--items", "nope"},
		{"decide", "MA-2026-0002", "reject", "--code", "nope"},
		{"letter", "MA-2026-0002"},
		{"letter", "MA-2026-0001", "--format", "doc"},
		{"letter", "MA-2026-0001", "--to", "nobody"},
		{"letter", "--init-templates", "--to", "provider"},
		{"register", "import"},
		{"register", "import", "foo", missing},
		{"register", "import", "insured", missing},
		{"register", "status", "extra"},
		{"key", "rotate"},
		{"key", "protect"},
		{"key", "frobnicate"},
		{"purge"},
		{"purge", "--decided-before", "2026-02-30"},
		{"report", "--from", "2026-02-01", "--until", "2026-01-01"},
		{"report", "--from", "gisteren"},
		{"report", "--json", "--csv"},
		{"export", "--format", "xml"},
		{"audit", "--since", "nope"},
		{"audit", "verify", "--checkpoint", "garbage"},
		{"audit", "frobnicate"},
		{"backup"},
		{"backup", filepath.Join(dir, "none", "b.db")},
		{"serve", "--listen", "nope"},
		{"demo", "--n", "0"},
		{"generate", "--n", "-1"},
		{"adviser"},
		{"adviser", "role", "nobody", "admin"},
		{"adviser", "role", "nobody", "god"},
		{"adviser", "add", "x", missing},
		{"adviser", "lang", "nobody", "fr"},
		{"help", "nope"},
		{"--db", filepath.Join(dir, "x1.json"), "check"},
	} {
		total++
		nl := cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, args...)...)
		en := cmd(t, db, "jdevries", "", append([]string{"--lang", "en"}, args...)...)
		if nl.code == 0 || nl.code != en.code {
			t.Errorf("%v: exit %d in Dutch, %d in English", args, nl.code, en.code)
		}
		line, _, _ := strings.Cut(nl.stderr, "\n")
		if !strings.HasPrefix(line, "machtiging: ") || englishMarkers.MatchString(strings.ReplaceAll(line, dir, "")) {
			t.Errorf("%v in Dutch: %q (English %q)", args, line, strings.TrimSpace(en.stderr))
		}
		if enLine, _, _ := strings.Cut(en.stderr, "\n"); englishMarkers.MatchString(strings.ReplaceAll(enLine, dir, "")) {
			caught++
		}
	}
	t.Logf("the English markers find %d of %d English lines", caught, total)
	// The markers are the English lines' own words: they find most of them.
	if caught*10 < total*8 {
		t.Errorf("the English markers find %d of %d English lines: the list is too weak to fail", caught, total)
	}
}

// TestDutchAdvisersFileErrors: an advisers file that does not parse, and
// an adviser that cannot be added, are said in Dutch from their types.
func TestDutchAdvisersFileErrors(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "beheer", "", "check"))
	file := filepath.Join(filepath.Dir(db), "advisers")
	junk := filepath.Join(t.TempDir(), "j.pub")
	if err := os.WriteFile(junk, []byte("junk\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		file string
		args []string
		nl   string
	}{
		{"garbage line\n", []string{"adviser", "list"}, "regel 1: er staat geen openbare sleutel die te lezen is"},
		{"", []string{"adviser", "add", "z", junk}, "adviser add: de openbare sleutel is niet te lezen"},
		{"", []string{"adviser", "add", "bad name", junk}, `adviser add: de adviseursnaam "bad name" mag alleen letters, cijfers en . _ - @ bevatten`},
	} {
		if err := os.WriteFile(file, []byte(c.file), 0o600); err != nil {
			t.Fatal(err)
		}
		nl := cmd(t, db, "beheer", "", append([]string{"--lang", "nl"}, c.args...)...)
		en := cmd(t, db, "beheer", "", append([]string{"--lang", "en"}, c.args...)...)
		line, _, _ := strings.Cut(nl.stderr, "\n")
		if nl.code != en.code || nl.code != ExitError || !strings.Contains(line, c.nl) || englishMarkers.MatchString(line) {
			t.Errorf("%v: Dutch %d %q, English %d %q", c.args, nl.code, line, en.code, en.stderr)
		}
	}
}
