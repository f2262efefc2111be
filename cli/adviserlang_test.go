package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
)

// TestAdviserLang: `adviser lang NAME nl|en|auto` sets lang= in the
// advisers file (auto removes it), adviser list shows it in a last
// column, a bad language is a usage error and an unknown name an error,
// neither changing the file; Dutch says every line in Dutch.
func TestAdviserLang(t *testing.T) {
	db := newDB(t)
	_, priv, _ := ed25519.GenerateKey(rand.Reader)
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(t.TempDir(), "a.pub")
	if err := os.WriteFile(pub, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600); err != nil {
		t.Fatal(err)
	}
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "add", "a.devries", pub))
	file := filepath.Join(filepath.Dir(db), "advisers")
	langOf := func() string {
		list, err := advisers.Load(file)
		if err != nil || len(list) != 1 {
			t.Fatalf("advisers file: %v %v", list, err)
		}
		return list[0].Lang
	}
	listed := func(lang string) string {
		out := mustOK(t, cmd(t, db, "beheer", "", "--lang", lang, "adviser", "list")).stdout
		for _, line := range strings.Split(out, "\n") {
			if f := strings.Fields(line); len(f) > 0 && f[0] == "a.devries" {
				return f[len(f)-1]
			}
		}
		t.Fatalf("adviser list has no a.devries:\n%s", out)
		return ""
	}
	if got := listed("en"); got != "-" {
		t.Errorf("no language listed as %q", got)
	}
	r := mustOK(t, cmd(t, db, "beheer", "", "--lang", "en", "adviser", "lang", "a.devries", "nl"))
	if r.stdout != "a.devries works in Dutch (nl) from their next command or login\n" || langOf() != "nl" {
		t.Errorf("set nl: %q, file has %q", r.stdout, langOf())
	}
	if header := mustOK(t, cmd(t, db, "beheer", "", "--lang", "en", "adviser", "list")).stdout; !strings.HasPrefix(header, "ADVISER") || !strings.Contains(strings.SplitN(header, "\n", 2)[0], "LANG") {
		t.Errorf("English list: %q", header)
	}
	if got := listed("nl"); got != "nl" {
		t.Errorf("listed as %q, want nl", got)
	}
	r = mustOK(t, cmd(t, db, "beheer", "", "--lang", "nl", "adviser", "lang", "a.devries", "en"))
	if r.stdout != "a.devries werkt in het Engels (en) vanaf de volgende opdracht of aanmelding\n" || langOf() != "en" {
		t.Errorf("set en in Dutch: %q, file has %q", r.stdout, langOf())
	}
	before, _ := os.ReadFile(file)
	for _, c := range []struct {
		args   []string
		code   int
		en, nl string
	}{
		{[]string{"adviser", "lang", "a.devries", "fr"}, ExitUsage, `adviser lang: "fr" is not a language (nl, en or auto)`, `"fr" is geen taal (nl, en of auto)`},
		{[]string{"adviser", "lang", "a.devries"}, ExitUsage, "adviser lang takes a NAME and a language", "machtiging adviser lang neemt 2 argumenten, niet 1"},
		{[]string{"adviser", "lang", "nobody", "nl"}, ExitError, "adviser lang: there is no adviser nobody in ", "adviser lang: adviseur nobody staat niet in het adviseursbestand "},
	} {
		en := cmd(t, db, "beheer", "", append([]string{"--lang", "en"}, c.args...)...)
		nl := cmd(t, db, "beheer", "", append([]string{"--lang", "nl"}, c.args...)...)
		if en.code != c.code || nl.code != c.code || !strings.Contains(en.stderr, c.en) || !strings.Contains(nl.stderr, c.nl) {
			t.Errorf("%v: English %+v, Dutch %+v", c.args, en, nl)
		}
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Errorf("a refused change changed the file:\n%s", after)
	}
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "lang", "a.devries", "auto"))
	if langOf() != "" || listed("en") != "-" {
		t.Errorf("auto left %q", langOf())
	}
}
