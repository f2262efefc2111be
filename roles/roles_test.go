package roles

import (
	"os"
	"slices"
	"strings"
	"testing"
)

// contract is Part 2 "Roles" of the interchange contract, written out
// apart from the table: what each role may run, and nothing more.
var contract = map[Role][]string{
	Intake:  {"import", "register import"},
	Adviser: {"", "check", "decide", "letter", "export", "report", "audit --request"},
	Auditor: {"audit", "audit --request", "audit verify", "audit checkpoint", "report"},
}

func TestTableIsTheContract(t *testing.T) {
	for _, r := range []Role{Intake, Adviser, Auditor} {
		for _, c := range Commands() {
			want := slices.Contains(contract[r], c.Name())
			if got := Allows(r, c); got != want {
				t.Errorf("%s may run %s: %v, the contract says %v", r, c, got, want)
			}
		}
	}
	for _, c := range Commands() {
		if !Allows(Admin, c) {
			t.Errorf("admin may not run %s; admin may run everything", c)
		}
	}
}

func TestNoRoleMayDoAnything(t *testing.T) {
	for _, r := range []Role{0, Admin + 1, 255} {
		for _, c := range Commands() {
			if Allows(r, c) || Authorize(r, c) == nil {
				t.Errorf("role %d may run %s", r, c)
			}
		}
	}
	for _, r := range All {
		if Allows(r, 0) || Allows(r, numCommands) {
			t.Errorf("%s may run a command outside the table", r)
		}
	}
}

func TestWhatStaysLocal(t *testing.T) {
	local := []string{"compact", "key init", "key rotate", "key protect", "serve", "demo", "generate"}
	for _, c := range Commands() {
		if got, want := c.Reach() == Local, slices.Contains(local, c.Name()); got != want {
			t.Errorf("%s is %s", c, c.Reach())
		}
	}
	for _, name := range []string{"", "import", "register import", "check", "decide", "audit --request", "audit verify", "purge", "backup", "adviser add"} {
		c, ok := Lookup(name)
		if !ok || c.Reach() != Anywhere {
			t.Errorf("%q is not offered over SSH", name)
		}
	}
}

func TestLookupFindsEveryRow(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range Commands() {
		if seen[c.Name()] {
			t.Errorf("two rows for %q", c.Name())
		}
		seen[c.Name()] = true
		got, ok := Lookup(c.Name())
		if !ok || got != c {
			t.Errorf("Lookup(%q) = %v %v", c.Name(), got, ok)
		}
		if c.Roles() == 0 {
			t.Errorf("%s: no role may run it", c)
		}
	}
	for _, tc := range []struct {
		in   string
		want Command
		ok   bool
	}{
		{"audit  verify", AuditVerify, true},
		{" key rotate ", KeyRotate, true},
		{"audit --request", AuditRequest, true},
		{"", ReviewScreen, true},
		{"key", 0, false},
		{"checks", 0, false},
		{"Check", 0, false},
	} {
		if got, ok := Lookup(tc.in); got != tc.want || ok != tc.ok {
			t.Errorf("Lookup(%q) = %v %v, want %v %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestVariants(t *testing.T) {
	for _, tc := range []struct {
		c          Command
		base, flag string
	}{
		{AuditRequest, "audit", "request"},
		{Audit, "audit", ""},
		{Purge, "purge", ""},
		{KeyRotate, "key rotate", ""},
		{ReviewScreen, "", ""},
	} {
		if tc.c.Base() != tc.base || tc.c.Flag() != tc.flag {
			t.Errorf("%s: base %q flag %q", tc.c, tc.c.Base(), tc.c.Flag())
		}
	}
	// A variant does less than its base: who may run the base may run it.
	for _, c := range Commands() {
		if c.Flag() == "" {
			continue
		}
		base, ok := Lookup(c.Base())
		if !ok {
			t.Errorf("%s: no row for %q", c, c.Base())
			continue
		}
		if base.Roles()&^c.Roles() != 0 {
			t.Errorf("%s is allowed to fewer roles (%s) than %s (%s)", c, c.Roles(), base, base.Roles())
		}
	}
}

func TestParseAndNames(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Role
		err  string
	}{
		{"intake", Intake, ""},
		{"adviser", Adviser, ""},
		{"auditor", Auditor, ""},
		{"admin", Admin, ""},
		{"Admin", 0, "is not a role"},
		{"", 0, "is not a role"},
		{"root", 0, "intake, adviser, auditor, admin"},
	} {
		got, err := Parse(tc.in)
		if got != tc.want || (err == nil) != (tc.err == "") || err != nil && !strings.Contains(err.Error(), tc.err) {
			t.Errorf("Parse(%q) = %v, %v", tc.in, got, err)
		}
	}
	for _, r := range All {
		b, err := r.MarshalText()
		var back Role
		if err != nil || back.UnmarshalText(b) != nil || back != r {
			t.Errorf("%s does not round-trip: %q %v", r, b, err)
		}
	}
	if _, err := Role(0).MarshalText(); err == nil {
		t.Error("no role was written")
	}
	if Default != Adviser {
		t.Errorf("the default role is %s", Default)
	}
}

func TestSetInWords(t *testing.T) {
	for _, tc := range []struct {
		set  Set
		want string
	}{
		{Of(), "no role"},
		{Of(Admin), "admin"},
		{Of(Admin, Adviser), "adviser or admin"},
		{Of(Adviser, Auditor, Admin), "adviser, auditor or admin"},
		{Of(0, Intake), "intake"},
	} {
		if got := tc.set.String(); got != tc.want {
			t.Errorf("%v: %q, want %q", tc.set.Roles(), got, tc.want)
		}
	}
}

func TestRefusalNamesTheRoleItNeeds(t *testing.T) {
	for _, tc := range []struct {
		role Role
		cmd  Command
		want []string
	}{
		{Intake, Check, []string{"check needs the role adviser or admin", "the role intake may run import, register import"}},
		{Auditor, ReviewScreen, []string{"the review screen needs the role adviser or admin", "auditor may run report, audit --request ID, audit, audit verify"}},
		{Adviser, Audit, []string{"audit needs the role auditor or admin", "may run the review screen, check"}},
		{Adviser, Purge, []string{"purge needs the role admin"}},
		{Intake, AuditRequest, []string{"audit --request ID needs the role adviser, auditor or admin"}},
		{0, Import, []string{"import needs the role intake or admin", "may run nothing"}},
	} {
		err := Authorize(tc.role, tc.cmd)
		var r *Refusal
		if err == nil {
			t.Errorf("%s ran %s", tc.role, tc.cmd)
			continue
		}
		r, _ = err.(*Refusal)
		if r == nil || r.Command != tc.cmd || r.Role != tc.role {
			t.Errorf("%s %s: %#v", tc.role, tc.cmd, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s %s: %q lacks %q", tc.role, tc.cmd, err, w)
			}
		}
	}
}

// TestDocsShowTheTable: docs/roles.md shows every row as it is.
func TestDocsShowTheTable(t *testing.T) {
	b, err := os.ReadFile("../docs/roles.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range Commands() {
		if !strings.Contains(string(b), "\n"+c.MarkdownRow()+"\n") {
			t.Errorf("docs/roles.md lacks the row\n%s", c.MarkdownRow())
		}
	}
}
