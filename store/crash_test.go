package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/authz"
	"machtiging/demo"
	"machtiging/keys"
)

// The crash tests run the work in a child process (this test binary again,
// running only TestCrashChild) and kill it: at each named step through
// crashHook, and at random moments with SIGKILL.

const childEnv = "MACHTIGING_TEST_CHILD"

// rawKeys reads key files without a passphrase.
func rawKeys(path string) ([]byte, error) {
	f, err := keys.Read(path, nil)
	if err != nil || f == nil {
		return nil, err
	}
	return f.Key, nil
}

// TestCrashChild is the child's work; it does nothing in a normal run.
func TestCrashChild(t *testing.T) {
	job := os.Getenv(childEnv)
	if job == "" {
		return
	}
	if stop := os.Getenv("MACHTIGING_TEST_STOP"); stop != "" {
		crashHook = func(step string) {
			if step == stop {
				os.Exit(3)
			}
		}
	}
	path, keyPath := os.Getenv("MACHTIGING_TEST_DB"), os.Getenv("MACHTIGING_TEST_KEY")
	s, _, err := OpenKeyed(path, keyPath, rawKeys, Options{Actor: alice})
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(4)
	}
	switch job {
	case "rotate":
		_, err = s.Rotate(alice, keyPath, func(k []byte) ([]byte, error) { return keys.Encode(k, "", keys.DefaultParams) })
	default:
		err = childJob(s, job)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(5)
	}
	s.Close()
	os.Exit(0)
}

// childJob runs other jobs than a rotation (set by other test files).
var childJob = func(s *Store, job string) error { return fmt.Errorf("unknown job %q", job) }

// child starts the child process on a store; stop names a step to exit at.
func child(t *testing.T, job, path, keyPath, stop string) *exec.Cmd {
	t.Helper()
	c := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	c.Env = append(os.Environ(), childEnv+"="+job, "MACHTIGING_TEST_DB="+path, "MACHTIGING_TEST_KEY="+keyPath, "MACHTIGING_TEST_STOP="+stop)
	var errb bytes.Buffer
	c.Stderr = &errb
	c.Stdout = &errb
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	return c
}

// copyFile copies a template file to a new place.
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

// rotationTemplate writes an encrypted store of n requests with decisions,
// and its key file.
func rotationTemplate(t *testing.T, n int) (path, keyPath string, key []byte) {
	t.Helper()
	dir := t.TempDir()
	path, keyPath = filepath.Join(dir, "m.db"), filepath.Join(dir, "m.key")
	key = bytes.Repeat([]byte{0x17}, KeySize)
	if err := os.WriteFile(keyPath, key, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(path, Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	reqs := many(n)
	if _, err := s.Import(alice, "gen", feed(reqs, nil)); err != nil {
		t.Fatal(err)
	}
	decideSome(t, s, reqs, 40)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, keyPath, key
}

// decideSome applies the first k decisions of the demo's script.
func decideSome(t *testing.T, s *Store, reqs []*authz.Request, k int) {
	t.Helper()
	for i, sc := range demo.Decisions(reqs, day("2026-12-01"), 3) {
		if i == k {
			break
		}
		if _, err := s.Decide(Actor{Adviser: sc.Adviser, AccessPoint: "test"}, sc.ID, sc.Ask, day("2026-12-01")); err != nil {
			t.Fatalf("decision %d: %v", i, err)
		}
	}
}

// checkWhole opens a store as the next command would, with the configured
// key file, and checks that it is whole: every one of n requests and its
// queue row reads back, the access log verifies, nothing of a rotation lies
// beside it, and a key that is not the key file's is refused; with doctor,
// doctor finds nothing either. It returns the key file's key.
func checkWhole(t *testing.T, path, keyPath string, n int, oldKey []byte, doctor bool) []byte {
	t.Helper()
	s, key, err := OpenKeyed(path, keyPath, rawKeys, Options{Actor: bob})
	if err != nil {
		t.Fatalf("the store does not open with its key file: %v", err)
	}
	records, rows := 0, 0
	err = s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRequests).ForEach(func(k, _ []byte) error {
			if !isStateKey(k) {
				return nil
			}
			records++
			_, err := s.record(tx, string(k))
			return err
		})
	})
	if err == nil {
		err = s.Scan(ViewAll, func(*Row) bool { rows++; return true })
	}
	if err == nil {
		err = s.Decisions(func(*authz.Decision) error { return nil })
	}
	if err == nil {
		_, err = s.VerifyAudit(nil)
	}
	if err != nil {
		s.Close()
		t.Fatalf("the store is not whole: %v", err)
	}
	if c, _ := s.Counts(); records != n || rows != n || c.Total() != n {
		t.Fatalf("%d requests and %d rows read back (counts %d), want %d", records, rows, c.Total(), n)
	}
	if doctor {
		if findings, _ := s.Doctor(bob); len(findings) > 0 {
			t.Errorf("doctor: %v", findings)
		}
	}
	s.Close()
	for _, p := range []string{NewKeyPath(keyPath), RotatePath(path), NewKeyPath(keyPath) + ".tmp"} {
		if exists(p) {
			t.Errorf("%s is left behind", p)
		}
	}
	if onDisk, _ := rawKeys(keyPath); !bytes.Equal(onDisk, key) {
		t.Fatal("the key file does not hold the key that opened the store")
	}
	if !bytes.Equal(key, oldKey) {
		_, err := Open(path, Options{Key: oldKey, ReadOnly: true})
		if !errors.Is(err, ErrWrongKey) {
			t.Fatalf("after the rotation the old key: %v, want it refused", err)
		}
	}
	return key
}

