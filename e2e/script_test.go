package e2e

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"

	"machtiging/internal/testfixture"
)

// TestScripts runs the command-line stories in testdata/script/*.txtar
// against the built binary. Each runs in a fresh $WORK with its own store
// ($MACHTIGING_DB), the repository's examples in $WORK/examples, and
// LOGNAME=tester. Besides testscript's own commands:
//
//	machtiging ARGS...   runs the binary (with ! it must fail), and
//	status N             checks the exit code of the last machtiging.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			env.Setenv("MACHTIGING_DB", filepath.Join(env.WorkDir, "store", "m.db"))
			env.Setenv("HOME", filepath.Join(env.WorkDir, "home"))
			env.Setenv("LOGNAME", "tester")
			examples := filepath.Join(env.WorkDir, "examples")
			if err := os.MkdirAll(examples, 0o755); err != nil {
				return err
			}
			for _, name := range []string{"requests.json", "check.ndjson", "insured.csv", "providers.csv", "check-registers.ndjson"} {
				b, err := os.ReadFile(testfixture.Example(name))
				if err != nil {
					return err
				}
				if err := os.WriteFile(filepath.Join(examples, name), b, 0o644); err != nil {
					return err
				}
			}
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"machtiging": func(ts *testscript.TestScript, neg bool, args []string) {
				err := ts.Exec(binary, args...)
				code := 0
				var ee *exec.ExitError
				if errors.As(err, &ee) {
					code = ee.ExitCode()
				} else if err != nil {
					ts.Fatalf("machtiging: %v", err)
				}
				ts.Setenv("STATUS", strconv.Itoa(code))
				if neg && code == 0 {
					ts.Fatalf("machtiging succeeded, and should have failed")
				}
				if !neg && code != 0 {
					ts.Fatalf("machtiging exited %d", code)
				}
			},
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 || neg {
					ts.Fatalf("usage: status N")
				}
				if got := ts.Getenv("STATUS"); got != args[0] {
					ts.Fatalf("the last machtiging exited %s, not %s", got, args[0])
				}
			},
		},
	})
}
