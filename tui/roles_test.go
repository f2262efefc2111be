package tui

import (
	"testing"

	"machtiging/roles"
)

// The review screen reads the roles table too: a role that may not decide
// gets no decision form and no claim, and the status line says which role
// it needs; the roles that may decide (and a session at the store's own
// machine, with no role given) get the form.
func TestDecisionFormsFollowTheRolesTable(t *testing.T) {
	for _, tc := range []struct {
		role roles.Role
		form bool
	}{
		{0, true},
		{roles.Adviser, true},
		{roles.Admin, true},
		{roles.Auditor, false},
		{roles.Intake, false},
	} {
		s := exampleStore(t)
		opts := testOptions(adviser)
		opts.Role = tc.role
		m := New(s, opts)
		drive(t, m, m.load())
		selectID(t, m, "MA-2026-0001")
		for _, k := range []string{"a", "r", "i"} {
			press(t, m, runes(k))
			if got := formOf(m) != nil; got != tc.form {
				t.Fatalf("role %v, key %s: form %v, want %v", tc.role, k, got, tc.form)
			}
			if tc.form {
				press(t, m, keyEsc)
				continue
			}
			if claimer(s, "MA-2026-0001") != "" {
				t.Fatalf("role %v: the refused form claimed the request", tc.role)
			}
			if !screenHas(m, "decide needs the role adviser or admin") {
				t.Fatalf("role %v: the refusal is not on the status line:\n%s", tc.role, m.View())
			}
		}
	}
}

// The dashboard needs report, a letter needs letter: each screen opens
// for the roles the table gives it, and for nobody else.
func TestDashboardAndLetterFollowTheRolesTable(t *testing.T) {
	top := func(m *Model) Screen { return m.stack[len(m.stack)-1] }
	for _, tc := range []struct {
		role              roles.Role
		dashboard, letter bool
	}{
		{0, true, true},
		{roles.Adviser, true, true},
		{roles.Admin, true, true},
		{roles.Auditor, true, false},
		{roles.Intake, false, false},
	} {
		s := exampleStore(t)
		opts := testOptions(adviser)
		opts.Role = tc.role
		m := New(s, opts)
		drive(t, m, m.load())
		press(t, m, runes("d"))
		if _, ok := top(m).(*dashboardModel); ok != tc.dashboard {
			t.Errorf("role %v: dashboard %v, want %v", tc.role, ok, tc.dashboard)
		}
		if !tc.dashboard && !screenHas(m, "report needs the role adviser, auditor or admin") {
			t.Errorf("role %v: the refusal is not on the status line:\n%s", tc.role, m.View())
		}
		if tc.dashboard {
			press(t, m, keyEsc)
		}
		selectID(t, m, "MA-2026-0001")
		press(t, m, runes("l"))
		if _, ok := top(m).(*letterModel); ok != tc.letter {
			t.Errorf("role %v: letter %v, want %v", tc.role, ok, tc.letter)
		}
		if !tc.letter && !screenHas(m, "letter needs the role adviser or admin") {
			t.Errorf("role %v: the refusal is not on the status line:\n%s", tc.role, m.View())
		}
	}
}
