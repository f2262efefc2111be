package server

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/roles"
	"machtiging/store"
)

// TestPurgeOverSSHWhileOthersWork: an administrator purges over SSH while
// an adviser has the review screen open on the server's store. The server
// goes on with the new file: the screen keeps working, a decision made
// afterwards is in the file on disk, and the file holds no name of a
// purged request.
func TestPurgeOverSSHWhileOthersWork(t *testing.T) {
	h := newHarness(t, "a.devries")
	h.keys["beheer"] = h.addWithRole("beheer", roles.Admin)
	sc := h.openTUI("a.devries")
	for _, args := range [][]string{
		{"decide", "MA-2026-0001", "approve", "--reason", "Akkoord volgens plan", "--today", "2026-11-20"},
		{"decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "Gecontracteerde aanbieder", "--today", "2026-11-20"},
	} {
		if r := h.run("a.devries", "", args...); r.code != 0 {
			t.Fatalf("%v: %+v", args, r)
		}
	}

	if r := h.run("a.devries", "", "purge", "--decided-before", "2026-12-01"); r.code != 1 || !strings.Contains(r.stderr, "admin") {
		t.Fatalf("purge as adviser: %+v", r)
	}
	r := h.run("beheer", "", "purge", "--decided-before", "2026-12-01")
	if r.code != 0 || !strings.Contains(r.stdout, "purged 2 requests") {
		t.Fatalf("purge as admin over ssh: %+v", r)
	}
	if r := h.run("a.devries", "", "check", "MA-2026-0001"); r.code != 1 || !strings.Contains(r.stderr, "was purged") {
		t.Fatalf("check of a purged request over ssh: %+v", r)
	}
	// The screen still answers, and shows the queue without the purged.
	mark := sc.mark()
	sc.press("j")
	sc.waitFor(mark, 10*time.Second, "MA-2026-")
	if r := h.run("a.devries", "", "decide", "MA-2026-0010", "approve", "--reason", "Na de purge", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("a decision after the purge: %+v", r)
	}
	if r := h.run("a.devries", "", "audit", "--request", "MA-2026-0001"); r.code != 0 || !strings.Contains(r.stdout, "purge") {
		t.Fatalf("audit of a purged request: %+v", r)
	}

	path := filepath.Join(h.dir, "m.db")
	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"Anna de Vries", "Akkoord volgens plan", "Gecontracteerde aanbieder"} {
		if bytes.Contains(raw, []byte(v)) {
			t.Fatalf("the store file holds %q after the purge", v)
		}
	}
	if !bytes.Contains(raw, []byte("Na de purge")) {
		t.Fatal("the decision made after the purge is not in the store file")
	}
	if _, err := h.store.Peek("MA-2026-0004"); !errors.Is(err, store.ErrPurged) {
		t.Fatalf("the server's store: %v", err)
	}
	if _, err := h.store.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
}
