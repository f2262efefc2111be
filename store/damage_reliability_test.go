package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// smallStore writes a store with requests, decisions of each kind and
// access-log entries, closes it, and returns its path and bytes.
func smallStore(t testing.TB, n int) (string, []byte) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// A clock of its own makes the file the same on every run, so that a
	// fuzzer's saved input damages the same bytes when it is replayed.
	tick := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s.SetClock(func() time.Time { tick = tick.Add(time.Second); return tick })
	if _, err := s.Import(alice, "gen", feed(many(n), nil)); err != nil {
		t.Fatal(err)
	}
	today := day("2026-12-01")
	rows, err := s.Rows(ViewOpen, nil, 12, false)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rows {
		var ask authz.Ask
		switch i % 4 {
		case 0:
			ask = authz.Ask{Action: authz.ActionApprove}
		case 1:
			ask = authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}
		case 2:
			ask = authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemCodes}}
		case 3:
			ask = authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet geindiceerd"}
		}
		s.Decide(bob, r.ID, ask, today) // some are refused (not complete): logged too
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, b
}

func TestOpenRefusesEmptyTruncatedAndInvalidFiles(t *testing.T) {
	_, healthy := smallStore(t, 40)
	// The pages in use end at the high-water mark; bbolt grows the file
	// past it in steps, so cuts are made inside the pages in use.
	m, ok := current(readMetas(bytes.NewReader(healthy), int64(len(healthy))))
	if !ok {
		t.Fatal("the healthy store has no valid meta page")
	}
	used := int(m.pgid * m.pageSize)
	for _, c := range []struct {
		name string
		file []byte
		says string
	}{
		{"empty", nil, "the file is empty"},
		{"cut to one page", healthy[:PageSize], "damaged"},
		{"cut to the meta pages", healthy[:2*PageSize], "truncated"},
		{"cut in half", healthy[:used/2/PageSize*PageSize], "truncated"},
		{"cut mid-page", healthy[:used/2+100], "truncated"},
		{"both meta pages zeroed", append(make([]byte, 2*PageSize), healthy[2*PageSize:]...), "damaged"},
	} {
		for _, ro := range []bool{false, true} {
			path := filepath.Join(t.TempDir(), "m.db")
			if err := os.WriteFile(path, c.file, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{ReadOnly: ro})
			if err == nil {
				s.Close()
				t.Errorf("%s (read-only %v): opens", c.name, ro)
				continue
			}
			msg := err.Error()
			if !errors.Is(err, ErrDamaged) || !strings.Contains(msg, c.says) || strings.Count(msg, path) != 1 ||
				!strings.HasPrefix(msg, "store "+path+" is damaged") || strings.Contains(msg, "\n") {
				t.Errorf("%s (read-only %v): %q", c.name, ro, msg)
			}
			if after, _ := os.ReadFile(path); !bytes.Equal(after, c.file) {
				t.Errorf("%s (read-only %v): opening changed the file", c.name, ro)
			}
		}
	}
}

