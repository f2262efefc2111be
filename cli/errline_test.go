package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/cobra"

	"fmt"
	"machtiging/i18n"
	"net"
)

// TestImportErrorsInDutch: a refused import file, a refused register file
// and a damaged store are said in Dutch, from the errors' types and
// fields; English keeps its line to the letter, and the exit code is the
// same in both languages.
func TestImportErrorsInDutch(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	file := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	foreign := file("other.db", strings.Repeat("not a store ", 2000))
	for _, c := range []struct {
		args   []string
		nl, en string
	}{
		{[]string{"import", file("a1.json", `{"id":"MA-1","bogus":1}`)},
			"aanvraag 0 (MA-1), veld bogus: dit veld kent het formaat niet", "record 0 (MA-1): bogus: unknown field"},
		{[]string{"import", file("a2.json", `{"id":"MA-2","received":"2026-02-30"}`)},
			`aanvraag 0 (MA-2), veld received: "2026-02-30" is geen dag van de kalender`, `record 0 (MA-2): received: "2026-02-30" is not a day of the calendar`},
		{[]string{"import", file("a3.json", "garbage")},
			"aanvraag 0: het bestand is geen JSON-lijst van aanvragen en ook geen NDJSON", "record 0: the file is neither a JSON array of request objects nor NDJSON"},
		{[]string{"import", file("a4.json", strings.Repeat("[", 2)+`{"id":"MA-3"}]]`)},
			"aanvraag 0: is geen JSON-object (begint met '[')", "record 0: is not a JSON object (starts with '[')"},
		{[]string{"import", filepath.Join(dir, "a5.json")},
			"a5.json: het bestand of de map bestaat niet", "a5.json: no such file or directory"},
		{[]string{"register", "import", "insured", file("ins.csv", "bsn,birth_date,name\n123456789,1980-01-01,Jan\n")},
			"regel 1 kolom 3: \"name\" is geen kolom van dit register", "line 1 column 3: \"name\" is not a column of this register"},
		{[]string{"register", "import", "providers", file("prov.csv", "agb,name,contracted_from\n123,Zorg,2026-01-01\n")},
			"regel 2 kolom agb: AGB-code \"123\" bestaat niet uit 8 cijfers", "line 2 column agb: AGB-code \"123\" is not 8 digits"},
		{[]string{"--db", foreign, "check"},
			"de opslag " + foreign + " is beschadigd: zet een back-up terug", "store " + foreign + " is damaged ("},
	} {
		nl := cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, c.args...)...)
		en := cmd(t, db, "jdevries", "", append([]string{"--lang", "en"}, c.args...)...)
		if nl.code != en.code || nl.code != ExitError {
			t.Errorf("%v: exit %d in Dutch, %d in English", c.args, nl.code, en.code)
		}
		if !strings.Contains(nl.stderr, c.nl) || englishMarkers.MatchString(nl.stderr) {
			t.Errorf("%v in Dutch: %q, want %q", c.args, nl.stderr, c.nl)
		}
		if !strings.Contains(en.stderr, c.en) {
			t.Errorf("%v in English: %q, want %q", c.args, en.stderr, c.en)
		}
	}
}

// englishMarkers are words of the English error lines that no Dutch line
// holds.
var englishMarkers = regexp.MustCompile(`(?i)\b(record|field|unknown|invalid|must|not found|line|column|expected|flag|required|is not|damaged|needs|takes|no such|does not|cannot|neither|truncated|wrong|refused|missing|empty|only|there is)\b`)

