package server

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/cli"
)

// The letter over SSH is the letter locally: text, the provider's copy and
// a PDF to a piped output; a PDF to the session's terminal, or -o (a file
// on the server), is refused.
func TestLetterOverSSH(t *testing.T) {
	h := newHarness(t, "a.devries")
	if r := h.run("a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	r := h.run("a.devries", "", "letter", "MA-2026-0001")
	if r.code != 0 || !strings.Contains(r.stdout, "Anna de Vries") || !strings.Contains(r.stdout, "1 december 2026") {
		t.Fatalf("letter over ssh: %+v", r)
	}
	direct, err := h.store.PeekLetter("MA-2026-0001")
	if err != nil || direct.Insured != r.stdout {
		t.Fatalf("the letter over ssh is not the stored text: %v", err)
	}
	if p := h.run("a.devries", "", "letter", "MA-2026-0001", "--to", "provider"); p.code != 0 || p.stdout != direct.Provider {
		t.Fatalf("the provider's copy over ssh: %+v", p)
	}
	if p := h.run("a.devries", "", "letter", "MA-2026-0001", "--format", "pdf"); p.code != 0 || !strings.HasPrefix(p.stdout, "%PDF-") {
		t.Fatalf("pdf over ssh: code %d, %q", p.code, p.stderr)
	}
	if p := h.run("a.devries", "", "letter", "MA-2026-0001", "-o", "/tmp/x.pdf"); p.code != cli.ExitUsage || !strings.Contains(p.stderr, "on the server") {
		t.Fatalf("-o over ssh: %+v", p)
	}
	if p := h.run("a.devries", "", "letter", "MA-2026-0002"); p.code != cli.ExitError {
		t.Fatalf("no letter over ssh: %+v", p)
	}

	// With a terminal, the PDF is refused.
	c, err := h.dial(h.keys["a.devries"])
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	defer sess.Close()
	if err := sess.RequestPty("xterm", 24, 80, gossh.TerminalModes{}); err != nil {
		t.Fatal(err)
	}
	// Stdout and stderr are copied by two goroutines: one buffer would race.
	var out, stderr bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &stderr
	err = sess.Run("letter MA-2026-0001 --format pdf")
	var ee *gossh.ExitError
	if !errors.As(err, &ee) || ee.ExitStatus() != cli.ExitUsage || strings.Contains(out.String(), "%PDF") {
		t.Fatalf("pdf to a terminal: %v, %q", err, out.String())
	}
}