// usedPages lists the pages in use of a store file (trees, freelist).
func usedPages(t testing.TB, file []byte) []int {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pages.db")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var used []int
	err = db.Update(func(tx *bolt.Tx) error {
		for id := 2; ; id++ {
			p, err := tx.Page(id)
			if err != nil || p == nil {
				return err
			}
			if p.Type != "free" {
				used = append(used, id)
				id += p.OverflowCount
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return used
}

// readEverything reads all a command could: it returns the first error.
func readEverything(s *Store) error {
	var ids []string
	if err := s.Scan(ViewAll, func(r *Row) bool { ids = append(ids, r.ID); return true }); err != nil {
		return err
	}
	for _, id := range ids {
		if _, err := s.Peek(id); err != nil {
			return err
		}
	}
	if _, err := s.Counts(); err != nil {
		return err
	}
	if err := s.Decisions(func(*authz.Decision) error { return nil }); err != nil {
		return err
	}
	if err := s.AuditEntries(audit.Filter{}, func(audit.Logged) error { return nil }); err != nil {
		return err
	}
	_, err := s.VerifyAudit(nil)
	return err
}

// TestDoctorFindsEveryDamagedPageInUse overwrites each page in use of a
// store, in turn, with garbage and with zeros. The store then either does
// not open (ErrDamaged) or doctor reports the damage; no panic or fault
// escapes (bbolt's check reads pages on a goroutine of its own, where one
// would end the test binary), and every error is ErrDamaged naming the
// store.
func TestDoctorFindsEveryDamagedPageInUse(t *testing.T) {
	_, healthy := smallStore(t, 300)
	used := usedPages(t, healthy)
	if len(used) < 20 {
		t.Fatalf("only %d pages in use", len(used))
	}
	step := 1
	if testing.Short() {
		step = 4
	}
	for i := 0; i < len(used); i += step {
		p := used[i]
		for _, fill := range []byte{0x00, 0x5A} {
			name := fmt.Sprintf("page %d filled with %#x", p, fill)
			file := bytes.Clone(healthy)
			for j := p * PageSize; j < (p+1)*PageSize; j++ {
				file[j] = fill
			}
			if fill != 0 {
				binary.LittleEndian.PutUint64(file[p*PageSize:], uint64(p)) // the header still says the right page
			}
			path := filepath.Join(t.TempDir(), "m.db")
			if err := os.WriteFile(path, file, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err != nil {
				if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
					t.Errorf("%s: open: %v", name, err)
				}
				continue
			}
			findings, err := s.Doctor(alice)
			if err != nil {
				t.Errorf("%s: doctor: %v", name, err)
			}
			if len(findings) == 0 {
				t.Errorf("%s: doctor finds nothing", name)
			}
			if err := readEverything(s); err != nil && (!errors.Is(err, ErrDamaged) && !errors.Is(err, ErrChainBroken) || !strings.Contains(err.Error(), path)) {
				t.Errorf("%s: reading: %v", name, err)
			}
			s.Close()
		}
	}
}

// FuzzDamagedStore patches bytes of a small store file (pairs of a 4-byte
// offset and a byte) and opens it, runs doctor and reads everything: no
// panic or fault may escape, every error is one line naming the store, and
// when doctor finds nothing, every read succeeds.
func FuzzDamagedStore(f *testing.F) {
	_, healthy := smallStore(f, 60)
	f.Add([]byte{})
	for _, off := range []int{0, 16, 40, PageSize + 8, 2*PageSize + 10, 3*PageSize + 20, len(healthy) / 2, len(healthy) - PageSize + 16} {
		f.Add(binary.BigEndian.AppendUint32(nil, uint32(off)))
		f.Add(append(binary.BigEndian.AppendUint32(nil, uint32(off)), 0xFF))
	}
	f.Fuzz(func(t *testing.T, patch []byte) {
		file := bytes.Clone(healthy)
		for len(patch) >= 5 {
			off := int(binary.BigEndian.Uint32(patch)) % len(file)
			file[off] = patch[4]
			patch = patch[5:]
		}
		if len(patch) >= 4 { // a trailing offset cuts the file there
			file = file[:int(binary.BigEndian.Uint32(patch))%(len(file)+1)]
		}
		path := filepath.Join(t.TempDir(), "m.db")
		if err := os.WriteFile(path, file, 0o600); err != nil {
			t.Fatal(err)
		}
		oneLine := func(what string, err error) {
			if err != nil && (strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), path)) {
				t.Fatalf("%s: %q", what, err)
			}
		}
		s, err := Open(path, Options{})
		oneLine("open", err)
		if err != nil {
			return
		}
		defer s.Close()
		findings, err := s.Doctor(alice)
		if err != nil {
			t.Fatalf("doctor: %v", err)
		}
		err = readEverything(s)
		if errors.Is(err, ErrNotFound) {
			// A row whose request is gone: not found is what reading one
			// request can say; that the store is damaged is doctor's to say.
			if len(findings) == 0 {
				t.Fatalf("the queue lists a request the store lacks, and doctor finds nothing: %v", err)
			}
			return
		}
		oneLine("read", err)
		if len(findings) == 0 && err != nil {
			t.Fatalf("doctor finds nothing, but reading fails: %v", err)
		}
	})
}

// FuzzLoadKey: a key file of any content is a key only when it is 32
// bytes; otherwise a one-line error naming the file, never a panic. A
// wrong key of the right size does not open an encrypted store.
func FuzzLoadKey(f *testing.F) {
	dir := f.TempDir()
	good := bytes.Repeat([]byte{7}, KeySize)
	storePath := filepath.Join(dir, "m.db")
	s, err := Open(storePath, Options{Key: good})
	if err != nil {
		f.Fatal(err)
	}
	if _, err := s.Import(alice, "examples", feed(many(5), nil)); err != nil {
		f.Fatal(err)
	}
	s.Close()
	f.Add([]byte{})
	f.Add(good)
	f.Add(bytes.Repeat([]byte{8}, KeySize))
	f.Add(bytes.Repeat([]byte{7}, KeySize+1))
	f.Add([]byte("0707070707070707070707070707070707070707070707070707070707070707\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		keyPath := filepath.Join(t.TempDir(), "machtiging.key")
		if err := os.WriteFile(keyPath, data, 0o600); err != nil {
			t.Fatal(err)
		}
		key, err := LoadKey(keyPath)
		if len(data) != KeySize {
			if err == nil || key != nil || !strings.Contains(err.Error(), keyPath) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("a key file of %d bytes: %v, %v", len(data), key, err)
			}
			return
		}
		if err != nil || !bytes.Equal(key, data) {
			t.Fatalf("a key file of 32 bytes: %v", err)
		}
		s, err := Open(storePath, Options{Key: key, ReadOnly: true})
		if bytes.Equal(key, good) {
			if err != nil {
				t.Fatalf("the right key: %v", err)
			}
			s.Close()
			return
		}
		if err == nil {
			s.Close()
			t.Fatal("a wrong key opens the store")
		}
		if !strings.Contains(err.Error(), "wrong key") || strings.Contains(err.Error(), "\n") {
			t.Fatalf("a wrong key: %v", err)
		}
	})
}

// TestPagePastTheFileIsDamageNotACrash points a branch page of the queue
// at a page far past the end of the file (and of bbolt's memory map):
// reading it faults, which must come back as ErrDamaged, not end the
// program.
func TestPagePastTheFileIsDamageNotACrash(t *testing.T) {
	_, healthy := smallStore(t, 400)
	path := filepath.Join(t.TempDir(), "m.db")
	if err := os.WriteFile(path, healthy, 0o600); err != nil {
		t.Fatal(err)
	}
	// The queue's root page, a branch page with this many rows.
	var root int
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s.db.View(func(tx *bolt.Tx) error {
		root = int(tx.Bucket(bucketQueue).Root())
		return nil
	})
	s.Close()
	file := bytes.Clone(healthy)
	page := file[root*PageSize:]
	if flags := binary.LittleEndian.Uint16(page[8:]); flags != 0x01 {
		t.Fatalf("the queue's root page %d is not a branch page (%#x): make the store larger", root, flags)
	}
	// The first branch element: pos, ksize, pgid.
	binary.LittleEndian.PutUint64(page[16+8:], 1<<30)
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err = Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	err = s.Scan(ViewAll, func(*Row) bool { return true })
	if !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), path) {
		t.Fatalf("scan of a queue pointing past the file: %v", err)
	}
	t.Log(err)
	findings, err := s.Doctor(alice)
	if err != nil || len(findings) == 0 {
		t.Fatalf("doctor: %v %v", findings, err)
	}
	t.Log(findings)
}

