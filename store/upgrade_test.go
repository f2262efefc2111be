package store

import (
	"encoding/binary"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// history is what a request's indexes lead to: its access log and its
// decisions.
func history(t *testing.T, s *Store, ids []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range ids {
		log, err := s.AccessLog(id)
		if err != nil {
			t.Fatal(err)
		}
		rec, err := s.Peek(id)
		if err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, e := range log {
			fmt.Fprintf(&b, "a%d ", e.Seq)
		}
		for _, d := range rec.Decisions {
			fmt.Fprintf(&b, "d%d:%s ", d.Seq, d.Outcome)
		}
		out[id] = b.String()
	}
	return out
}

// downgrade rewrites a store file in schema 1's layout: the index entries
// that keep every n-th key (n = 1: all of them) move back to buckets of
// their own, as id 0 seq, and the schema says 1. With n > 1 the store is
// as an upgrade cut off part-way leaves it.
func downgrade(t *testing.T, path string, n int) { downgradeTo(t, path, n, "1") }

// downgradeTo is downgrade that leaves schema saying what the store holds.
func downgradeTo(t *testing.T, path string, n int, schema string) {
	t.Helper()
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: PageSize, FreelistType: bolt.FreelistMapType})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		reqs := tx.Bucket(bucketRequests)
		old := map[byte]*bolt.Bucket{}
		for kind, name := range map[byte][]byte{kindAccess: bucketAuditIdxV1, kindDecision: bucketDecisionIdxV1} {
			b, err := tx.CreateBucket(name)
			if err != nil {
				return err
			}
			old[kind] = b
		}
		var keys [][]byte
		i := 0
		if err := reqs.ForEach(func(k, _ []byte) error {
			if !isStateKey(k) {
				if i%n == 0 {
					keys = append(keys, append([]byte(nil), k...))
				}
				i++
			}
			return nil
		}); err != nil {
			return err
		}
		for _, k := range keys {
			id, kind := k[:len(k)-10], k[len(k)-9]
			v1 := append(append(append([]byte(nil), id...), 0), k[len(k)-8:]...)
			if err := old[kind].Put(v1, nil); err != nil {
				return err
			}
			if err := reqs.Delete(k); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(schema))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeFromSchema1 opens stores in schema 1's layout, whole and as a
// crash mid-upgrade leaves them: Open moves every index entry into the
// requests bucket, in several batches, logs the upgrade, and each request
// keeps its access log and decisions.
func TestUpgradeFromSchema1(t *testing.T) {
	defer func(n int) { upgradeBatch = n }(upgradeBatch)
	upgradeBatch = 3
	for _, tc := range []struct {
		every  int
		schema string
	}{{1, "1"}, {2, "1"}, {2, schemaUpgrading}} {
		every := tc.every
		t.Run(fmt.Sprintf("every %d, schema %s", every, tc.schema), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			s, err := Open(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			reqs := exampleRequests(t)
			importAll(t, s, reqs)
			var ids []string
			for _, r := range reqs {
				ids = append(ids, r.ID)
				if _, err := s.Get(bob, r.ID); err != nil {
					t.Fatal(err)
				}
			}
			today := day("2026-12-01")
			if _, err := s.Decide(alice, "MA-2026-0001", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet geindiceerd"}, today); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Decide(bob, "MA-2026-0001", authz.Ask{Action: authz.ActionConcur}, today); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Decide(alice, "MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}, today); err != nil {
				t.Fatal(err)
			}
			before := history(t, s, ids)
			s.Close()

			downgradeTo(t, path, every, tc.schema)
			if _, err := Open(path, Options{ReadOnly: true}); err == nil || !strings.Contains(err.Error(), `schema "`+tc.schema+`"`) {
				t.Fatalf("a read-only open of schema 1: %v", err)
			}
			s, err = Open(path, Options{Actor: Actor{Adviser: "beheer", AccessPoint: "test"}})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if after := history(t, s, ids); !reflect.DeepEqual(after, before) {
				t.Fatalf("after the upgrade:\n%v\nbefore:\n%v", after, before)
			}
			err = s.DB().View(func(tx *bolt.Tx) error {
				if tx.Bucket(bucketAuditIdxV1) != nil || tx.Bucket(bucketDecisionIdxV1) != nil {
					return fmt.Errorf("schema 1's buckets are left")
				}
				if v := tx.Bucket(bucketMeta).Get(keySchema); string(v) != schemaVersion {
					return fmt.Errorf("schema %q", v)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var logged []audit.Logged
			if err := s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { logged = append(logged, l); return nil }); err != nil {
				t.Fatal(err)
			}
			// Every step is logged: the indexes, the queue's ranks, the
			// binary forms.
			for i, step := range []string{"schema 1 to 2", "schema 2 to 3", "schema 3 to 4"} {
				l := logged[len(logged)-3+i]
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
		})
	}
}

// TestUpgradeRefusesDamagedIndex: a schema 1 index key that cannot be an
// index entry is damage, named as such; nothing is half-moved.
func TestUpgradeRefusesDamagedIndex(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	importAll(t, s, exampleRequests(t))
	s.Close()
	downgrade(t, path, 1)
	db, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: PageSize, FreelistType: bolt.FreelistMapType})
	if err != nil {
		t.Fatal(err)
	}
	if err := db.Update(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketAuditIdxV1).Put(binary.BigEndian.AppendUint64(nil, 7), nil)
	}); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, err = Open(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "damaged") || strings.Count(err.Error(), path) != 1 || strings.Contains(err.Error(), "\n") {
		t.Fatalf("open: %v", err)
	}
}
