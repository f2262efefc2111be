package store

import (
	"bytes"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
)

// Schema 3 to 4: stores written before the binary forms kept queue rows
// and state records as JSON objects, and rewrote one in the binary form
// only when it changed. Schema 4 holds none: the upgrade rewrites every
// state record still in JSON, and every queue row still in JSON afresh
// from its request's current version (so that it also holds what the
// registers need). After it, the codec reads the binary forms alone;
// legacy.go, which reads the JSON forms, serves this upgrade only.
//
// It runs first, whatever older schema Open found, since the other steps
// read rows and states. A value already binary is left alone, so a
// rewrite cut off by a crash resumes on the next Open with nothing lost
// or doubled; the schema says 4 only once every value is binary.
const schema3 = "3"

// rewriteLegacyValues rewrites the JSON state records and queue rows in
// batches of upgradeBatch requests, and returns how many it rewrote.
func (s *Store) rewriteLegacyValues() (states, rows int, err error) {
	var pos []byte // the last state key walked; nil before the first batch
	for done := false; !done; {
		err := s.update(func(tx *bolt.Tx) error {
			c := tx.Bucket(bucketRequests).Cursor()
			k, v := c.First()
			if pos != nil {
				k, v = c.Seek(pos)
				if k != nil && bytes.Equal(k, pos) {
					k, v = c.Next()
				}
			}
			type rewrite struct {
				id    string
				rec   stateRecord
				state bool // the state record is JSON
				row   bool // the queue row is JSON
			}
			var todo []rewrite
			for n := 0; k != nil && n < upgradeBatch; k, v = c.Next() {
				if !isStateKey(k) {
					continue
				}
				n++
				pos = bytes.Clone(k)
				p, err := s.plain(bucketRequests, k, v)
				if err != nil {
					return err
				}
				w := rewrite{id: string(k)}
				if isJSON(p) {
					if err := decodeJSONState(p, &w.rec); err != nil {
						return damaged("the state of request %s cannot be read: %v", k, err)
					}
					w.state = true
				} else if err := decodeState(p, &w.rec); err != nil {
					return damaged("the state of request %s cannot be read: %v", k, err)
				}
				if rv := tx.Bucket(bucketQueue).Get(w.rec.Queue); rv != nil {
					rp, err := s.plain(bucketQueue, w.rec.Queue, rv)
					if err != nil {
						return err
					}
					w.row = isJSON(rp)
				}
				if w.state || w.row {
					todo = append(todo, w)
				}
			}
			done = k == nil
			for _, w := range todo {
				if w.row {
					ver, err := s.version(tx, w.id, w.rec.Version)
					if err != nil {
						return err
					}
					row := rowOf(ver.Request, &w.rec)
					b, err := encodeRow(&row)
					if err != nil {
						return err
					}
					if err := s.put(tx, bucketQueue, w.rec.Queue, b); err != nil {
						return err
					}
					rows++
				}
				if w.state {
					if err := s.put(tx, bucketRequests, []byte(w.id), encodeState(&w.rec)); err != nil {
						return err
					}
					states++
				}
			}
			return nil
		})
		if err != nil {
			return states, rows, err
		}
	}
	return states, rows, nil
}

// finishUpgrade records schema 4 and logs the upgrade from schema from.
func (s *Store) finishUpgrade(a Actor, from string, states, rows int) error {
	return s.update(func(tx *bolt.Tx) error {
		if err := tx.Bucket(bucketMeta).Put(keySchema, []byte(schemaVersion)); err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Update, Event: audit.EventMaintenance,
			Detail: fmt.Sprintf("store upgraded from schema %s to %s: %d state records and %d queue rows rewritten from JSON into the binary form", from, schemaVersion, states, rows)}, nil)
	})
}

// isJSON tells a value in a JSON form, which starts with '{', from one in
// a binary form, which starts with its format byte.
func isJSON(b []byte) bool { return len(b) > 0 && b[0] == '{' }
