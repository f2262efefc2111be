package e2e

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"machtiging/internal/testfixture"
	"machtiging/store"
)

// holdStore starts `machtiging import -` on db with a standard input that
// stays open, so the process holds the store, and waits until it does. The
// func it returns kills the holder (also done when the test ends): the
// cut-off record is not stored.
func holdStore(t *testing.T, db string) (release func()) {
	t.Helper()
	c := command(t, "--db", db, "import", "-")
	in, err := c.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	var once sync.Once
	release = func() {
		once.Do(func() {
			c.Process.Kill()
			c.Wait()
			in.Close()
		})
	}
	t.Cleanup(release)
	// Half a record: the import waits for the rest.
	io.WriteString(in, `{"id":"HOLD-1","received":`)
	waitHeld(t, db, func() string { return errb.String() })
	return release
}

// waitHeld waits until another process holds db.
func waitHeld(t *testing.T, db string, why func() string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		s, err := store.Open(db, store.Options{ReadOnly: true, Timeout: 50 * time.Millisecond})
		if err == nil {
			s.Close()
			time.Sleep(20 * time.Millisecond)
			continue
		}
		if strings.Contains(err.Error(), "in use by another process") {
			return
		}
		t.Fatalf("waiting for the holder: %v", err)
	}
	t.Fatalf("the holder never took the store: %s", why())
}

// contenders are commands run against a store that another process holds:
// every command that opens the store.
func contenders(dir string) [][]string {
	return [][]string{
		{"check"},
		{"check", "--json", "MA-2026-0001"},
		{"import", examples},
		{"import", "-"},
		{"decide", "MA-2026-0001", "approve", "--today", checkDay},
		{"decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "gecontracteerd"},
		{"export", "--format", "csv"},
		{"export", "--format", "json"},
		{"audit"},
		{"audit", "verify"},
		{"audit", "checkpoint"},
		{"doctor"},
		{"backup", filepath.Join(dir, "backup.db")},
		{"compact"},
		{"key", "init"},
		{}, // the TUI: it opens the store before it takes the terminal
	}
}

// refusedInTime runs a command against a held store and asserts the
// contract: exit 1 within two seconds, one line naming the store.
func refusedInTime(t *testing.T, db string, args []string, stdin string) {
	t.Helper()
	all := append([]string{"--db", db}, args...)
	start := time.Now()
	r := machtiging(t, nil, stdin, all...)
	took := time.Since(start)
	what := "machtiging " + strings.Join(args, " ")
	testfixture.OneLineError(t, what, r)
	if want := "store " + db + " is in use by another process"; !strings.Contains(r.Stderr, want) {
		t.Errorf("%s: %q does not say %q", what, r.Stderr, want)
	}
	if took > 2*time.Second {
		t.Errorf("%s: refused after %v, more than 2 s", what, took)
	}
}

// refuseAll runs refusedInTime for several commands, a few at a time (each
// waits out the lock timeout).
func refuseAll(t *testing.T, db string, cmds [][]string) {
	t.Helper()
	raw, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, 4)
	for _, args := range cmds {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			stdin := ""
			if len(args) == 2 && args[1] == "-" {
				stdin = string(raw)
			}
			refusedInTime(t, db, args, stdin)
		}()
	}
	wg.Wait()
}

// TestHeldStoreRefusesEveryCommandWithinTwoSeconds: while a running import
// holds the store, every command (and the TUI) is refused with the
// contract's error within two seconds, and none of them changes anything.
func TestHeldStoreRefusesEveryCommandWithinTwoSeconds(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	mustRun(t, "--db", db, "import", examples)
	before, _ := checkSum(t, db)
	release := holdStore(t, db)

	refuseAll(t, db, contenders(dir))
	for _, leftover := range []string{"backup.db", "backup.db.partial", "m.db.compact", "machtiging.key"} {
		if _, err := os.Stat(filepath.Join(dir, leftover)); err == nil {
			t.Errorf("a refused command left %s behind", leftover)
		}
	}
	// Let go of the store: it holds what it held.
	release()
	if after, _ := checkSum(t, db); after != before {
		t.Error("the store changed while it was held")
	}
	healthy(t, db)
}

