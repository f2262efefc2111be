package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
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
