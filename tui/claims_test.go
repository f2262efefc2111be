package tui

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/teatest"

	"machtiging/authz"
	"machtiging/store"
)

// claimer returns who holds a live claim on a request, or "".
func claimer(s *fakeStore, id string) string {
	cl, ok := s.ClaimOf(id)
	if !ok {
		return ""
	}
	return cl.Adviser
}

// rowOnScreen is the queue line of a request.
func rowOnScreen(m *Model, id string) string {
	for _, l := range strings.Split(m.View(), "\n") {
		if strings.Contains(l, id) && strings.Contains(l, "******") {
			return l
		}
	}
	return ""
}

func TestOpeningAFormClaimsTheRequest(t *testing.T) {
	s := exampleStore(t)
	a := newModel(t, s, adviser)
	selectID(t, a, "MA-2026-0001")
	press(t, a, runes("a"))
	if formOf(a) == nil || claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatalf("the approve form did not claim the request: form %v, claim %q", formOf(a) != nil, claimer(s, "MA-2026-0001"))
	}
	// The adviser sees no "in review" for their own claim.
	if screenHas(a, "in review by") {
		t.Fatalf("the adviser's own claim is shown as someone else's:\n%s", a.View())
	}

	// The other adviser sees it in the row, in the line under the table and
	// in the request view, and cannot open a form on it.
	b := newModel(t, s, second)
	if row := rowOnScreen(b, "MA-2026-0001"); !strings.HasPrefix(row, " "+textClaimMark) {
		t.Fatalf("the claimed row has no mark: %q", row)
	}
	if row := rowOnScreen(b, "MA-2026-0003"); strings.Contains(row, textClaimMark) {
		t.Fatalf("an unclaimed row has the mark: %q", row)
	}
	selectID(t, b, "MA-2026-0001")
	if row := rowOnScreen(b, "MA-2026-0001"); !strings.HasPrefix(row, textCursor+textClaimMark) {
		t.Fatalf("the selected claimed row has no mark: %q", row)
	}
	if !screenHas(b, "MA-2026-0001 ✎ in review by jdevries") {
		t.Fatalf("the line under the table does not say who reviews it:\n%s", b.View())
	}
	for _, k := range []string{"a", "r", "i"} {
		press(t, b, runes(k))
		if formOf(b) != nil || reqOf(b) != nil {
			t.Fatalf("%s opened a form on a request in review by another adviser", k)
		}
		if !b.statusErr || !strings.Contains(b.status, "MA-2026-0001 is in review by jdevries") || !screenHas(b, "in review by jdevries: try again") {
			t.Fatalf("%s: status %q", k, b.status)
		}
	}
	before := s.getCalls
	press(t, b, runes("a"))
	if s.getCalls != before {
		t.Fatal("a refused claim read the request (and logged a view)")
	}
	press(t, b, keyEnter)
	if !strings.Contains(strings.Split(b.View(), "\n")[2], "✎ in review by jdevries") {
		t.Fatalf("the request view does not say who reviews it:\n%s", b.View())
	}
	press(t, b, runes("a"))
	if formOf(b) != nil || reqOf(b) == nil || !strings.Contains(b.status, "in review by jdevries") {
		t.Fatalf("a in the request view: form %v, req %v, status %q", formOf(b) != nil, reqOf(b) != nil, b.status)
	}
	if claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("the refused adviser took the claim")
	}
	// The store refuses a decision too, and records nothing.
	if _, err := s.Decide(second, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}, testToday); err == nil || !strings.Contains(err.Error(), "in review by jdevries") {
		t.Fatalf("decide on a claimed request: %v", err)
	}
	if len(s.decisionsOf("MA-2026-0001")) != 0 {
		t.Fatal("recorded")
	}
}

func TestEscReleasesTheClaim(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	// From the queue: esc goes back to the queue and lets go.
	press(t, m, runes("r"))
	if claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("not claimed")
	}
	press(t, m, keyEsc)
	if formOf(m) != nil || reqOf(m) != nil || claimer(s, "MA-2026-0001") != "" || claimedBy(m) != "" {
		t.Fatalf("esc from a form opened in the queue: claim %q", claimer(s, "MA-2026-0001"))
	}
	// From the request view, after the confirmation and back.
	press(t, m, keyEnter, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m) == nil || formOf(m).step != stepConfirm || claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("not at the confirmation with a claim")
	}
	press(t, m, keyEsc)
	if claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("esc back to the form let go of the request")
	}
	press(t, m, keyEsc)
	if formOf(m) != nil || reqOf(m) == nil || claimer(s, "MA-2026-0001") != "" {
		t.Fatalf("esc to the request view: claim %q", claimer(s, "MA-2026-0001"))
	}
	// Another adviser may now open a form on it.
	b := newModel(t, s, second)
	selectID(t, b, "MA-2026-0001")
	press(t, b, runes("a"))
	if formOf(b) == nil || claimer(s, "MA-2026-0001") != "pmulder" {
		t.Fatalf("the released request could not be claimed: %q", b.status)
	}
}

