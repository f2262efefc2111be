package testfixture

import (
	"bytes"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// Result is how a process ended and what it printed.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Build builds the machtiging command to path, from the repository's
// root; an end-to-end suite calls it once, in TestMain.
func Build(path string) error {
	build := exec.Command("go", "build", "-o", path, ".")
	build.Dir = Root()
	var errb bytes.Buffer
	build.Stderr = &errb
	if err := build.Run(); err != nil {
		return &buildError{err, errb.String()}
	}
	return nil
}

type buildError struct {
	err    error
	output string
}

func (e *buildError) Error() string { return "go build: " + e.err.Error() + "\n" + e.output }

// Run runs c with stdin and returns its exit code and output; a command
// that cannot be run fails the test.
func Run(t testing.TB, c *exec.Cmd, stdin string) Result {
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
	return Result{code, out.String(), errb.String()}
}

// ExitCode is the exit code of a finished command, or -1 after a signal.
func ExitCode(c *exec.Cmd) int {
	if c.ProcessState == nil {
		return -1
	}
	if ws, ok := c.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		return -1
	}
	return c.ProcessState.ExitCode()
}
