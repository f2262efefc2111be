package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/muesli/termenv"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/store"
)

// --- queue keys -----------------------------------------------------------

func TestQueueShowsOpenViewInQueueOrder(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	want := []string{"MA-2026-0012", "MA-2026-0005", "MA-2026-0006", "MA-2026-0001", "MA-2026-0003", "MA-2026-0008", "MA-2026-0011", "MA-2026-0013", "MA-2026-0010"}
	var got []string
	for _, r := range queueOf(m).win.rows {
		got = append(got, r.ID)
	}
	if strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("open view = %v, want %v", got, want)
	}
	v := m.View()
	for _, s := range []string{"[open 9]", "second review 1", "waiting 1", "decided 2", "all 13", "overdue 3", "decided today 1", "overdue 4d", "today", "in 1d", "******782", "unencrypted", "jdevries"} {
		if !strings.Contains(v, s) {
			t.Errorf("queue screen lacks %q:\n%s", s, v)
		}
	}
	if strings.Contains(v, "123456782") {
		t.Errorf("queue screen shows a full BSN:\n%s", v)
	}
}

func TestQueueCursorKeys(t *testing.T) {
	s := generatedStore(t, 300)
	m := newModel(t, s, adviser)
	queueOf(m).pageSize = 50
	press(t, m, runes("g")) // reload with the smaller pages
	vis := queueOf(m).visible()
	steps := []struct {
		key  tea.KeyMsg
		want int
	}{
		{runes("j"), 1},
		{keyDown, 2},
		{runes("k"), 1},
		{keyUp, 0},
		{keyUp, 0}, // stays on the first row
		{keyPgDown, vis},
		{keyPgUp, 0},
		{keyCtrlD, vis / 2},
		{keyCtrlU, 0},
		{runes("G"), 299},
		{runes("g"), 0},
		{tea.KeyMsg{Type: tea.KeyEnd}, 299},
		{tea.KeyMsg{Type: tea.KeyHome}, 0},
	}
	for i, st := range steps {
		press(t, m, st.key)
		pos, _, ok := queueOf(m).position()
		if !ok || pos-1 != st.want {
			t.Fatalf("step %d (%s): position %d (known %v), want %d", i, st.key, pos-1, ok, st.want)
		}
		if want := fmt.Sprintf("GEN-%06d", st.want); selectedID(m) != want {
			t.Fatalf("step %d (%s): selected %s, want %s", i, st.key, selectedID(m), want)
		}
	}
}

func TestQueuePagesThroughTheWholeView(t *testing.T) {
	s := generatedStore(t, 1000)
	m := newModel(t, s, adviser)
	queueOf(m).pageSize = 40
	press(t, m, runes("g"))
	for i := 1; i < 1000; i++ {
		press(t, m, runes("j"))
		if want := fmt.Sprintf("GEN-%06d", i); selectedID(m) != want {
			t.Fatalf("after %d moves down: selected %s, want %s", i, selectedID(m), want)
		}
		if n := len(queueOf(m).win.rows); n > 40*windowPages {
			t.Fatalf("the window holds %d rows, more than %d", n, 40*windowPages)
		}
	}
	press(t, m, runes("j"))
	if selectedID(m) != "GEN-000999" {
		t.Fatalf("moved past the last row: %s", selectedID(m))
	}
	for i := 998; i >= 0; i-- {
		press(t, m, runes("k"))
		if want := fmt.Sprintf("GEN-%06d", i); selectedID(m) != want {
			t.Fatalf("moving up to %d: selected %s", i, selectedID(m))
		}
	}
	if pos, total, ok := queueOf(m).position(); !ok || pos != 1 || total != 1000 {
		t.Fatalf("position %d/%d (%v), want 1/1000", pos, total, ok)
	}
}

func TestViewKeys(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	steps := []struct {
		key   tea.KeyMsg
		view  store.View
		first string
	}{
		{keyTab, store.ViewSecondReview, "MA-2026-0009"},
		{keyTab, store.ViewReconsideration, ""},
		{keyTab, store.ViewWaiting, "MA-2026-0007"},
		{keyTab, store.ViewDecided, "MA-2026-0002"},
		{keyTab, store.ViewAll, "MA-2026-0012"},
		{keyTab, store.ViewOpen, "MA-2026-0012"},
		{keyShiftTab, store.ViewAll, "MA-2026-0012"},
		{keyShiftTab, store.ViewDecided, "MA-2026-0002"},
		{runes("1"), store.ViewOpen, "MA-2026-0012"},
		{runes("2"), store.ViewSecondReview, "MA-2026-0009"},
		{runes("3"), store.ViewReconsideration, ""},
		{runes("4"), store.ViewWaiting, "MA-2026-0007"},
		{runes("5"), store.ViewDecided, "MA-2026-0002"},
		{runes("6"), store.ViewAll, "MA-2026-0012"},
	}
	for _, st := range steps {
		press(t, m, st.key)
		if queueOf(m).view != st.view || selectedID(m) != st.first {
			t.Fatalf("after %s: view %v first %s, want %v %s", st.key, queueOf(m).view, selectedID(m), st.view, st.first)
		}
	}
	if !screenHas(m, "[all 13]") || !screenHas(m, "second review") {
		t.Fatalf("the all view shows no state column:\n%s", m.View())
	}
}

func TestSecondReviewShowsProposer(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("2"))
	if !screenHas(m, "awaiting second review (proposed by pmulder)") {
		t.Fatalf("no proposer:\n%s", m.View())
	}
}

