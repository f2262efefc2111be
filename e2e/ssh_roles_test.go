package e2e

import (
	"os"
	"os/exec"
	"strings"
	"testing"

	"machtiging/internal/testfixture"
)

// sshAs runs a command on the server with another key; opts go to the
// client.
func (ts *teamServer) sshAs(key string, opts []string, stdin string, args ...string) result {
	ts.t.Helper()
	c := exec.Command("ssh", append(append(append([]string{"-o", "BatchMode=yes"}, opts...), testfixture.SSHArgs(key, ts.port)...), args...)...)
	c.Env = teamEnv(ts.t)
	return testfixture.Run(ts.t, c, stdin)
}

// TestRolesThroughOpenSSH: the built binary's team server with keys of
// every role, listed while it runs, reached with the OpenSSH client:
// intake delivers and reads nothing, an auditor reads the log and not the
// queue, and a role changed in the file applies to the next command.
func TestRolesThroughOpenSSH(t *testing.T) {
	ts := startTeamServer(t)
	keys := map[string]string{}
	for _, role := range []string{"intake", "adviser", "auditor"} {
		keys[role] = testfixture.SSHKey(t, ts.dir, role, role+"@e2e")
		if r := machtiging(t, nil, "", "--db", ts.db, "adviser", "add", "k-"+role, keys[role]+".pub", "--role", role); r.Code != 0 {
			t.Fatalf("adviser add --role %s: %+v", role, r)
		}
	}
	if r := machtiging(t, nil, "", "--db", ts.db, "adviser", "add", "k-bad", keys["intake"]+".pub", "--role", "boss"); r.Code != 2 {
		t.Fatalf("a bad role: %+v", r)
	}
	list := machtiging(t, nil, "", "--db", ts.db, "adviser", "list")
	for _, want := range []string{"k-intake  intake", "k-auditor  auditor", "tester     admin"} {
		if !strings.Contains(strings.Join(strings.Fields(list.Stdout), " "), strings.Join(strings.Fields(want), " ")) {
			t.Errorf("adviser list lacks %q:\n%s", want, list.Stdout)
		}
	}

	raw, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	if r := ts.sshAs(keys["intake"], nil, string(raw), "import", "-"); r.Code != 0 {
		t.Fatalf("intake imports: %+v", r)
	}
	for _, tc := range []struct {
		role string
		args []string
		code int
		want string
	}{
		{"intake", []string{"check", "--json"}, 1, "check needs the role adviser or admin"},
		{"intake", []string{"export", "--format", "json"}, 1, "export needs the role adviser or admin"},
		{"intake", []string{"audit", "--request", "MA-2026-0001"}, 1, "needs the role adviser, auditor or admin"},
		{"adviser", []string{"check", "--json"}, 0, ""},
		{"adviser", []string{"audit", "--request", "MA-2026-0001"}, 0, ""},
		{"adviser", []string{"audit", "verify"}, 1, "audit verify needs the role auditor or admin"},
		{"adviser", []string{"purge", "--decided-before", "2000-01-01"}, 1, "purge needs the role admin"},
		{"auditor", []string{"decide", "MA-2026-0001", "approve"}, 1, "decide needs the role adviser or admin"},
		{"auditor", []string{"audit", "verify"}, 0, ""},
		{"auditor", []string{"report", "--json"}, 0, ""},
	} {
		r := ts.sshAs(keys[tc.role], nil, "", tc.args...)
		if r.Code != tc.code || !strings.Contains(r.Stderr, tc.want) {
			t.Errorf("%s %q: %+v, want exit %d and %q", tc.role, tc.args, r, tc.code, tc.want)
		}
		if tc.code == 1 && (strings.Count(strings.TrimSpace(r.Stderr), "\n") != 0 || r.Stdout != "") {
			t.Errorf("%s %q: the refusal is not one line and nothing else: %+v", tc.role, tc.args, r)
		}
	}
	// The review screen, with a terminal: a one-line refusal, no queue.
	r := ts.sshAs(keys["auditor"], []string{"-tt"}, "")
	if r.Code != 1 || !strings.Contains(r.Stdout+r.Stderr, "the review screen needs the role adviser or admin") || strings.Contains(r.Stdout, "[open") {
		t.Errorf("the auditor's review screen: %+v", r)
	}
	// Every refusal is in the log, as refused, for the auditor to read.
	log := ts.sshAs(keys["auditor"], nil, "", "audit", "--json")
	if n := strings.Count(log.Stdout, `"outcome":"refused"`); log.Code != 0 || n != 7 {
		t.Errorf("%d refusals in the access log, want 7: %+v", n, log)
	}
	// A role changed while the server runs applies to the next command.
	if r := machtiging(t, nil, "", "--db", ts.db, "adviser", "role", "k-intake", "adviser"); r.Code != 0 {
		t.Fatalf("adviser role: %+v", r)
	}
	if r := ts.sshAs(keys["intake"], nil, "", "check", "--json"); r.Code != 0 {
		t.Errorf("check after the role change: %+v", r)
	}
}
