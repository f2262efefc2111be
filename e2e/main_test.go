package e2e

// The end-to-end suite: the machtiging binary, built once (TestMain), run
// as a user runs it. Helpers shared with package tests (running a binary,
// tmux, ssh, example files, output checks) are in internal/testfixture;
// those here run this suite's binary.

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/internal/testfixture"
	"machtiging/store"
)

// binary is the machtiging command built once for the suite.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "machtiging-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "machtiging")
	if err := testfixture.Build(binary); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result = testfixture.Result

// machtiging runs the built binary with env added to a clean environment.
func machtiging(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	c := exec.Command(binary, args...)
	c.Env = testfixture.CleanEnv(t, env...)
	return testfixture.Run(t, c, stdin)
}

// command prepares a run of the binary.
func command(t *testing.T, args ...string) *exec.Cmd {
	c := exec.Command(binary, args...)
	c.Env = testfixture.CleanEnv(t)
	return c
}

// mustRun runs the binary and fails the test unless it exits 0.
func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	r := machtiging(t, nil, "", args...)
	if r.Code != 0 {
		t.Fatalf("machtiging %s: exit %d\n%s", strings.Join(args, " "), r.Code, r.Stderr)
	}
	return r.Stdout
}

var examples = testfixture.Example("requests.json")

func TestBinaryFollowsTheContractExample(t *testing.T) {
	xdg := t.TempDir()
	env := []string{"XDG_DATA_HOME=" + xdg}
	if r := machtiging(t, env, "", "import", examples); r.Code != 0 {
		t.Fatalf("import: %+v", r)
	}
	// The default store location, created private.
	path := filepath.Join(xdg, "machtiging", "machtiging.db")
	fi, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("store mode %o", fi.Mode().Perm())
	}
	if di, _ := os.Stat(filepath.Dir(path)); di.Mode().Perm() != 0o700 {
		t.Errorf("folder mode %o", di.Mode().Perm())
	}
	r := machtiging(t, env, "", "check", "--json", "--today", "2026-12-01")
	want, _ := os.ReadFile(testfixture.Example("check.ndjson"))
	if r.Code != 0 || strings.Count(r.Stdout, "\n") != strings.Count(string(want), "\n") {
		t.Fatalf("check: %+v", r)
	}
	gotIDs, wantIDs := idsOf(r.Stdout), idsOf(string(want))
	if gotIDs != wantIDs {
		t.Fatalf("order\n got %s\nwant %s", gotIDs, wantIDs)
	}
}

func idsOf(ndjson string) string {
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(ndjson), "\n") {
		i := strings.Index(l, `"id":"`) + 6
		ids = append(ids, l[i:i+12])
	}
	return strings.Join(ids, " ")
}

func TestStoreFromEnvironmentAndFlag(t *testing.T) {
	a := filepath.Join(t.TempDir(), "a.db")
	b := filepath.Join(t.TempDir(), "b.db")
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "import", examples); r.Code != 0 {
		t.Fatal(r.Stderr)
	}
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "--db", b, "check", "--json"); r.Code != 0 || r.Stdout != "" {
		t.Fatalf("--db must win over $MACHTIGING_DB: %+v", r)
	}
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "check", "--json", "MA-2026-0001"); r.Code != 0 || !strings.Contains(r.Stdout, "MA-2026-0001") {
		t.Fatalf("%+v", r)
	}
}

func TestHeldStoreIsAClearErrorWithinTwoSeconds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := store.Open(path, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	start := time.Now()
	r := machtiging(t, nil, "", "--db", path, "check", "--json")
	if took := time.Since(start); took > 2*time.Second {
		t.Errorf("took %v", took)
	}
	if r.Code != 1 || !strings.Contains(r.Stderr, "store "+path+" is in use by another process") || strings.Count(r.Stderr, "\n") != 1 {
		t.Fatalf("%+v", r)
	}
}

func TestImportErrorIsOneLineAndStoresNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	raw, _ := os.ReadFile(examples)
	broken := strings.Replace(string(raw), `"bsn": "123456782",
   "birth_date": "1961-04-17",
   "policy_number": "100234567"
  },
  "provider": {
   "name": "Revalidatiekliniek Amersfoort",
   "agb": "22012345",
   "contracted": false
  },
  "setting": "clinical",
  "treatment_start": "2026-12-14",
  "urgent": false,
  "referral": {
   "date": "2026-12-14"`, `"bsn": "123456783",
   "birth_date": "1961-04-17",
   "policy_number": "100234567"
  },
  "provider": {
   "name": "Revalidatiekliniek Amersfoort",
   "agb": "22012345",
   "contracted": false
  },
  "setting": "clinical",
  "treatment_start": "2026-12-14",
  "urgent": false,
  "referral": {
   "date": "2026-12-14"`, 1)
	if broken == string(raw) {
		t.Fatal("the test's edit of the example did not apply")
	}
	r := machtiging(t, nil, broken, "--db", db, "import", "-")
	if r.Code != 1 || strings.Count(r.Stderr, "\n") != 1 || !strings.Contains(r.Stderr, "record 12 (MA-2026-0013): insured.bsn: fails the 11-proef") {
		t.Fatalf("%+v", r)
	}
	if r := machtiging(t, nil, "", "--db", db, "check", "--json"); r.Code != 0 || r.Stdout != "" {
		t.Fatalf("a refused import stored something: %+v", r)
	}
}