func TestColumnsAdaptToWidth(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	v80 := m.View()
	if strings.Contains(v80, "provider") || !strings.Contains(v80, "verdict") || !strings.Contains(v80, "items") {
		t.Fatalf("at 80 columns the provider column should give way, not verdict or items:\n%s", v80)
	}
	resize(t, m, 120, 40)
	v120 := m.View()
	for _, col := range []string{"provider", "start", "setting", "verdict", "items", "BSN"} {
		if !strings.Contains(v120, col) {
			t.Errorf("at 120 columns the %s column is missing:\n%s", col, v120)
		}
	}
	for _, l := range strings.Split(v120, "\n") {
		if w := len([]rune(l)); w > 120 {
			t.Errorf("line wider than 120: %q", l)
		}
	}
	if n := strings.Count(v120, "\n") + 1; n != 40 {
		t.Errorf("the screen has %d lines, want 40", n)
	}
}

// --- filter ---------------------------------------------------------------

func TestFilter(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("6"), runes("/"))
	if !queueOf(m).editing || !m.top().TextFocused() {
		t.Fatal("/ does not focus the filter")
	}
	typeText(t, m, "amers")
	if n := len(queueOf(m).matches.rows); n != 12 {
		t.Fatalf("provider filter: %d matches, want 12", n)
	}
	press(t, m, keyBack, keyBack, keyBack, keyBack, keyBack)
	typeText(t, m, "ilse")
	if n := len(queueOf(m).matches.rows); n != 1 || selectedID(m) != "MA-2026-0009" {
		t.Fatalf("name filter: %d matches, selected %s", n, selectedID(m))
	}
	press(t, m, keyEnter)
	if queueOf(m).editing || !queueOf(m).filtered() || !screenHas(m, "filter: ilse") {
		t.Fatalf("enter does not keep the filter:\n%s", m.View())
	}
	press(t, m, keyEsc)
	if queueOf(m).filtered() || len(queueOf(m).list().rows) != 13 {
		t.Fatalf("esc does not clear the filter: %q, %d rows", queueOf(m).query, len(queueOf(m).list().rows))
	}

	press(t, m, runes("/"))
	typeText(t, m, "ma-2026-001")
	if n := len(queueOf(m).matches.rows); n != 4 {
		t.Fatalf("id filter: %d matches, want 4 (0010 to 0013)", n)
	}
	press(t, m, keyEsc)
	if queueOf(m).filtered() || queueOf(m).editing {
		t.Fatal("esc while typing does not clear the filter")
	}
}

func TestFilterByFullBSNOnly(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("6"), runes("/"))
	typeText(t, m, "249566758")
	if n := len(queueOf(m).matches.rows); n != 1 || selectedID(m) != "MA-2026-0002" {
		t.Fatalf("full BSN: %d matches (%s)", n, selectedID(m))
	}
	if screenHas(m, "matches") || strings.Contains(strings.Join(strings.Split(m.View(), "\n")[3:], "\n"), "249566758") {
		t.Fatalf("the BSN shows outside the filter field:\n%s", m.View())
	}
	press(t, m, keyEsc, runes("/"))
	typeText(t, m, "566758")
	if n := len(queueOf(m).matches.rows); n != 0 || !screenHas(m, en.TextNoMatches) {
		t.Fatalf("part of a BSN matched %d requests", n)
	}
}

func TestFilterTypesQ(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("/"))
	if pressQuit(t, m, runes("q")) {
		t.Fatal("q in the filter quits")
	}
	if queueOf(m).input.Value() != "q" {
		t.Fatalf("q was not typed: %q", queueOf(m).input.Value())
	}
	if !pressQuit(t, m, keyCtrlC) {
		t.Fatal("ctrl+c in the filter does not quit")
	}
}

func TestFilterDropsStaleResults(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("6"), runes("/"))
	_, cmd := m.Update(runes("k"))
	stale := cmd // the scan for "k", not run yet
	typeText(t, m, "im")
	if queueOf(m).query != "kim" || len(queueOf(m).matches.rows) != 1 {
		t.Fatalf("filter kim: %q %d", queueOf(m).query, len(queueOf(m).matches.rows))
	}
	drive(t, m, stale) // the old scan's answer arrives last
	if len(queueOf(m).matches.rows) != 1 || selectedID(m) != "MA-2026-0011" {
		t.Fatalf("a stale result replaced the newer one: %d rows", len(queueOf(m).matches.rows))
	}
}

func TestFilterIsCapped(t *testing.T) {
	m := newModel(t, generatedStore(t, 50), adviser)
	queueOf(m).filterLimit = 20
	press(t, m, runes("/"))
	typeText(t, m, "gen")
	if n := len(queueOf(m).matches.rows); n != 20 || !queueOf(m).capped {
		t.Fatalf("%d matches, capped %v", n, queueOf(m).capped)
	}
	if !screenHas(m, "first 20 matches shown") {
		t.Fatalf("the cap is not said:\n%s", m.View())
	}
}

// --- request view ---------------------------------------------------------