func TestEscWhileTheFormLoadsReleasesTheClaim(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	_, cmd := m.Update(runes("a")) // the record is not read yet
	if f := formOf(m); f == nil || f.rec != nil || claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("a from the queue does not claim before the record loads")
	}
	press(t, m, keyEsc)
	drive(t, m, cmd)
	if formOf(m) != nil || reqOf(m) != nil || claimer(s, "MA-2026-0001") != "" {
		t.Fatalf("esc while loading: form %v, claim %q", formOf(m) != nil, claimer(s, "MA-2026-0001"))
	}
}

func TestUnreadableRequestReleasesTheClaim(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	s.mu.Lock()
	s.failGet = store.ErrNotFound
	s.mu.Unlock()
	press(t, m, runes("a"))
	if formOf(m) != nil || claimer(s, "MA-2026-0012") != "" {
		t.Fatalf("the claim outlived the failed read: %q", claimer(s, "MA-2026-0012"))
	}
}

func TestDecisionReleasesTheClaim(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter)
	if claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatal("not claimed at the confirmation")
	}
	press(t, m, keyEnter)
	if len(s.decisionsOf("MA-2026-0001")) != 1 {
		t.Fatal("not recorded")
	}
	if claimer(s, "MA-2026-0001") != "" || claimedBy(m) != "" {
		t.Fatalf("the claim outlived the decision: %q", claimer(s, "MA-2026-0001"))
	}
	// A refused decision keeps the claim: the form stays open.
	selectID(t, m, "MA-2026-0003")
	press(t, m, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter)
	if formOf(m) == nil || formOf(m).problem == "" || claimer(s, "MA-2026-0003") != "jdevries" {
		t.Fatalf("a refused form: form %v, claim %q", formOf(m) != nil, claimer(s, "MA-2026-0003"))
	}
}

func TestClaimIsRenewedByKeysAndLapsesWhenIdle(t *testing.T) {
	s := exampleStore(t)
	a := newModel(t, s, adviser)
	b := newModel(t, s, second)
	selectID(t, a, "MA-2026-0001")
	selectID(t, b, "MA-2026-0001")
	press(t, a, runes("a"), keyEnter, keyEnter, keyEnter)
	// Typing keeps the claim: twelve minutes in all, never ten idle.
	for range 4 {
		s.advance(3 * time.Minute)
		typeText(t, a, "x")
	}
	if claimer(s, "MA-2026-0001") != "jdevries" || !screenHas(b, "in review by jdevries") {
		t.Fatalf("the claim lapsed while the adviser typed: %q", claimer(s, "MA-2026-0001"))
	}
	press(t, b, runes("a"))
	if formOf(b) != nil {
		t.Fatal("the other adviser opened a form on a renewed claim")
	}

	// Ten idle minutes end it: the other adviser's screen no longer says
	// so, and they may open a form.
	s.advance(store.ClaimIdle + time.Second)
	if claimer(s, "MA-2026-0001") != "" {
		t.Fatal("the claim did not lapse")
	}
	selectID(t, b, "MA-2026-0001") // a key clears the status line
	if screenHas(b, "in review by") || strings.Contains(rowOnScreen(b, "MA-2026-0001"), textClaimMark) {
		t.Fatalf("a lapsed claim is still shown:\n%s", b.View())
	}
	press(t, b, runes("a"))
	if formOf(b) == nil || claimer(s, "MA-2026-0001") != "pmulder" {
		t.Fatalf("the lapsed claim could not be taken: %q", b.status)
	}
	// The first adviser's next key finds the request taken, and recording
	// is refused.
	press(t, a, keyEnter)
	if !screenHas(a, "Now in review by pmulder") {
		t.Fatalf("the form does not say the claim was lost:\n%s", a.View())
	}
	press(t, a, keyEnter)
	if len(s.decisionsOf("MA-2026-0001")) != 0 || !strings.Contains(formOf(a).problem, "in review by pmulder") {
		t.Fatalf("recorded over another adviser's claim: problem %q", formOf(a).problem)
	}
	// Once the other adviser lets go, the next key takes the claim back.
	press(t, b, keyEsc)
	press(t, a, keyTab)
	if screenHas(a, "Now in review by") || claimer(s, "MA-2026-0001") != "jdevries" {
		t.Fatalf("the claim was not taken back: %q\n%s", claimer(s, "MA-2026-0001"), a.View())
	}
}

func TestClosingTheSessionReleasesTheClaim(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"))
	m.Close()
	if claimer(s, "MA-2026-0001") != "" {
		t.Fatal("Close left the claim")
	}
	m = newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("i"), keyTab)
	if !pressQuit(t, m, keyCtrlC) || claimer(s, "MA-2026-0001") != "" {
		t.Fatal("ctrl+c in a form left the claim")
	}
}

