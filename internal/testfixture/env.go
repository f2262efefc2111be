package testfixture

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
)

// Missing skips a test that needs what this machine lacks (tmux, ssh,
// root, mount), except under CI (CI=true), where it fails: CI never passes
// on tests it did not run.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	why := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI=true, so this is a failure, not a skip", why)
	}
	t.Skip(why)
}

// RequireTool skips a test without an outside program on a laptop, but
// fails it in CI.
func RequireTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		Missing(t, "%s is not installed", name)
	}
}

// CleanEnv is the environment of a binary run: PATH, a HOME of its own,
// LOGNAME=e2e, and extra.
func CleanEnv(t testing.TB, extra ...string) []string {
	return append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "LOGNAME=e2e"}, extra...)
}

// Root is the repository's root folder.
func Root() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok {
		panic("testfixture: no caller information")
	}
	return filepath.Join(filepath.Dir(file), "..", "..")
}

// Example is the path of one of the repository's example files
// (examples/NAME): requests.json, check.ndjson, insured.csv, providers.csv,
// check-registers.ndjson.
func Example(name string) string { return filepath.Join(Root(), "examples", name) }