func TestOpenRequestAndBack(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	_, cmd := m.Update(keyEnter)
	if reqOf(m) == nil || !reqOf(m).loading() || !screenHas(m, "loading MA-2026-0001") {
		t.Fatal("enter does not open the request view while it loads")
	}
	drive(t, m, cmd)
	v := m.View() + strings.Join(reqOf(m).content(), "\n")
	for _, want := range []string{"Anna de Vries", "******782 (b reveals)", "complete: every item is in order", "1 referral letter"} {
		if !strings.Contains(v, want) {
			t.Errorf("request view lacks %q:\n%s", want, v)
		}
	}
	log, _ := s.AccessLog("MA-2026-0001")
	if last := log[len(log)-1]; last.Event != audit.EventView || last.Adviser != "jdevries" {
		t.Fatalf("the read is not logged: %+v", last)
	}
	press(t, m, keyEsc)
	if reqOf(m) != nil || selectedID(m) != "MA-2026-0001" {
		t.Fatal("esc does not go back to the queue at the same row")
	}
}

func TestRequestViewShowsEverything(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	resize(t, m, 120, 40)
	press(t, m, runes("5"))
	selectID(t, m, "MA-2026-0002")
	press(t, m, keyEnter)
	content := strings.Join(reqOf(m).content(), "\n")
	for _, want := range []string{
		"Bram Jansen", "1978-09-02", "100234567", "Revalidatiekliniek Amersfoort", "22012345", "outpatient",
		"2 admission indication", "not applicable", "2026-12-14 to 2027-02-26", "2400", "loop- en balanstraining",
		"dr. S. Visser, revalidatiearts (AGB 03098765): regie, medische behandeling", "171234", "990916034",
		"version 1, received 2026-11-24", "approved by pmulder", "minutes: 2400", "period: 2026-12-14 to 2027-02-26",
		"Access log", "intake (local terminal) imported", "pmulder (local terminal) decided", "jdevries (local terminal) viewed",
	} {
		if !strings.Contains(content, want) {
			t.Errorf("request view lacks %q", want)
		}
	}
}

func TestRequestViewScrolls(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, keyEnter)
	vp := func() int { return reqOf(m).vp.YOffset }
	steps := []struct {
		key  tea.KeyMsg
		want func(before int) bool
	}{
		{runes("j"), func(b int) bool { return vp() == b+1 }},
		{keyDown, func(b int) bool { return vp() == b+1 }},
		{runes("k"), func(b int) bool { return vp() == b-1 }},
		{keyUp, func(b int) bool { return vp() == b-1 }},
		{keyPgDown, func(b int) bool { return vp() == b+reqOf(m).vp.Height }},
		{keyPgUp, func(b int) bool { return vp() == 0 }},
		{keyCtrlD, func(b int) bool { return vp() == reqOf(m).vp.Height/2 }},
		{keyCtrlU, func(b int) bool { return vp() == 0 }},
		{runes("G"), func(b int) bool { return reqOf(m).vp.AtBottom() && vp() > 0 }},
		{runes("g"), func(b int) bool { return vp() == 0 }},
	}
	for _, st := range steps {
		before := vp()
		press(t, m, st.key)
		if !st.want(before) {
			t.Fatalf("%s: offset %d from %d", st.key, vp(), before)
		}
	}
	press(t, m, runes("G"))
	if !screenHas(m, "Access log") {
		t.Fatalf("G does not show the end:\n%s", m.View())
	}
}

func TestRevealBSN(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("5"))
	selectID(t, m, "MA-2026-0002")
	press(t, m, keyEnter)
	if screenHas(m, "249566758") {
		t.Fatal("the BSN shows before it is revealed")
	}
	press(t, m, runes("b"))
	if !screenHas(m, "249566758") {
		t.Fatalf("b does not reveal the BSN:\n%s", m.View())
	}
	log, _ := s.AccessLog("MA-2026-0002")
	if last := log[len(log)-1]; last.Event != audit.EventRevealBSN || last.Adviser != "jdevries" {
		t.Fatalf("the reveal is not logged: %+v", last)
	}
	press(t, m, keyEsc)
	if screenHas(m, "249566758") {
		t.Fatal("the BSN shows in the queue")
	}
	press(t, m, keyEnter)
	if screenHas(m, "249566758") || !screenHas(m, "******758") {
		t.Fatal("the BSN stays revealed after leaving the view")
	}
}

func TestOpenUnknownRequestShowsError(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	s.mu.Lock()
	s.failGet = fmt.Errorf("request MA-2026-0012: %w", store.ErrNotFound)
	s.mu.Unlock()
	press(t, m, keyEnter)
	if !screenHas(m, "error: request MA-2026-0012: not found") {
		t.Fatalf("no error:\n%s", m.View())
	}
	press(t, m, runes("a"))
	if formOf(m) != nil {
		t.Fatal("a form opened without a record")
	}
	press(t, m, keyEsc)
	press(t, m, runes("a"))
	if reqOf(m) != nil || formOf(m) != nil || !strings.Contains(m.status, "not found") {
		t.Fatalf("a from the queue on an unreadable request: req %v form %v status %q", reqOf(m) != nil, formOf(m) != nil, m.status)
	}
}

// --- help and quit --------------------------------------------------------

