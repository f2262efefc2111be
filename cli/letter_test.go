package cli

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"machtiging/letters"
)

// decided is a store with the contract's examples and the Turkish name's
// request, and decisions of every first kind.
func decided(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", addressRecord+"\n", "import", "-"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0001", "approve", "--minutes", "1800", "--reason", "1800 minuten volstaan.", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "Gecontracteerde zorgaanbieder", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "request-info", "--reason", "Graag aanvullen", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-ADR-1", "reject", "--code", "started", "--reason", "De behandeling is al begonnen.", "--today", "2026-12-01"))
	return db
}

func TestLetterPrintsTheStoredLetter(t *testing.T) {
	db := decided(t)
	tests := []struct {
		args []string
		want []string
	}{
		{[]string{"MA-2026-0001"}, []string{"Anna de Vries", "MA-2026-0001", "1 december 2026", "machtiging", "1800 behandelminuten", "gedeeltelijk", "1800 minuten volstaan.", "polisvoorwaarden"}},
		{[]string{"MA-2026-0004", "--to", "insured"}, []string{"Gecontracteerde zorgaanbieder", "heroverweging", "zes weken", "SKGZ"}},
		{[]string{"MA-2026-0003"}, []string{"uiterlijk 15 december 2026", "de betrokken behandelaars", "de DBC-declaratiecode en de prestatiecode", "Graag aanvullen"}},
		{[]string{"MA-ADR-1"}, []string{"Ayşe Çelik-Öztürk\nDorpsstraat 12\n3811 AB Amersfoort\n", "een machtiging moet zijn afgegeven vóór de start van de behandeling"}},
		{[]string{"MA-ADR-1", "--to", "provider", "--format", "txt"}, []string{"Revalidatiekliniek Amersfoort\nPostbus 4421\n3800 GA Amersfoort\n", "Geachte heer, mevrouw,", "Ayşe Çelik-Öztürk"}},
	}
	for _, tc := range tests {
		r := mustOK(t, cmd(t, db, "a.devries", "", append([]string{"letter"}, tc.args...)...))
		for _, w := range tc.want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("letter %v lacks %q:\n%s", tc.args, w, r.stdout)
			}
		}
	}
	// Without an address, a letter is addressed by name only.
	r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001"))
	if !strings.Contains(r.stdout, "\n\nAnna de Vries\n\nOns kenmerk") {
		t.Errorf("the letter without an address:\n%s", r.stdout)
	}
}

func TestLetterErrors(t *testing.T) {
	db := decided(t)
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0002", "reject", "--code", "not_indicated", "--reason", "Niet geïndiceerd", "--today", "2026-12-01"))
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"letter", "MA-2026-0012"}, 1, "MA-2026-0012 has no decision with a letter"},
		{[]string{"letter", "MA-2026-0002"}, 1, "MA-2026-0002 has no decision with a letter"}, // a proposal has none
		{[]string{"letter", "MA-2026-9999"}, 1, "there is no request MA-2026-9999"},
		{[]string{"letter"}, 2, "letter takes one request ID"},
		{[]string{"letter", "MA-2026-0001", "--to", "huisarts"}, 2, "--to"},
		{[]string{"letter", "MA-2026-0001", "--format", "docx"}, 2, "--format"},
	}
	for _, tc := range tests {
		r := cmd(t, db, "a.devries", "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) || r.stdout != "" {
			t.Errorf("%v: exit %d, stderr %q, stdout %q; want exit %d saying %q", tc.args, r.code, r.stderr, r.stdout, tc.code, tc.want)
		}
	}
}

// A decided letter is what was sent, byte for byte, after the insurer
// changes its templates; new decisions use the new ones.
func TestLetterUnchangedAfterTemplatesChange(t *testing.T) {
	db := decided(t)
	before := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001")).stdout
	beforeProvider := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001", "--to", "provider")).stdout
	dir := letters.DefaultDir(db)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "letterhead.tmpl"), []byte("Zorgverzekeraar De Linde\nPostbus 1\n8000 AA Zwolle\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if after := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001")).stdout; after != before {
		t.Fatalf("the stored letter changed with the templates:\n%s", after)
	}
	if after := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001", "--to", "provider")).stdout; after != beforeProvider {
		t.Fatal("the provider's copy changed with the templates")
	}
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "approve", "--today", "2026-12-01"))
	if r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0012")); !strings.HasPrefix(r.stdout, "Zorgverzekeraar De Linde\n") {
		t.Fatalf("a new letter does not use the new letterhead:\n%s", r.stdout)
	}
}

