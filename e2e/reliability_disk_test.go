package e2e

import (
	"errors"
	"fmt"
	"machtiging/internal/testfixture"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// mount mounts what on a new folder (root only): it skips without root,
// and as root, when mounting is impossible (a container without the
// capability), it skips too, except under CI (CI=true), where it fails.
func mount(t *testing.T, args ...string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("not root: cannot mount a small or read-only file system")
	}
	if _, err := exec.LookPath("mount"); err != nil {
		testfixture.Missing(t, "no mount command")
	}
	dir := t.TempDir()
	if out, err := exec.Command("mount", append(args, dir)...).CombinedOutput(); err != nil {
		testfixture.Missing(t, "mount %s: %v: %s", strings.Join(args, " "), err, out)
	}
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			exec.Command("umount", "-l", dir).Run()
			t.Logf("umount %s: %v %s", dir, err, out)
		}
	})
	return dir
}

// fill writes to a file in dir until the file system is full.
func fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	buf := make([]byte, 4096)
	for {
		if _, err := f.Write(buf); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			return path
		}
	}
}

// storeState is what a store holds, as check --json shows it, and its
// decisions.
func storeState(t *testing.T, db string) string {
	t.Helper()
	sum, n := checkSum(t, db)
	return fmt.Sprintf("%d requests %s; decisions %s", n, sum, mustRun(t, "--db", db, "export", "--format", "csv"))
}

// fullDiskError asserts the one-line error of a write on a full disk.
func fullDiskError(t *testing.T, what, names string, r result) {
	t.Helper()
	if testfixture.OneLineError(t, what, r) && (!strings.Contains(r.Stderr, "no space left on device") || !strings.Contains(r.Stderr, names)) {
		t.Errorf("%s: the error does not say that %s is out of space: %q", what, names, r.Stderr)
	}
}

