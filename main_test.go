package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/store"
)

// binary is the machtiging command built once for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "machtiging-e2e")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "machtiging")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build: " + err.Error())
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

type result struct {
	code           int
	stdout, stderr string
}

// machtiging runs the built binary with env added to a clean environment.
func machtiging(t *testing.T, env []string, stdin string, args ...string) result {
	t.Helper()
	c := exec.Command(binary, args...)
	c.Env = cleanEnv(t, env...)
	return runCommand(t, c, stdin)
}

// runCommand runs c with stdin and returns its exit code and output; a
// command that cannot be run fails the test.
func runCommand(t *testing.T, c *exec.Cmd, stdin string) result {
	t.Helper()
	c.Stdin = strings.NewReader(stdin)
	var out, errb bytes.Buffer
	c.Stdout, c.Stderr = &out, &errb
	err := c.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return result{code, out.String(), errb.String()}
}

const examples = "examples/requests.json"

func TestBinaryFollowsTheContractExample(t *testing.T) {
	xdg := t.TempDir()
	env := []string{"XDG_DATA_HOME=" + xdg}
	if r := machtiging(t, env, "", "import", examples); r.code != 0 {
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
	want, _ := os.ReadFile("examples/check.ndjson")
	if r.code != 0 || strings.Count(r.stdout, "\n") != strings.Count(string(want), "\n") {
		t.Fatalf("check: %+v", r)
	}
	gotIDs, wantIDs := idsOf(r.stdout), idsOf(string(want))
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
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "import", examples); r.code != 0 {
		t.Fatal(r.stderr)
	}
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "--db", b, "check", "--json"); r.code != 0 || r.stdout != "" {
		t.Fatalf("--db must win over $MACHTIGING_DB: %+v", r)
	}
	if r := machtiging(t, []string{"MACHTIGING_DB=" + a}, "", "check", "--json", "MA-2026-0001"); r.code != 0 || !strings.Contains(r.stdout, "MA-2026-0001") {
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
	if r.code != 1 || !strings.Contains(r.stderr, "store "+path+" is in use by another process") || strings.Count(r.stderr, "\n") != 1 {
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
	if r.code != 1 || strings.Count(r.stderr, "\n") != 1 || !strings.Contains(r.stderr, "record 12 (MA-2026-0013): insured.bsn: fails the 11-proef") {
		t.Fatalf("%+v", r)
	}
	if r := machtiging(t, nil, "", "--db", db, "check", "--json"); r.code != 0 || r.stdout != "" {
		t.Fatalf("a refused import stored something: %+v", r)
	}
}
