package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// purgeFixture imports the examples and decides four of them: two on
// 2026-11-20 (final), one on 2026-12-01 (final, after the retention day),
// one information request on 2026-11-20 (not final).
func purgeFixture(t *testing.T, db string) {
	t.Helper()
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0001", "approve", "--reason", "Akkoord volgens plan", "--today", "2026-11-20"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "Gecontracteerde aanbieder", "--today", "2026-11-20"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0010", "approve", "--reason", "Later besloten", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "request-info", "--reason", "Graag aanvullen", "--today", "2026-11-20"))
}

type exported struct {
	ID      string  `json:"id"`
	Outcome string  `json:"outcome"`
	Reason  *string `json:"reason"`
}

func purgeExport(t *testing.T, db string) map[string]exported {
	t.Helper()
	var list []exported
	out := mustOK(t, cmd(t, db, "a.devries", "", "export", "--format", "json")).stdout
	if err := json.Unmarshal([]byte(out), &list); err != nil {
		t.Fatal(err)
	}
	m := map[string]exported{}
	for _, e := range list {
		m[e.ID] = e
	}
	return m
}

func TestPurgeCommand(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		name := "unencrypted"
		if encrypted {
			name = "encrypted"
		}
		t.Run(name, func(t *testing.T) {
			db := newDB(t)
			purgeFixture(t, db)
			if encrypted {
				mustOK(t, cmd(t, db, "a.devries", "", "key", "init"))
			}
			raw, _ := os.ReadFile(db)
			if !encrypted && !bytes.Contains(raw, []byte("Anna de Vries")) {
				t.Fatal("the fixture does not hold the name looked for")
			}
			before := purgeExport(t, db)
			report := func() string {
				return mustOK(t, cmd(t, db, "a.devries", "", "report", "--json", "--today", "2026-12-01")).stdout
			}
			figures := report()

			// Usage errors exit 2.
			if r := cmd(t, db, "a.devries", "", "purge"); r.code != 2 {
				t.Fatalf("purge without --decided-before: exit %d", r.code)
			}
			if r := cmd(t, db, "a.devries", "", "purge", "--decided-before", "2026-02-30"); r.code != 2 {
				t.Fatalf("purge with a bad day: exit %d", r.code)
			}

			dry := mustOK(t, cmd(t, db, "a.devries", "", "purge", "--decided-before", "2026-12-01", "--dry-run")).stdout
			lines := strings.Split(strings.TrimSpace(dry), "\n")
			if len(lines) != 4 || !strings.Contains(lines[0], "2 requests") || lines[1] != "MA-2026-0004" && lines[1] != "MA-2026-0001" || !strings.Contains(dry, "nothing was changed") {
				t.Fatalf("dry run:\n%s", dry)
			}
			mustOK(t, cmd(t, db, "a.devries", "", "check", "MA-2026-0001"))
			mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0001"))

			out := mustOK(t, cmd(t, db, "a.devries", "", "purge", "--decided-before", "2026-12-01")).stdout
			if !strings.Contains(out, "purged 2 requests") || !strings.Contains(out, "MA-2026-0001\n") || !strings.Contains(out, "MA-2026-0004\n") {
				t.Fatalf("purge said:\n%s", out)
			}
			for _, id := range []string{"MA-2026-0001", "MA-2026-0004"} {
				r := cmd(t, db, "a.devries", "", "check", id)
				if r.code != 1 || !strings.Contains(r.stderr, "was purged") || strings.Count(r.stderr, "\n") != 1 {
					t.Fatalf("check %s: exit %d %q", id, r.code, r.stderr)
				}
				r = cmd(t, db, "a.devries", "", "letter", id)
				if r.code != 1 || !strings.Contains(r.stderr, "was purged") {
					t.Fatalf("letter %s: exit %d %q", id, r.code, r.stderr)
				}
				r = cmd(t, db, "a.devries", "", "decide", id, "approve")
				if r.code != 1 || !strings.Contains(r.stderr, "was purged") {
					t.Fatalf("decide %s: exit %d %q", id, r.code, r.stderr)
				}
			}
			// The others are untouched.
			mustOK(t, cmd(t, db, "a.devries", "", "check", "MA-2026-0010", "MA-2026-0003", "MA-2026-0002"))
			mustOK(t, cmd(t, db, "a.devries", "", "letter", "MA-2026-0010"))
			// The decision records stay, those purged without their reason.
			after := purgeExport(t, db)
			if len(after) != len(before) {
				t.Fatalf("export lists %d decisions, listed %d", len(after), len(before))
			}
			for id, e := range after {
				b := before[id]
				switch id {
				case "MA-2026-0001", "MA-2026-0004":
					if e.Reason == nil || *e.Reason != "" || e.Outcome != b.Outcome {
						t.Fatalf("decision of %s after the purge: %+v", id, e)
					}
				default:
					if *e.Reason != *b.Reason || e.Outcome != b.Outcome {
						t.Fatalf("decision of %s changed: %+v", id, e)
					}
				}
			}
			mustOK(t, cmd(t, db, "a.devries", "", "audit", "verify"))
			if got := report(); got != figures {
				t.Fatalf("the report changed with the purge:\n%s\nwas\n%s", got, figures)
			}
			if r := mustOK(t, cmd(t, db, "a.devries", "", "audit", "--request", "MA-2026-0001")); !strings.Contains(r.stdout, "purge") {
				t.Fatalf("the access log of a purged request does not show the purge:\n%s", r.stdout)
			}
			mustOK(t, cmd(t, db, "a.devries", "", "doctor"))
			raw, _ = os.ReadFile(db)
			for _, v := range []string{"Anna de Vries", "Daan Bos", "Akkoord volgens plan", "Gecontracteerde aanbieder"} {
				if bytes.Contains(raw, []byte(v)) {
					t.Fatalf("the store still holds %q", v)
				}
			}
			if !encrypted && !bytes.Contains(raw, []byte("Later besloten")) {
				t.Fatal("the reason of a kept decision is gone")
			}
			// Importing the examples again: the purged ids are refused.
			r := cmd(t, db, "a.devries", "", "import", examples)
			if r.code != 1 || !strings.Contains(r.stderr, "purged") {
				t.Fatalf("import of a purged id: exit %d %q", r.code, r.stderr)
			}
			if _, err := os.Stat(filepath.Join(filepath.Dir(db), "m.db.purge")); err == nil {
				t.Fatal("the purge's copy is left behind")
			}
		})
	}
}
