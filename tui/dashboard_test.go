package tui

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// EachFacts gives the fake the report's facts of its decisions, as the
// store records them: the dashboard reads them.
func (s *fakeStore) EachFacts(fn func(*store.Facts) error) error {
	s.mu.Lock()
	var all []store.Facts
	for _, rec := range s.recs {
		for i := range rec.Decisions {
			all = append(all, store.FactsOf(&rec.Decisions[i], rec.Request, i == 0))
		}
	}
	s.mu.Unlock()
	slices.SortFunc(all, func(a, b store.Facts) int { return int(a.Seq) - int(b.Seq) })
	for i := range all {
		if err := fn(&all[i]); err != nil {
			return err
		}
	}
	return nil
}

// factsStore is the example queue with a history of hand-made decisions
// over the twelve weeks before testToday, so that every part of the
// dashboard has something to draw. Its facts can be held back (gate) to
// show that the screen never waits for them.
type factsStore struct {
	*fakeStore
	mu    sync.Mutex
	facts []store.Facts
	gate  chan struct{}
}

func (s *factsStore) EachFacts(fn func(*store.Facts) error) error {
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	facts := slices.Clone(s.facts)
	s.mu.Unlock()
	for i := range facts {
		if err := fn(&facts[i]); err != nil {
			return err
		}
	}
	return nil
}

func (s *factsStore) add(f store.Facts) {
	s.mu.Lock()
	s.facts = append(s.facts, f)
	s.mu.Unlock()
	s.publish(store.Change{Event: audit.EventDecide, By: "pmulder"})
}

var dashProviders = []struct{ agb, name string }{
	{"22012345", "RevaZorg Utrecht ZBC"},
	{"33011111", "Revalidatiecentrum Noordrand"},
	{"44022222", "Kliniek voor Herstel De Brug"},
}

func newFactsStore(t testing.TB) *factsStore {
	s := &factsStore{fakeStore: exampleStore(t)}
	outcomes := []authz.Outcome{authz.OutcomeApproved, authz.OutcomeApproved, authz.OutcomeInfoRequested, authz.OutcomeRejected,
		authz.OutcomeApproved, authz.OutcomeRejectionProposed, authz.OutcomeConcurred}
	missing := [authz.NumItems]authz.Status{authz.StatusOK, authz.StatusNotApplicable, authz.StatusOK, authz.StatusMissing, authz.StatusLate}
	complete := [authz.NumItems]authz.Status{authz.StatusOK, authz.StatusNotApplicable, authz.StatusOK, authz.StatusOK, authz.StatusOK}
	seq := uint64(0)
	for week := range 12 {
		for i := range week%5 + 1 + week/3 {
			seq++
			day := testToday.AddDays(-7*(11-week) - i%4)
			p := dashProviders[(week+i)%3]
			o := outcomes[(week*3+i)%len(outcomes)]
			items := complete
			if o == authz.OutcomeInfoRequested || (p.agb == "44022222" && i%2 == 0) {
				items = missing
			}
			received := day.AddDays(-(2 + (week+i)%9))
			s.facts = append(s.facts, store.Facts{Seq: seq, Outcome: o, Code: authz.RejectIncomplete, Day: day, Adviser: "jdevries",
				Known: true, First: o != authz.OutcomeConcurred, Urgent: i%3 == 1, Received: received,
				Due: received.AddDays(7), AGB: p.agb, Provider: p.name, Items: items})
		}
	}
	return s
}

// TestDashboardGolden draws the dashboard at 80×24 and 120×40, in English
// and in Dutch, once its figures are in.
func TestDashboardGolden(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.English, i18n.Dutch} {
		for _, size := range [][2]int{{80, 24}, {120, 40}} {
			t.Run(fmt.Sprintf("%s_%dx%d", lang, size[0], size[1]), func(t *testing.T) {
				c := i18n.For(lang)
				s := newFactsStore(t)
				opts := testOptions(adviser)
				opts.Lang = lang
				m := New(s, opts)
				tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(size[0], size[1]))
				waitFor(t, tm, []string{"MA-2026-0010"})
				tm.Send(runes("d"))
				waitFor(t, tm, []string{c.Report.DashProviders, "RevaZorg"})
				if err := tm.Quit(); err != nil {
					t.Fatal(err)
				}
				final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(*Model)
				final.Close()
				view := final.View()
				if got := strings.Count(view, "\n") + 1; got != size[1] {
					t.Errorf("the screen has %d lines, want %d", got, size[1])
				}
				for _, l := range strings.Split(view, "\n") {
					if w := ansi.StringWidth(l); w > size[0] {
						t.Errorf("a line is %d wide: %q", w, l)
					}
				}
				for _, want := range []string{c.Report.DashBacklog, c.Report.DashTime, c.Report.ColExpedited, "█"} {
					if !strings.Contains(view, want) {
						t.Errorf("the dashboard lacks %q:\n%s", want, view)
					}
				}
				golden.RequireEqual(t, []byte(view))
			})
		}
	}
}