// TestDoctorCrossChecksQueueAndStates: damage that leaves every page
// readable but the queue and the request states at odds (as a crash of a
// writer that did not write its transaction whole could) is a finding of
// doctor's, naming what is wrong.
func TestDoctorCrossChecksQueueAndStates(t *testing.T) {
	for _, tc := range []struct {
		name   string
		damage func(tx *bolt.Tx, id string, rec *stateRecord) error
		says   string
	}{
		{"a row whose request is gone", func(tx *bolt.Tx, id string, _ *stateRecord) error {
			return tx.Bucket(bucketRequests).Delete([]byte(id))
		}, "which the store does not hold"},
		{"a request without its row", func(tx *bolt.Tx, _ string, rec *stateRecord) error {
			return tx.Bucket(bucketQueue).Delete(rec.Queue)
		}, "the store holds 40 requests and its queue 39 rows"},
		{"a request listed twice", func(tx *bolt.Tx, _ string, rec *stateRecord) error {
			q := tx.Bucket(bucketQueue)
			return q.Put(append(bytes.Clone(rec.Queue[:len(rec.Queue)-1]), rec.Queue[len(rec.Queue)-1]+1), bytes.Clone(q.Get(rec.Queue)))
		}, "at a place its state does not name"},
		{"counts that are not the queue's", func(tx *bolt.Tx, _ string, _ *stateRecord) error {
			return tx.Bucket(bucketMeta).Put(keyCounts, Counts{Open: 1}.bytes())
		}, "the counts kept for the header"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, healthy := smallStore(t, 40)
			path := filepath.Join(t.TempDir(), "m.db")
			if err := os.WriteFile(path, healthy, 0o600); err != nil {
				t.Fatal(err)
			}
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
				t.Fatalf("doctor on the healthy store: %v %v", findings, err)
			}
			rows, err := s.Rows(ViewOpen, nil, 1, false)
			if err != nil || len(rows) != 1 {
				t.Fatal(rows, err)
			}
			id := rows[0].ID
			if err := s.db.Update(func(tx *bolt.Tx) error {
				rec, err := s.stateOf(tx, id)
				if err != nil {
					return err
				}
				return tc.damage(tx, id, rec)
			}); err != nil {
				t.Fatal(err)
			}
			findings, err := s.Doctor(alice)
			if err != nil || !strings.Contains(strings.Join(findings, "\n"), tc.says) {
				t.Fatalf("doctor: %q %v; want a finding that says %q", findings, err, tc.says)
			}
		})
	}
}