// TestFullDiskIsAClearErrorAndTheStoreStaysIntact puts the store on a
// tmpfs of 2 MB and makes writes run out of space: imports of one batch
// and of several, a decision, compact, and a backup onto the full disk.
// Each fails with one line that says so, leaves no partial file, and the
// store passes doctor and holds what it held, also once space is free.
func TestFullDiskIsAClearErrorAndTheStoreStaysIntact(t *testing.T) {
	work := t.TempDir()
	oneBatch := filepath.Join(work, "3000.ndjson")
	mustRun(t, "generate", "--n", "3000", "--today", checkDay, "-o", oneBatch)
	batches := filepath.Join(work, "9000.ndjson")
	mustRun(t, "generate", "--n", "9000", "--seed", "2", "--today", checkDay, "-o", batches)
	hundred := filepath.Join(work, "100.ndjson")
	mustRun(t, "generate", "--n", "100", "--seed", "3", "--today", checkDay, "-o", hundred)
	small := func(t *testing.T) (dir, db, held string) {
		dir = mount(t, "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs")
		db = filepath.Join(dir, "m.db")
		mustRun(t, "--db", db, "import", examples)
		// Enough that the buckets no longer fit inline in one page.
		mustRun(t, "--db", db, "import", hundred)
		mustRun(t, "--db", db, "decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "gecontracteerd", "--today", checkDay)
		return dir, db, storeState(t, db)
	}

	t.Run("import", func(t *testing.T) {
		_, db, held := small(t)
		for _, file := range []string{oneBatch, batches} {
			r := machtiging(t, nil, "", "--db", db, "import", file)
			fullDiskError(t, "import "+filepath.Base(file), db, r)
			healthy(t, db)
			if got := storeState(t, db); got != held {
				t.Fatalf("after a failed import of %s the store holds\n%s\nnot\n%s", file, got, held)
			}
		}
	})

	t.Run("decide and compact", func(t *testing.T) {
		dir, db, _ := small(t)
		// Compacted, the file has no free pages: writes need new ones.
		mustRun(t, "--db", db, "compact")
		filler := fill(t, dir)
		// Decisions until one runs out of space; those before it may fit
		// in pages the file has.
		var decided []string
		var failed string
		for _, d := range [][]string{
			{"MA-2026-0001", "approve"}, {"MA-2026-0007", "request-info"}, {"MA-2026-0008", "request-info"},
			{"MA-2026-0011", "request-info"}, {"MA-2026-0013", "request-info"}, {"MA-2026-0002", "approve"},
			{"MA-2026-0012", "approve"}, {"MA-2026-0010", "approve"},
		} {
			r := machtiging(t, nil, "", "--db", db, "decide", d[0], d[1], "--today", checkDay)
			if r.Code == 0 {
				decided = append(decided, d[0])
				continue
			}
			fullDiskError(t, "decide on a full disk", db, r)
			failed = d[0]
			break
		}
		if failed == "" {
			t.Fatalf("%d decisions on a full disk all fit", len(decided))
		}
		r := machtiging(t, nil, "", "--db", db, "compact")
		fullDiskError(t, "compact on a full disk", db, r)
		if _, err := os.Stat(db + ".compact"); err == nil {
			t.Error("a failed compact left its temporary file")
		}
		// Reading still works, or fails with a clear line (it logs the read).
		if r := machtiging(t, nil, "", "--db", db, "check", "--json", "--today", checkDay); r.Code != 0 {
			fullDiskError(t, "check on a full disk", db, r)
		}
		// Space again: the store holds what it held and the decisions
		// that fit, not the one that did not; and it takes writes.
		if err := os.Remove(filler); err != nil {
			t.Fatal(err)
		}
		healthy(t, db)
		export := mustRun(t, "--db", db, "export", "--format", "csv")
		if got := strings.Count(export, "\n") - 1; got != 1+len(decided) {
			t.Errorf("%d decisions stored, want %d:\n%s", got, 1+len(decided), export)
		}
		if strings.Contains(export, failed) {
			t.Errorf("the decision on %s that failed is stored:\n%s", failed, export)
		}
		if st := mustRun(t, "--db", db, "check", "--json", failed); !strings.Contains(st, `"state":"open"`) {
			t.Errorf("%s after its decision failed: %s", failed, st)
		}
		mustRun(t, "--db", db, "decide", failed, "reject", "--code", "other", "--reason", "ruimte", "--today", checkDay)
		mustRun(t, "--db", db, "compact")
		healthy(t, db)
	})

	t.Run("backup", func(t *testing.T) {
		dir := mount(t, "-t", "tmpfs", "-o", "size=2m,mode=0700", "tmpfs")
		big := filepath.Join(work, "big.db")
		mustRun(t, "--db", big, "import", batches)
		held := storeState(t, big)
		dest := filepath.Join(dir, "backup.db")
		r := machtiging(t, nil, "", "--db", big, "backup", dest)
		fullDiskError(t, "backup onto a full disk", dest, r)
		for _, p := range []string{dest, dest + ".partial"} {
			if _, err := os.Stat(p); err == nil {
				t.Errorf("a failed backup left %s", p)
			}
		}
		healthy(t, big)
		if got := storeState(t, big); got != held {
			t.Fatal("a failed backup changed the store")
		}
	})
}

// TestReadOnlyFileSystemIsAClearError: a store on a read-only file system
// cannot be opened for writing; every command says so in one line, naming
// the store, and the store is unchanged. A backup into a read-only folder
// fails likewise.
func TestReadOnlyFileSystemIsAClearError(t *testing.T) {
	src := t.TempDir()
	db := filepath.Join(src, "m.db")
	mustRun(t, "--db", db, "import", examples)
	held := storeState(t, db)
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}

	ro := mount(t, "--bind", src)
	if out, err := exec.Command("mount", "-o", "remount,bind,ro", ro).CombinedOutput(); err != nil {
		testfixture.Missing(t, "remount read-only: %v: %s", err, out)
	}
	rodb := filepath.Join(ro, "m.db")
	for _, args := range contenders(t.TempDir()) {
		if len(args) > 0 && args[0] == "key" {
			continue // writes the key beside the store first: see below
		}
		stdin := ""
		if len(args) == 2 && args[1] == "-" {
			stdin = string(raw)
		}
		what := "machtiging " + strings.Join(args, " ")
		r := machtiging(t, nil, stdin, append([]string{"--db", rodb}, args...)...)
		if testfixture.OneLineError(t, what, r) && (!strings.Contains(r.Stderr, "store "+rodb) || !strings.Contains(r.Stderr, "read-only file system")) {
			t.Errorf("%s on a read-only file system: %q", what, r.Stderr)
		}
	}
	r := machtiging(t, nil, "", "--db", rodb, "key", "init")
	if testfixture.OneLineError(t, "key init", r) && !strings.Contains(r.Stderr, "read-only file system") {
		t.Errorf("key init on a read-only file system: %q", r.Stderr)
	}
	r = machtiging(t, nil, "", "--db", filepath.Join(ro, "new", "m.db"), "import", examples)
	if testfixture.OneLineError(t, "a new store", r) && !strings.Contains(r.Stderr, "read-only file system") {
		t.Errorf("a new store on a read-only file system: %q", r.Stderr)
	}
	r = machtiging(t, nil, "", "--db", db, "backup", filepath.Join(ro, "backup.db"))
	if testfixture.OneLineError(t, "backup into a read-only folder", r) && !strings.Contains(r.Stderr, "read-only file system") {
		t.Errorf("backup into a read-only folder: %q", r.Stderr)
	}
	healthy(t, db)
	if got := storeState(t, db); got != held {
		t.Fatalf("the store changed:\n%s\nnot\n%s", got, held)
	}
}
