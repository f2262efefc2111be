package tui

import (
	"fmt"
	"strings"
	"testing"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/letters"
	"machtiging/store"
)

// ReadLetter writes the letter of the request's latest decision that has
// one with the built-in templates, as the real store stored it then, and
// logs the read.
func (s *fakeStore) ReadLetter(a store.Actor, id, detail string) (*store.Letter, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rec, ok := s.recs[id]
	if !ok {
		return nil, fmt.Errorf("request %s: %w", id, store.ErrNotFound)
	}
	for i := len(rec.Decisions) - 1; i >= 0; i-- {
		d := rec.Decisions[i]
		if !letters.HasLetter(d.Outcome) {
			continue
		}
		set, err := letters.Default()
		if err != nil {
			return nil, err
		}
		l, err := set.Write(letters.Input{Request: rec.Request, Decision: &d})
		if err != nil {
			return nil, err
		}
		s.appendLog(a, audit.Read, audit.EventView, audit.Success, detail, id)
		return &store.Letter{Decision: d, Letters: store.Letters{Insured: l.Insured, Provider: l.Provider}}, nil
	}
	return nil, fmt.Errorf("request %s has %w", id, store.ErrNoLetter)
}

func letterOn(m *Model) *letterModel { return screenOf[*letterModel](m) }

// l in the request view opens the letter; it scrolls, t shows the
// provider's copy, esc goes back; every read is logged.
func TestLetterFromRequestView(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	resize(t, m, 80, 24)
	press(t, m, runes("5")) // decided
	selectID(t, m, "MA-2026-0004")
	press(t, m, keyEnter, runes("l"))
	lm := letterOn(m)
	if lm == nil || lm.letter == nil {
		t.Fatalf("l does not open the letter:\n%s", m.View())
	}
	for _, want := range []string{"Letter of MA-2026-0004 to the insured", "rejected by pmulder", "Zorgverzekeraar Zorgzaam"} {
		if !screenHas(m, want) {
			t.Errorf("the letter screen lacks %q:\n%s", want, m.View())
		}
	}
	if screenHas(m, "SKGZ") {
		t.Fatal("the whole letter fits on 24 lines?")
	}
	press(t, m, runes("G"))
	if !screenHas(m, "SKGZ") || !screenHas(m, "100%") {
		t.Fatalf("G does not scroll to the end:\n%s", m.View())
	}
	press(t, m, runes("g"))
	if !screenHas(m, "Zorgverzekeraar Zorgzaam") {
		t.Fatalf("g does not scroll to the top:\n%s", m.View())
	}
	press(t, m, keyPgDown)
	if lm.vp.YOffset == 0 {
		t.Fatal("pgdn does not scroll")
	}
	press(t, m, runes("t"))
	if !screenHas(m, "the provider's copy") || lm.to != letters.ToProvider || !strings.Contains(letterText(lm.letter, lm.to), "Geachte heer, mevrouw,") {
		t.Fatalf("t does not show the provider's copy:\n%s", m.View())
	}
	n := 0
	for _, e := range s.log {
		if e.Event == audit.EventView && strings.HasPrefix(e.Detail, "letter to the") {
			n++
		}
	}
	if n != 2 {
		t.Fatalf("%d letter reads logged, want 2", n)
	}
	press(t, m, keyEsc)
	if letterOn(m) != nil || reqOf(m) == nil {
		t.Fatal("esc does not go back to the request view")
	}
}

// A request without a letter says so on the letter screen.
func TestLetterOfUndecidedRequest(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("l"))
	if letterOn(m) == nil || !screenHas(m, "MA-2026-0001 has no decision with a letter yet") {
		t.Fatalf("the letter screen of an open request:\n%s", m.View())
	}
	press(t, m, keyEsc)
	if letterOn(m) != nil {
		t.Fatal("esc does not close the letter screen")
	}
}

// Right after a decision is recorded, l opens its letter; any other key
// withdraws the offer.
func TestLetterOfferedAfterDecision(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	selectID(t, m, "MA-2026-0001")
	press(t, m, runes("a"), keyEnter, keyEnter, keyEnter, keyEnter, keyEnter)
	if len(s.decisionsOf("MA-2026-0001")) != 1 {
		t.Fatal("no decision recorded")
	}
	if !strings.Contains(m.status, "l: its letter") {
		t.Fatalf("no offer of the letter: %q", m.status)
	}
	press(t, m, runes("l"))
	lm := letterOn(m)
	if lm == nil || lm.id != "MA-2026-0001" || !screenHas(m, "approved by jdevries") {
		t.Fatalf("l after the decision does not open its letter:\n%s", m.View())
	}
	if !strings.Contains(letterText(lm.letter, letters.ToInsured), "2400 behandelminuten") {
		t.Fatal("the letter is not the decision's")
	}

	// A proposal has no letter and offers none.
	press(t, m, keyEsc)
	selectID(t, m, "MA-2026-0003")
	mustDecide(t, s, adviser, "MA-2026-0012", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "x"})
	m.Update(decisionRecordedMsg{id: "MA-2026-0012", d: authz.Decision{Outcome: authz.OutcomeRejectionProposed}, state: authz.StateSecondReview})
	if strings.Contains(m.status, "its letter") {
		t.Fatalf("a proposal offers a letter: %q", m.status)
	}
}

func TestWrapWords(t *testing.T) {
	tests := []struct {
		in    string
		width int
		want  string
	}{
		{"kort", 20, "kort"},
		{"het kenmerk van deze machtiging: MA-2026-0002.", 36, "het kenmerk van deze machtiging:\nMA-2026-0002."},
		{"Ayşe Çelik-Öztürk woont hier", 20, "Ayşe Çelik-Öztürk\nwoont hier"},
		{strings.Repeat("x", 45), 20, strings.Repeat("x", 20) + "\n" + strings.Repeat("x", 20) + "\n" + strings.Repeat("x", 5)},
	}
	for _, tc := range tests {
		if got := wrapWords(tc.in, tc.width); got != tc.want {
			t.Errorf("wrapWords(%q, %d) = %q, want %q", tc.in, tc.width, got, tc.want)
		}
	}
}