// TestUsageErrorsInDutch: cobra's and pflag's errors of the command line
// (an unknown flag or command, a flag without its value or with one that
// does not parse, the wrong number of arguments) read Dutch under Dutch,
// from their types, and exit 2 in both languages; English keeps its line.
func TestUsageErrorsInDutch(t *testing.T) {
	db := newDB(t)
	for _, c := range []struct {
		args   []string
		nl, en string
	}{
		{[]string{"--bogus"}, "onbekende optie: --bogus", "unknown flag: --bogus"},
		{[]string{"check", "-z"}, "onbekende korte optie: 'z' in -z", "unknown shorthand flag: 'z' in -z"},
		{[]string{"check", "--today"}, "de optie --today heeft een waarde nodig", "flag needs an argument: --today"},
		{[]string{"check", "--today", "2026-13-01"}, `--today: "2026-13-01" is geen dag van de kalender`, `--today: "2026-13-01" is not a day of the calendar`},
		{[]string{"decide", "MA-1", "approve", "--minutes", "abc"}, `ongeldige waarde "abc" voor de optie --minutes`, `invalid argument "abc" for "--minutes" flag`},
		{[]string{"frobnicate"}, `onbekende opdracht "frobnicate" voor machtiging`, `unknown command "frobnicate" for "machtiging"`},
		{[]string{"key", "frobnicate"}, `onbekende opdracht "frobnicate" voor machtiging key`, `unknown command "frobnicate" for "machtiging key"`},
		{[]string{"audit", "frobnicate"}, `onbekende opdracht "frobnicate" voor machtiging audit`, `unknown command "frobnicate" for "machtiging audit"`},
		{[]string{"adviser"}, "machtiging adviser heeft een opdracht nodig: add, ", "machtiging adviser needs a command: add, "},
		{[]string{"export", "extra"}, `machtiging export neemt geen argumenten, ook niet "extra"`, `unknown command "extra" for "machtiging export"`},
		{[]string{"decide"}, "machtiging decide neemt 2 argumenten, niet 0 (zie 'machtiging decide --help')", "decide takes an ID and an outcome (see 'machtiging decide --help')"},
		{[]string{"import"}, "machtiging import neemt 1 argument, niet 0", "import takes one FILE, or - for standard input"},
		{[]string{"help", "nope"}, `geen hulp over "nope": die opdracht bestaat niet`, `unknown help topic "nope"`},
		{[]string{"decide", "MA-1", "frob"}, `"frob" is geen uitkomst (een van approve, `, `"frob" is not an outcome (one of approve, `},
	} {
		nl := cmd(t, db, "jdevries", "", append([]string{"--lang", "nl"}, c.args...)...)
		en := cmd(t, db, "jdevries", "", append([]string{"--lang", "en"}, c.args...)...)
		if nl.code != ExitUsage || en.code != ExitUsage {
			t.Errorf("%v: exit %d in Dutch, %d in English; want %d", c.args, nl.code, en.code, ExitUsage)
		}
		first, _, _ := strings.Cut(nl.stderr, "\n")
		if !strings.Contains(first, c.nl) || englishMarkers.MatchString(first) {
			t.Errorf("%v in Dutch: %q, want %q", c.args, first, c.nl)
		}
		if !strings.Contains(en.stderr, c.en) {
			t.Errorf("%v in English: %q, want %q", c.args, en.stderr, c.en)
		}
	}
}

// TestRequiredFlagsInDutch: a required flag that is not given is named in
// Dutch from the flags' own annotation, and is a usage error.
func TestRequiredFlagsInDutch(t *testing.T) {
	c := &cobra.Command{Use: "x", RunE: func(*cobra.Command, []string) error { return nil }}
	c.Flags().String("to", "", "")
	if err := c.MarkFlagRequired("to"); err != nil {
		t.Fatal(err)
	}
	typeUsageErrors(c)
	c.SetArgs(nil)
	c.SilenceErrors, c.SilenceUsage = true, true
	err := c.Execute()
	if !IsUsage(err) {
		t.Fatalf("not a usage error: %v", err)
	}
	if got := say(i18n.For(i18n.Dutch), err); got != "x heeft --to nodig" {
		t.Errorf("Dutch: %q", got)
	}
	if !strings.Contains(err.Error(), `required flag(s) "to" not set`) {
		t.Errorf("English: %q", err)
	}
}

// TestListenErrorInDutch: an address the team server cannot listen on is
// said in Dutch from the network error's type, naming the address.
func TestListenErrorInDutch(t *testing.T) {
	_, err := net.Listen("tcp", "nope")
	if err == nil {
		t.Fatal("listened on nope")
	}
	if got := say(i18n.For(i18n.Dutch), err); got != "serve: kan niet luisteren op nope: het adres is niet bruikbaar" {
		t.Errorf("Dutch: %q", got)
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	_, err = net.Listen("tcp", l.Addr().String())
	if err == nil {
		t.Fatal("listened twice on one address")
	}
	if got := say(i18n.For(i18n.Dutch), fmt.Errorf("serve: %w", err)); !strings.Contains(got, "kan niet luisteren op "+l.Addr().String()+": het adres is al in gebruik") {
		t.Errorf("Dutch: %q", got)
	}
}
