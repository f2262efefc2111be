package server

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
	"machtiging/audit"
	"machtiging/authz"
	"machtiging/cli"
	"machtiging/roles"
)

const insuredRegister = "../examples/insured.csv"

// keyOf is the matrix's key name for a role.
func keyOf(r roles.Role) string { return "as-" + r.String() }

// roleHarness is a server with one key of each role and the examples
// imported by the intake key.
func roleHarness(t *testing.T) *harness {
	t.Helper()
	h := newHarness(t)
	for _, r := range roles.All {
		h.keys[keyOf(r)] = h.addWithRole(keyOf(r), r)
	}
	raw, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	if r := h.run(keyOf(roles.Intake), string(raw), "import", "-"); r.code != 0 {
		t.Fatalf("import as intake: %+v", r)
	}
	return h
}

// oneRequest is the first example under another id.
func oneRequest(t *testing.T, id string) string {
	t.Helper()
	raw, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	var all []map[string]any
	if err := json.Unmarshal(raw, &all); err != nil {
		t.Fatal(err)
	}
	all[0]["id"] = id
	b, err := json.Marshal(all[:1])
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// lastEntryBy is the newest access-log entry of a key.
func (h *harness) lastEntryBy(name string) (audit.Entry, bool) {
	h.t.Helper()
	var last audit.Entry
	found := false
	err := h.store.AuditEntries(audit.Filter{Adviser: name}, func(l audit.Logged) error {
		last, found = l.Entry, true
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	return last, found
}

// refusedCount counts the refused entries in the whole log.
func (h *harness) refusedCount() int {
	h.t.Helper()
	n := 0
	h.store.AuditEntries(audit.Filter{}, func(l audit.Logged) error {
		if l.Outcome == audit.Refused {
			n++
		}
		return nil
	})
	return n
}

// invocation is how the matrix runs a command as a role: arguments that
// succeed when the role may run it, and standard input.
func invocation(t *testing.T, h *harness, c roles.Command, r roles.Role) (args []string, stdin string) {
	t.Helper()
	switch c {
	case roles.Import:
		return []string{"import", "-"}, oneRequest(t, "MA-ROLE-"+strings.ToUpper(r.String()))
	case roles.RegisterImport:
		b, err := os.ReadFile(insuredRegister)
		if err != nil {
			t.Fatal(err)
		}
		return []string{"register", "import", "insured", "-"}, string(b)
	case roles.RegisterStatus:
		return []string{"register", "status"}, ""
	case roles.Check:
		return []string{"check", "--json", "--today", "2026-12-01"}, ""
	case roles.Decide:
		// The adviser and the admin each approve their own request; a
		// refused role tries one that must stay open.
		// (Not MA-2026-0002: the insured register the matrix loads has
		// another birth date for it, so it is unverified.)
		id := map[roles.Role]string{roles.Adviser: "MA-2026-0001", roles.Admin: "MA-2026-0012"}[r]
		if id == "" {
			id = "MA-2026-0010"
		}
		return []string{"decide", id, "approve", "--today", "2026-12-01"}, ""
	case roles.Letter:
		return []string{"letter", "MA-2026-0001"}, ""
	case roles.Export:
		return []string{"export", "--format", "json"}, ""
	case roles.Report:
		return []string{"report", "--json", "--today", "2026-12-01"}, ""
	case roles.AuditRequest:
		return []string{"audit", "--request", "MA-2026-0001"}, ""
	case roles.Audit:
		return []string{"audit", "--json"}, ""
	case roles.AuditVerify:
		return []string{"audit", "verify"}, ""
	case roles.AuditCheckpoint:
		return []string{"audit", "checkpoint"}, ""
	case roles.Purge:
		return []string{"purge", "--decided-before", "2000-01-01"}, ""
	case roles.Backup:
		return []string{"backup", filepath.Join(h.dir, "backup-"+r.String()+".db")}, ""
	case roles.Doctor:
		return []string{"doctor"}, ""
	case roles.AdviserAdd:
		_, pub := newSigner(t)
		return []string{"adviser", "add", "new-" + r.String(), "-", "--role", "auditor"}, string(pub)
	case roles.AdviserList:
		return []string{"adviser", "list"}, ""
	case roles.AdviserRole:
		// A refused role tries to make itself admin.
		if r != roles.Admin {
			return []string{"adviser", "role", keyOf(r), "admin"}, ""
		}
		return []string{"adviser", "role", "new-admin", "intake"}, ""
	case roles.AdviserRemove:
		if r != roles.Admin {
			return []string{"adviser", "remove", keyOf(roles.Admin)}, ""
		}
		return []string{"adviser", "remove", "new-admin"}, ""
	case roles.AdviserLang:
		// English: the matrix reads the English lines that follow.
		return []string{"adviser", "lang", keyOf(r), "en"}, ""
	case roles.Compact:
		return []string{"compact"}, ""
	case roles.KeyInit:
		return []string{"key", "init"}, ""
	case roles.KeyRotate:
		return []string{"key", "rotate"}, ""
	case roles.KeyProtect:
		return []string{"key", "protect"}, ""
	case roles.Serve:
		return []string{"serve", "--listen", "127.0.0.1:0"}, ""
	case roles.Demo:
		return []string{"demo"}, ""
	case roles.Generate:
		return []string{"generate", "--n", "3"}, ""
	}
	t.Fatalf("the matrix has no invocation for %s: add one", c)
	return nil, ""
}

// TestRoleMatrixOverSSH runs every command of the table, and the review
// screen, as every role over real SSH sessions: what the table allows
// runs, everything else exits 1 naming the role it needs and is logged
// as refused. Commands the team server does not run are refused to every
// role, also logged.
func TestRoleMatrixOverSSH(t *testing.T) {
	h := roleHarness(t)
	built := cli.Commands()
	var notYet []string

	// The review screen first, while the queue is as imported.
	for _, r := range roles.All {
		name := keyOf(r)
		if roles.Allows(r, roles.ReviewScreen) {
			sc := h.openTUI(name)
			sc.client.Close()
			continue
		}
		before := h.refusedCount()
		out, code := h.loginWithTerminal(name)
		if code != cli.ExitError || strings.Count(strings.TrimSpace(out), "\n") != 0 ||
			!strings.Contains(out, "the review screen needs the role adviser or admin") || strings.Contains(out, "[open") {
			t.Errorf("%s logging in with a terminal: exit %d, %q", r, code, out)
		}
		h.wantRefusal(name, before, "the review screen")
	}

	for _, c := range roles.Commands() {
		if c == roles.ReviewScreen {
			continue
		}
		name := c.Base()
		present := slices.Contains(built, name)
		if !present {
			notYet = append(notYet, c.Name())
		}
		for _, r := range roles.All {
			args, stdin := invocation(t, h, c, r)
			before := h.refusedCount()
			res := h.run(keyOf(r), stdin, args...)
			switch {
			case !present:
				// Not in this build: no role gets past the parser (a
				// group shows its help for a subcommand it lacks).
				if !(res.code == cli.ExitUsage || res.code == cli.ExitOK && strings.Contains(res.stdout, "Usage:")) {
					t.Errorf("%s (not built) as %s: %+v", c, r, res)
				}
			case roles.Allows(r, c) && c.Reach() == roles.Anywhere:
				if res.code != cli.ExitOK {
					t.Errorf("%s as %s: the table allows it, but: %+v", c, r, res)
				}
				if n := h.refusedCount(); n != before {
					t.Errorf("%s as %s: allowed, yet %d refusals were logged", c, r, n-before)
				}
			case roles.Allows(r, c):
				if res.code != cli.ExitError || !strings.Contains(res.stderr, "runs only on the store's own machine") {
					t.Errorf("%s (local only) as %s: %+v", c, r, res)
				}
				h.wantRefusal(keyOf(r), before, c.String())
			default:
				if res.code != cli.ExitError || !strings.Contains(res.stderr, c.String()+" needs the role "+c.Roles().String()) ||
					strings.Count(strings.TrimSpace(res.stderr), "\n") != 0 || res.stdout != "" {
					t.Errorf("%s as %s: want a one-line refusal naming %s, got %+v", c, r, c.Roles(), res)
				}
				h.wantRefusal(keyOf(r), before, c.String())
			}
		}
	}
	t.Logf("the table knows %d commands; not in this build yet: %q", len(roles.Commands()), notYet)

	// Refusals changed nothing: the request an intake and an auditor
	// tried to decide is open, nobody promoted themselves or removed the
	// admin, and the log is whole.
	if row, err := h.store.Row("MA-2026-0010"); err != nil || row.State != authz.StateOpen {
		t.Errorf("MA-2026-0010 after refused decisions: %s %v", row.State, err)
	}
	list, err := advisers.Load(filepath.Join(h.dir, "advisers"))
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if strings.HasPrefix(a.Name, "as-") && a.Name != keyOf(a.Role) {
			t.Errorf("%s has the role %s now", a.Name, a.Role)
		}
	}
	if _, err := h.store.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
}

// wantRefusal checks that exactly one refusal was logged since before,
// as the key's newest entry, naming what was refused.
func (h *harness) wantRefusal(name string, before int, what string) {
	h.t.Helper()
	if n := h.refusedCount(); n != before+1 {
		h.t.Errorf("%s: %d refusals logged, want 1", name, n-before)
	}
	e, ok := h.lastEntryBy(name)
	if !ok || e.Outcome != audit.Refused || e.Event != audit.EventSession || !strings.Contains(e.Detail, what) ||
		!strings.HasPrefix(e.AccessPoint, "ssh ") {
		h.t.Errorf("%s: the newest entry is %+v, want a refused session naming %q", name, e, what)
	}
}

// loginWithTerminal logs in with a terminal and no command, as `ssh -t`
// does, and returns what was drawn and the exit status.
func (h *harness) loginWithTerminal(name string) (string, int) {
	h.t.Helper()
	c, err := h.dial(h.keys[name])
	if err != nil {
		h.t.Fatalf("dial as %s: %v", name, err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	out := &syncBuffer{}
	sess.Stdout, sess.Stderr = out, out
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		h.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		h.t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sess.Wait() }()
	select {
	case err = <-done:
	case <-time.After(10 * time.Second):
		h.t.Fatalf("%s's session did not end: %q", name, out.from(0))
	}
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		h.t.Fatalf("session of %s: %v", name, err)
	}
	return ansi.Strip(out.from(0)), code
}

// TestRoleChangeAppliesAtTheNextCommand: the advisers file is read for
// every command, also on a connection that stays open, and at every login.
func TestRoleChangeAppliesAtTheNextCommand(t *testing.T) {
	h := roleHarness(t)
	file := filepath.Join(h.dir, "advisers")
	name := keyOf(roles.Adviser)
	c, err := h.dial(h.keys[name])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	on := func(args ...string) result {
		t.Helper()
		sess, err := c.NewSession()
		if err != nil {
			t.Fatal(err)
		}
		defer sess.Close()
		var out, errb strings.Builder
		sess.Stdout, sess.Stderr = &out, &errb
		err = sess.Run(shellJoin(args))
		code := 0
		if ee, ok := err.(*gossh.ExitError); ok {
			code = ee.ExitStatus()
		} else if err != nil {
			t.Fatal(err)
		}
		return result{code, out.String(), errb.String()}
	}
	if r := on("check", "--json"); r.code != 0 {
		t.Fatalf("check as adviser: %+v", r)
	}
	if _, err := advisers.SetRole(file, name, roles.Auditor); err != nil {
		t.Fatal(err)
	}
	if r := on("check", "--json"); r.code != cli.ExitError || !strings.Contains(r.stderr, "check needs the role adviser or admin; the role auditor") {
		t.Fatalf("check after the change to auditor, same connection: %+v", r)
	}
	if r := on("audit", "verify"); r.code != 0 {
		t.Fatalf("audit verify as auditor: %+v", r)
	}
	// A login with a terminal gets the role the file gives now.
	if out, code := h.loginWithTerminal(name); code != cli.ExitError || !strings.Contains(out, "the role auditor") {
		t.Fatalf("review screen as auditor: %d %q", code, out)
	}
	// Edited by hand: the line of the key, its role replaced.
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	edited := strings.Replace(string(b), name+" role=auditor", name+" role=adviser", 1)
	if edited == string(b) {
		t.Fatalf("no line for %s in\n%s", name, b)
	}
	if err := os.WriteFile(file, []byte(edited), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := on("check", "--json"); r.code != 0 {
		t.Fatalf("check after the file was edited back: %+v", r)
	}
	h.openTUI(name).client.Close()
	// A file the server cannot read lets no one in: no key keeps a role
	// the file no longer says.
	if err := os.WriteFile(file, []byte(edited+"ssh-ed25519 AAAA broken\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if r := on("check", "--json"); r.code != cli.ExitError || !strings.Contains(r.stderr, "no longer listed") {
		t.Fatalf("check with an unreadable advisers file: %+v", r)
	}
}

// TestAdviserOverSSHEditsTheServersFile: an admin edits the server's own
// advisers file over SSH, the key coming on standard input; no file on
// the server is named from afar.
func TestAdviserOverSSHEditsTheServersFile(t *testing.T) {
	h := roleHarness(t)
	admin := keyOf(roles.Admin)
	signer, pub := newSigner(t)
	if r := h.run(admin, string(pub), "adviser", "add", "k.smit", "-", "--role", "intake"); r.code != 0 || !strings.Contains(r.stdout, "k.smit with the role intake") {
		t.Fatalf("%+v", r)
	}
	h.keys["k.smit"] = signer
	if r := h.run("k.smit", oneRequest(t, "MA-KSMIT-1"), "import", "-"); r.code != 0 {
		t.Fatalf("the new intake key imports: %+v", r)
	}
	if r := h.run(admin, "", "adviser", "list"); r.code != 0 || !regexpLine(r.stdout, "k.smit", "intake") || !regexpLine(r.stdout, admin, "admin") {
		t.Fatalf("adviser list: %+v", r)
	}
	for _, tc := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"adviser", "add", "x", "/etc/ssh/ssh_host_ed25519_key.pub"}, cli.ExitUsage, "reads the key from standard input"},
		{"", []string{"adviser", "list", "--advisers", "/tmp/other"}, cli.ExitUsage, "not taken over SSH"},
		{string(pub), []string{"adviser", "add", "y", "-", "--role", "root"}, cli.ExitUsage, `"root" is not a role`},
		{"", []string{"adviser", "role", "k.smit", "boss"}, cli.ExitUsage, "is not a role"},
		{"", []string{"adviser", "role", "nobody", "admin"}, cli.ExitError, "no adviser nobody"},
	} {
		if r := h.run(admin, tc.stdin, tc.args...); r.code != tc.code || !strings.Contains(r.stderr, tc.want) {
			t.Errorf("%q: %+v, want exit %d and %q", tc.args, r, tc.code, tc.want)
		}
	}
	if r := h.run(admin, "", "adviser", "remove", "k.smit"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	if _, err := h.dial(signer); err == nil {
		t.Fatal("a removed key logged in")
	}
}

// regexpLine reports whether a line holds every word, as whole fields.
func regexpLine(text string, words ...string) bool {
	for _, line := range strings.Split(text, "\n") {
		f := strings.Fields(line)
		all := true
		for _, w := range words {
			all = all && slices.Contains(f, w)
		}
		if all {
			return true
		}
	}
	return false
}

// TestAdminPurgesOverSSH: the purge swaps a fresh copy of the store in
// under the server; an open review screen and later commands go on.
func TestAdminPurgesOverSSH(t *testing.T) {
	h := roleHarness(t)
	adviser, admin := keyOf(roles.Adviser), keyOf(roles.Admin)
	if r := h.run(adviser, "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	sc := h.openTUIWith(adviser, "[open 12]")
	if r := h.run(admin, "", "purge", "--decided-before", "2099-01-01", "--dry-run"); r.code != 0 || !strings.Contains(r.stdout, "MA-2026-0001") {
		t.Fatalf("dry run: %+v", r)
	}
	if r := h.run(admin, "", "purge", "--decided-before", "2099-01-01"); r.code != 0 || !strings.Contains(r.stdout, "MA-2026-0001") {
		t.Fatalf("purge: %+v", r)
	}
	if r := h.run(adviser, "", "check", "MA-2026-0001"); r.code != cli.ExitError || !strings.Contains(r.stderr, "purged") {
		t.Fatalf("check of a purged request: %+v", r)
	}
	if r := h.run(adviser, "", "check", "--json", "--today", "2026-12-01"); r.code != 0 || strings.Count(r.stdout, "\n") != 12 {
		t.Fatalf("check after the purge: %+v", r)
	}
	// The open screen still follows the store.
	m := sc.mark()
	if r := h.run(adviser, "", "decide", "MA-2026-0012", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	sc.waitFor(m, 5*time.Second, "[open 11]")
	if r := h.run(keyOf(roles.Auditor), "", "audit", "verify"); r.code != 0 {
		t.Fatalf("audit verify after the purge: %+v", r)
	}
}

// TestRefusalsInTheSessionsLanguage: a session that asks for Dutch is
// refused in Dutch, with roles and commands as they are typed.
func TestRefusalsInTheSessionsLanguage(t *testing.T) {
	h := roleHarness(t)
	c, err := h.dial(h.keys[keyOf(roles.Intake)])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.Setenv("MACHTIGING_LANG", "nl"); err != nil {
		t.Fatal(err)
	}
	var out, errb strings.Builder
	sess.Stdout, sess.Stderr = &out, &errb
	err = sess.Run("check --json")
	ee, ok := err.(*gossh.ExitError)
	if !ok || ee.ExitStatus() != cli.ExitError || errb.String() != "machtiging: check vraagt de rol adviser of admin; de rol intake mag import, register import\n" {
		t.Fatalf("%v %q", err, errb.String())
	}
	if e, _ := h.lastEntryBy(keyOf(roles.Intake)); e.Outcome != audit.Refused {
		t.Fatalf("not logged: %+v", e)
	}
}