// TestRotationKilledAtAnyMomentIsAllOrNothing stops a rotation of a
// 10,000-request store at each of its steps and kills it at random
// moments; every time, the next open with the configured key file finds
// the store whole, under the old key or the new.
func TestRotationKilledAtAnyMomentIsAllOrNothing(t *testing.T) {
	const n = 10000
	tmplPath, tmplKey, oldKey := rotationTemplate(t, n)
	dir := t.TempDir()
	path, keyPath := filepath.Join(dir, "m.db"), filepath.Join(dir, "m.key")
	fresh := func() {
		for _, p := range []string{NewKeyPath(keyPath), RotatePath(path)} {
			os.Remove(p)
		}
		copyFile(t, tmplPath, path)
		copyFile(t, tmplKey, keyPath)
	}

	// Undisturbed, to time it.
	fresh()
	began := time.Now()
	if err := child(t, "rotate", path, keyPath, "").Wait(); err != nil {
		t.Fatalf("the rotation failed: %v", err)
	}
	took := time.Since(began)
	if bytes.Equal(checkWhole(t, path, keyPath, n, oldKey, true), oldKey) {
		t.Fatal("the rotation did not change the key")
	}

	steps := []struct {
		step    string
		rotated bool
	}{
		{"new key written", false},
		{string(stepChanged), false},
		{string(stepCopied), false},
		{string(stepRenamed), true},
		{"key renamed", true},
	}
	for _, st := range steps {
		fresh()
		err := child(t, "rotate", path, keyPath, st.step).Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Fatalf("stop at %q: %v", st.step, err)
		}
		key := checkWhole(t, path, keyPath, n, oldKey, st.step == "key renamed")
		if rotated := !bytes.Equal(key, oldKey); rotated != st.rotated {
			t.Errorf("stopped at %q: rotated %v, want %v", st.step, rotated, st.rotated)
		}
	}

	outcomes := map[bool]int{}
	for i := range 10 {
		fresh()
		c := child(t, "rotate", path, keyPath, "")
		time.Sleep(time.Duration(rand.Int64N(int64(took) * 11 / 10)))
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		key := checkWhole(t, path, keyPath, n, oldKey, false)
		outcomes[!bytes.Equal(key, oldKey)]++
		t.Logf("kill %d: rotated %v", i, !bytes.Equal(key, oldKey))
	}
	t.Logf("an undisturbed rotation took %v; killed at random: %d undone, %d finished or done", took, outcomes[false], outcomes[true])
}
