package letters

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeTemplates(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "letters")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func defaultText(t *testing.T, name string) string {
	t.Helper()
	b, err := defaults.ReadFile("templates/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// The insurer's own letterhead, sender, contact details and wording
// replace the built-in ones.
func TestLoadOverrides(t *testing.T) {
	dir := writeTemplates(t, map[string]string{
		"letterhead.tmpl": "Zorgverzekeraar De Linde\nAntwoordnummer 99\n9999 ZZ Zwolle\n",
		"sender.tmpl":     "Hoogachtend,\n\ndr. P. Visser, medisch adviseur\n",
		"contact.tmpl":    "Bel 0800 1234 over {{.RequestID}}.\n",
		"README.md":       "not a template: ignored",
	})
	set, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	l, err := set.Write(Samples()[0])
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"Zorgverzekeraar De Linde\nAntwoordnummer 99", "dr. P. Visser, medisch adviseur", "Bel 0800 1234 over MA-2026-0001."} {
		if !strings.Contains(l.Insured, w) || !strings.Contains(l.Provider, w) {
			t.Errorf("the letter lacks %q:\n%s", w, l.Insured)
		}
	}
	if strings.Contains(l.Insured, "Zorgzaam") {
		t.Errorf("the built-in letterhead is still there:\n%s", l.Insured)
	}
}

// The built-in set passes the checks that Load makes of an insurer's.
func TestDefaultsPassTheirChecks(t *testing.T) {
	set, err := Parse("", nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.checkSamples(); err != nil {
		t.Fatal(err)
	}
}

// A folder that does not exist, or holds no template, is the built-in set.
func TestLoadWithoutOverrides(t *testing.T) {
	def, _ := Default()
	for _, dir := range []string{filepath.Join(t.TempDir(), "none"), writeTemplates(t, map[string]string{"notes.txt": "x"})} {
		set, err := Load(dir)
		if err != nil || set != def {
			t.Errorf("Load(%s) = %p, %v; want the built-in set", dir, set, err)
		}
	}
}

// A broken template is a one-line error naming the file and the line, at
// load, never a half letter later.
func TestLoadErrors(t *testing.T) {
	rejected := defaultText(t, "rejected.tmpl")
	tests := []struct {
		name  string
		files map[string]string
		want  string // in the error
	}{
		{"syntax", map[string]string{"letterhead.tmpl": "Zorgzaam\n{{if .ToInsured}\n"}, "letterhead.tmpl line 2: "},
		{"unclosed action", map[string]string{"sender.tmpl": "a\nb\nc {{end}}\n"}, "sender.tmpl line 3: unexpected {{end}}"},
		{"unknown field", map[string]string{"contact.tmpl": "line one\nBel {{.Phone}}\n"}, "contact.tmpl line 2: "},
		{"unknown template", map[string]string{"approved.tmpl": "x\n{{template \"nope\" .}}\n"}, "approved.tmpl line 2: "},
		{"unknown file", map[string]string{"aproved.tmpl": "x"}, "aproved.tmpl: not a template name"},
		{"a reason code left out", map[string]string{"reasons.tmpl": strings.ReplaceAll(defaultText(t, "reasons.tmpl"), `"rule started"`, `"rule begun"`)}, `reasons.tmpl: it does not define "rule started"`},
		{"an item left out", map[string]string{"items.tmpl": `{{define "item referral"}}verwijzing{{end}}`}, `items.tmpl: it does not define "item admission_indication"`},
		{"an empty phrase", map[string]string{"items.tmpl": strings.Replace(defaultText(t, "items.tmpl"), "de DBC-declaratiecode en de prestatiecode", " ", 1)}, `"item codes" is empty`},
		{"no SKGZ", map[string]string{"rejected.tmpl": strings.ReplaceAll(rejected, "(SKGZ)", "")}, "rejected.tmpl: the rejected letter to the insured does not say the SKGZ"},
		{"no six weeks", map[string]string{"rejected.tmpl": strings.ReplaceAll(rejected, "zes weken", "een maand")}, "six weeks"},
		{"no motivation", map[string]string{"rejection.tmpl": strings.ReplaceAll(defaultText(t, "rejection.tmpl"), "{{.Motivation}}", "")}, "motivation word for word"},
		{"no name", map[string]string{"letter.tmpl": "{{.Body}}"}, "the insured's name"},
		{"range over a number", map[string]string{"letterhead.tmpl": "x\n{{range 1000000000}}{{end}}\n"}, "letterhead.tmpl line 2: {{range}} may only go over the letter's data"},
		{"range over a variable", map[string]string{"letterhead.tmpl": "{{$n := 99999999}}\n\n{{range $n}}{{end}}"}, "letterhead.tmpl line 3: {{range}}"},
		{"endless text", map[string]string{"letterhead.tmpl": `{{printf "%999999s" "x"}}`}, "longer than"},
		{"recursion", map[string]string{"letterhead.tmpl": `{{define "a"}}{{template "a"}}{{end}}{{template "a"}}`}, `letterhead.tmpl line 1: {{template "a"}} calls itself`},
		{"mutual recursion", map[string]string{"sender.tmpl": "x\n{{define \"b\"}}{{template \"approval\" .}}{{end}}", "approval.tmpl": `{{define "approval"}}{{template "b" .}}{{end}}`}, `calls itself`},
		{"a call of the letter itself", map[string]string{"contact.tmpl": "{{template \"letter.tmpl\" .}}"}, `contact.tmpl line 1: {{template "letter.tmpl"}} calls itself`},
		{"not UTF-8", map[string]string{"sender.tmpl": "Groet\xff"}, "sender.tmpl: not valid UTF-8"},
		{"too big", map[string]string{"sender.tmpl": strings.Repeat("x", MaxTemplateSize+1)}, "sender.tmpl: 65537 bytes, more than the limit"},
	}
	for _, tc := range tests {
		dir := writeTemplates(t, tc.files)
		set, err := Load(dir)
		if err == nil {
			t.Errorf("%s: no error (set %p)", tc.name, set)
			continue
		}
		msg := err.Error()
		if !strings.Contains(msg, tc.want) {
			t.Errorf("%s: error %q does not say %q", tc.name, msg, tc.want)
		}
		if strings.Contains(msg, "\n") {
			t.Errorf("%s: error %q is more than one line", tc.name, msg)
		}
		if !strings.Contains(msg, dir) && tc.name != "no name" {
			t.Errorf("%s: error %q does not name the folder %s", tc.name, msg, dir)
		}
	}
}

// FuzzParse: whatever an override holds, loading it is a set that writes
// every letter, or an error; never a panic or a hang.
func FuzzParse(f *testing.F) {
	for _, name := range Files {
		b, _ := defaults.ReadFile("templates/" + name)
		f.Add(uint8(0), string(b))
	}
	for _, s := range []string{"{{", "}}", "{{end}}", "{{define \"x\"}}", "{{template \"letter.tmpl\" .}}", "{{range .Info.Items}}{{.}}{{end}}",
		"{{.Approval.Minutes}}", "{{printf \"%v\" .}}", "{{index .Info.Items 99}}", "{{slice .RequestID 5 1}}", "{{call .Body}}",
		"{{range $i, $x := .Info.Items}}{{$i}}{{end}}", "{{break}}", "{{with $x := 1}}{{end}}", "{{block \"a\" .}}b{{end}}",
		"{{len .Body}}", "{{html .}}{{js .}}{{urlquery .}}", "{{range 5}}{{end}}", "{{.Insured.Name.Foo}}", "\xff{{"} {
		f.Add(uint8(3), s)
	}
	f.Fuzz(func(t *testing.T, which uint8, text string) {
		name := Files[int(which)%len(Files)]
		set, err := Parse("fuzz", map[string]string{name: text})
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error of more than one line: %q", err)
			}
			return
		}
		for _, in := range Samples()[:3] {
			l, err := set.Write(in)
			if err != nil {
				t.Fatalf("a set that loaded fails to write: %v", err)
			}
			if l.Insured == "" || l.Provider == "" {
				t.Fatal("an empty letter")
			}
		}
	})
}