// A broken template is a one-line error naming file and line at start:
// no command runs on it, and no decision is recorded.
func TestBrokenTemplateStopsAtStart(t *testing.T) {
	db := decided(t)
	dir := letters.DefaultDir(db)
	os.MkdirAll(dir, 0o700)
	path := filepath.Join(dir, "approved.tmpl")
	if err := os.WriteFile(path, []byte("Wij geven u een machtiging.\n{{if .Approval}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"check"}, {"decide", "MA-2026-0012", "approve", "--today", "2026-12-01"}, {"letter", "MA-2026-0001"}} {
		r := cmd(t, db, "a.devries", "", args...)
		if r.code != 1 || !strings.Contains(r.stderr, "letter template "+path+" line 2: ") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	os.Remove(path)
	if r := mustOK(t, cmd(t, db, "a.devries", "", "check", "--json", "MA-2026-0012", "--today", "2026-12-01")); !strings.Contains(r.stdout, `"state":"open"`) {
		t.Fatalf("a decision was recorded: %s", r.stdout)
	}
}

// A template that fails only on one request's data records no decision
// for it: the letter and the decision are one transaction.
func TestFailingLetterRecordsNoDecision(t *testing.T) {
	db := decided(t)
	dir := letters.DefaultDir(db)
	os.MkdirAll(dir, 0o700)
	tmpl := `Bel ons over {{.RequestID}}.{{if eq .RequestID "MA-2026-0012"}}{{index .Insured.Name 99}}{{end}}`
	if err := os.WriteFile(filepath.Join(dir, "contact.tmpl"), []byte(tmpl), 0o600); err != nil {
		t.Fatal(err)
	}
	exportBefore := mustOK(t, cmd(t, db, "a.devries", "", "export", "--format", "csv")).stdout
	r := cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "approve", "--today", "2026-12-01")
	if r.code != 1 || !strings.Contains(r.stderr, "contact.tmpl line 1") {
		t.Fatalf("decide: exit %d, %s", r.code, r.stderr)
	}
	if after := mustOK(t, cmd(t, db, "a.devries", "", "export", "--format", "csv")).stdout; after != exportBefore {
		t.Fatalf("a decision was recorded:\n%s", after)
	}
	if r := cmd(t, db, "a.devries", "", "letter", "MA-2026-0012"); r.code != 1 {
		t.Fatalf("letter after a failed decision: exit %d", r.code)
	}
}

// The PDF holds the stored text: pdftotext gives it back, the name with ş,
// Ç and Ö included.
func TestLetterPDF(t *testing.T) {
	db := decided(t)
	for _, to := range []string{"insured", "provider"} {
		text := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-ADR-1", "--to", to)).stdout
		out := filepath.Join(t.TempDir(), "brief.pdf")
		r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-ADR-1", "--to", to, "--format", "pdf", "-o", out))
		if r.stdout != "" {
			t.Fatalf("stdout %q with -o", r.stdout)
		}
		fi, err := os.Stat(out)
		if err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("the PDF file: %v %v", fi, err)
		}
		piped := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-ADR-1", "--to", to, "--format", "pdf")).stdout
		if !strings.HasPrefix(piped, "%PDF-") {
			t.Fatal("standard output is not a PDF")
		}
		tool, err := exec.LookPath("pdftotext")
		if err != nil {
			if os.Getenv("CI") == "true" {
				t.Fatal("pdftotext is not installed (poppler-utils); CI=true, so this is a failure")
			}
			t.Skip("pdftotext is not installed (poppler-utils)")
		}
		got, err := exec.Command(tool, "-enc", "UTF-8", out, "-").Output()
		if err != nil {
			t.Fatal(err)
		}
		pages := bytes.Count(got, []byte("\f"))
		for n := 1; n <= pages; n++ {
			got = bytes.Replace(got, []byte(letters.FooterText("MA-ADR-1", n, pages)), nil, 1)
		}
		if strings.Join(strings.Fields(string(got)), " ") != strings.Join(strings.Fields(text), " ") {
			t.Errorf("the PDF's text is not the stored letter:\n%s\n---\n%s", got, text)
		}
		if !bytes.Contains(got, []byte("Ayşe Çelik-Öztürk")) {
			t.Error("the name did not come out exactly")
		}
	}
}

