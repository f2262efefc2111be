package cli

import (
	"bytes"
	"encoding/binary"
	"os"
	"path/filepath"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/store"
)

// entries reads the whole access log of a store file.
func entries(t *testing.T, db string) []audit.Logged {
	t.Helper()
	key, _ := store.LoadKey(store.KeyPath(db))
	s, err := store.Open(db, store.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	var out []audit.Logged
	if err := s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { out = append(out, l); return nil }); err != nil {
		t.Fatal(err)
	}
	return out
}

func TestEveryEventWritesOneCompleteEntry(t *testing.T) {
	db := newDB(t)
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(filepath.Dir(db), "k.key"))
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	steps := []struct {
		name    string
		run     func() run
		event   audit.Event
		action  audit.Action
		outcome audit.Outcome
		request string // a request the entry must name, or "" when it counts
	}{
		{"check", func() run { return cmd(t, db, "a.devries", "", "check", "--json") }, audit.EventCheck, audit.Read, audit.Success, ""},
		{"check one", func() run { return cmd(t, db, "a.devries", "", "check", "MA-2026-0002") }, audit.EventCheck, audit.Read, audit.Success, "MA-2026-0002"},
		{"decide", func() run {
			return cmd(t, db, "a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01")
		}, audit.EventDecide, audit.Update, audit.Success, "MA-2026-0001"},
		{"letter", func() run { return cmd(t, db, "a.devries", "", "letter", "MA-2026-0001", "--to", "provider") }, audit.EventView, audit.Read, audit.Success, "MA-2026-0001"},
		{"decide refused", func() run {
			return cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "approve", "--today", "2026-12-01")
		}, audit.EventDecide, audit.Update, audit.Refused, "MA-2026-0003"},
		{"export", func() run { return cmd(t, db, "a.devries", "", "export", "--format", "csv") }, audit.EventExport, audit.Read, audit.Success, "MA-2026-0001"},
		{"audit view", func() run { return cmd(t, db, "a.devries", "", "audit", "--request", "MA-2026-0001") }, audit.EventAuditView, audit.Read, audit.Success, "MA-2026-0001"},
		{"backup", func() run {
			return cmd(t, db, "a.devries", "", "backup", filepath.Join(t.TempDir(), "b.db"))
		}, audit.EventMaintenance, audit.Execute, audit.Success, ""},
		{"doctor", func() run { return cmd(t, db, "a.devries", "", "doctor") }, audit.EventMaintenance, audit.Execute, audit.Success, ""},
		{"key init", func() run { return cmd(t, db, "a.devries", "", "key", "init") }, audit.EventKey, audit.Update, audit.Success, ""},
		{"compact", func() run { return cmd(t, db, "a.devries", "", "compact") }, audit.EventMaintenance, audit.Execute, audit.Success, ""},
	}
	n := len(entries(t, db))
	for _, st := range steps {
		r := st.run()
		if st.outcome == audit.Success && r.code != 0 {
			t.Fatalf("%s: %s", st.name, r.stderr)
		}
		all := entries(t, db)
		added := all[n:]
		// key init also compacts, which is its own maintenance entry.
		want := 1
		if st.name == "key init" {
			want = 2
		}
		if len(added) != want {
			t.Fatalf("%s wrote %d entries, want %d", st.name, len(added), want)
		}
		e := added[0]
		if e.Event != st.event || e.Action != st.action || e.Outcome != st.outcome {
			t.Errorf("%s: entry %+v", st.name, e.Entry)
		}
		if e.Seq == 0 || e.Time.IsZero() || e.Adviser != "a.devries" || e.AccessPoint == "" || e.Detail == "" {
			t.Errorf("%s: a field is not set: %+v", st.name, e.Entry)
		}
		if st.request != "" && !contains(e.Requests, st.request) {
			t.Errorf("%s: entry names %v, want %s", st.name, e.Requests, st.request)
		}
		if st.event == audit.EventCheck && e.Count == 0 {
			t.Errorf("%s: check names no count", st.name)
		}
		n = len(all)
	}
	// An import is one entry that names every request.
	log := entries(t, db)
	if log[0].Event != audit.EventImport || log[0].Action != audit.Create || len(log[0].Requests) != 13 || log[0].Count != 13 {
		t.Errorf("import entry %+v", log[0].Entry)
	}
	// A view and a reveal through the store API (the TUI's path).
	key, _ := store.LoadKey(store.KeyPath(db))
	s, err := store.Open(db, store.Options{Key: key})
	if err != nil {
		t.Fatal(err)
	}
	actor := store.Actor{Adviser: "m.bakker", AccessPoint: "local terminal"}
	if _, err := s.Get(actor, "MA-2026-0002"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.RevealBSN(actor, "MA-2026-0002"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	log = entries(t, db)
	view, reveal := log[len(log)-2], log[len(log)-1]
	if view.Event != audit.EventView || view.Action != audit.Read || reveal.Event != audit.EventRevealBSN || reveal.Adviser != "m.bakker" || !contains(reveal.Requests, "MA-2026-0002") {
		t.Errorf("view %+v reveal %+v", view.Entry, reveal.Entry)
	}
	if r := cmd(t, db, "x", "", "audit", "verify"); r.code != 0 {
		t.Fatalf("verify: %s", r.stderr)
	}
}

func TestAuditViewsPerRequestAndAdviser(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0003", "request-info", "--today", "2026-12-01"))
	r := mustOK(t, cmd(t, db, "x", "", "audit", "--adviser", "m.bakker"))
	if strings.Count(r.stdout, "\n") != 2 || !strings.Contains(r.stdout, "MA-2026-0003") {
		t.Fatalf("per adviser:\n%s", r.stdout)
	}
	r = mustOK(t, cmd(t, db, "x", "", "audit", "--since", "2000-01-01", "--until", "2000-12-31", "--json"))
	if r.stdout != "" {
		t.Fatalf("a period without entries printed:\n%s", r.stdout)
	}
}

// TestFlippedEntryFailsVerifyAtThatEntry changes one byte of a stored entry.
func TestFlippedEntryFailsVerifyAtThatEntry(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a", "", "import", examples))
	for range 4 {
		mustOK(t, cmd(t, db, "a", "", "check", "--json"))
	}
	raw := func(fn func(b *bolt.Bucket) error) {
		bdb, err := bolt.Open(db, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer bdb.Close()
		if err := bdb.Update(func(tx *bolt.Tx) error { return fn(tx.Bucket([]byte("audit"))) }); err != nil {
			t.Fatal(err)
		}
	}
	raw(func(b *bolt.Bucket) error {
		k := binary.BigEndian.AppendUint64(nil, 3)
		v := bytes.Clone(b.Get(k))
		v[len(v)/3] ^= 0x20
		return b.Put(k, v)
	})
	r := cmd(t, db, "a", "", "audit", "verify")
	if r.code != 1 || !strings.Contains(r.stderr, "entry 3") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("verify after a flip: %+v", r)
	}
}

// TestDroppedTailFailsTheCheckpoint removes the newest entries, as someone
// who rewrites the file would, head and all.
func TestDroppedTailFailsTheCheckpoint(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "a", "", "import", examples))
	mustOK(t, cmd(t, db, "a", "", "check", "--json"))
	mark := strings.TrimSpace(mustOK(t, cmd(t, db, "a", "", "audit", "checkpoint")).stdout)
	cp, err := audit.ParseCheckpoint(mark)
	if err != nil {
		t.Fatal(err)
	}
	bdb, err := bolt.Open(db, 0o600, nil)
	if err != nil {
		t.Fatal(err)
	}
	err = bdb.Update(func(tx *bolt.Tx) error {
		b := tx.Bucket([]byte("audit"))
		if err := b.Delete(binary.BigEndian.AppendUint64(nil, cp.Seq)); err != nil {
			return err
		}
		// Make the head agree with what is left, as a careful forger would.
		prev := b.Get(binary.BigEndian.AppendUint64(nil, cp.Seq-1))
		head := binary.BigEndian.AppendUint64(nil, cp.Seq-1)
		head = append(head, prev[len(prev)-32:]...)
		return tx.Bucket([]byte("meta")).Put([]byte("audit_head"), head)
	})
	bdb.Close()
	if err != nil {
		t.Fatal(err)
	}
	if r := cmd(t, db, "a", "", "audit", "verify"); r.code != 0 {
		t.Fatalf("plain verify should pass on a clean truncation: %s", r.stderr)
	}
	r := cmd(t, db, "a", "", "audit", "verify", "--checkpoint", mark)
	if r.code != 1 || !strings.Contains(r.stderr, "entry") {
		t.Fatalf("verify --checkpoint after truncation: %+v", r)
	}
}