func TestHelpKey(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	press(t, m, runes("?"))
	if !helpShown(m) || !screenHas(m, "Keys") || !screenHas(m, "✓ ok") || !screenHas(m, "≥ late") {
		t.Fatalf("? does not show the full help with the legend:\n%s", m.View())
	}
	for _, want := range []string{"half down", "jump to a view", "request info", "overturn", "keep filter"} {
		if !screenHas(m, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	press(t, m, runes("j")) // ignored
	press(t, m, keyEsc)
	if helpShown(m) {
		t.Fatal("esc does not close the help")
	}
	press(t, m, runes("?"), runes("?"))
	if helpShown(m) {
		t.Fatal("? does not close the help")
	}
	press(t, m, keyEnter, runes("?"))
	if !screenHas(m, "reveal BSN") {
		t.Fatal("the help of the request view lacks its keys")
	}
	if !pressQuit(t, m, runes("q")) {
		t.Fatal("q in the help does not quit")
	}
}

func TestQuitKeys(t *testing.T) {
	m := newModel(t, exampleStore(t), adviser)
	if !pressQuit(t, m, runes("q")) {
		t.Fatal("q does not quit the queue")
	}
	m = newModel(t, exampleStore(t), adviser)
	if !pressQuit(t, m, keyCtrlC) {
		t.Fatal("ctrl+c does not quit")
	}
	m = newModel(t, exampleStore(t), adviser)
	press(t, m, keyEnter)
	if !pressQuit(t, m, runes("q")) {
		t.Fatal("q does not quit the request view")
	}
}

// --- approve --------------------------------------------------------------

func TestApproveFromQueue(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"))
	if formOf(m) == nil || formOf(m).kind != formApprove || !formOf(m).fromQueue {
		t.Fatal("a does not open the approve form")
	}
	if formOf(m).minutes.Value() != "2400" || formOf(m).from.Value() != "2026-12-14" || formOf(m).until.Value() != "2027-02-26" {
		t.Fatalf("defaults: %q %q %q", formOf(m).minutes.Value(), formOf(m).from.Value(), formOf(m).until.Value())
	}
	if formOf(m).problem != "" {
		t.Fatalf("a complete request shows a problem: %s", formOf(m).problem)
	}
	press(t, m, keyEnter, keyEnter, keyEnter)
	typeText(t, m, "Conform plan.")
	press(t, m, keyEnter)
	if formOf(m).step != stepConfirm {
		t.Fatalf("not at the confirmation: %s", formOf(m).problem)
	}
	v := m.View()
	for _, want := range []string{"Confirm: this will be recorded", "approved", "2400", "2026-12-14", "2027-02-26", "Conform plan.", "jdevries"} {
		if !strings.Contains(v, want) {
			t.Errorf("confirmation lacks %q:\n%s", want, v)
		}
	}
	if s.decideCalls != 4 { // the four of exampleStore
		t.Fatal("the confirmation already recorded")
	}
	press(t, m, keyEnter)
	ds := s.decisionsOf("MA-2026-0001")
	if len(ds) != 1 || ds[0].Outcome != authz.OutcomeApproved || ds[0].ApprovedMinutes != 2400 || ds[0].Adviser != "jdevries" || ds[0].Reason != "Conform plan." {
		t.Fatalf("recorded %+v", ds)
	}
	if formOf(m) != nil || reqOf(m) != nil {
		t.Fatal("the form does not close to the queue")
	}
	if !strings.Contains(m.status, "MA-2026-0001: approved, now approved") {
		t.Fatalf("status %q", m.status)
	}
	if queueOf(m).win.indexOf("MA-2026-0001") >= 0 || !screenHas(m, "open 8") || !screenHas(m, "decided today 2") {
		t.Fatalf("the queue is not reloaded:\n%s", m.View())
	}
}

func TestApproveFromRequestViewWithChangedFields(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, keyEnter, runes("a"))
	if formOf(m).fromQueue {
		t.Fatal("the form thinks it came from the queue")
	}
	// Replace the minutes, then the dates.
	for range 4 {
		press(t, m, keyBack)
	}
	typeText(t, m, "1200")
	press(t, m, keyTab)
	for range 10 {
		press(t, m, keyBack)
	}
	typeText(t, m, "2026-12-15")
	press(t, m, keyDown) // arrows move between fields too
	for range 10 {
		press(t, m, keyBack)
	}
	typeText(t, m, "2027-01-31")
	press(t, m, keyShiftTab, keyUp, keyUp) // back to the minutes and around
	if formOf(m).current() != fieldReason {
		t.Fatalf("focus is on field %d", formOf(m).current())
	}
	press(t, m, keyEnter)
	if formOf(m).step != stepConfirm {
		t.Fatalf("not confirmed: %s", formOf(m).problem)
	}
	press(t, m, keyEnter)
	ds := s.decisionsOf("MA-2026-0001")
	if len(ds) != 1 || ds[0].ApprovedMinutes != 1200 || ds[0].ValidFrom != 20261215 || ds[0].ValidUntil != 20270131 {
		t.Fatalf("recorded %+v", ds)
	}
	if reqOf(m) == nil || formOf(m) != nil || !screenHas(m, "approved") {
		t.Fatal("the form does not return to the request view")
	}
	if !strings.Contains(strings.Join(reqOf(m).content(), "\n"), "approved by jdevries") {
		t.Fatal("the request view does not show the new decision")
	}
}

func TestApproveInputProblems(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"))
	typeText(t, m, "x")
	press(t, m, keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m).step != stepEdit || !strings.Contains(formOf(m).problem, `minutes must be a whole number, not "2400x"`) {
		t.Fatalf("bad minutes: step %d, %q", formOf(m).step, formOf(m).problem)
	}
	press(t, m, keyTab) // from the reason round to the minutes
	press(t, m, keyBack)
	typeText(t, m, "0") // 24000: more than requested
	press(t, m, keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m).step != stepEdit || !strings.Contains(formOf(m).problem, "approved minutes must be 1 to the 2400 requested, not 24000") {
		t.Fatalf("too many minutes: %q", formOf(m).problem)
	}
	if !screenHas(m, "Refused, nothing recorded") {
		t.Fatalf("the refusal is not on screen:\n%s", m.View())
	}
	press(t, m, keyTab, keyBack, keyTab) // minutes 2400, then the first day
	for range 10 {
		press(t, m, keyBack)
	}
	typeText(t, m, "2026-13-01")
	press(t, m, keyEnter, keyEnter, keyEnter)
	if !strings.Contains(formOf(m).problem, `valid from: "2026-13-01" is not a day of the calendar`) {
		t.Fatalf("bad date: %q", formOf(m).problem)
	}
	if s.decideCalls != 4 || len(s.decisionsOf("MA-2026-0001")) != 0 {
		t.Fatal("something was recorded")
	}
}

func TestApproveIncompleteIsRefused(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0003")
	press(t, m, runes("a"))
	if !strings.Contains(formOf(m).problem, "MA-2026-0003 cannot be approved: incomplete: treatment plan late") || !screenHas(m, "Not allowed") {
		t.Fatalf("no warning as the form opens: %q", formOf(m).problem)
	}
	press(t, m, keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m).step != stepEdit || !strings.Contains(formOf(m).problem, "Refused, nothing recorded: MA-2026-0003 cannot be approved") {
		t.Fatalf("step %d, problem %q", formOf(m).step, formOf(m).problem)
	}
	press(t, m, keyEnter)
	if s.decideCalls != 4 || len(s.decisionsOf("MA-2026-0003")) != 0 || s.stateOf("MA-2026-0003") != authz.StateOpen {
		t.Fatal("an incomplete request was approved")
	}
}

func TestStoreRefusalIsShownInTheForm(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m).step != stepConfirm {
		t.Fatal("not at the confirmation")
	}
	// The adviser leaves the confirmation for longer than a claim lasts;
	// meanwhile another adviser rejects it, and this model has not heard yet.
	s.advance(store.ClaimIdle + time.Minute)
	mustDecide(t, s, second, "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "Dubbele aanvraag."})
	press(t, m, keyEnter)
	if formOf(m) == nil || formOf(m).step != stepEdit {
		t.Fatal("the form closed on a refusal")
	}
	if !strings.Contains(formOf(m).problem, "Refused, nothing recorded: approve: not allowed for a request that is rejected") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	ds := s.decisionsOf("MA-2026-0001")
	if len(ds) != 1 || ds[0].Adviser != "pmulder" {
		t.Fatalf("recorded %+v", ds)
	}
	log, _ := s.AccessLog("MA-2026-0001")
	if last := log[len(log)-1]; last.Outcome != audit.Refused {
		t.Fatalf("the refusal is not logged: %+v", last)
	}
}

func TestEscRecordsNothing(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, keyEnter, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m).step != stepConfirm {
		t.Fatal("not at the confirmation")
	}
	press(t, m, keyEsc)
	if formOf(m) == nil || formOf(m).step != stepEdit || formOf(m).minutes.Value() != "2400" {
		t.Fatal("esc at the confirmation does not go back to the filled-in form")
	}
	press(t, m, keyEsc)
	if formOf(m) != nil || reqOf(m) == nil {
		t.Fatal("esc in the form does not go back to the request view")
	}
	press(t, m, keyEsc, runes("r"), keyEsc)
	if formOf(m) != nil || reqOf(m) != nil {
		t.Fatal("esc in a form opened from the queue does not go back to the queue")
	}
	press(t, m, runes("i"), keyEnter, keyEnter, keyEsc, keyEsc)
	if formOf(m) != nil {
		t.Fatal("esc does not leave the info form")
	}
	if s.decideCalls != 4 || len(s.decisionsOf("MA-2026-0001")) != 0 {
		t.Fatal("esc recorded something")
	}
}