// The figures come in a tea.Cmd: while they are computed the spinner
// turns and keys are handled at once; esc leaves before they are in.
func TestDashboardNeverWaits(t *testing.T) {
	s := newFactsStore(t)
	s.gate = make(chan struct{})
	m := New(s, testOptions(adviser))
	drive(t, m, m.load())
	_, cmd := m.Update(runes("d"))
	d, ok := m.top().(*dashboardModel)
	if !ok {
		t.Fatalf("d opened %T", m.top())
	}
	if !d.busy || !strings.Contains(m.View(), "computing the figures") {
		t.Errorf("no spinner while the figures are computed:\n%s", m.View())
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- runBatch(cmd) }()
	start := time.Now()
	m.Update(keyEsc)
	if _, still := m.top().(*dashboardModel); still || time.Since(start) > 100*time.Millisecond {
		t.Errorf("esc did not leave at once (%v)", time.Since(start))
	}
	close(s.gate)
	if msg := <-done; msg != nil {
		m.Update(msg) // the late answer goes to no screen
	}
}

// runBatch runs a command's batch until one of its commands answers with
// dashboard figures.
func runBatch(cmd tea.Cmd) tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			if c == nil {
				continue
			}
			if _, ok := c().(dashboardMsg); ok {
				return c()
			}
		}
	case dashboardMsg:
		return msg
	}
	return nil
}

// A decision recorded anywhere computes the figures again.
func TestDashboardFollowsDecisions(t *testing.T) {
	s := newFactsStore(t)
	s.facts = nil
	tm := teatest.NewTestModel(t, New(s, testOptions(adviser)), teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, []string{"MA-2026-0010"})
	tm.Send(runes("d"))
	waitFor(t, tm, []string{"Providers with the most incomplete requests", "Revalidatiekliniek Amersfoort"})
	s.add(store.Facts{Seq: 1, Outcome: authz.OutcomeInfoRequested, Day: testToday, Adviser: "pmulder", Known: true, First: true,
		Received: testToday.AddDays(-1), Due: testToday.AddDays(6), AGB: "55055555", Provider: "Nieuwe Kliniek Oost",
		Items: [authz.NumItems]authz.Status{authz.StatusMissing}})
	waitFor(t, tm, []string{"Nieuwe Kliniek Oost", "1 of 1 incomplete"})
	tm.Send(keyCtrlC)
	tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestBars(t *testing.T) {
	for _, c := range []struct {
		n, most, width int
		want           string
	}{
		{0, 10, 10, ""}, {10, 10, 4, "████"}, {5, 10, 4, "██"}, {1, 100, 4, "▏"}, {3, 8, 4, "█▌"},
	} {
		if got := hbar(c.n, c.most, c.width); got != c.want {
			t.Errorf("hbar(%d, %d, %d) = %q, want %q", c.n, c.most, c.width, got, c.want)
		}
	}
	var col []string
	for row := 2; row >= 0; row-- {
		col = append(col, vbar(5, 8, 3, row))
	}
	if got := strings.Join(col, ""); got != " ▇█" {
		t.Errorf("vbar column %q", got)
	}
	if vbar(0, 8, 3, 0) != " " || vbar(1, 1000, 3, 0) != "▁" {
		t.Error("vbar of nothing, or of a little")
	}
}

// loggingStore keeps the access-log entries the dashboard writes.
type loggingStore struct {
	*factsStore
	entries []audit.Entry
	fail    error
}

func (s *loggingStore) Log(a store.Actor, e audit.Entry, ids []string) error {
	if s.fail != nil {
		return s.fail
	}
	e.Adviser, e.Requests = a.Adviser, ids
	s.entries = append(s.entries, e)
	return nil
}

// Opening the dashboard is logged once as an aggregate read that names no
// request; without the log's entry it shows no figures.
func TestDashboardIsLogged(t *testing.T) {
	s := &loggingStore{factsStore: newFactsStore(t)}
	m := New(s, testOptions(adviser))
	drive(t, m, m.load())
	_, cmd := m.Update(runes("d"))
	drive(t, m, cmd)
	if len(s.entries) != 1 || s.entries[0].Event != audit.EventReport || s.entries[0].Action != audit.Read ||
		len(s.entries[0].Requests) != 0 || s.entries[0].Adviser != adviser.Adviser {
		t.Fatalf("logged %+v", s.entries)
	}
	_, cmd = m.Update(changeMsg{ok: true, change: store.Change{Event: audit.EventDecide}})
	drive(t, m, cmd)
	if len(s.entries) != 1 {
		t.Errorf("a refresh logged again: %+v", s.entries)
	}

	s = &loggingStore{factsStore: newFactsStore(t), fail: errors.New("disk full")}
	m = New(s, testOptions(adviser))
	drive(t, m, m.load())
	_, cmd = m.Update(runes("d"))
	drive(t, m, cmd)
	if v := m.View(); !strings.Contains(v, "disk full") || strings.Contains(v, "RevaZorg") {
		t.Errorf("without its log entry the dashboard shows:\n%s", v)
	}
}
