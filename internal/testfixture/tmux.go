package testfixture

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// Tmux runs terminal programs in a private tmux server for one test, so
// that tests do not collide.
type Tmux struct {
	t    testing.TB
	sock string
}

// NewTmux starts nothing yet; without tmux the test skips (fails under CI).
// The server is killed when the test ends.
func NewTmux(t testing.TB) *Tmux {
	t.Helper()
	RequireTool(t, "tmux")
	dir, err := os.MkdirTemp("", "tmx")
	if err != nil {
		t.Fatal(err)
	}
	x := &Tmux{t: t, sock: filepath.Join(dir, "s")}
	t.Cleanup(func() {
		exec.Command("tmux", "-S", x.sock, "kill-server").Run()
		os.RemoveAll(dir)
	})
	return x
}

// Do runs a tmux command on the test's server and returns its output.
func (x *Tmux) Do(args ...string) string {
	x.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-S", x.sock, "-f", "/dev/null"}, args...)...).CombinedOutput()
	if err != nil {
		x.t.Fatalf("tmux %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return string(out)
}

// Start runs a shell command line in a new 120×40 window named name.
func (x *Tmux) Start(name, cmdline string) {
	x.t.Helper()
	x.Do("new-session", "-d", "-s", name, "-x", "120", "-y", "40", cmdline)
}

// Screen is what the window shows.
func (x *Tmux) Screen(name string) string {
	out, err := exec.Command("tmux", "-S", x.sock, "capture-pane", "-p", "-t", name).CombinedOutput()
	if err != nil {
		return ""
	}
	return string(out)
}

// WaitFor waits until the window shows want, and returns the screen.
func (x *Tmux) WaitFor(name, want string, within time.Duration) (string, bool) {
	deadline := time.Now().Add(within)
	for {
		s := x.Screen(name)
		if strings.Contains(s, want) {
			return s, true
		}
		if time.Now().After(deadline) {
			return s, false
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// Session is one program running in a detached tmux window of a fixed
// size, on a tmux server of its own.
type Session struct {
	x    *Tmux
	name string
	// How long to let the program take in a key, and typed text.
	KeyPause, TextPause time.Duration
}

// StartTmux runs command (a shell command line) with env in a window of
// width×height; when it ends, the window shows "[exited]".
func StartTmux(t testing.TB, width, height int, env []string, command string) *Session {
	t.Helper()
	x := NewTmux(t)
	args := []string{"new-session", "-d", "-s", "main", "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), "env"}
	args = append(args, env...)
	args = append(args, "sh", "-c", command+"; echo '[exited]'; sleep 30")
	x.Do(args...)
	return &Session{x: x, name: "main", KeyPause: 60 * time.Millisecond, TextPause: 100 * time.Millisecond}
}

// Send types keys as tmux names them ("Enter", "Escape", "a", "/").
func (s *Session) Send(keys ...string) {
	s.x.t.Helper()
	for _, k := range keys {
		s.x.Do("send-keys", "-t", s.name, k)
		time.Sleep(s.KeyPause)
	}
}

// TypeText types literal text.
func (s *Session) TypeText(text string) {
	s.x.t.Helper()
	s.x.Do("send-keys", "-t", s.name, "-l", text)
	time.Sleep(s.TextPause)
}

// Screen is what the window shows now.
func (s *Session) Screen() string { return s.x.Screen(s.name) }

// WaitFor waits until the screen shows text, and returns the screen.
func (s *Session) WaitFor(text string) string {
	s.x.t.Helper()
	return s.WaitForAll(10*time.Second, text)
}

// WaitForAll waits until the screen shows every text, and returns it.
func (s *Session) WaitForAll(within time.Duration, want ...string) string {
	s.x.t.Helper()
	deadline := time.Now().Add(within)
	for {
		sc := s.Screen()
		lacking := ""
		for _, w := range want {
			if !strings.Contains(sc, w) {
				lacking = w
				break
			}
		}
		if lacking == "" {
			return sc
		}
		if time.Now().After(deadline) {
			s.x.t.Fatalf("the screen did not show %q within %v:\n%s", lacking, within, sc)
		}
		time.Sleep(50 * time.Millisecond)
	}
}