// tuiCommand is the shell command line that runs the binary in a terminal
// with a clean environment.
func tuiCommand(t *testing.T, args ...string) string {
	q := func(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
	parts := []string{"env", "-i", q("PATH=" + os.Getenv("PATH")), q("HOME=" + t.TempDir()), "LOGNAME=e2e", "TERM=xterm-256color", "LANG=C.UTF-8", q(binary)}
	for _, a := range args {
		parts = append(parts, q(a))
	}
	return strings.Join(parts, " ")
}

// TestTUIHoldsTheStoreAndIsRefusedWhenHeld: the review TUI holds its store
// (a command run meanwhile is refused within two seconds), and a TUI
// started on a store that another process holds says so within two
// seconds and ends, rather than hang.
func TestTUIHoldsTheStoreAndIsRefusedWhenHeld(t *testing.T) {
	x := testfixture.NewTmux(t)
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	mustRun(t, "--db", db, "import", examples)

	x.Start("holder", tuiCommand(t, "--db", db))
	if s, ok := x.WaitFor("holder", "MA-2026-0001", 10*time.Second); !ok {
		t.Fatalf("the TUI did not show the queue:\n%s", s)
	}
	refuseAll(t, db, [][]string{{"check", "--json"}, {"import", examples}, {} /* a second TUI */})
	x.Do("send-keys", "-t", "holder", "q")
	deadline := time.Now().Add(5 * time.Second)
	for r := machtiging(t, nil, "", "--db", db, "check", "--json"); r.Code != 0; r = machtiging(t, nil, "", "--db", db, "check", "--json") {
		if time.Now().After(deadline) {
			t.Fatalf("the store stays held after the TUI quit: %s", r.Stderr)
		}
	}

	release := holdStore(t, db)
	defer release()
	start := time.Now()
	x.Start("contender", tuiCommand(t, "--db", db)+"; echo EXIT=$?; sleep 60")
	s, ok := x.WaitFor("contender", "EXIT=", 10*time.Second)
	took := time.Since(start)
	if !ok {
		t.Fatalf("a TUI on a held store did not end:\n%s", s)
	}
	if took > 2500*time.Millisecond { // tmux and a shell start first
		t.Errorf("a TUI on a held store took %v to give up", took)
	}
	if !strings.Contains(s, "store "+db+" is in use by another process") || !strings.Contains(s, "EXIT=1") {
		t.Fatalf("a TUI on a held store:\n%s", s)
	}
	for _, bad := range []string{"panic", "goroutine"} {
		if strings.Contains(s, bad) {
			t.Fatalf("a TUI on a held store crashed:\n%s", s)
		}
	}
}

// TestTeamServerHoldsTheStoreAndIsRefusedWhenHeld: `machtiging serve`
// holds its store (local commands and the TUI are refused within two
// seconds, and told about the server), a second server is refused too,
// and a server started on a store another process holds is refused within
// two seconds rather than hang.
func TestTeamServerHoldsTheStoreAndIsRefusedWhenHeld(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	mustRun(t, "--db", db, "import", examples)

	srv := command(t, "--db", db, "serve", "--listen", "127.0.0.1:0")
	errs, err := srv.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		srv.Process.Signal(syscall.SIGTERM)
		srv.Wait()
	}()
	serving := make(chan string, 1)
	go func() {
		b := make([]byte, 4096)
		var got []byte
		for {
			n, err := errs.Read(b)
			got = append(got, b[:n]...)
			if bytes.Contains(got, []byte("serving")) || err != nil {
				serving <- string(got)
				io.Copy(io.Discard, errs)
				return
			}
		}
	}()
	select {
	case s := <-serving:
		if !strings.Contains(s, "serving") {
			t.Fatalf("the server did not start: %s", s)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the server did not start within 20 s")
	}
	refuseAll(t, db, [][]string{{"check", "--json"}, {"import", examples}, {"decide", "MA-2026-0001", "approve"}, {}, {"serve", "--listen", "127.0.0.1:0"}})
	if r := machtiging(t, nil, "", "--db", db, "check"); !strings.Contains(r.Stderr, "team server") {
		t.Errorf("the error does not say that the team server holds the store: %q", r.Stderr)
	}
	srv.Process.Signal(syscall.SIGTERM)
	if err := srv.Wait(); err != nil {
		t.Errorf("the server did not stop cleanly on SIGTERM: %v", err)
	}
	healthy(t, db)

	release := holdStore(t, db)
	defer release()
	refusedInTime(t, db, []string{"serve", "--listen", "127.0.0.1:0"}, "")
}
