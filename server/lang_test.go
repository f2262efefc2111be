package server

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
	"machtiging/cli"
	"machtiging/roles"
)

// runWithEnv runs one command over SSH as name, sending env as OpenSSH's
// SendEnv would.
func (h *harness) runWithEnv(name string, env map[string]string, args ...string) result {
	h.t.Helper()
	c, err := h.dial(h.keys[name])
	if err != nil {
		h.t.Fatalf("dial as %s: %v", name, err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	defer sess.Close()
	for k, v := range env {
		if err := sess.Setenv(k, v); err != nil {
			h.t.Fatal(err)
		}
	}
	var out, errb strings.Builder
	sess.Stdout, sess.Stderr = &out, &errb
	err = sess.Run(shellJoin(args))
	code := 0
	if ee, ok := err.(*gossh.ExitError); ok {
		code = ee.ExitStatus()
	} else if err != nil {
		h.t.Fatalf("run %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

// TestLanguageSetPerAdviser: lang= in the advisers file decides the
// session's language before the client's locale; a key without it follows
// the client's LANG; --lang on the command goes before both.
func TestLanguageSetPerAdviser(t *testing.T) {
	h := newHarness(t)
	file := filepath.Join(h.dir, "advisers")
	for _, k := range []struct{ name, lang string }{{"dutch", "nl"}, {"english", "en"}, {"unset", ""}} {
		signer, pub := newSigner(t)
		if _, err := advisers.AddWith(file, k.name, roles.Intake, k.lang, pub); err != nil {
			t.Fatal(err)
		}
		h.keys[k.name] = signer
	}
	const dutch, english = "check vraagt de rol adviser of admin", "check needs the role adviser or admin"
	for _, c := range []struct {
		key, clientLang string
		args            []string
		want            string
	}{
		{"dutch", "C.UTF-8", []string{"check", "--json"}, dutch},
		{"english", "nl_NL.UTF-8", []string{"check", "--json"}, english},
		{"unset", "nl_NL.UTF-8", []string{"check", "--json"}, dutch},
		{"unset", "C.UTF-8", []string{"check", "--json"}, english},
		{"dutch", "C.UTF-8", []string{"--lang", "en", "check", "--json"}, english},
	} {
		r := h.runWithEnv(c.key, map[string]string{"LANG": c.clientLang}, c.args...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s with LANG=%s %v: exit %d %q, want %q", c.key, c.clientLang, c.args, r.code, r.stderr, c.want)
		}
	}
	// --help follows the same order.
	if r := h.runWithEnv("dutch", map[string]string{"LANG": "C.UTF-8"}, "import", "--help"); !strings.Contains(r.stdout, "Gebruik:") {
		t.Errorf("import --help for a Dutch key: %q", r.stdout)
	}
}

// TestHeldStoreInDutch: a local command on the store the team server holds
// says so, and how to reach the server, in the run's language; the same
// exit code in both.
func TestHeldStoreInDutch(t *testing.T) {
	h := newHarness(t, "a.devries")
	path := h.store.Path()
	if err := os.WriteFile(cli.ServeInfoPath(path), fmt.Appendf(nil, "%s %d\n", h.addr, os.Getpid()), 0o600); err != nil {
		t.Fatal(err)
	}
	run := func(lang string) (int, string) {
		var out, errb bytes.Buffer
		app := &cli.App{Stdout: &out, Stderr: &errb, Getenv: func(string) string { return "" }}
		return app.Run([]string{"--db", path, "--lang", lang, "check"}), errb.String()
	}
	nlCode, nl := run("nl")
	enCode, en := run("en")
	if nlCode != cli.ExitError || enCode != cli.ExitError {
		t.Fatalf("exit %d and %d", nlCode, enCode)
	}
	if !strings.Contains(nl, "de opslag "+path+" is in gebruik door een ander proces; de teamserver (machtiging serve op "+h.addr+") houdt hem vast") || strings.Contains(nl, "in use") {
		t.Errorf("Dutch: %q", nl)
	}
	if !strings.Contains(en, "store "+path+" is in use by another process; the team server (machtiging serve on "+h.addr+") holds it") {
		t.Errorf("English: %q", en)
	}
}

// TestSessionWordsInDutch: what the server itself says to a session (here:
// the review screen needs a terminal) follows the session's language, with
// the same exit code; English keeps its line.
func TestSessionWordsInDutch(t *testing.T) {
	h := newHarness(t, "a.devries")
	nl := h.runWithEnv("a.devries", map[string]string{"LANG": "nl_NL.UTF-8"})
	en := h.runWithEnv("a.devries", map[string]string{"LANG": "C.UTF-8"})
	if nl.code != cli.ExitUsage || en.code != cli.ExitUsage {
		t.Errorf("exit %d in Dutch, %d in English", nl.code, en.code)
	}
	if nl.stderr != "machtiging: het beoordelingsscherm heeft een terminal nodig (ssh -t), of noem een opdracht zoals check --json\n" {
		t.Errorf("Dutch: %q", nl.stderr)
	}
	if en.stderr != "machtiging: the review screen needs a terminal (ssh -t), or name a command such as check --json\n" {
		t.Errorf("English: %q", en.stderr)
	}
}
