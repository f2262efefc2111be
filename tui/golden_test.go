package tui

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"machtiging/authz"
	"machtiging/i18n"
)

// screen is one golden screen: keys from the loaded queue, and texts that
// are on screen once it is complete.
type screen struct {
	name  string
	empty bool
	steps []step
}

// step sends keys or text, then waits until every one of want (in
// English) or nl (in Dutch) has been drawn.
type step struct {
	keys []tea.KeyMsg
	text string
	want []string
	nl   []string
}

func keys(k ...tea.KeyMsg) []tea.KeyMsg { return k }

var (
	down3 = keys(runes("j"), runes("j"), runes("j")) // MA-2026-0001
	down4 = keys(runes("j"), runes("j"), runes("j"), runes("j"))
)

var goldenScreens = []screen{
	{name: "queue"},
	{name: "second_review", steps: []step{{keys: keys(runes("2")), want: []string{"[second review 1]", "proposed by pmulder"}, nl: []string{"[tweede beoordeling 1]", "voorgesteld door pmulder"}}}},
	{name: "all", steps: []step{{keys: keys(runes("6")), want: []string{"[all 13]", "MA-2026-0004"}, nl: []string{"[alle 13]", "MA-2026-0004"}}}},
	{name: "request", steps: []step{{keys: append(down3, keyEnter), want: []string{"(b reveals)"}, nl: []string{"(b toont)"}}}},
	{name: "request_revealed", steps: []step{
		{keys: append(down3, keyEnter), want: []string{"(b reveals)"}, nl: []string{"(b toont)"}},
		{keys: keys(runes("b")), want: []string{"revealed; hidden again"}, nl: []string{"getoond; weer verborgen"}},
	}},
	{name: "approve", steps: []step{{keys: append(down3, runes("a")), want: []string{"Approve", "valid until"}, nl: []string{"Goedkeuren", "geldig tot en met"}}}},
	{name: "approve_confirm", steps: []step{
		{keys: append(down3, runes("a")), want: []string{"valid until"}, nl: []string{"geldig tot en met"}},
		{keys: keys(keyEnter, keyEnter, keyEnter), text: "Conform behandelplan."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "new state"}, nl: []string{"Bevestig: dit wordt vastgelegd", "nieuwe status"}},
	}},
	{name: "approve_refused", steps: []step{
		{keys: append(down4, runes("a")), want: []string{"Not allowed"}, nl: []string{"Niet toegestaan"}},
		{keys: keys(keyEnter, keyEnter, keyEnter, keyEnter), want: []string{"Refused, nothing recorded"}, nl: []string{"Geweigerd, niets vastgelegd"}},
	}},
	{name: "reject", steps: []step{{keys: append(down4, runes("r")), want: []string{"reason code", "motivation"}, nl: []string{"afwijzingsgrond", "motivering"}}}},
	{name: "reject_confirm", steps: []step{
		{keys: append(down4, runes("r")), want: []string{"motivation"}, nl: []string{"motivering"}},
		{keys: keys(keyTab), text: "Behandelplan dateert van na de start; codes ontbreken."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "new state"}, nl: []string{"Bevestig: dit wordt vastgelegd", "nieuwe status"}},
	}},
	{name: "request_info", steps: []step{{keys: append(down4, runes("i")), want: []string{"items to ask for", "message"}, nl: []string{"op te vragen", "bericht"}}}},
	{name: "request_info_confirm", steps: []step{
		{keys: append(down4, runes("i")), want: []string{"items to ask for"}, nl: []string{"op te vragen"}},
		{keys: keys(keyTab), text: "Graag behandelaars en codes aanvullen."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "items requested"}, nl: []string{"Bevestig: dit wordt vastgelegd", "opgevraagd"}},
	}},
	{name: "help", steps: []step{{keys: keys(runes("?")), want: []string{"Keys", "Views"}, nl: []string{"Toetsen", "Onderdelen"}}}},
	{name: "empty", empty: true},
}