// The outcomes of a reconsideration write their own letters; the objection
// itself writes none (the rejection's letter stays the latest).
func TestReconsiderationLetters(t *testing.T) {
	db := decided(t)
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "reject", "--code", "other", "--reason", "Eerste motivering.", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "reconsider", "--reason", "Bezwaar van verzekerde", "--today", "2026-12-01"))
	if r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0012")); !strings.Contains(r.stdout, "Eerste motivering.") {
		t.Fatalf("after the objection the letter is not the rejection's:\n%s", r.stdout)
	}
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0012", "uphold", "--reason", "Ook na heroverweging blijft de afwijzing staan.", "--today", "2026-12-10"))
	r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0012"))
	for _, w := range []string{"Ook na heroverweging blijft de afwijzing staan.", "10 december 2026", "code other", "heroverweging", "zes weken", "SKGZ", "meer uitleg", "alle voorwaarden van de polis"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the upheld letter lacks %q:\n%s", w, r.stdout)
		}
	}

	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0002", "reject", "--code", "other", "--reason", "Nee.", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0002", "reconsider", "--reason", "Bezwaar", "--today", "2026-12-02"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0002", "approve", "--minutes", "2000", "--reason", "Alsnog akkoord.", "--today", "2026-12-03"))
	r = mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0002", "--to", "provider"))
	for _, w := range []string{"alsnog een machtiging", "2000 behandelminuten", "gedeeltelijk", "Alsnog akkoord.", "3 december 2026", "heroverweging van de aanvraag"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the approved-on-reconsideration letter lacks %q:\n%s", w, r.stdout)
		}
	}
}

// Encrypting the store seals the letters already written; they read back
// unchanged with the key.
func TestLettersSurviveKeyInit(t *testing.T) {
	db := decided(t)
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(filepath.Dir(db), "k.key"))
	before := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-ADR-1")).stdout
	mustOK(t, cmd(t, db, "a.devries", "", "key", "init"))
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(raw, []byte("De behandeling is al begonnen.")) || bytes.Contains(raw, []byte("Dorpsstraat 12")) {
		t.Fatal("a letter is in the encrypted file in clear")
	}
	if after := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-ADR-1")).stdout; after != before {
		t.Fatalf("the letter changed with the key:\n%s", after)
	}
}

// --init-templates copies the built-in templates beside the store, keeps
// the insurer's own, and the copies load as they are.
func TestInitTemplates(t *testing.T) {
	db := decided(t)
	dir := letters.DefaultDir(db)
	os.MkdirAll(dir, 0o700)
	own := "Zorgverzekeraar De Linde\n"
	os.WriteFile(filepath.Join(dir, "letterhead.tmpl"), []byte(own), 0o600)
	r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "--init-templates"))
	if !strings.Contains(r.stdout, "wrote 12 of 13 letter templates to "+dir) {
		t.Fatalf("stdout %q", r.stdout)
	}
	if b, _ := os.ReadFile(filepath.Join(dir, "letterhead.tmpl")); string(b) != own {
		t.Fatal("the insurer's own letterhead was overwritten")
	}
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "approve", "--today", "2026-12-01"))
	if r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0012")); !strings.HasPrefix(r.stdout, own) {
		t.Fatalf("the copied templates do not make the letter:\n%s", r.stdout)
	}
	for _, args := range [][]string{{"letter", "--init-templates", "MA-2026-0001"}, {"letter", "--init-templates", "--to", "provider"}} {
		if r := cmd(t, db, "a.devries", "", args...); r.code != 2 {
			t.Errorf("%v: exit %d %s", args, r.code, r.stderr)
		}
	}
}

// A concurrence's letter quotes the proposer's motivation and the second
// adviser's addition.
func TestConcurrenceLetter(t *testing.T) {
	db := decided(t)
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "reject", "--code", "not_indicated", "--reason", "Opname niet geïndiceerd.", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0012", "concur", "--reason", "Eens.", "--today", "2026-12-01"))
	r := mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0012"))
	for _, w := range []string{"Opname niet geïndiceerd.", "voegt toe:\nEens.", "SKGZ"} {
		if !strings.Contains(r.stdout, w) {
			t.Errorf("the concurrence's letter lacks %q:\n%s", w, r.stdout)
		}
	}
}
