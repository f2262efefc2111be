package main

// Reliability under faults and hostile input, against the real binary
// (built in TestMain): a killed import, a held store, damaged files, bad
// import files, a full or read-only disk, and escape sequences in stored
// text. The helpers here are shared by the reliability_*_test.go files.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
	"unicode/utf8"

	"machtiging/store"
)

// checkDay fixes the clock of check and decide in these tests.
const checkDay = "2026-12-01"

// missing skips a test that needs what this machine lacks (tmux, root,
// mount), except under CI (CI=true), where it fails.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	why := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true, so this is a failure, not a skip", why)
	}
	t.Skip(why)
}

// cleanEnv is the environment of a binary run: PATH, a HOME of its own,
// LOGNAME=e2e, and extra.
func cleanEnv(t *testing.T, extra ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LOGNAME=e2e"}, extra...)
}

// command prepares a run of the binary.
func command(t *testing.T, args ...string) *exec.Cmd {
	c := exec.Command(binary, args...)
	c.Env = cleanEnv(t)
	return c
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := machtiging(t, nil, "", args...)
	if r.code != 0 {
		t.Fatalf("machtiging %s: exit %d\n%s", strings.Join(args, " "), r.code, r.stderr)
	}
	return r.stdout
}

// oneLineError asserts the contract's error form: exit 1 and one line on
// stderr, with no panic and nothing that a terminal would act on. It
// reports with Errorf (it runs on other goroutines too) and returns false
// when the form is wrong.
func oneLineError(t *testing.T, what string, r result) bool {
	t.Helper()
	if !noCrash(t, what, r) {
		return false
	}
	if r.code != 1 {
		t.Errorf("%s: exit %d, want 1\nstdout %.300q\nstderr %.600q", what, r.code, r.stdout, r.stderr)
		return false
	}
	if strings.Count(r.stderr, "\n") != 1 || !strings.HasSuffix(r.stderr, "\n") {
		t.Errorf("%s: stderr is not one line: %.600q", what, r.stderr)
		return false
	}
	if p := terminalHazard(r.stderr); p != "" {
		t.Errorf("%s: stderr %s: %q", what, p, r.stderr)
		return false
	}
	return true
}

// noCrash asserts that the process did not panic or die of a signal.
func noCrash(t *testing.T, what string, r result) bool {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "fatal error", "SIGSEGV", "SIGBUS", "runtime.", "[signal"} {
		if strings.Contains(r.stderr, s) {
			t.Errorf("%s: crashed (%q in stderr):\n%.2000s", what, s, r.stderr)
			return false
		}
	}
	if r.code < 0 || r.code > 2 {
		t.Errorf("%s: exit %d\n%.2000s", what, r.code, r.stderr)
		return false
	}
	return true
}

// terminalHazard names the first byte sequence in s that a terminal could
// act on: ESC, another C0 control (other than newline and tab), DEL, a C1
// control, or invalid UTF-8 (a lone 0x9b is CSI to some terminals).
func terminalHazard(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return fmt.Sprintf("holds invalid UTF-8 (%#x) at byte %d", s[i], i)
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f:
			return fmt.Sprintf("holds control character %U at byte %d", r, i)
		case r >= 0x80 && r < 0xa0:
			return fmt.Sprintf("holds C1 control character %U at byte %d", r, i)
		}
	}
	return ""
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, b, 0o600); err != nil {
		t.Fatal(err)
	}
}

// checkSum runs check --json on a store and returns a hash of its output
// and the number of lines.
func checkSum(t *testing.T, db string) (string, int) {
	t.Helper()
	c := command(t, "--db", db, "check", "--json", "--today", checkDay)
	out, err := c.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb bytes.Buffer
	c.Stderr = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	h := sha256.New()
	n := 0
	sc := bufio.NewScanner(out)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		h.Write(sc.Bytes())
		h.Write([]byte{'\n'})
		n++
	}
	if err := c.Wait(); err != nil || sc.Err() != nil {
		t.Fatalf("check --json on %s: %v %v\n%s", db, err, sc.Err(), errb.String())
	}
	return hex.EncodeToString(h.Sum(nil)), n
}

// healthy asserts that a store passes `doctor` (bbolt's check, the access
// log's chain, every record decodes) and `audit verify`.
func healthy(t *testing.T, db string) {
	t.Helper()
	r := machtiging(t, nil, "", "--db", db, "doctor")
	if r.code != 0 || !strings.Contains(r.stdout, "is healthy") {
		t.Fatalf("doctor on %s: exit %d\n%s%s", db, r.code, r.stdout, r.stderr)
	}
	r = machtiging(t, nil, "", "--db", db, "audit", "verify")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "access log intact") {
		t.Fatalf("audit verify on %s: exit %d\n%s%s", db, r.code, r.stdout, r.stderr)
	}
}

// seed returns a random seed for a test, or $RELIABILITY_SEED to replay
// one, and logs it.
func seed(t *testing.T) uint64 {
	s := rand.Uint64() >> 1
	if v := os.Getenv("RELIABILITY_SEED"); v != "" {
		fmt.Sscan(v, &s)
	}
	t.Logf("seed %d (replay with RELIABILITY_SEED=%d)", s, s)
	return s
}

// headLines writes the first n lines of a file to another.
func headLines(t *testing.T, from, to string, n int) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	br := bufio.NewReaderSize(in, 1<<20)
	for range n {
		line, err := br.ReadBytes('\n')
		out.Write(line)
		if err != nil {
			break
		}
	}
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
}

