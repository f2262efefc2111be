package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/i18n"
)

// englishLabels lists the fixed parts of the English administration texts
// (the pieces between placeholders, and the table columns) that Dutch
// does not share: none of them may appear in Dutch output.
func englishLabels() []string {
	en, nl := &i18n.For(i18n.English).Commands, &i18n.For(i18n.Dutch).Commands
	dutch := map[string]bool{}
	for _, h := range []string{nl.AuditHeader, nl.RegisterHeader, nl.AdviserHeader} {
		for _, c := range strings.Split(h, "\t") {
			dutch[c] = true
		}
	}
	var labels []string
	for _, h := range []string{en.AuditHeader, en.RegisterHeader, en.AdviserHeader} {
		for _, c := range strings.Split(h, "\t") {
			if len(c) > 2 && !dutch[c] {
				labels = append(labels, c)
			}
		}
	}
	v := reflect.ValueOf(*en)
	for i := range v.NumField() {
		var texts []string
		switch f := v.Field(i).Interface().(type) {
		case string:
			texts = []string{f}
		case i18n.Plural:
			texts = []string{f.One, f.Other}
		}
		for _, t := range texts {
			for _, line := range strings.Split(t, "\n") {
				for _, part := range strings.FieldsFunc(line, func(r rune) bool { return r == '{' || r == '}' }) {
					if p := strings.Trim(part, " :,;()"); len(p) >= 8 && strings.Contains(p, " ") {
						labels = append(labels, p)
					}
				}
			}
		}
	}
	return labels
}

// TestDutchAdministrationCommands: under --lang nl the human output of
// audit, register, compact, backup, doctor and purge holds no English
// label, and the English output keeps its words.
func TestDutchAdministrationCommands(t *testing.T) {
	labels := englishLabels()
	if len(labels) < 20 {
		t.Fatalf("only %d English labels found", len(labels))
	}
	db := newDB(t)
	mustOK(t, cmd(t, db, "jdevries", "", "import", examples))
	mustOK(t, cmd(t, db, "jdevries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"))
	dir := t.TempDir()
	passFile := filepath.Join(dir, "pass")
	if err := os.WriteFile(passFile, []byte("geheim123\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("MACHTIGING_PASSPHRASE_FILE", passFile)
	runs := [][]string{
		{"register", "import", "insured", exampleInsured},
		{"register", "status"},
		{"audit"},
		{"audit", "verify"},
		{"compact"},
		{"backup", filepath.Join(dir, "b.db")},
		{"doctor"},
		{"purge", "--decided-before", "2030-01-01", "--dry-run"},
		{"adviser", "add", "a.devries", testPub(t, dir, "a")},
		{"adviser", "list"},
		{"adviser", "role", "a.devries", "auditor"},
		{"adviser", "remove", "a.devries"},
		{"letter", "--init-templates"},
		{"key", "init"},
		{"key", "rotate"},
		{"key", "protect", "--passphrase-file", passFile},
	}
	for _, args := range runs {
		nl := mustOK(t, cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, args...)...))
		if nl.stdout == "" {
			t.Errorf("%v: no output", args)
		}
		out := nl.stdout
		if args[0] == "audit" && len(args) == 1 {
			out = withoutDetail(out)
		}
		for _, l := range labels {
			if strings.Contains(out, l) {
				t.Errorf("%v in Dutch holds %q:\n%s", args, l, nl.stdout)
			}
		}
	}
	for args, want := range map[string][]string{
		"register status": {"verzekerdenregister", "REGELS", "zorgaanbiedersregister", "nooit geladen"},
		"audit":           {"GEBEURTENIS", "TOEGANGSPUNT", "gelukt", "+10 meer"},
		"audit verify":    {"toegangslog ongeschonden"},
		"doctor":          {"is in orde"},
	} {
		nl := mustOK(t, cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, strings.Fields(args)...)...))
		en := mustOK(t, cmd(t, db, "jdevries", "", append([]string{"--lang", "en"}, strings.Fields(args)...)...))
		for _, w := range want {
			if !strings.Contains(nl.stdout, w) {
				t.Errorf("%s in Dutch lacks %q:\n%s", args, w, nl.stdout)
			}
			if strings.Contains(en.stdout, w) {
				t.Errorf("%s in English holds %q", args, w)
			}
		}
	}
	en := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "en", "purge", "--decided-before", "2030-01-01", "--dry-run"))
	if !strings.HasPrefix(en.stdout, "dry run: 1 request decided before 2030-01-01 would be purged: ") || !strings.Contains(en.stdout, "nothing was changed") {
		t.Fatalf("English purge: %q", en.stdout)
	}
}

