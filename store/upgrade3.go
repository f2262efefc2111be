package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// Schema 2 to 3: a queue key begins with its state's rank in the queue
// (authz.QueueRankOf). Schema 2 ranked open 0, second review 1, waiting 2
// and decided 3; reconsideration comes between second review and waiting,
// so schema 3 ranks waiting 3 and decided 4. Only that first byte of a key
// changes: the rest, and the row stored under it, stay as they are.

// schemaUpgrading3 marks a store whose queue is being re-ranked: a program
// that reads schema 2 refuses it rather than show a queue in a mixed
// order, and Open resumes the upgrade.
const schemaUpgrading3 = "2-to-3"

// upgradeQueueRanks gives every queue row the rank of its state, a batch at
// a time, then records schema 3 and logs the upgrade. It walks the queue
// from its end down: a row moves to a higher rank, behind the walk, so no
// row is visited twice. Each batch moves its rows and updates their
// requests' states in one transaction; a row already at its rank is left
// alone, so an upgrade cut off by a crash resumes on the next Open with
// nothing lost or doubled.
func (s *Store) upgradeQueueRanks(a Actor) error {
	moved := 0
	var pos []byte // the lowest key walked so far; nil before the first batch
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(schemaUpgrading3)); err != nil {
				return err
			}
			q := tx.Bucket(bucketQueue)
			c := q.Cursor()
			k, v := c.Last()
			if pos != nil {
				k, v = c.Seek(pos)
				if k == nil {
					k, v = c.Last()
				}
				for k != nil && bytes.Compare(k, pos) >= 0 {
					k, v = c.Prev()
				}
			}
			type move struct {
				id       string
				old, new []byte
				row      []byte // the row, opened
			}
			var moves []move
			for n := 0; k != nil && n < upgradeBatch; k, v = c.Prev() {
				n++
				pos = bytes.Clone(k)
				row, err := s.row(k, v)
				if err != nil {
					return err
				}
				want := authz.QueueRankOf(row.State)
				if len(k) == 0 || k[0] == want {
					continue
				}
				plain, err := s.plain(bucketQueue, k, v)
				if err != nil {
					return err
				}
				nk := append([]byte{want}, k[1:]...)
				moves = append(moves, move{id: row.ID, old: bytes.Clone(k), new: nk, row: plain})
			}
			done = k == nil
			for _, m := range moves {
				rec, err := s.stateOf(tx, m.id)
				if err != nil {
					return err
				}
				if rec == nil {
					return damaged("the queue lists request %s, which the store does not hold", m.id)
				}
				if !bytes.Equal(rec.Queue, m.old) {
					return damaged("the queue lists request %s at a place its state does not name", m.id)
				}
				if q.Get(m.new) != nil {
					return damaged("request %s has two rows in the queue", m.id)
				}
				if err := q.Delete(m.old); err != nil {
					return err
				}
				if err := s.put(tx, bucketQueue, m.new, m.row); err != nil {
					return err
				}
				rec.Queue = m.new
				if err := s.put(tx, bucketRequests, []byte(m.id), encodeState(rec)); err != nil {
					return err
				}
			}
			moved += len(moves)
			return nil
		})
		if err != nil {
			return err
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		meta := tx.Bucket(bucketMeta)
		// The counts gain their sixth, reconsideration, here.
		if v := meta.Get(keyCounts); len(v) == 40 {
			if err := meta.Put(keyCounts, readCounts(v).bytes()); err != nil {
				return err
			}
		}
		if err := meta.Put(keySchema, []byte(schema3)); err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Update, Event: audit.EventMaintenance,
			Detail: fmt.Sprintf("store upgraded from schema 2 to %s: %d queue rows re-ranked (reconsideration comes before waiting)", schema3, moved)}, nil)
	})
}
