package cli

import (
	"strings"
	"testing"
)

// TestLangFlag: --lang takes en or nl; anything else is a usage error, and
// machine output is the same in both languages.
func TestLangFlag(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "jdevries", "", "import", examples))
	if r := cmd(t, db, "jdevries", "", "--lang", "de", "check", "--json", "--today", "2026-12-01"); r.code != ExitUsage || !strings.Contains(r.stderr, "--lang") {
		t.Fatalf("--lang de: exit %d, %q", r.code, r.stderr)
	}
	en := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "en", "check", "--json", "--today", "2026-12-01"))
	nl := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "check", "--json", "--today", "2026-12-01"))
	if en.stdout != nl.stdout || en.stdout == "" {
		t.Fatal("check --json differs between the languages")
	}
}
