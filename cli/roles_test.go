package cli

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
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

func TestAdviserAddListAndRoleLocally(t *testing.T) {
	db := newDB(t)
	dir := t.TempDir()
	pub := func(name string) string {
		_, priv, _ := ed25519.GenerateKey(rand.Reader)
		signer, err := gossh.NewSignerFromKey(priv)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(dir, name+".pub")
		os.WriteFile(p, gossh.MarshalAuthorizedKey(signer.PublicKey()), 0o600)
		return p
	}
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "add", "a.devries", pub("a")))
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "add", "intake-script", pub("i"), "--role", "intake"))
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "add", "--role=auditor", "po", pub("p")))
	file := filepath.Join(filepath.Dir(db), "advisers")
	before, _ := os.ReadFile(file)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"adviser", "add", "x", pub("x"), "--role", "root"}, ExitUsage, `--role: "root" is not a role (one of intake, adviser, auditor, admin)`},
		{[]string{"adviser", "add", "x", pub("y"), "--role", ""}, ExitUsage, "is not a role"},
		{[]string{"adviser", "role", "po", "superuser"}, ExitUsage, "is not a role"},
		{[]string{"adviser", "role", "po"}, ExitUsage, "adviser role takes a NAME and a ROLE"},
		{[]string{"adviser", "role", "nobody", "admin"}, ExitError, "no adviser nobody"},
	} {
		r := cmd(t, db, "beheer", "", tc.args...)
		if r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %+v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
	}
	if after, _ := os.ReadFile(file); string(after) != string(before) {
		t.Fatalf("a refused change changed the file:\n%s", after)
	}
	mustOK(t, cmd(t, db, "beheer", "", "adviser", "role", "po", "admin"))
	out := mustOK(t, cmd(t, db, "beheer", "", "adviser", "list")).stdout
	for _, want := range [][]string{{"ADVISER", "ROLE", "KEY"}, {"a.devries", "adviser"}, {"intake-script", "intake"}, {"po", "admin"}} {
		found := false
		for _, line := range strings.Split(out, "\n") {
			f := strings.Fields(line)
			if len(f) >= 2 && f[0] == want[0] && f[1] == want[1] {
				found = true
			}
		}
		if !found {
			t.Errorf("adviser list has no line %q:\n%s", want, out)
		}
	}
}

func TestRoleCounts(t *testing.T) {
	list := []advisers.Adviser{{Role: roles.Adviser}, {Role: roles.Intake}, {Role: roles.Adviser}, {Role: roles.Admin}}
	if got := roleCounts(list); got != " (1 intake, 2 adviser, 1 admin)" {
		t.Errorf("%q", got)
	}
	if got := roleCounts(nil); got != "" {
		t.Errorf("%q", got)
	}
}