func TestTextFieldTakesQ(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"), keyTab, keyTab, keyTab)
	if pressQuit(t, m, runes("q")) || formOf(m).reason.Value() != "q" {
		t.Fatalf("q in the reason: %q", formOf(m).reason.Value())
	}
	if pressQuit(t, m, runes("?")) || helpShown(m) {
		t.Fatal("? in a text field opens the help")
	}
	press(t, m, keyEsc, runes("r"))
	if formOf(m).TextFocused() {
		t.Fatal("the reason code list counts as a text field")
	}
	press(t, m, runes("?"))
	if !helpShown(m) || !screenHas(m, "next choice") {
		t.Fatalf("? on the code list does not show the form's help:\n%s", m.View())
	}
	press(t, m, keyEsc, keyTab)
	if pressQuit(t, m, runes("q")) || formOf(m).motivation.Value() != "q" {
		t.Fatalf("q in the motivation: %q", formOf(m).motivation.Value())
	}
	if !pressQuit(t, m, keyCtrlC) {
		t.Fatal("ctrl+c in a text field does not quit")
	}
}

// --- reject ---------------------------------------------------------------

func TestReject(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0003")
	press(t, m, runes("r"))
	if authz.RejectCodes[formOf(m).code] != authz.RejectIncomplete {
		t.Fatalf("default code %s, want incomplete for an incomplete request", authz.RejectCodes[formOf(m).code])
	}
	press(t, m, runes("k"), keyUp, keyUp) // to the top, and no further
	if authz.RejectCodes[formOf(m).code] != authz.RejectNotRequired {
		t.Fatalf("code %s", authz.RejectCodes[formOf(m).code])
	}
	press(t, m, runes("j"), keyDown, keyDown, keyDown, keyDown, keyDown, runes("k"), runes("k"))
	if authz.RejectCodes[formOf(m).code] != authz.RejectNotIndicated {
		t.Fatalf("code %s", authz.RejectCodes[formOf(m).code])
	}
	press(t, m, runes("j"), keyEnter) // other; enter moves to the motivation
	if formOf(m).current() != fieldMotivation {
		t.Fatal("enter does not move to the motivation")
	}
	press(t, m, keyEnter)
	if formOf(m).step != stepEdit || !strings.Contains(formOf(m).problem, "a rejection needs a motivation") {
		t.Fatalf("empty motivation: %q", formOf(m).problem)
	}
	typeText(t, m, "Plan dateert van na de start.")
	press(t, m, keyAltEnter)
	typeText(t, m, "Codes ontbreken.")
	press(t, m, tea.KeyMsg{Type: tea.KeyCtrlJ})
	typeText(t, m, "Einde.")
	press(t, m, keyEnter)
	if formOf(m).step != stepConfirm {
		t.Fatalf("not confirmed: %q", formOf(m).problem)
	}
	if !screenHas(m, "reason code") || !screenHas(m, "other") || !screenHas(m, "Codes ontbreken.") {
		t.Fatalf("confirmation:\n%s", m.View())
	}
	press(t, m, keyEnter)
	ds := s.decisionsOf("MA-2026-0003")
	if len(ds) != 1 || ds[0].Outcome != authz.OutcomeRejected || ds[0].ReasonCode != authz.RejectOther ||
		ds[0].Reason != "Plan dateert van na de start.\nCodes ontbreken.\nEinde." {
		t.Fatalf("recorded %+v", ds)
	}
	if s.stateOf("MA-2026-0003") != authz.StateRejected {
		t.Fatal("not rejected")
	}
}