func TestKeyInitEncryptsAndTheStoreStaysReadable(t *testing.T) {
	db := newDB(t)
	keyFile := filepath.Join(filepath.Dir(db), "k.key")
	t.Setenv("MACHTIGING_KEY_FILE", keyFile)
	mustOK(t, cmd(t, db, "a", "", "import", examples))
	before := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout
	mustOK(t, cmd(t, db, "a", "", "key", "init"))
	fi, err := os.Stat(keyFile)
	if err != nil || fi.Mode().Perm() != 0o600 || fi.Size() != 32 {
		t.Fatalf("key file: %v %v", fi, err)
	}
	raw, _ := os.ReadFile(db)
	for _, secret := range []string{"Anna de Vries", "123456782", "Revalidatiekliniek Amersfoort", "CVA rechts"} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("%q is in the file after key init", secret)
		}
	}
	if after := mustOK(t, cmd(t, db, "a", "", "check", "--json", "--today", "2026-12-01")).stdout; after != before {
		t.Fatalf("check differs after encryption")
	}
	if r := cmd(t, db, "a", "", "key", "init"); r.code != 1 || !strings.Contains(r.stderr, "exists") {
		t.Fatalf("second key init: %+v", r)
	}
	// A wrong key is a one-line error.
	os.WriteFile(keyFile, bytes.Repeat([]byte{1}, 32), 0o600)
	r := cmd(t, db, "a", "", "check")
	if r.code != 1 || !strings.Contains(r.stderr, "wrong key") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("wrong key: %+v", r)
	}
}
