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
)

// screen is one golden screen: keys from the loaded queue, and texts that
// are on screen once it is complete.
type screen struct {
	name  string
	empty bool
	steps []step
}

// step sends keys or text, then waits until every one of want has been
// drawn.
type step struct {
	keys []tea.KeyMsg
	text string
	want []string
}

func keys(k ...tea.KeyMsg) []tea.KeyMsg { return k }

var (
	down3 = keys(runes("j"), runes("j"), runes("j")) // MA-2026-0001
	down4 = keys(runes("j"), runes("j"), runes("j"), runes("j"))
)

var goldenScreens = []screen{
	{name: "queue"},
	{name: "second_review", steps: []step{{keys: keys(runes("2")), want: []string{"[second review 1]", "proposed by pmulder"}}}},
	{name: "all", steps: []step{{keys: keys(runes("5")), want: []string{"[all 13]", "MA-2026-0004"}}}},
	{name: "request", steps: []step{{keys: append(down3, keyEnter), want: []string{"(b reveals)"}}}},
	{name: "request_revealed", steps: []step{
		{keys: append(down3, keyEnter), want: []string{"(b reveals)"}},
		{keys: keys(runes("b")), want: []string{"revealed; hidden again"}},
	}},
	{name: "approve", steps: []step{{keys: append(down3, runes("a")), want: []string{"Approve", "valid until"}}}},
	{name: "approve_confirm", steps: []step{
		{keys: append(down3, runes("a")), want: []string{"valid until"}},
		{keys: keys(keyEnter, keyEnter, keyEnter), text: "Conform behandelplan."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "new state"}},
	}},
	{name: "approve_refused", steps: []step{
		{keys: append(down4, runes("a")), want: []string{"Not allowed"}},
		{keys: keys(keyEnter, keyEnter, keyEnter, keyEnter), want: []string{"Refused, nothing recorded"}},
	}},
	{name: "reject", steps: []step{{keys: append(down4, runes("r")), want: []string{"reason code", "motivation"}}}},
	{name: "reject_confirm", steps: []step{
		{keys: append(down4, runes("r")), want: []string{"motivation"}},
		{keys: keys(keyTab), text: "Behandelplan dateert van na de start; codes ontbreken."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "new state"}},
	}},
	{name: "request_info", steps: []step{{keys: append(down4, runes("i")), want: []string{"items to ask for", "message"}}}},
	{name: "request_info_confirm", steps: []step{
		{keys: append(down4, runes("i")), want: []string{"items to ask for"}},
		{keys: keys(keyTab), text: "Graag behandelaars en codes aanvullen."},
		{keys: keys(keyEnter), want: []string{"Confirm: this will be recorded", "items requested"}},
	}},
	{name: "help", steps: []step{{keys: keys(runes("?")), want: []string{"Keys", "Views"}}}},
	{name: "empty", empty: true},
}

// TestGolden runs the program as the adviser's terminal would, at 80×24 and
// 120×40, and compares the final screen with testdata/TestGolden. Update the
// files with go test ./tui -update.
func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for _, sc := range goldenScreens {
			t.Run(fmt.Sprintf("%s_%dx%d", sc.name, size[0], size[1]), func(t *testing.T) {
				var s *fakeStore
				loaded := []string{"decided today 1", "[open 9]", "MA-2026-0010"}
				if sc.empty {
					s = newFakeStore(fixedClock(testToday))
					loaded = []string{"Welcome to machtiging"}
				} else {
					s = exampleStore(t)
				}
				m := New(s, testOptions(adviser))
				tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(size[0], size[1]))
				waitFor(t, tm, loaded)
				for _, st := range sc.steps {
					for _, k := range st.keys {
						tm.Send(k)
					}
					if st.text != "" {
						tm.Type(st.text)
					}
					if len(st.want) > 0 {
						waitFor(t, tm, st.want)
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
				view := final.View()
				if got := strings.Count(view, "\n") + 1; got != size[1] {
					t.Errorf("the screen has %d lines, want %d", got, size[1])
				}
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
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
	if len(files) < 2*len(goldenScreens) {
		t.Fatalf("found %d golden files, want %d", len(files), 2*len(goldenScreens))
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