func TestRejectNotIndicatedNeedsSecondAdviser(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0011")
	press(t, m, runes("r"), runes("j"), runes("j"), keyTab)
	if authz.RejectCodes[formOf(m).code] != authz.RejectNotIndicated {
		t.Fatalf("code %s", authz.RejectCodes[formOf(m).code])
	}
	typeText(t, m, "Geen indicatie voor opname.")
	press(t, m, keyEnter)
	if !screenHas(m, "rejection proposed") || !screenHas(m, "second review") {
		t.Fatalf("the confirmation does not say it awaits a second adviser:\n%s", m.View())
	}
	press(t, m, keyEnter)
	if s.stateOf("MA-2026-0011") != authz.StateSecondReview {
		t.Fatal("not in second review")
	}
	press(t, m, runes("2"), runes("j"))
	if !screenHas(m, "MA-2026-0011 awaiting second review (proposed by jdevries)") {
		t.Fatalf("no proposer in the queue:\n%s", m.View())
	}
}

// --- request information --------------------------------------------------

func TestRequestInfo(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0003")
	press(t, m, runes("i"))
	want := [authz.NumItems]bool{false, false, true, true, true}
	if formOf(m).picked != want {
		t.Fatalf("pre-selected %v, want %v", formOf(m).picked, want)
	}
	press(t, m, keySpace, runes("j"), runes("j"), keySpace) // add referral, drop the plan
	if want := [authz.NumItems]bool{true, false, false, true, true}; formOf(m).picked != want {
		t.Fatalf("after toggling %v", formOf(m).picked)
	}
	press(t, m, keyTab)
	typeText(t, m, "Graag aanvullen.")
	press(t, m, keyEnter)
	if formOf(m).step != stepConfirm || !screenHas(m, "referral letter, practitioners, DBC and prestatiecode") || !screenHas(m, "waiting") {
		t.Fatalf("confirmation:\n%s", m.View())
	}
	press(t, m, keyEnter)
	ds := s.decisionsOf("MA-2026-0003")
	if len(ds) != 1 || ds[0].Outcome != authz.OutcomeInfoRequested || len(ds[0].ItemsRequested) != 3 || ds[0].Reason != "Graag aanvullen." {
		t.Fatalf("recorded %+v", ds)
	}
	if s.stateOf("MA-2026-0003") != authz.StateWaiting {
		t.Fatal("not waiting")
	}
}

func TestRequestInfoNeedsAnItem(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0010") // outpatient, complete
	press(t, m, runes("i"))
	if formOf(m).picked != ([authz.NumItems]bool{}) || formOf(m).problem != "" {
		t.Fatalf("picked %v, problem %q", formOf(m).picked, formOf(m).problem)
	}
	press(t, m, runes("j"), keySpace)
	if formOf(m).picked[authz.ItemAdmissionIndication] {
		t.Fatal("an item that does not apply was selected")
	}
	press(t, m, keyEnter, keyEnter)
	if !strings.Contains(formOf(m).problem, "a request for information needs at least one item") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	if s.decideCalls != 4 {
		t.Fatal("recorded")
	}
}

func TestRequestInfoOnWaitingIsRefused(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("4"), runes("i"))
	if !strings.Contains(formOf(m).problem, "request information: not allowed for a request that is waiting (only when open)") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	press(t, m, keyEnter, keyEnter, keyEnter)
	if formOf(m).step == stepConfirm || s.decideCalls != 4 {
		t.Fatal("a waiting request got a second request for information")
	}
}

// --- second review --------------------------------------------------------

func TestConcurByProposerIsRefused(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, second)
	press(t, m, runes("2"), runes("c"))
	if !strings.Contains(formOf(m).problem, "pmulder proposed this rejection and cannot concur it") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	press(t, m, keyEnter)
	if formOf(m).step != stepEdit || s.decideCalls != 4 {
		t.Fatal("the proposer concurred")
	}
}

