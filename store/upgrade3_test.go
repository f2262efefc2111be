package store

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/demo"
)

// schema2Rank is the first byte of a queue key in schema 2: open 0, second
// review 1, waiting 2, decided 3.
func schema2Rank(st authz.State) byte {
	switch st {
	case authz.StateOpen, authz.StateSecondReview:
		return byte(st)
	case authz.StateWaiting:
		return 2
	}
	return 3
}

// downgradeTo2 rewrites an open store's queue as schema 2 keyed it: every
// n-th row (n = 1: all) goes back to its schema 2 rank, with its state
// naming that place, the counts shrink to five and the schema says schema.
// With n > 1 and schema "2-to-3" the store is as an upgrade cut off
// part-way leaves it.
func downgradeTo2(t testing.TB, s *Store, n int, schema string) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		q := tx.Bucket(bucketQueue)
		type row struct {
			id       string
			old, new []byte
			plain    []byte
		}
		var rows []row
		i := 0
		err := q.ForEach(func(k, v []byte) error {
			r, err := s.row(k, v)
			if err != nil {
				return err
			}
			if i++; (i-1)%n != 0 {
				return nil
			}
			p, err := s.plain(bucketQueue, k, v)
			if err != nil {
				return err
			}
			rows = append(rows, row{r.ID, bytes.Clone(k), append([]byte{schema2Rank(r.State)}, k[1:]...), p})
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range rows {
			if err := q.Delete(r.old); err != nil {
				return err
			}
			if err := s.put(tx, bucketQueue, r.new, r.plain); err != nil {
				return err
			}
			rec, err := s.stateOf(tx, r.id)
			if err != nil {
				return err
			}
			rec.Queue = r.new
			if err := s.put(tx, bucketRequests, []byte(r.id), encodeState(rec)); err != nil {
				return err
			}
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keyCounts, meta.Get(keyCounts)[:40]); err != nil {
			return err
		}
		return meta.Put(keySchema, []byte(schema))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// queueOrder lists the queue's rows without their keys, in order.
func queueOrder(t *testing.T, s *Store) []Row {
	t.Helper()
	rows, err := s.Rows(ViewAll, nil, 1000, false)
	if err != nil {
		t.Fatal(err)
	}
	for i := range rows {
		rows[i].Key = nil
	}
	return rows
}

// TestUpgradeFromSchema2 opens schema 2 stores, plain and encrypted, whole
// and as a crash mid-upgrade leaves them: Open gives every row its schema 3
// rank in batches, the queue keeps its order and content, the counts gain
// their sixth, the upgrade is logged, doctor finds nothing, and a
// reconsideration then takes its place before waiting.
func TestUpgradeFromSchema2(t *testing.T) {
	defer func(n int) { upgradeBatch = n }(upgradeBatch)
	upgradeBatch = 2
	for _, tc := range []struct {
		every     int
		schema    string
		encrypted bool
	}{{1, "2", false}, {1, "2", true}, {2, schemaUpgrading3, false}, {3, schemaUpgrading3, true}} {
		t.Run(fmt.Sprintf("every %d, schema %s, encrypted %v", tc.every, tc.schema, tc.encrypted), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			var opt Options
			if tc.encrypted {
				opt.Key = bytes.Repeat([]byte{3}, KeySize)
			}
			s, err := Open(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			importAll(t, s, exampleRequests(t))
			today := day("2026-12-01")
			for _, d := range []struct {
				who Actor
				id  string
				ask authz.Ask
			}{
				{alice, "MA-2026-0001", authz.Ask{Action: authz.ActionApprove}},
				{alice, "MA-2026-0002", authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}},
				{alice, "MA-2026-0012", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet"}},
				{alice, "MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}},
				{alice, "MA-2026-0004", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotRequired, Reason: "gecontracteerd"}},
			} {
				if _, err := s.Decide(d.who, d.id, d.ask, today); err != nil {
					t.Fatalf("%s %s: %v", d.id, d.ask.Action, err)
				}
			}
			before, beforeCounts := queueOrder(t, s), mustCounts(t, s)
			downgradeTo2(t, s, tc.every, tc.schema)
			s.Close()

			ro := opt
			ro.ReadOnly = true
			if _, err := Open(path, ro); err == nil || !strings.Contains(err.Error(), `schema "`+tc.schema+`"`) {
				t.Fatalf("a read-only open of schema %s: %v", tc.schema, err)
			}
			opt.Actor = Actor{Adviser: "beheer", AccessPoint: "test"}
			s, err = Open(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if after := queueOrder(t, s); !reflect.DeepEqual(after, before) {
				t.Fatalf("the queue after the upgrade:\n%v\nbefore:\n%v", ids(after), ids(before))
			}
			if c := mustCounts(t, s); c != beforeCounts {
				t.Fatalf("counts %+v, before %+v", c, beforeCounts)
			}
			err = s.DB().View(func(tx *bolt.Tx) error {
				meta := tx.Bucket(bucketMeta)
				if v := meta.Get(keySchema); string(v) != schemaVersion {
					return fmt.Errorf("schema %q", v)
				}
				if n := len(meta.Get(keyCounts)); n != 48 {
					return fmt.Errorf("counts of %d bytes", n)
				}
				return tx.Bucket(bucketQueue).ForEach(func(k, v []byte) error {
					r, err := s.row(k, v)
					if err != nil {
						return err
					}
					if k[0] != authz.QueueRankOf(r.State) {
						return fmt.Errorf("%s (%s) has rank %d", r.ID, r.State, k[0])
					}
					return nil
				})
			})
			if err != nil {
				t.Fatal(err)
			}
			var logged []audit.Logged
			if err := s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { logged = append(logged, l); return nil }); err != nil {
				t.Fatal(err)
			}
			for i, step := range []string{"schema 2 to 3", "schema 3 to 4"} {
				l := logged[len(logged)-2+i]
				if l.Event != audit.EventMaintenance || l.Adviser != "beheer" || !strings.Contains(l.Detail, step) {
					t.Fatalf("the upgrade from %s is not logged: %+v", step, l.Entry)
				}
			}
			if _, err := s.VerifyAudit(nil); err != nil {
				t.Fatal(err)
			}
			if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
				t.Fatalf("doctor after the upgrade: %v %v", findings, err)
			}

			// The upgraded store takes a reconsideration, placed before waiting.
			if _, err := s.Decide(bob, "MA-2026-0002", authz.Ask{Action: authz.ActionReconsider, Reason: "bezwaar", Received: day("2026-11-30")}, today); err != nil {
				t.Fatal(err)
			}
			got := ids(queueOrder(t, s))
			pos := map[string]int{}
			for i, id := range got {
				pos[id] = i
			}
			if !(pos["MA-2026-0012"] < pos["MA-2026-0002"] && pos["MA-2026-0002"] < pos["MA-2026-0003"] && pos["MA-2026-0003"] < pos["MA-2026-0004"]) {
				t.Fatalf("queue %v: want second review MA-2026-0012, reconsideration MA-2026-0002, waiting MA-2026-0003, decided MA-2026-0004", got)
			}
			if findings, err := s.Doctor(alice); err != nil || len(findings) != 0 {
				t.Fatalf("doctor after a reconsideration: %v %v", findings, err)
			}
		})
	}
}

func mustCounts(t *testing.T, s *Store) Counts {
	t.Helper()
	c, err := s.Counts()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// BenchmarkUpgradeFromSchema2 re-ranks the queue of a schema 2 store of
// n requests, a share of them waiting or decided (those rows move). Run it
// at small n to see it work: go test -run X -bench UpgradeFromSchema2 ./store
func BenchmarkUpgradeFromSchema2(b *testing.B) {
	const n = 5000
	today := day("2026-12-01")
	dir := b.TempDir()
	src := filepath.Join(dir, "src.db")
	s, err := Open(src, Options{})
	if err != nil {
		b.Fatal(err)
	}
	reqs := demo.Generate(n, today, 7)
	if _, err := s.Import(alice, "gen", feed(reqs, nil)); err != nil {
		b.Fatal(err)
	}
	moved := 0
	for i, r := range reqs {
		if i%3 != 0 {
			continue
		}
		if _, err := s.Decide(alice, r.ID, authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "x"}, today); err == nil {
			moved++
		}
	}
	s.Close()
	current, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	if s, err = Open(src, Options{}); err != nil {
		b.Fatal(err)
	}
	downgradeTo2(b, s, 1, "2")
	s.Close()
	old, err := os.ReadFile(src)
	if err != nil {
		b.Fatal(err)
	}
	// Opening the schema 2 file upgrades it; opening the current one is
	// the baseline, in the same run.
	for _, tc := range []struct {
		name string
		file []byte
	}{{"schema2", old}, {"current", current}} {
		b.Run(tc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				path := filepath.Join(dir, fmt.Sprintf("%s%d.db", tc.name, i))
				if err := os.WriteFile(path, tc.file, 0o600); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				s, err := Open(path, Options{})
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				s.Close()
				os.Remove(path)
				b.StartTimer()
			}
			b.ReportMetric(float64(moved), "rows-moved")
		})
	}
}