// TestClaimsShowLive runs another adviser's program: a claim and its end
// reach their screen without a key.
func TestClaimsShowLive(t *testing.T) {
	s := exampleStore(t)
	m := New(s, testOptions(second))
	tm := teatest.NewTestModel(t, m, teatest.WithInitialTermSize(120, 40))
	waitFor(t, tm, []string{"decided today 1", "MA-2026-0010"})
	if err := s.Claim("MA-2026-0012", "jdevries"); err != nil { // the selected row
		t.Fatal(err)
	}
	waitFor(t, tm, []string{"in review by jdevries"})
	s.Release("MA-2026-0012", "jdevries")
	waitFor(t, tm, []string{"MA-2026-0012 · Lars Dekker"}) // the line under the table without the claim
	tm.Send(keyCtrlC)
	tm.WaitFinished(t, teatest.WithFinalTimeout(5*time.Second))
}

func TestFourEyesAcrossAdvisers(t *testing.T) {
	s := exampleStore(t)
	a := newModel(t, s, adviser)
	b := newModel(t, s, second)
	resize(t, b, 120, 40)
	// jdevries proposes a rejection as not indicated.
	selectID(t, a, "MA-2026-0011")
	press(t, a, runes("r"), runes("j"), runes("j"), keyTab)
	typeText(t, a, "Geen indicatie voor opname.")
	press(t, a, keyEnter, keyEnter)
	if s.stateOf("MA-2026-0011") != authz.StateSecondReview || claimer(s, "MA-2026-0011") != "" {
		t.Fatalf("state %s, claim %q", s.stateOf("MA-2026-0011"), claimer(s, "MA-2026-0011"))
	}

	// The other adviser sees who proposed it, in the queue and the request.
	press(t, b, runes("2"))
	selectID(t, b, "MA-2026-0011")
	if !screenHas(b, "MA-2026-0011 awaiting second review (proposed by jdevries)") {
		t.Fatalf("no proposer in the queue:\n%s", b.View())
	}
	press(t, b, keyEnter)
	if !screenHas(b, "awaiting second review (proposed by jdevries)") ||
		!strings.Contains(strings.Join(reqOf(b).content(), "\n"), "jdevries, ") {
		t.Fatalf("no proposer in the request view:\n%s", b.View())
	}
	press(t, b, keyEsc)

	// The proposer cannot concur or overturn: the form says why, and
	// nothing is recorded.
	press(t, a, runes("2"))
	selectID(t, a, "MA-2026-0011")
	for _, c := range []struct{ key, action string }{{"c", "concur"}, {"o", "overturn"}} {
		press(t, a, runes(c.key))
		want := "jdevries proposed this rejection and cannot " + c.action + " it: a second adviser must"
		if formOf(a) == nil || !strings.Contains(formOf(a).problem, want) || !screenHas(a, "Not allowed") {
			t.Fatalf("%s by the proposer: %+v", c.key, formOf(a))
		}
		typeText(t, a, "Toch wel.")
		press(t, a, keyEnter, keyEnter)
		if formOf(a).step == stepConfirm || !strings.Contains(formOf(a).problem, "Refused, nothing recorded: "+want) {
			t.Fatalf("%s by the proposer went on: %q", c.key, formOf(a).problem)
		}
		press(t, a, keyEsc)
	}
	if n := len(s.decisionsOf("MA-2026-0011")); n != 1 || s.stateOf("MA-2026-0011") != authz.StateSecondReview {
		t.Fatalf("the proposer's concur or overturn was recorded: %d decisions", n)
	}

	// The second adviser concurs.
	selectID(t, b, "MA-2026-0011")
	press(t, b, runes("c"), keyEnter, keyEnter)
	if s.stateOf("MA-2026-0011") != authz.StateRejected {
		t.Fatalf("not rejected: %q", b.status)
	}
	ds := s.decisionsOf("MA-2026-0011")
	if last := ds[len(ds)-1]; last.Outcome != authz.OutcomeConcurred || last.Adviser != "pmulder" {
		t.Fatalf("recorded %+v", last)
	}
}

// TestLapsedClaimIsRedrawn: a lapse is not announced as a change, so a
// screen that shows a claim sets a tick for when it lapses.
func TestLapsedClaimIsRedrawn(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, second)
	if err := s.Claim("MA-2026-0012", "jdevries"); err != nil {
		t.Fatal(err)
	}
	_, cmd := m.Update(changeMsg{ok: true, change: store.Change{IDs: []string{"MA-2026-0012"}, By: "jdevries"}})
	if !m.claimTick || cmd == nil {
		t.Fatal("no tick set for the claim on screen")
	}
	if !screenHas(m, "in review by jdevries") {
		t.Fatalf("the claim is not shown:\n%s", m.View())
	}
	s.advance(store.ClaimIdle + time.Second)
	if _, cmd := m.Update(claimTickMsg{}); m.claimTick || cmd != nil {
		t.Fatal("a tick was set again for a lapsed claim")
	}
	if screenHas(m, "in review by") {
		t.Fatalf("the lapsed claim is still shown:\n%s", m.View())
	}
	// Without claims on screen, a change sets no tick.
	m.Update(changeMsg{ok: true, change: store.Change{IDs: []string{"MA-2026-0012"}, By: "jdevries"}})
	if m.claimTick {
		t.Fatal("a tick was set without a claim on screen")
	}
}
