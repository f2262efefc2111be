package e2e

import (
	"machtiging/internal/testfixture"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// langEnv is the environment of a terminal with a locale, and nothing else
// that chooses the language.
func langEnv(lang string) []string {
	return []string{"LOGNAME=tester", "TERM=xterm-256color", "MACHTIGING_LANG=", "LC_ALL=", "LC_MESSAGES=", "LANG=" + lang}
}

// TestTUIFollowsTheLocale: under a Dutch locale the queue, the help, the
// request view and a refused approval read Dutch, with the refusal in
// words; under C.UTF-8 the same screens read English.
func TestTUIFollowsTheLocale(t *testing.T) {
	tests := []struct {
		lang                                string
		queue, help, request, form, refusal string
		foreign                             []string // words of the other language that must not show
	}{
		{"nl_NL.UTF-8", "vandaag besloten", "Toetsen", "Verzekerde", "Goedkeuren", "Niet toegestaan",
			[]string{"decided today", "Keys", "Insured", "Not allowed", "treatment plan", "verdict"}},
		{"C.UTF-8", "decided today", "Keys", "Insured", "Approve", "Not allowed",
			[]string{"vandaag besloten", "Toetsen", "Verzekerde", "Niet toegestaan", "behandelplan", "beoordeling"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "m.db")
			if r := machtiging(t, nil, "", "--db", db, "import", testfixture.RequestsAround(t, time.Now())); r.Code != 0 {
				t.Fatal(r.Stderr)
			}
			tm := testfixture.StartTmux(t, 120, 40, langEnv(tt.lang), binary+" --db "+db)
			var screens []string
			screens = append(screens, tm.WaitForAll(10*time.Second, "E2E-INCOMPLETE", tt.queue))
			tm.Send("?")
			screens = append(screens, tm.WaitFor(tt.help))
			tm.Send("Escape")
			tm.Send("/")
			tm.TypeText("E2E-COMPLETE")
			tm.Send("Enter", "Enter")
			screens = append(screens, tm.WaitForAll(10*time.Second, "Eva End-to-End", tt.request))
			tm.Send("Escape", "Escape")
			tm.Send("/")
			tm.TypeText("E2E-INCOMPLETE")
			tm.Send("Enter", "a")
			sc := tm.WaitForAll(10*time.Second, tt.form, tt.refusal)
			screens = append(screens, sc)
			for _, l := range strings.Split(sc, "\n") {
				if strings.Contains(l, tt.refusal) && (strings.Contains(l, "--") || strings.Contains(l, "_")) {
					t.Errorf("the refusal names a flag or an identifier: %s", l)
				}
			}
			tm.Send("Escape", "q")
			tm.WaitFor("[exited]")
			for _, s := range screens {
				for _, w := range tt.foreign {
					if strings.Contains(s, w) {
						t.Errorf("%s shows %q:\n%s", tt.lang, w, s)
					}
				}
			}
		})
	}
}
