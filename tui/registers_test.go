package tui

import (
	"path/filepath"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/registers"
	"machtiging/store"
)

// loadedRegisters returns what a real store loads of the example
// registers, with MA-2026-0002's insured born on another day than its
// request says and the provider of the examples contracted only in 2025.
func loadedRegisters(t *testing.T) *store.Registers {
	t.Helper()
	s, err := store.Open(filepath.Join(t.TempDir(), "r.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	a := store.Actor{Adviser: "intake", AccessPoint: "test"}
	ins := "bsn,birth_date,policy_number,insured_from,insured_until\n" +
		"123456782,1961-04-17,100234567,2020-01-01,\n249566758,1978-02-09,100234567,2024-01-01,\n"
	if _, err := s.ImportRegister(a, registers.Insured, "test", strings.NewReader(ins)); err != nil {
		t.Fatal(err)
	}
	prov := "agb,name,contracted_from,contracted_until\n22012345,Revalidatiekliniek Amersfoort,2025-01-01,2025-12-31\n"
	if _, err := s.ImportRegister(a, registers.Providers, "test", strings.NewReader(prov)); err != nil {
		t.Fatal(err)
	}
	regs, err := s.Registers()
	if err != nil {
		t.Fatal(err)
	}
	return regs
}

func openRequest(t *testing.T, m *Model, id string) *requestModel {
	t.Helper()
	drive(t, m, m.push(newRequest(m.ctx, id)))
	r, ok := m.top().(*requestModel)
	if !ok || r.id != id {
		t.Fatalf("the top screen is %T, not the request view of %s", m.top(), id)
	}
	r.SetSize(240, 60) // the sentences on one line each
	return r
}

// The request view shows identity with both values side by side, the
// contract with the request's own word when the register contradicts it,
// and the queue's verdict goes by the registers.
func TestRequestViewShowsTheRegisters(t *testing.T) {
	s := exampleStore(t)
	s.regs = loadedRegisters(t)
	m := newModel(t, s, adviser)
	drive(t, m, loadRegisters(s))
	if !strings.Contains(m.View(), "insured ") || strings.Contains(m.View(), "no registers loaded") {
		t.Errorf("the header does not say when the registers were loaded:\n%s", m.View())
	}
	for _, r := range s.rows {
		want := authz.VerdictNotRequired
		switch {
		case r.ID == "MA-2026-0002":
			want = authz.VerdictUnverified
		default:
			continue
		}
		if c := cellsOf(m.ctx, &r); c.verdict != want {
			t.Errorf("%s: the queue's verdict is %s, want %s", r.ID, c.verdict, want)
		}
	}
	r := openRequest(t, m, "MA-2026-0002")
	text := strings.Join(r.content(), "\n")
	for _, want := range []string{"birth date differs: request 1978-09-02, register 1978-02-09", "no contract on 2026-12-14"} {
		if !strings.Contains(text, want) {
			t.Errorf("the request view lacks %q:\n%s", want, text)
		}
	}
	// MA-2026-0004 says its provider is contracted; the register says not.
	r = openRequest(t, m, "MA-2026-0004")
	if text := strings.Join(r.content(), "\n"); !strings.Contains(text, "the request says contracted: yes; the register decides") ||
		!strings.Contains(text, "verified: insured on 2026-12-14") {
		t.Errorf("MA-2026-0004's view:\n%s", text)
	}
}

// Without registers the header warns, and the view says not checked.
func TestNoRegistersWarns(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	drive(t, m, loadRegisters(s))
	if !strings.Contains(m.View(), "no registers loaded") {
		t.Errorf("no warning in the header:\n%s", m.View())
	}
	r := openRequest(t, m, "MA-2026-0001")
	if text := strings.Join(r.content(), "\n"); !strings.Contains(text, "not checked: no insured register is loaded") {
		t.Errorf("the view:\n%s", text)
	}
}

// The other requests of the insured are listed, the overlapping ones
// marked (the rejected one not); tab selects one, enter opens it.
func TestOtherRequestsOfTheInsured(t *testing.T) {
	s := exampleStore(t)
	m := newModel(t, s, adviser)
	r := openRequest(t, m, "MA-2026-0001")
	text := strings.Join(r.content(), "\n")
	if !strings.Contains(text, "Other requests of this insured") {
		t.Fatalf("no section of other requests:\n%s", text)
	}
	for _, l := range strings.Split(text, "\n") {
		switch {
		case strings.Contains(l, "MA-2026-0004"):
			if strings.Contains(l, "overlaps") {
				t.Errorf("the rejected MA-2026-0004 is marked as overlapping: %q", l)
			}
		case strings.Contains(l, "MA-2026-0003"):
			if !strings.Contains(l, "overlaps") {
				t.Errorf("MA-2026-0003 is not marked as overlapping: %q", l)
			}
		case strings.Contains(l, "MA-2026-0002"):
			t.Errorf("MA-2026-0002 (another insured) is listed: %q", l)
		}
	}
	press(t, m, tea.KeyMsg{Type: tea.KeyTab}, tea.KeyMsg{Type: tea.KeyEnter})
	if top, ok := m.top().(*requestModel); !ok || top.id != "MA-2026-0003" {
		t.Fatalf("tab, enter opened %T %v, want the request view of MA-2026-0003", m.top(), top)
	}
}

// The index behind the insured's other requests is built in the
// background as the TUI starts and after every import of requests (which
// drops it), so that the first request view does not wait for it; a
// register import leaves it be.
func TestTheOverlapIndexIsPreparedInTheBackground(t *testing.T) {
	s := exampleStore(t)
	m := New(s, testOptions(adviser))
	drive(t, m, m.Init())
	prepared := func() int {
		s.mu.Lock()
		defer s.mu.Unlock()
		return s.prepared
	}
	if n := prepared(); n != 1 {
		t.Fatalf("PrepareOverlaps ran %d times at start, want 1", n)
	}
	for _, c := range []struct {
		event audit.Event
		want  int
	}{{audit.EventRegister, 1}, {audit.EventImport, 2}, {audit.EventDecide, 2}} {
		_, cmd := m.Update(changeMsg{ok: true, change: store.Change{Event: c.event}})
		drive(t, m, cmd)
		if n := prepared(); n != c.want {
			t.Errorf("after a %v change PrepareOverlaps has run %d times, want %d", c.event, n, c.want)
		}
	}
}