// withoutDetail cuts the access log table's last column, the log's own
// record, which stays as it was written.
func withoutDetail(table string) string {
	lines := strings.Split(table, "\n")
	at := strings.Index(lines[0], i18n.For(i18n.Dutch).Commands.AuditHeader[strings.LastIndex(i18n.For(i18n.Dutch).Commands.AuditHeader, "\t")+1:])
	if at < 0 {
		return table
	}
	for i, l := range lines {
		if len(l) > at {
			lines[i] = l[:at]
		}
	}
	return strings.Join(lines, "\n")
}

// TestDutchStoreErrors: an unknown and a purged request are said in Dutch
// (found by their type), with the same exit code as in English.
func TestDutchStoreErrors(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "jdevries", "", "import", examples))
	mustOK(t, cmd(t, db, "jdevries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "jdevries", "", "purge", "--decided-before", "2030-01-01"))
	for _, c := range []struct {
		args   []string
		nl, en string
	}{
		{[]string{"check", "MA-2026-0999"}, "machtiging: aanvraag MA-2026-0999 bestaat niet\n", "there is no request MA-2026-0999"},
		{[]string{"decide", "MA-2026-0999", "approve"}, "machtiging: aanvraag MA-2026-0999 bestaat niet\n", "there is no request MA-2026-0999"},
		{[]string{"check", "MA-2026-0001"}, "machtiging: aanvraag MA-2026-0001 is op ", "was purged on"},
	} {
		nl := cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, c.args...)...)
		en := cmd(t, db, "jdevries", "", append([]string{"--lang", "en"}, c.args...)...)
		if nl.code != en.code || nl.code == 0 {
			t.Errorf("%v: exit %d in Dutch, %d in English", c.args, nl.code, en.code)
		}
		if !strings.HasPrefix(nl.stderr, c.nl) || strings.Contains(nl.stderr, "not found") || strings.Contains(nl.stderr, "purged") {
			t.Errorf("%v in Dutch: %q", c.args, nl.stderr)
		}
		if !strings.Contains(en.stderr, c.en) {
			t.Errorf("%v in English: %q", c.args, en.stderr)
		}
	}
}

// testPub writes a new public key to dir/name.pub.
func testPub(t *testing.T, dir, name string) string {
	t.Helper()
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(dir, name+".pub")
	if err := os.WriteFile(p, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDutchUsageHintAndNoLetter: the hint after a usage error and a
// request without a letter read Dutch, with the same exit codes.
func TestDutchUsageHintAndNoLetter(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "jdevries", "", "import", examples))
	nl := cmd(t, db, "jdevries", "", "--lang", "nl", "check", "--today", "gisteren")
	en := cmd(t, db, "jdevries", "", "--lang", "en", "check", "--today", "gisteren")
	if nl.code != ExitUsage || en.code != ExitUsage || !strings.Contains(nl.stderr, "Typ 'machtiging --help' voor het gebruik.") || !strings.Contains(en.stderr, "Run 'machtiging --help' for usage.") {
		t.Fatalf("usage: %+v %+v", nl, en)
	}
	nl = cmd(t, db, "jdevries", "", "--lang", "nl", "letter", "MA-2026-0001")
	en = cmd(t, db, "jdevries", "", "--lang", "en", "letter", "MA-2026-0001")
	if nl.code != en.code || nl.code != ExitError || !strings.Contains(nl.stderr, "MA-2026-0001 heeft nog geen besluit met een brief") || !strings.Contains(en.stderr, "has no decision with a letter") {
		t.Fatalf("no letter: %+v %+v", nl, en)
	}
}