// firstAndLastID are the ids of the first and the last line of an NDJSON
// file.
func firstAndLastID(t *testing.T, file string) (string, string) {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	idOf := func(line []byte) string {
		i := bytes.Index(line, []byte(`"id":"`))
		if i < 0 {
			t.Fatalf("no id in %.100s", line)
		}
		rest := line[i+6:]
		return string(rest[:bytes.IndexByte(rest, '"')])
	}
	lines := bytes.Split(bytes.TrimSpace(b), []byte("\n"))
	return idOf(lines[0]), idOf(lines[len(lines)-1])
}

// TestKilledImportLeavesAllOrNothing kills `machtiging import` with
// SIGKILL at moments spread over the whole run of a 100 000-request file,
// onto a store that already holds the file's first requests (so replaced
// versions are covered too). After every kill the store opens, passes
// doctor and audit verify, and holds either none of the file (exactly the
// base store) or all of it. Every fourth time the process that undoes the
// cut-off import on opening is killed as well.
func TestKilledImportLeavesAllOrNothing(t *testing.T) {
	const (
		requests = 100_000
		inBase   = 2_000
		kills    = 20
	)
	rng := rand.New(rand.NewPCG(seed(t), 7))
	dir := t.TempDir()
	file := filepath.Join(dir, "big.ndjson")
	mustRun(t, "generate", "--n", fmt.Sprint(requests), "--today", checkDay, "-o", file)
	firstID, lastID := firstAndLastID(t, file)

	base := filepath.Join(dir, "base.db")
	headLines(t, file, filepath.Join(dir, "base.ndjson"), inBase)
	mustRun(t, "--db", base, "import", filepath.Join(dir, "base.ndjson"))
	noneSum, noneN := checkSum(t, base)
	if noneN != inBase {
		t.Fatalf("base store holds %d requests", noneN)
	}

	// One import runs to the end: it gives the store holding all of the
	// file, and how long an import takes here.
	db := filepath.Join(dir, "m.db")
	copyFile(t, base, db)
	began := time.Now()
	mustRun(t, "--db", db, "import", file)
	full := time.Since(began)
	allSum, allN := checkSum(t, db)
	if allN != requests {
		t.Fatalf("after the whole import: %d requests", allN)
	}
	healthy(t, db)
	t.Logf("a whole import takes %v", full.Round(time.Millisecond))

	versions := func() (first int, lastFound bool) {
		t.Helper()
		s, err := store.Open(db, store.Options{ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		rec, err := s.Peek(firstID)
		if err != nil {
			t.Fatal(err)
		}
		_, err = s.Peek(lastID)
		if err != nil && !errors.Is(err, store.ErrNotFound) {
			t.Fatal(err)
		}
		return rec.Version, err == nil
	}

	outcome := map[string]int{}
	reset := true
	undoneSeen, undone := 0, 0
	countUndone := func() int {
		t.Helper()
		return strings.Count(mustRun(t, "--db", db, "audit", "--json"), "was interrupted, undone on open")
	}
	for i := range kills {
		if reset {
			copyFile(t, base, db)
			undoneSeen = 0
		}
		// Stratified: the i-th kill falls in the i-th twentieth of 1.1
		// times the whole run, so that kills before the first batch is
		// written, between batches, in the last commit and after the end
		// all happen.
		at := time.Duration((float64(i) + rng.Float64()) / kills * 1.1 * float64(full))
		imp := command(t, "--db", db, "import", file)
		var errb bytes.Buffer
		imp.Stderr = &errb
		if err := imp.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- imp.Wait() }()
		finished := false
		began := time.Now()
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("kill %d: the import failed on its own: %v\n%s", i, err, errb.String())
			}
			finished = true
			// The machine is faster now than when the whole import was
			// timed (other tests ran then): spread the later kills over
			// the run as it is now.
			full = time.Since(began)
		case <-time.After(at):
			imp.Process.Kill()
			if err := <-done; err == nil {
				finished = true // it ended just before the kill
			}
		}
		if i%4 == 3 {
			// Kill the next opener too, while it undoes the import.
			c := command(t, "--db", db, "check", "--json", "--today", checkDay)
			if err := c.Start(); err != nil {
				t.Fatal(err)
			}
			time.Sleep(time.Duration(rng.IntN(400)) * time.Millisecond)
			c.Process.Kill()
			c.Wait()
		}
		healthy(t, db)
		if n := countUndone(); n > undoneSeen {
			undone += n - undoneSeen
			undoneSeen = n
		}
		sum, n := checkSum(t, db)
		first, lastFound := versions()
		switch {
		case sum == noneSum && first == 1 && !lastFound:
			outcome["none"]++
			reset = false
			if finished {
				t.Fatalf("kill %d: the import ended successfully but the store holds none of it", i)
			}
		case sum == allSum && first == 2 && lastFound:
			outcome["all"]++
			reset = true
		default:
			t.Fatalf("kill %d at %v: the store holds part of the file: %d requests, %s version %d, %s found %v",
				i, at, n, firstID, first, lastID, lastFound)
		}
	}
	// Some kills cut an import off after batches were written under the
	// journal, and opening the store undid them.
	t.Logf("outcomes after %d kills: %v; %d journaled imports undone on opening", kills, outcome, undone)
	if undone == 0 {
		t.Errorf("no kill cut off an import after its first batch")
	}
	if outcome["none"] < kills/2 {
		t.Fatalf("only %d of %d kills cut an import off: the kills came too late to test anything", outcome["none"], kills)
	}
}

// exitCode is the exit code of a finished command, or -1 after a signal.
func exitCode(c *exec.Cmd) int {
	if c.ProcessState == nil {
		return -1
	}
	if ws, ok := c.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1
	}
	return c.ProcessState.ExitCode()
}

var _ = io.Discard
