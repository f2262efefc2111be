package i18n

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"machtiging/audit"
	"machtiging/authz"
)

// texts walks a catalogue and calls fn with the path and value of every
// text in it: strings, the forms of plurals, the values of maps and the
// entries of lists.
func texts(v reflect.Value, path string, fn func(path, text string)) {
	switch v.Kind() {
	case reflect.String:
		fn(path, v.String())
	case reflect.Struct:
		if v.Type() == reflect.TypeOf(Plural{}) {
			fn(path+".One", v.Field(0).String())
			fn(path+".Other", v.Field(1).String())
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).Type == reflect.TypeOf(Lang(0)) {
				continue
			}
			texts(v.Field(i), path+"."+v.Type().Field(i).Name, fn)
		}
	case reflect.Map:
		for _, k := range v.MapKeys() {
			texts(v.MapIndex(k), fmt.Sprintf("%s[%v]", path, k), fn)
		}
	case reflect.Slice:
		for i := range v.Len() {
			texts(v.Index(i), fmt.Sprintf("%s[%d]", path, i), fn)
		}
	}
}

func collect(c *Catalog) map[string]string {
	out := map[string]string{}
	texts(reflect.ValueOf(*c), "", func(p, t string) { out[p] = t })
	return out
}

// TestCatalogue: every text exists in both languages, is not empty, and
// has the same placeholders in both.
func TestCatalogue(t *testing.T) {
	en, nl := collect(For(English)), collect(For(Dutch))
	if len(en) < 250 {
		t.Fatalf("only %d texts found: the walk is broken", len(en))
	}
	// English writes days as the contract does: it names no months.
	optional := func(p string) bool { return strings.HasPrefix(p, ".Dates.Months") }
	for p, e := range en {
		n, ok := nl[p]
		switch {
		case !ok && !optional(p):
			t.Errorf("%s: no Dutch text (English %q)", p, e)
		case strings.TrimSpace(e) == "" && !strings.HasPrefix(p, ".TUI.Version"):
			t.Errorf("%s: the English text is empty", p)
		case ok && strings.TrimSpace(n) == "":
			t.Errorf("%s: the Dutch text is empty", p)
		}
		if p == ".Dates.Day" || p == ".Dates.ShortDay" {
			// Layouts: each language picks from the same parts.
			for _, name := range append(Placeholders(e), Placeholders(n)...) {
				if !slices.Contains([]string{"iso", "day", "month", "year", "dd", "mm"}, name) {
					t.Errorf("%s: {%s} is not a part of a day", p, name)
				}
			}
			continue
		}
		if ok {
			pe, pn := Placeholders(e), Placeholders(n)
			slices.Sort(pe)
			slices.Sort(pn)
			if !slices.Equal(pe, pn) {
				t.Errorf("%s: placeholders differ: en %v %q, nl %v %q", p, pe, e, pn, n)
			}
		}
	}
	for p, n := range nl {
		if _, ok := en[p]; !ok && !optional(p) {
			t.Errorf("%s: no English text (Dutch %q)", p, n)
		}
	}
}

// TestEveryValueHasAWord: each value of the contract's enums has a word in
// both languages, so that nothing shows as a contract identifier.
func TestEveryValueHasAWord(t *testing.T) {
	for _, l := range Langs {
		w := &For(l).Words
		check := func(kind string, got string, v any) {
			if got == "" || got == Fill(w.Unknown, "value", fmt.Sprint(v)) {
				t.Errorf("%s: %s %v has no word: %q", l, kind, v, got)
			}
		}
		for s := authz.StateOpen; s <= authz.StateReconsideration; s++ {
			check("state", w.State(s), s)
		}
		for v := authz.VerdictNotRequired; v <= authz.VerdictUnverified; v++ {
			check("verdict", w.Verdict(v), v)
			if _, ok := w.VerdictSentences[v]; !ok {
				t.Errorf("%s: verdict %v has no sentence", l, v)
			}
		}
		for s := authz.StatusOK; s <= authz.StatusLate; s++ {
			check("status", w.Status(s), s)
			check("legend", w.LegendOf(s), s)
		}
		for _, it := range authz.Items {
			check("item", w.Item(it), it)
		}
		for _, c := range authz.RejectCodes {
			check("reject code", w.RejectCode(c), c)
		}
		for _, o := range authz.Outcomes {
			check("outcome", w.Outcome(o), o)
		}
		for a := authz.ActionApprove; a <= authz.ActionUphold; a++ {
			check("action", w.Action(a), a)
		}
		for i := authz.IdentityUnchecked; i <= authz.IdentityNotInsured; i++ {
			check("identity", w.Identity(i), i)
		}
		for c := authz.ContractUnchecked; c <= authz.ContractNotContracted; c++ {
			check("contract", w.Contract(c), c)
		}
		for e := audit.EventImport; e.Valid(); e++ {
			check("event", w.Event(e), e)
		}
	}
}

