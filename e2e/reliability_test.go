package e2e

// Reliability under faults and hostile input, against the real binary
// (built in TestMain): a killed import, a held store, damaged files, bad
// import files, a full or read-only disk, and escape sequences in stored
// text. The helpers here are shared by the reliability_*_test.go files;
// the harness is in main_test.go, the rest in internal/testfixture.

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/internal/testfixture"
	"machtiging/store"
)

// checkDay fixes the clock of check and decide in these tests.
const checkDay = "2026-12-01"

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
	if r.Code != 0 || !strings.Contains(r.Stdout, "is healthy") {
		t.Fatalf("doctor on %s: exit %d\n%s%s", db, r.Code, r.Stdout, r.Stderr)
	}
	r = machtiging(t, nil, "", "--db", db, "audit", "verify")
	if r.Code != 0 || !strings.HasPrefix(r.Stdout, "access log intact") {
		t.Fatalf("audit verify on %s: exit %d\n%s%s", db, r.Code, r.Stdout, r.Stderr)
	}
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
	rng := rand.New(rand.NewPCG(testfixture.Seed(t), 7))
	dir := t.TempDir()
	file := filepath.Join(dir, "big.ndjson")
	mustRun(t, "generate", "--n", fmt.Sprint(requests), "--today", checkDay, "-o", file)
	firstID, lastID := testfixture.FirstAndLastID(t, file)

	base := filepath.Join(dir, "base.db")
	testfixture.HeadLines(t, file, filepath.Join(dir, "base.ndjson"), inBase)
	mustRun(t, "--db", base, "import", filepath.Join(dir, "base.ndjson"))
	noneSum, noneN := checkSum(t, base)
	if noneN != inBase {
		t.Fatalf("base store holds %d requests", noneN)
	}

	// One import runs to the end: it gives the store holding all of the
	// file, and how long an import takes here.
	db := filepath.Join(dir, "m.db")
	testfixture.CopyFile(t, base, db)
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
			testfixture.CopyFile(t, base, db)
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
