package e2e

// End-to-end tests of the team server through the OpenSSH client: the
// built binary serves a store, and an adviser reviews it with ssh in a
// terminal (tmux) of a fixed size, or runs commands with ssh.

import (
	"bytes"
	"encoding/json"
	"machtiging/internal/testfixture"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// teamServer is `machtiging serve` running on a store of the examples on a
// free loopback port, with one adviser, "tester", whose key is key.
type teamServer struct {
	t      *testing.T
	dir    string
	db     string
	key    string
	port   string
	cmd    *exec.Cmd
	log    *teamLog
	exited chan struct{}
}

// teamLog is the server's standard error.
type teamLog struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *teamLog) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *teamLog) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// teamEnv is a clean environment for the binary and the ssh client.
func teamEnv(t *testing.T) []string { return testfixture.CleanEnv(t, "LANG=C.UTF-8") }

// startTeamServer makes a key, imports the examples, lists the key as
// "tester" with the role admin (it imports over SSH too) and serves the store; it returns once the server
// listens. The server is stopped when the test ends.
func startTeamServer(t *testing.T) *teamServer {
	t.Helper()
	testfixture.RequireTool(t, "ssh")
	ts := &teamServer{t: t, dir: t.TempDir(), exited: make(chan struct{})}
	ts.db = filepath.Join(ts.dir, "m.db")
	ts.key = testfixture.SSHKey(t, ts.dir, "key", "tester@e2e")
	if r := machtiging(t, nil, "", "--db", ts.db, "import", examples); r.Code != 0 {
		t.Fatalf("import: %+v", r)
	}
	if r := machtiging(t, nil, "", "--db", ts.db, "adviser", "add", "tester", ts.key+".pub", "--role", "admin"); r.Code != 0 {
		t.Fatalf("adviser add: %+v", r)
	}
	ts.port = testfixture.FreePort(t)

	ts.log = &teamLog{}
	ts.cmd = exec.Command(binary, "--db", ts.db, "serve", "--listen", "127.0.0.1:"+ts.port)
	ts.cmd.Env = teamEnv(t)
	ts.cmd.Stdout, ts.cmd.Stderr = ts.log, ts.log
	if err := ts.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { ts.cmd.Wait(); close(ts.exited) }()
	t.Cleanup(func() {
		ts.cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-ts.exited:
		case <-time.After(15 * time.Second):
			ts.cmd.Process.Kill()
			<-ts.exited
		}
	})
	deadline := time.Now().Add(15 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", "127.0.0.1:"+ts.port, time.Second)
		if err == nil {
			c.Close()
			break
		}
		select {
		case <-ts.exited:
			t.Fatalf("the server ended before it listened:\n%s", ts.log)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not listen on %s:\n%s", ts.port, ts.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return ts
}

// sshArgs are the OpenSSH client's arguments for the tester, without the
// remote command.
func (ts *teamServer) sshArgs() []string { return testfixture.SSHArgs(ts.key, ts.port) }

// ssh runs a command on the server as the tester.
func (ts *teamServer) ssh(stdin string, args ...string) result {
	ts.t.Helper()
	c := exec.Command("ssh", append(append([]string{"-o", "BatchMode=yes"}, ts.sshArgs()...), args...)...)
	c.Env = teamEnv(ts.t)
	return testfixture.Run(ts.t, c, stdin)
}

// openReview runs the OpenSSH client in a 120×40 tmux window: the
// tester's review screen on the server.
func (ts *teamServer) openReview() *testfixture.Session {
	ts.t.Helper()
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	parts := []string{"ssh"}
	for _, a := range ts.sshArgs() {
		parts = append(parts, q(a))
	}
	line := strings.Join(parts, " ") + "; echo \"[ssh exited $?]\"; sleep 60"
	tt := testfixture.StartTmux(ts.t, 120, 40, []string{"HOME=" + ts.t.TempDir(), "LANG=C.UTF-8"}, line)
	// Keys and text cross the network before the program takes them.
	tt.KeyPause, tt.TextPause = 80*time.Millisecond, 150*time.Millisecond
	return tt
}

// approvable is the first open request, in queue order, that the check
// finds complete today, asked for over ssh.
func (ts *teamServer) approvable() string {
	ts.t.Helper()
	r := ts.ssh("", "check", "--json")
	if r.Code != 0 {
		ts.t.Fatalf("check over ssh: %+v", r)
	}
	for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		var c struct{ ID, State, Verdict string }
		if err := json.Unmarshal([]byte(l), &c); err != nil {
			ts.t.Fatalf("check line %q: %v", l, err)
		}
		if c.State == "open" && c.Verdict == "complete" {
			return c.ID
		}
	}
	return ""
}

