package testfixture

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"
)

// OneLineError asserts the project's error form: exit 1 and one line on
// stderr, with no panic and nothing that a terminal would act on. It
// reports with Errorf (it runs on other goroutines too) and returns false
// when the form is wrong.
func OneLineError(t testing.TB, what string, r Result) bool {
	t.Helper()
	if !NoCrash(t, what, r) {
		return false
	}
	if r.Code != 1 {
		t.Errorf("%s: exit %d, want 1\nstdout %.300q\nstderr %.600q", what, r.Code, r.Stdout, r.Stderr)
		return false
	}
	if strings.Count(r.Stderr, "\n") != 1 || !strings.HasSuffix(r.Stderr, "\n") {
		t.Errorf("%s: stderr is not one line: %.600q", what, r.Stderr)
		return false
	}
	if p := TerminalHazard(r.Stderr); p != "" {
		t.Errorf("%s: stderr %s: %q", what, p, r.Stderr)
		return false
	}
	return true
}

// NoCrash asserts that the process did not panic or die of a signal, and
// ended with one of the three exit codes.
func NoCrash(t testing.TB, what string, r Result) bool {
	t.Helper()
	for _, s := range []string{"panic:", "goroutine ", "fatal error", "SIGSEGV", "SIGBUS", "runtime.", "[signal"} {
		if strings.Contains(r.Stderr, s) {
			t.Errorf("%s: crashed (%q in stderr):\n%.2000s", what, s, r.Stderr)
			return false
		}
	}
	if r.Code < 0 || r.Code > 2 {
		t.Errorf("%s: exit %d\n%.2000s", what, r.Code, r.Stderr)
		return false
	}
	return true
}

// TerminalHazard names the first byte sequence in s that a terminal could
// act on: ESC, another C0 control (other than newline and tab), DEL, a C1
// control, or invalid UTF-8 (a lone 0x9b is CSI to some terminals).
func TerminalHazard(s string) string {
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
