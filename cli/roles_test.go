package cli

import (
	"slices"
	"testing"

	"machtiging/roles"
)

// pending are commands the table gates before they land on main (other
// helpers build them now); a row that is neither a command nor pending is
// a mistake in the table.
var pending = []string{"register import", "register status", "report", "purge", "key rotate", "key protect"}

// TestEveryCommandHasARow: a command without a row in the roles table is
// refused over SSH to everyone; each gets a row saying who may run it.
func TestEveryCommandHasARow(t *testing.T) {
	names := Commands()
	if len(names) < 15 {
		t.Fatalf("only %d commands found: %v", len(names), names)
	}
	for _, name := range names {
		if _, ok := roles.Lookup(name); !ok {
			t.Errorf("the command %q has no row in the roles table (roles/table.go): add one, with the roles that may run it and whether the team server runs it", name)
		}
	}
}

// TestTableNamesOnlyCommands says which names the table knows that this
// build does not have yet.
func TestTableNamesOnlyCommands(t *testing.T) {
	names := Commands()
	var notYet []string
	for _, c := range roles.Commands() {
		name := c.Base()
		if slices.Contains(names, name) {
			continue
		}
		if !slices.Contains(pending, name) {
			t.Errorf("the roles table has a row for %q, which is no command", name)
		}
		notYet = append(notYet, c.Name())
	}
	t.Logf("the table gates %d commands; not in this build yet: %q", len(roles.Commands()), notYet)
}

func TestRowOfAudit(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want roles.Command
	}{
		{[]string{"audit"}, roles.Audit},
		{[]string{"audit", "--request", "MA-1"}, roles.AuditRequest},
		{[]string{"audit", "--request="}, roles.Audit},
		{[]string{"audit", "--adviser", "x", "--request", "MA-1", "--json"}, roles.AuditRequest},
		{[]string{"audit", "verify"}, roles.AuditVerify},
		{[]string{"check", "--json"}, roles.Check},
		{[]string{}, roles.ReviewScreen},
	} {
		root := (&App{}).rootCommand()
		c, rest, err := root.Find(tc.args)
		if err != nil {
			t.Fatal(err)
		}
		if err := c.ParseFlags(rest); err != nil {
			t.Fatal(err)
		}
		if got, ok := rowOf(c); !ok || got != tc.want {
			t.Errorf("%q: %v %v, want %v", tc.args, got, ok, tc.want)
		}
	}
}