func TestConcur(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("2"), keyEnter, runes("c"))
	if !screenHas(m, "proposed by pmulder") {
		t.Fatalf("the proposal is not shown:\n%s", m.View())
	}
	press(t, m, keyEnter, keyEnter)
	if s.stateOf("MA-2026-0009") != authz.StateRejected {
		t.Fatal("not rejected")
	}
	ds := s.decisionsOf("MA-2026-0009")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeConcurred || last.Adviser != "jdevries" {
		t.Fatalf("recorded %+v", last)
	}
	if reqOf(m) == nil || !screenHas(m, "rejected") {
		t.Fatal("the request view does not show the new state")
	}
}

func TestOverturnNeedsReason(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("2"), runes("o"), keyEnter)
	if !strings.Contains(formOf(m).problem, "overturning a proposed rejection needs a reason") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
	typeText(t, m, "Opname is wel geïndiceerd.")
	press(t, m, keyEnter, keyEnter)
	if s.stateOf("MA-2026-0009") != authz.StateOpen {
		t.Fatal("not back to open")
	}
	ds := s.decisionsOf("MA-2026-0009")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeOverturned || last.Reason != "Opname is wel geïndiceerd." {
		t.Fatalf("recorded %+v", last)
	}
}

func TestConcurOnOpenRequestIsRefused(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, runes("o"))
	if !strings.Contains(formOf(m).problem, "only when second review") {
		t.Fatalf("problem %q", formOf(m).problem)
	}
}

// --- live updates and first run -------------------------------------------

// liveStep subscribes, lets write change the store, and delivers the change
// as the program's listening command would, without a key.
func liveStep(t *testing.T, m *Model, s *fakeStore, write func()) {
	t.Helper()
	m.changes, m.stop = s.Subscribe()
	write()
	msg := listen(m.changes)()
	_, cmd := m.Update(msg)
	m.Close() // ends the next listen that drive leaves behind
	drive(t, m, cmd)
}

func TestLiveUpdates(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	extra := exampleRequests(t)[0]
	extra.ID = "MA-2026-0099"
	extra.Insured.Name = "Nieuwe Aanvraag"
	extra.Received = 20261101 // due long ago: first in the queue
	liveStep(t, m, s, func() { s.importRequests("intake", extra) })
	if selectedID(m) != "MA-2026-0012" || !screenHas(m, "Nieuwe Aanvraag") || !screenHas(m, "open 10") || !screenHas(m, "overdue 4") {
		t.Fatalf("the import does not show:\n%s", m.View())
	}

	selectID(t, m, "MA-2026-0001")
	press(t, m, keyEnter)
	liveStep(t, m, s, func() {
		mustDecide(t, s, second, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove})
	})
	if !screenHas(m, "approved") || !strings.Contains(strings.Join(reqOf(m).content(), "\n"), "approved by pmulder") {
		t.Fatal("the open request is not reloaded")
	}
	if queueOf(m).win.indexOf("MA-2026-0001") >= 0 {
		t.Fatal("the queue is not reloaded")
	}

	// A change to another request reloads the queue but not the record.
	before := s.getCalls
	liveStep(t, m, s, func() {
		mustDecide(t, s, second, "MA-2026-0012", authz.Ask{Action: authz.ActionApprove})
	})
	if s.getCalls != before {
		t.Fatal("the record was read again for another request's change")
	}
}

func TestReadChangeRefreshesOnlyTheLog(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	press(t, m, keyEnter)
	before := s.getCalls
	_, cmd := m.Update(changeMsg{ok: true, change: store.Change{IDs: []string{"MA-2026-0012"}, Event: audit.EventRevealBSN, By: "pmulder"}})
	m.Close()
	drive(t, m, cmd)
	if s.getCalls != before {
		t.Fatal("a read made the view read the record again")
	}
}

func TestEmptyStore(t *testing.T) {
	s := newFakeStore(fixedClock(testToday))
	m := newModel(t, s, adviser)
	v := m.View()
	for _, want := range []string{"Welcome to machtiging", "machtiging import FILE", "machtiging demo", s.path} {
		if !strings.Contains(v, want) {
			t.Errorf("first-run screen lacks %q:\n%s", want, v)
		}
	}
	press(t, m, runes("j"), keyEnter, runes("a"))
	if reqOf(m) != nil || formOf(m) != nil {
		t.Fatal("keys act on an empty store")
	}
	liveStep(t, m, s, func() { s.importRequests("intake", exampleRequests(t)...) })
	if screenHas(m, "Welcome") || !screenHas(m, "MA-2026-0012") {
		t.Fatalf("the queue does not replace the welcome after an import:\n%s", m.View())
	}
}

// --- data safety ----------------------------------------------------------

func TestStoredControlCharactersNeverReachTheTerminal(t *testing.T) {
	s := newFakeStore(fixedClock(testToday))
	r := exampleRequests(t)[0]
	r.Insured.Name = "Evil\x1b]0;pwned\x07 \x1b[2JName\u202e"
	r.Provider.Name = "Kliniek\r\nNaam\x9b31m"
	r.AdmissionIndication.Summary = "regel 1\nregel 2\x1b[31m"
	s.importRequests("intake", r)
	m := newModel(t, s, adviser)
	check := func(where string) {
		v := m.View()
		for _, bad := range []string{"\x1b", "\x07", "\r", "\x9b", "\u202e"} {
			if strings.Contains(v, bad) {
				t.Fatalf("%s: %q reaches the terminal:\n%q", where, bad, v)
			}
		}
	}
	check("queue")
	resize(t, m, 120, 40)
	check("wide queue")
	press(t, m, keyEnter)
	check("request view")
	if !strings.Contains(strings.Join(reqOf(m).content(), "\n"), "Evil\uFFFD]0;pwned\uFFFD \uFFFD[2JName\uFFFD") {
		t.Fatalf("the name is not shown neutralised:\n%s", strings.Join(reqOf(m).content(), "\n"))
	}
	press(t, m, runes("a"))
	check("form")
	press(t, m, keyEsc, keyEsc, runes("/"))
	typeText(t, m, "evil")
	check("filter")
}

