package tui

import (
	"io"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"machtiging/authz"
	"machtiging/store"
)

// FuzzSanitize: whatever stored text holds, clean and cleanBlock return
// valid UTF-8 without a character a terminal would act on (clean without
// newlines too), change text that needs no change not at all, and are
// idempotent.
func FuzzSanitize(f *testing.F) {
	for _, s := range []string{
		"", "Anna de Vries", "Zoë Çelik-Ünal", "\x1b[31mrood\x1b[0m", "\x1b]52;c;cm0gLXJmIH4=\x07",
		"\u009b2J", "\xc2\x9b31m", "\x9b31m", "\xff\xfe", "a\tb\nc\r\n", "\u202eevil\u202c", "\u2028\u2029",
		"\x00\x7f", "\xed\xa0\x80", "\uFFFD", strings.Repeat("é", 100),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, keep := range []bool{false, true} {
			out := sanitize(s, keep)
			if !utf8.ValidString(out) {
				t.Fatalf("sanitize(%q, %v) = %q: not UTF-8", s, keep, out)
			}
			for _, r := range out {
				if r == '\n' && keep {
					continue
				}
				if unsafeRune(r) || r == '\t' || r == '\n' || r == '\r' {
					t.Fatalf("sanitize(%q, %v) = %q holds %U", s, keep, out, r)
				}
			}
			if again := sanitize(out, keep); again != out {
				t.Fatalf("sanitize is not idempotent on %q: %q then %q", s, out, again)
			}
			plain := utf8.ValidString(s) && !strings.ContainsAny(s, "\t\n\r")
			for _, r := range s {
				if unsafeRune(r) {
					plain = false
				}
			}
			if plain && out != s {
				t.Fatalf("sanitize changed harmless %q into %q", s, out)
			}
		}
		if strings.Contains(clean(s), "\n") {
			t.Fatalf("clean(%q) holds a newline", s)
		}
	})
}

// TestStoredEscapesNeverReachTheScreen: a real store holding requests with
// escape sequences in their text (as an older version, without the
// import's text rules, could have stored them) is shown in the queue and
// the request view without one raw control character.
func TestStoredEscapesNeverReachTheScreen(t *testing.T) {
	s, err := store.Open(filepath.Join(t.TempDir(), "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	reqs := exampleRequests(t)
	h := *reqs[0]
	h.ID = "MA-\x1b[31mINJ1"
	h.Insured.Name = "Anna \x1b]52;c;cm0gLXJmIH4=\x07INJ2"
	h.Provider.Name = "Kliniek \u009b2JINJ3"
	ai := *h.AdmissionIndication
	ai.Summary = "Na CVA\x1b[2J\x1b[HINJ5\nregel twee\u202e"
	h.AdmissionIndication = &ai
	pr := *h.Practitioners
	pr.Members = append([]authz.Member{{Name: "T. \u202eINJ7", Discipline: "fysio\x1b[8m", PartOfCare: "\x1b]0;PWNED\x07"}}, pr.Members...)
	h.Practitioners = &pr
	codes := *h.Codes
	codes.Prestatiecode = "99\x1b[5m0916"
	h.Codes = &codes
	all := append([]*authz.Request{&h}, reqs[1:]...)
	i := 0
	_, err = s.Import(store.Actor{Adviser: "intake\x1b]2;PWNED\x07", AccessPoint: "old\x1b[1m"}, "\x1b[31mINJ8.json", func() (store.Incoming, error) {
		if i == len(all) {
			return store.Incoming{}, io.EOF
		}
		i++
		return store.Incoming{Index: i - 1, Request: all[i-1]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}

	m := New(s, testOptions(adviser))
	defer m.Close()
	drive(t, m, m.load())
	screens := map[string]string{}
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		resize(t, m, size[0], size[1])
		screens["queue"] += m.View()
	}
	if !strings.Contains(screens["queue"], "INJ1") {
		t.Fatalf("the queue does not show the request:\n%s", screens["queue"])
	}
	selectID(t, m, h.ID)
	press(t, m, keyEnter)
	for range 8 {
		screens["request"] += m.View()
		press(t, m, keyPgDown)
	}
	if !strings.Contains(screens["request"], "INJ5") {
		t.Fatalf("the request view does not show the summary:\n%s", screens["request"])
	}
	for name, screen := range screens {
		for i, r := range screen {
			if r == '\n' {
				continue
			}
			if r == utf8.RuneError && !strings.HasPrefix(screen[i:], "\uFFFD") || unsafeRune(r) || r == '\t' || r == '\r' {
				t.Errorf("the %s screen holds %U at byte %d: %q", name, r, i, screen[max(0, i-40):min(len(screen), i+40)])
				break
			}
		}
	}
}