// TestApproveOverSSHInTheTUI: an adviser opens the review screen with the
// OpenSSH client, approves a complete request through the form and quits;
// the server recorded exactly that approval, as theirs, from ssh.
func TestApproveOverSSHInTheTUI(t *testing.T) {
	ts := startTeamServer(t)
	id := ts.approvable()
	if id == "" {
		// The examples' dates lie in late 2026; on a later day none is
		// complete any more, so add one whose dates lie around today.
		raw, err := os.ReadFile(testfixture.RequestsAround(t, time.Now()))
		if err != nil {
			t.Fatal(err)
		}
		if r := ts.ssh(string(raw), "import", "-"); r.Code != 0 {
			t.Fatalf("import over ssh: %+v", r)
		}
		if id = ts.approvable(); id == "" {
			t.Fatal("no request is complete today")
		}
	}

	tt := ts.openReview()
	tt.WaitForAll(20*time.Second, "[open ", "tester", "decided today 0")
	tt.Send("/")
	tt.TypeText(id)
	tt.Send("Enter")
	tt.WaitForAll(5*time.Second, "filter: "+id, "1 match")
	tt.Send("a")
	tt.WaitForAll(5*time.Second, "Approve", "valid until", id)
	tt.Send("Enter", "Enter", "Enter") // minutes, from, until: as requested
	tt.TypeText("Conform behandelplan.")
	tt.Send("Enter")
	tt.WaitForAll(5*time.Second, "Confirm: this will be recorded", "tester")
	tt.Send("Enter")
	tt.WaitForAll(5*time.Second, id+": approved, now approved", "decided today 1")
	tt.Send("q")
	tt.WaitForAll(10*time.Second, "[ssh exited 0]")

	r := ts.ssh("", "export", "--format", "json")
	if r.Code != 0 {
		t.Fatalf("export over ssh: %+v", r)
	}
	var recs []struct {
		ID, Outcome, Adviser string
		Reason               *string
		ApprovedMinutes      int64 `json:"approved_minutes"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &recs); err != nil {
		t.Fatalf("export: %v\n%s", err, r.Stdout)
	}
	if len(recs) != 1 {
		t.Fatalf("export holds %d decisions, want the one approval:\n%s", len(recs), r.Stdout)
	}
	d := recs[0]
	if d.ID != id || d.Outcome != "approved" || d.Adviser != "tester" || d.Reason == nil || *d.Reason != "Conform behandelplan." || d.ApprovedMinutes <= 0 {
		t.Fatalf("exported %+v", d)
	}

	r = ts.ssh("", "audit", "--request", id, "--json")
	if r.Code != 0 {
		t.Fatalf("audit over ssh: %+v", r)
	}
	decided := 0
	for _, l := range strings.Split(strings.TrimSpace(r.Stdout), "\n") {
		var e struct {
			Event, Adviser, Outcome string
			AccessPoint             string `json:"access_point"`
		}
		if err := json.Unmarshal([]byte(l), &e); err != nil {
			t.Fatalf("audit line %q: %v", l, err)
		}
		if e.Event != "decide" {
			continue
		}
		decided++
		if e.Adviser != "tester" || e.Outcome != "success" || !strings.HasPrefix(e.AccessPoint, "ssh 127.0.0.1:") {
			t.Errorf("the decision's entry: %s", l)
		}
	}
	if decided != 1 {
		t.Fatalf("%d decide entries for %s, want 1:\n%s", decided, id, r.Stdout)
	}
}

// TestLocalCommandNamesTheRunningServer: while the server holds the store,
// a local command says so, and how to reach it, within two seconds; the
// command it names works; after SIGTERM the store is free again.
func TestLocalCommandNamesTheRunningServer(t *testing.T) {
	ts := startTeamServer(t)
	start := time.Now()
	r := machtiging(t, nil, "", "--db", ts.db, "check", "--json")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("the refusal took %v", took)
	}
	hint := "ssh -p " + ts.port + " 127.0.0.1 check --json"
	if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, "in use") ||
		!strings.Contains(r.Stderr, "machtiging serve on 127.0.0.1:"+ts.port) || !strings.Contains(r.Stderr, hint) {
		t.Fatalf("a local command against the served store: %+v", r)
	}
	if r := ts.ssh("", "check", "--json"); r.Code != 0 || strings.Count(r.Stdout, "\n") != 13 {
		t.Fatalf("the named way in: %+v", r)
	}

	ts.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-ts.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
	if code := ts.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("the server exited %d:\n%s", code, ts.log)
	}
	if r := machtiging(t, nil, "", "--db", ts.db, "check", "--json"); r.Code != 0 || strings.Count(r.Stdout, "\n") != 13 {
		t.Fatalf("the store after the server stopped: %+v", r)
	}
}

// TestSIGTERMTellsTheReviewScreen: stopping the server tells an adviser on
// the review screen and ends their ssh session.
func TestSIGTERMTellsTheReviewScreen(t *testing.T) {
	ts := startTeamServer(t)
	tt := ts.openReview()
	tt.WaitForAll(20*time.Second, "[open 13]", "tester")
	ts.cmd.Process.Signal(syscall.SIGTERM)
	tt.WaitForAll(15*time.Second, "the server is shutting down", "[ssh exited ")
	select {
	case <-ts.exited:
	case <-time.After(15 * time.Second):
		t.Fatal("the server did not stop on SIGTERM")
	}
}