func TestFill(t *testing.T) {
	tests := []struct {
		text string
		kv   []any
		want string
	}{
		{"{id} is in review by {adviser}", []any{"id", "MA-1", "adviser", "pmulder"}, "MA-1 is in review by pmulder"},
		{"no placeholders", []any{"id", 1}, "no placeholders"},
		{"{n} and {n}", []any{"n", 2}, "2 and 2"},
		{"{missing} stays", []any{"id", 1}, "{missing} stays"},
		{"a value with {braces}", []any{"braces", "{id}", "id", "x"}, "a value with {id}"},
	}
	for _, tt := range tests {
		if got := Fill(tt.text, tt.kv...); got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
	p := Plural{One: "{n} dag te laat", Other: "{n} dagen te laat"}
	for n, want := range map[int]string{0: "0 dagen te laat", 1: "1 dag te laat", 2: "2 dagen te laat"} {
		if got := p.N(n); got != want {
			t.Errorf("N(%d) = %q, want %q", n, got, want)
		}
	}
	if got := Placeholders("{a} {b} {a} {not one} {}"); !slices.Equal(got, []string{"a", "b"}) {
		t.Errorf("Placeholders = %v", got)
	}
}

func TestLanguageChoice(t *testing.T) {
	tests := []struct {
		flag string
		env  map[string]string
		want Lang
		err  bool
	}{
		{"", nil, English, false},
		{"nl", map[string]string{"LANG": "en_US.UTF-8"}, Dutch, false},
		{"en", map[string]string{"MACHTIGING_LANG": "nl"}, English, false},
		{"de", nil, English, true},
		{"", map[string]string{"MACHTIGING_LANG": "nl", "LANG": "en_GB.UTF-8"}, Dutch, false},
		{"", map[string]string{"MACHTIGING_LANG": "en", "LC_ALL": "nl_NL.UTF-8"}, English, false},
		{"", map[string]string{"LANG": "nl_NL.UTF-8"}, Dutch, false},
		{"", map[string]string{"LANG": "nl_BE"}, Dutch, false},
		{"", map[string]string{"LANG": "C.UTF-8"}, English, false},
		{"", map[string]string{"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, English, false},
		{"", map[string]string{"LC_MESSAGES": "nl_NL.UTF-8", "LANG": "en_US.UTF-8"}, Dutch, false},
		{"", map[string]string{"LC_ALL": "nl_NL.UTF-8", "LC_MESSAGES": "en_US"}, Dutch, false},
		{"", map[string]string{"LANG": "de_DE.UTF-8"}, English, false},
		{"", map[string]string{"MACHTIGING_LANG": "fr", "LANG": "nl_NL"}, Dutch, false},
	}
	for _, tt := range tests {
		got, err := Choose(tt.flag, func(k string) string { return tt.env[k] })
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("Choose(%q, %v) = %v, %v; want %v (error %v)", tt.flag, tt.env, got, err, tt.want, tt.err)
		}
	}
}

func TestDutchDates(t *testing.T) {
	d := &For(Dutch).Dates
	e := &For(English).Dates
	day := authz.Date(20261202)
	if got := d.Date(day); got != "2 december 2026" {
		t.Errorf("Date = %q", got)
	}
	if got := d.Short(day); got != "02-12-2026" {
		t.Errorf("Short = %q", got)
	}
	if got := e.Date(day); got != "2026-12-02" {
		t.Errorf("English Date = %q", got)
	}
	today := authz.Date(20261201)
	for _, tt := range []struct {
		day    authz.Date
		nl, en string
	}{
		{today, "vandaag", "today"},
		{today.AddDays(1), "morgen", "tomorrow"},
		{today.AddDays(3), "over 3 dagen", "in 3 days"},
		{today.AddDays(-1), "1 dag te laat", "1 day late"},
		{today.AddDays(-2), "2 dagen te laat", "2 days late"},
	} {
		if got := d.Relative(tt.day, today); got != tt.nl {
			t.Errorf("Relative(%s) = %q, want %q", tt.day, got, tt.nl)
		}
		if got := e.Relative(tt.day, today); got != tt.en {
			t.Errorf("English Relative(%s) = %q, want %q", tt.day, got, tt.en)
		}
	}
	at := time.Date(2026, 12, 2, 14, 5, 0, 0, time.UTC)
	if got := d.Instant(at, time.UTC); got != "02-12-2026 14:05" {
		t.Errorf("Instant = %q", got)
	}
}