// goldenLangs are the languages of the golden screens; English keeps the
// files' old names.
var goldenLangs = []struct {
	lang   i18n.Lang
	suffix string
	loaded []string
	empty  []string
}{
	{i18n.English, "", []string{"decided today 1", "[open 9]", "MA-2026-0010"}, []string{"Welcome to machtiging"}},
	{i18n.Dutch, "_nl", []string{"vandaag besloten 1", "[open 9]", "MA-2026-0010"}, []string{"Welkom bij machtiging"}},
}

// TestGolden runs the program as the adviser's terminal would, at 80×24 and
// 120×40 in both languages, and compares the final screen with
// testdata/TestGolden. Update the files with go test ./tui -update.
func TestGolden(t *testing.T) {
	for _, lang := range goldenLangs {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			for _, sc := range goldenScreens {
				t.Run(fmt.Sprintf("%s_%dx%d%s", sc.name, size[0], size[1], lang.suffix), func(t *testing.T) {
					view := goldenRun(t, sc, lang.lang, size, lang.loaded, lang.empty)
					if got := strings.Count(view, "\n") + 1; got != size[1] {
						t.Errorf("the screen has %d lines, want %d", got, size[1])
					}
					golden.RequireEqual(t, []byte(view))
				})
			}
		}
	}
}

// goldenRun runs one golden screen and returns the final view.
func goldenRun(t *testing.T, sc screen, lang i18n.Lang, size [2]int, loaded, empty []string) string {
	t.Helper()
	var s *fakeStore
	if sc.empty {
		s = newFakeStore(fixedClock(testToday))
		loaded = empty
	} else {
		s = exampleStore(t)
	}
	opts := testOptions(adviser)
	opts.Lang = lang
	m := New(s, opts)
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(size[0], size[1]))
	waitFor(t, tm, loaded)
	for _, st := range sc.steps {
		for _, k := range st.keys {
			tm.Send(k)
		}
		if st.text != "" {
			tm.Type(st.text)
		}
		want := st.want
		if lang == i18n.Dutch {
			want = st.nl
		}
		if len(want) > 0 {
			waitFor(t, tm, want)
		}
	}
	if err := tm.Quit(); err != nil {
		t.Fatal(err)
	}
	final, ok := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if !ok {
		t.Fatal("the final model is not a *Model")
	}
	final.Close()
	return final.View()
}

// waitFor waits until every text has been drawn.
func waitFor(t *testing.T, tm *teatest.TestModel, want []string) {
	t.Helper()
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				return false
			}
		}
		return true
	}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
}

// TestGoldenScreensHideTheBSN: no golden screen shows a full BSN, except
// those where the adviser revealed it.
func TestGoldenScreensHideTheBSN(t *testing.T) {
	var bsns []string
	for _, r := range exampleRequests(t) {
		bsns = append(bsns, r.Insured.BSN)
	}
	files, err := filepath.Glob(filepath.Join("testdata", "TestGolden", "*.golden"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 4*len(goldenScreens) {
		t.Fatalf("found %d golden files, want %d", len(files), 4*len(goldenScreens))
	}
	revealed := 0
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		shows := false
		for _, bsn := range bsns {
			if bytes.Contains(b, []byte(bsn)) {
				shows = true
			}
		}
		switch {
		case strings.Contains(filepath.Base(f), "revealed"):
			if !shows {
				t.Errorf("%s: the revealed BSN is not shown", f)
			}
			revealed++
		case shows:
			t.Errorf("%s shows a full BSN", f)
		}
	}
	if revealed == 0 {
		t.Error("no golden screen with a revealed BSN")
	}
}

// TestProgramFollowsTheStore runs the program and changes the store from
// outside: the queue shows the new request without a key.
func TestProgramFollowsTheStore(t *testing.T) {
	s := exampleStore(t)
	m := New(s, testOptions(adviser))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, []string{"decided today 1", "MA-2026-0010"})
	r := exampleRequests(t)[0]
	r.ID, r.Insured.Name = "MA-2026-0100", "Roos Live"
	s.importRequests("intake", r)
	waitFor(t, tm, []string{"Roos Live", "open 10"})
	mustDecide(t, s, second, "MA-2026-0012", authz.Ask{Action: authz.ActionApprove})
	waitFor(t, tm, []string{"decided today 2"})
	tm.Send(keyCtrlC)
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
	if final.stop != nil {
		t.Error("quitting did not stop the subscription")
	}
}
