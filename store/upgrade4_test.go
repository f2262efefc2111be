package store

import (
	"bytes"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// toJSONForms writes every n-th request's state record and queue row back
// in the JSON forms of stores before the binary ones, and marks the store
// schema 3.
func toJSONForms(t *testing.T, s *Store, n int) {
	t.Helper()
	err := s.update(func(tx *bolt.Tx) error {
		type legacy struct{ id, queue, state, row []byte }
		var all []legacy
		i := 0
		err := tx.Bucket(bucketRequests).ForEach(func(k, _ []byte) error {
			if !isStateKey(k) {
				return nil
			}
			if i++; (i-1)%n != 0 {
				return nil
			}
			rec, err := s.stateOf(tx, string(k))
			if err != nil {
				return err
			}
			state, err := encode(rec)
			if err != nil {
				return err
			}
			v := tx.Bucket(bucketQueue).Get(rec.Queue)
			r, err := s.row(rec.Queue, v)
			if err != nil {
				return err
			}
			row, err := encode(legacyRow(&r))
			if err != nil {
				return err
			}
			all = append(all, legacy{bytes.Clone(k), bytes.Clone(rec.Queue), state, row})
			return nil
		})
		if err != nil {
			return err
		}
		for _, l := range all {
			if err := s.put(tx, bucketRequests, l.id, l.state); err != nil {
				return err
			}
			if err := s.put(tx, bucketQueue, l.queue, l.row); err != nil {
				return err
			}
		}
		return tx.Bucket(bucketMeta).Put(keySchema, []byte(schema3))
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestUpgradeRewritesJSONForms opens schema 3 stores, plain and encrypted,
// whose state records and queue rows are all, or some (as a rewrite cut
// off by a crash leaves them), in JSON: Open rewrites them in the binary
// forms in batches, the queue keeps its rows exactly (with what the
// registers need, which the JSON rows lacked), the upgrade is logged, and
// doctor finds nothing.
func TestUpgradeRewritesJSONForms(t *testing.T) {
	defer func(n int) { upgradeBatch = n }(upgradeBatch)
	upgradeBatch = 2
	for _, tc := range []struct {
		every     int
		encrypted bool
	}{{1, false}, {1, true}, {3, false}, {2, true}} {
		t.Run(fmt.Sprintf("every %d, encrypted %v", tc.every, tc.encrypted), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			var opt Options
			if tc.encrypted {
				opt.Key = bytes.Repeat([]byte{4}, KeySize)
			}
			s, err := Open(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			importAll(t, s, exampleRequests(t))
			today := day("2026-12-01")
			for _, d := range []struct {
				id  string
				ask authz.Ask
			}{
				{"MA-2026-0001", authz.Ask{Action: authz.ActionApprove, Minutes: 1800}},
				{"MA-2026-0012", authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated, Reason: "niet"}},
				{"MA-2026-0003", authz.Ask{Action: authz.ActionRequestInfo}},
			} {
				if _, err := s.Decide(alice, d.id, d.ask, today); err != nil {
					t.Fatalf("%s %s: %v", d.id, d.ask.Action, err)
				}
			}
			before, beforeCounts := queueOrder(t, s), mustCounts(t, s)
			toJSONForms(t, s, tc.every)
			s.Close()

			ro := opt
			ro.ReadOnly = true
			if _, err := Open(path, ro); err == nil || !strings.Contains(err.Error(), `schema "3"`) {
				t.Fatalf("a read-only open of schema 3: %v", err)
			}
			opt.Actor = Actor{Adviser: "beheer", AccessPoint: "test"}
			s, err = Open(path, opt)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if after := queueOrder(t, s); !reflect.DeepEqual(after, before) {
				t.Fatalf("the queue after the upgrade:\n%+v\nbefore:\n%+v", after, before)
			}
			if c := mustCounts(t, s); c != beforeCounts {
				t.Fatalf("counts %+v, before %+v", c, beforeCounts)
			}
			err = s.DB().View(func(tx *bolt.Tx) error {
				if v := tx.Bucket(bucketMeta).Get(keySchema); string(v) != schemaVersion {
					return fmt.Errorf("schema %q", v)
				}
				for _, b := range [][]byte{bucketRequests, bucketQueue} {
					err := tx.Bucket(b).ForEach(func(k, v []byte) error {
						if b[0] == bucketRequests[0] && !isStateKey(k) {
							return nil
						}
						p, err := s.plain(b, k, v)
						if err != nil {
							return err
						}
						if isJSON(p) {
							return fmt.Errorf("%s %q is still JSON", b, k)
						}
						return nil
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			var last audit.Logged
			if err := s.AuditEntries(audit.Filter{}, func(l audit.Logged) error { last = l; return nil }); err != nil {
				t.Fatal(err)
			}
			n := (13 + tc.every - 1) / tc.every
			want := fmt.Sprintf("schema 3 to 4: %d state records and %d queue rows rewritten", n, n)
			if last.Event != audit.EventMaintenance || last.Adviser != "beheer" || !strings.Contains(last.Detail, want) {
				t.Fatalf("the upgrade is not logged as %q: %+v", want, last.Entry)
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
