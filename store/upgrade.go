package store

import (
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
)

// Schema 1 kept each request's access-log index and decision index in
// buckets of their own, keyed id 0 seq. A decision then changed a leaf
// (and the branches above it) in each of three buckets: the state, the
// access index and the decision index. Schema 2 keeps both indexes in the
// requests bucket beside the state (indexKey), so a decision writes one
// leaf there; at a million requests that is three to five fewer 16 KiB
// pages in every decision's fsync-ed commit.
var (
	bucketAuditIdxV1    = []byte("audit_idx")
	bucketDecisionIdxV1 = []byte("decision_idx")
)

// upgradeBatch is how many index entries one transaction of the upgrade
// moves, so that a million do not make one huge transaction.
var upgradeBatch = 50000

// schemaUpgrading marks a store whose upgrade from schema 1 has begun and
// not ended: a program that reads schema 1 refuses it rather than miss the
// entries already moved, and Open resumes the upgrade.
const schemaUpgrading = "1-to-2"

func upgradable(schema string) bool {
	return schema == "1" || schema == schemaUpgrading || schema == "2" || schema == schemaUpgrading3 || schema == schema3
}

// upgrade brings a store of an older schema to schemaVersion, a step at a
// time: first the rows and states still in JSON into the binary form
// (upgrade4.go), then schema 1 to 2 (the indexes), 2 to 3 (the queue's
// ranks, upgrade3.go), and 3 to 4. Each step is resumable and logged.
func (s *Store) upgrade(a Actor) error {
	if a.Adviser == "" {
		a = Actor{Adviser: "machtiging", AccessPoint: "store upgrade"}
	}
	states, rows, err := s.rewriteLegacyValues()
	if err != nil {
		return err
	}
	if s.upgradeFrom == "1" || s.upgradeFrom == schemaUpgrading {
		if err := s.upgradeIndexes(a); err != nil {
			return err
		}
	}
	if s.upgradeFrom != schema3 {
		if err := s.upgradeQueueRanks(a); err != nil {
			return err
		}
	}
	if err := s.finishUpgrade(a, schema3, states, rows); err != nil {
		return err
	}
	s.upgradeFrom = ""
	return nil
}

// upgradeIndexes moves schema 1's index buckets into the requests bucket,
// a batch at a time, then records schema 2 and logs the upgrade. Each batch puts
// its entries in their new place and deletes them from the old one in one
// transaction, so an upgrade cut off by a crash resumes on the next Open
// with nothing lost or doubled.
func (s *Store) upgradeIndexes(a Actor) error {
	moved := 0
	for _, old := range []struct {
		name []byte
		kind byte
	}{{bucketAuditIdxV1, kindAccess}, {bucketDecisionIdxV1, kindDecision}} {
		for done := false; !done; {
			err := s.update(func(tx *bolt.Tx) error {
				b := tx.Bucket(old.name)
				if b == nil {
					done = true
					return nil
				}
				if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(schemaUpgrading)); err != nil {
					return err
				}
				reqs := tx.Bucket(bucketRequests)
				reqs.FillPercent = appendFill // the entries come in key order
				var keys [][]byte
				c := b.Cursor()
				for k, _ := c.First(); k != nil && len(keys) < upgradeBatch; k, _ = c.Next() {
					if len(k) < 10 || k[len(k)-9] != 0 {
						return damaged("%s holds a key of %d bytes that is no index entry", old.name, len(k))
					}
					id, seq := string(k[:len(k)-9]), binary.BigEndian.Uint64(k[len(k)-8:])
					if err := reqs.Put(indexKey(id, old.kind, seq), nil); err != nil {
						return err
					}
					keys = append(keys, k)
				}
				if len(keys) == 0 {
					done = true
					return tx.DeleteBucket(old.name)
				}
				for _, k := range keys {
					// k points into the mapped page, which Delete does not
					// change until the commit.
					if err := b.Delete(k); err != nil {
						return err
					}
				}
				moved += len(keys)
				return nil
			})
			if err != nil {
				return err
			}
		}
	}
	from := s.upgradeFrom
	if from == schemaUpgrading {
		from = "1" // resumed
	}
	return s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte("2")); err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Update, Event: audit.EventMaintenance,
			Detail: fmt.Sprintf("store upgraded from schema %s to 2: %d index entries moved", from, moved)}, nil)
	})
}
