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

// TestDutchCommandLine: under --lang nl the import summary, the check
// table, a decision and a refusal read Dutch, without identifiers or flags.
func TestDutchCommandLine(t *testing.T) {
	db := newDB(t)
	r := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "import", examples))
	if !strings.Contains(r.stdout, "aanvragen geïmporteerd uit") {
		t.Fatalf("import: %q", r.stdout)
	}
	r = mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "check", "--today", "2026-12-01"))
	for _, want := range []string{"NUMMER", "BEOORDELING", "onvolledig", "compleet", "01-12-2026"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("check lacks %q:\n%s", want, r.stdout)
		}
	}
	for _, not := range []string{"second_review", "not_required", "VERDICT"} {
		if strings.Contains(r.stdout, not) {
			t.Errorf("check shows %q:\n%s", not, r.stdout)
		}
	}
	r = mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"))
	if !strings.Contains(r.stdout, "MA-2026-0001 goedgekeurd: 2400 behandelminuten, geldig 14 december 2026 tot en met") || !strings.Contains(r.stdout, "(door jdevries)") {
		t.Fatalf("decide: %q", r.stdout)
	}
	r = cmd(t, db, "jdevries", "", "--lang", "nl", "decide", "MA-2026-0003", "reject", "--code", "incomplete", "--today", "2026-12-01")
	if r.code != ExitError || !strings.Contains(r.stderr, "besluit MA-2026-0003 afwijzen geweigerd: een afwijzing heeft een motivering nodig") || strings.Contains(r.stderr, "--") {
		t.Fatalf("refusal: exit %d, %q", r.code, r.stderr)
	}
	// English keeps the contract's words and names the flag.
	r = cmd(t, db, "jdevries", "", "--lang", "en", "decide", "MA-2026-0003", "reject", "--code", "incomplete", "--today", "2026-12-01")
	if !strings.Contains(r.stderr, "(--reason)") {
		t.Fatalf("English refusal: %q", r.stderr)
	}
}
