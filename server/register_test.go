package server

import (
	"os"
	"strings"
	"testing"

	"machtiging/roles"
)

// register import runs over SSH like import -, and the next check on the
// server sees the new register at once.
func TestRegisterImportOverSSH(t *testing.T) {
	h := newHarness(t, "a.devries")
	h.keys["intake"] = h.addWithRole("intake", roles.Intake)
	h.keys["boss"] = h.addWithRole("boss", roles.Admin)
	raw, err := os.ReadFile("../examples/insured.csv")
	if err != nil {
		t.Fatal(err)
	}
	if r := h.run("a.devries", string(raw), "register", "import", "insured", "-"); r.code != 1 {
		t.Fatalf("an adviser loaded a register over ssh: %+v", r)
	}
	if r := h.run("intake", string(raw), "register", "import", "insured", "-"); r.code != 0 || !strings.Contains(r.stdout, "4 rows") {
		t.Fatalf("register import over ssh: %+v", r)
	}
	r := h.run("boss", "", "register", "status", "--json")
	if r.code != 0 || !strings.Contains(r.stdout, `"rows":4`) || !strings.Contains(r.stdout, `"loaded_by":"intake"`) {
		t.Fatalf("register status over ssh: %+v", r)
	}
	r = h.run("a.devries", "", "check", "--json", "--today", "2026-12-01", "MA-2026-0002")
	if r.code != 0 || !strings.Contains(r.stdout, `"identity":"mismatch"`) || !strings.Contains(r.stdout, `"verdict":"unverified"`) {
		t.Fatalf("check over ssh after the import: %+v", r)
	}
	if r := h.run("intake", "bsn,birth_date,insured_from\n", "register", "import", "insured", "-"); r.code != 1 || !strings.Contains(r.stderr, "line 2") {
		t.Fatalf("a refused register over ssh: %+v", r)
	}
}