func TestClean(t *testing.T) {
	cases := map[string]string{
		"plain":             "plain",
		"tab\there":         "tab here",
		"new\nline":         "new line",
		"esc\x1b[31m":       "esc\uFFFD[31m",
		"bidi\u202eevil":    "bidi\uFFFDevil",
		"bad\xffutf8":       "bad\uFFFDutf8",
		"c1\u009bx":         "c1\uFFFDx",
		"del\x7f":           "del\uFFFD",
		"Zoë Ünal-Çelik":    "Zoë Ünal-Çelik",
		"isolate\u2066x":    "isolate\uFFFDx",
		"line sep\u2028end": "line sep\uFFFDend",
	}
	for in, want := range cases {
		if got := clean(in); got != want {
			t.Errorf("clean(%q) = %q, want %q", in, got, want)
		}
	}
	if got := cleanBlock("a\nb\x1bc"); got != "a\nb\uFFFDc" {
		t.Errorf("cleanBlock keeps %q", got)
	}
}

// --- small parts ----------------------------------------------------------

func TestDueWords(t *testing.T) {
	for _, c := range []struct {
		due  authz.Date
		want string
	}{
		{20261129, "overdue 2d"}, {20261201, "today"}, {20261202, "in 1d"}, {20261204, "in 3d"}, {0, "–"},
	} {
		if got := en.dueWords(c.due, testToday); got != c.want {
			t.Errorf("en.dueWords(%s) = %q, want %q", c.due, got, c.want)
		}
	}
}

func TestConfigureRenderer(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	r := asciiRenderer()
	r.SetColorProfile(termenv.TrueColor)
	ConfigureRenderer(r, env(map[string]string{"COLORFGBG": "0;15"}))
	if r.ColorProfile() != termenv.TrueColor {
		t.Fatal("colour is off without NO_COLOR")
	}
	ConfigureRenderer(r, env(map[string]string{"NO_COLOR": "1", "COLORFGBG": "0;15"}))
	if r.ColorProfile() != termenv.Ascii || r.HasDarkBackground() {
		t.Fatalf("NO_COLOR and a light background: profile %v dark %v", r.ColorProfile(), r.HasDarkBackground())
	}
	ConfigureRenderer(r, env(map[string]string{"COLORFGBG": "15;default;0"}))
	if !r.HasDarkBackground() {
		t.Fatal("15;default;0 is dark")
	}
	ConfigureRenderer(r, env(nil))
	if !r.HasDarkBackground() {
		t.Fatal("unknown should be dark")
	}
}

func TestMergeChanges(t *testing.T) {
	read := store.Change{IDs: []string{"A"}, Event: audit.EventView}
	write := store.Change{IDs: []string{"B"}, Event: audit.EventDecide, By: "x"}
	got := mergeChanges(read, write)
	if !dataEvent(got.Event) || len(got.IDs) != 2 {
		t.Fatalf("merged %+v", got)
	}
	if got := mergeChanges(write, store.Change{Event: audit.EventImport}); got.IDs != nil {
		t.Fatalf("an import of many must reload everything: %+v", got)
	}
}

func TestRefusalText(t *testing.T) {
	err := fmt.Errorf("decide: %w", &authz.Refusal{Code: authz.RefuseInReview, ID: "MA-1", Adviser: "no\x1b[2J"})
	if got := en.refusalText(err); got != "MA-1 is in review by no\uFFFD[2J; wait until they are done" {
		t.Fatalf("refusalText = %q", got)
	}
	if got := en.refusalText(errors.New("disk full")); got != "disk full" {
		t.Fatalf("refusalText = %q", got)
	}
}

func TestRun(t *testing.T) {
	s := exampleStore(t)
	opts := testOptions(adviser)
	var out strings.Builder
	opts.Input = strings.NewReader("q")
	opts.Output = &out
	done := make(chan error, 1)
	go func() { done <- Run(s, opts) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("q did not end Run")
	}
	if !strings.Contains(out.String(), "machtiging") {
		t.Fatalf("Run drew nothing:\n%q", out.String())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.subs) != 0 {
		t.Fatal("Run left its subscription open")
	}
}

func TestTinyTerminalDoesNotPanic(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	for _, size := range [][2]int{{1, 1}, {20, 6}, {40, 10}, {300, 100}} {
		resize(t, m, size[0], size[1])
		_ = m.View()
		press(t, m, keyEnter)
		_ = m.View()
		press(t, m, runes("a"))
		_ = m.View()
		press(t, m, keyEnter, keyEnter, keyEnter, keyEnter)
		_ = m.View()
		press(t, m, keyEsc, keyEsc, keyEsc, runes("?"))
		_ = m.View()
		press(t, m, keyEsc, runes("r"))
		_ = m.View()
		press(t, m, keyEsc, runes("i"))
		_ = m.View()
		press(t, m, keyEsc, runes("/"))
		_ = m.View()
		press(t, m, keyEsc)
	}
}
