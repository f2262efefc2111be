package tui

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"machtiging/i18n"
)

// labelWords are the words of the English catalogue's labels: the
// screens' labels, section and column titles, key help, view names and
// the words for the contract's values. Words the Dutch catalogue uses too
// (open, BSN, start...) are left out.
func labelWords(t *testing.T) []string {
	t.Helper()
	word := regexp.MustCompile(`[A-Za-z]{4,}`)
	collect := func(c *i18n.Catalog, labelsOnly bool) map[string]bool {
		out := map[string]bool{}
		add := func(s string) {
			for _, w := range word.FindAllString(s, -1) {
				out[strings.ToLower(w)] = true
			}
		}
		v := reflect.ValueOf(c.TUI)
		for i := range v.NumField() {
			name := v.Type().Field(i).Name
			label := false
			for _, p := range []string{"Lbl", "Sec", "Fld", "Col", "Help", "View", "Form"} {
				label = label || strings.HasPrefix(name, p)
			}
			if f := v.Field(i); f.Kind() == reflect.String && (label || !labelsOnly) {
				add(f.String())
			}
		}
		w := &c.Words
		for _, m := range []any{w.States, w.Verdicts, w.Statuses, w.Items, w.Settings, w.Outcomes, w.RejectCodes} {
			mv := reflect.ValueOf(m)
			for _, k := range mv.MapKeys() {
				add(mv.MapIndex(k).String())
			}
		}
		return out
	}
	en, nl := collect(i18n.For(i18n.English), true), collect(i18n.For(i18n.Dutch), false)
	var words []string
	for w := range en {
		if !nl[w] {
			words = append(words, w)
		}
	}
	if len(words) < 50 {
		t.Fatalf("only %d English label words: %v", len(words), words)
	}
	return words
}

// TestDutchScreensHoldNoEnglishLabel: no Dutch golden screen shows a word
// of the English catalogue's labels.
func TestDutchScreensHoldNoEnglishLabel(t *testing.T) {
	words := labelWords(t)
	files, err := filepath.Glob(filepath.Join("testdata", "*", "*_nl.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 2*len(goldenScreens) {
		t.Fatalf("found %d Dutch golden screens, want at least %d", len(files), 2*len(goldenScreens))
	}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		screen := strings.ToLower(string(b))
		for _, w := range words {
			if regexp.MustCompile(`\b` + w + `\b`).MatchString(screen) {
				t.Errorf("%s shows the English word %q", f, w)
			}
		}
	}
}
