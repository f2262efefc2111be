package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
)

var (
	bucketJournal    = []byte("journal")     // "active" -> journalHead
	bucketJournalIDs = []byte("journal_ids") // id -> previous state and row, or empty when new; 0 batch -> new ids
	keyActive        = []byte("active")
	keyBegun         = []byte("begun") // the seq of the access-log entry that began the import
)

type journalHead struct {
	Source  string `json:"source"`
	Adviser string `json:"adviser"`
	Point   string `json:"access_point"`
}

// begin marks an import in progress.
func (im *importer) begin(tx *bolt.Tx) error {
	if tx.Bucket(bucketJournal).Get(keyActive) != nil {
		return fmt.Errorf("store %s: another import is in progress", im.s.path)
	}
	h, err := encode(journalHead{Source: im.source, Adviser: im.a.Adviser, Point: im.a.AccessPoint})
	if err != nil {
		return err
	}
	if err := tx.Bucket(bucketJournal).Put(keyActive, h); err != nil {
		return err
	}
	// A file of more than one batch is logged when it begins, and every
	// batch indexes its requests to that entry in its own transaction: the
	// last transaction stays the size of a batch, not of the file.
	e := audit.Entry{Action: audit.Create, Event: audit.EventImport, Detail: im.source + ": import begun"}
	if err := im.s.appendAudit(tx, im.a, e, nil); err != nil {
		return err
	}
	im.seq = binary.BigEndian.Uint64(tx.Bucket(bucketMeta).Get(keyAuditHead))
	return tx.Bucket(bucketJournal).Put(keyBegun, seqKey(im.seq))
}

// beingImported reports whether the import in progress has written the
// request: undoing it would undo a decision on it too.
func beingImported(tx *bolt.Tx, id string) bool {
	if tx.Bucket(bucketJournalIDs).Get([]byte(id)) != nil {
		return true // one the import replaced
	}
	begun := tx.Bucket(bucketJournal).Get(keyBegun)
	if len(begun) != 8 {
		return false
	}
	// One it added: every batch indexes its requests to the entry that
	// began the import.
	key := indexKey(id, kindAccess, binary.BigEndian.Uint64(begun))
	k, _ := tx.Bucket(bucketRequests).Cursor().Seek(key)
	return bytes.Equal(k, key)
}

// batchJournalKey is 0 n: the journal entry of batch n's new requests. No
// id holds a 0 byte, so it stands apart from the ids' own entries.
func batchJournalKey(n uint64) []byte { return append([]byte{0}, seqKey(n)...) }

// note journals a request's state and row before the import changes it.
func (im *importer) note(tx *bolt.Tx, id string, rec *stateRecord) error {
	st := tx.Bucket(bucketRequests).Get([]byte(id))
	row := tx.Bucket(bucketQueue).Get(rec.Queue)
	prev := make([]byte, 0, 8+len(st)+len(row))
	prev = appendLen(prev, st)
	prev = appendLen(prev, row)
	return tx.Bucket(bucketJournalIDs).Put([]byte(id), prev)
}

func appendLen(b, v []byte) []byte {
	b = append(b, byte(len(v)>>24), byte(len(v)>>16), byte(len(v)>>8), byte(len(v)))
	return append(b, v...)
}

func splitLen(b []byte) (v, rest []byte, ok bool) {
	if len(b) < 4 {
		return nil, nil, false
	}
	n := int(b[0])<<24 | int(b[1])<<16 | int(b[2])<<8 | int(b[3])
	if len(b) < 4+n {
		return nil, nil, false
	}
	return b[4 : 4+n], b[4+n:], true
}

func clearJournal(tx *bolt.Tx) error {
	if err := tx.Bucket(bucketJournal).Delete(keyActive); err != nil {
		return err
	}
	if err := tx.Bucket(bucketJournal).Delete(keyBegun); err != nil {
		return err
	}
	if err := tx.DeleteBucket(bucketJournalIDs); err != nil {
		return err
	}
	_, err := tx.CreateBucket(bucketJournalIDs)
	return err
}

// fail undoes the batches written so far and logs the refused import; it
// returns the import's error.
func (im *importer) fail(cause error) error {
	im.reset()
	if err := im.s.rollbackImport(fmt.Sprintf("refused: %v", cause), audit.Refused); err != nil {
		return fmt.Errorf("%w (and undoing the batches written failed: %v)", cause, err)
	}
	return cause
}

// rollbackImport undoes an import in progress, batch by batch, and logs it.
// It is safe to run again after a crash halfway through.
func (s *Store) rollbackImport(detail string, outcome audit.Outcome) error {
	var head journalHead
	active := false
	err := s.view(func(tx *bolt.Tx) error {
		v := tx.Bucket(bucketJournal).Get(keyActive)
		if v == nil {
			return nil
		}
		active = true
		return decode(v, &head)
	})
	if err != nil || !active {
		return err
	}
	undone := 0
	for {
		more := false
		err := s.update(func(tx *bolt.Tx) error {
			counts := readCounts(tx.Bucket(bucketMeta).Get(keyCounts))
			j := tx.Bucket(bucketJournalIDs)
			c := j.Cursor()
			n := 0
			for k, v := c.First(); k != nil; k, v = c.First() {
				if n >= BatchSize {
					more = true
					break
				}
				if k[0] == 0 { // a batch's new requests
					for rest := v; len(rest) > 0; {
						id, r, ok := splitLen(rest)
						if !ok {
							return damaged("the import journal's batch %x is damaged", k[1:])
						}
						if err := s.undoOne(tx, string(id), nil, &counts); err != nil {
							return err
						}
						rest = r
						n++
					}
				} else {
					if err := s.undoOne(tx, string(k), v, &counts); err != nil {
						return err
					}
					n++
				}
				if err := j.Delete(k); err != nil {
					return err
				}
			}
			undone += n
			return tx.Bucket(bucketMeta).Put(keyCounts, counts.bytes())
		})
		if err != nil {
			return err
		}
		if !more {
			break
		}
	}
	return s.update(func(tx *bolt.Tx) error {
		a := Actor{Adviser: head.Adviser, AccessPoint: head.Point}
		e := audit.Entry{Action: audit.Delete, Event: audit.EventImport, Outcome: outcome, Count: undone,
			Detail: fmt.Sprintf("import of %s %s; %d requests undone", head.Source, detail, undone)}
		if err := s.appendAudit(tx, a, e, nil); err != nil {
			return err
		}
		return clearJournal(tx)
	})
}

// undoOne puts a request back as the journal noted it.
func (s *Store) undoOne(tx *bolt.Tx, id string, prev []byte, counts *Counts) error {
	cur, err := s.stateOf(tx, id)
	if err != nil {
		return err
	}
	if cur != nil {
		if err := tx.Bucket(bucketQueue).Delete(cur.Queue); err != nil {
			return err
		}
		if err := tx.Bucket(bucketVersions).Delete(versionKey(id, cur.Version)); err != nil {
			return err
		}
		counts.add(cur.State, -1)
	}
	if len(prev) == 0 {
		return tx.Bucket(bucketRequests).Delete([]byte(id))
	}
	st, rest, ok := splitLen(prev)
	row, _, ok2 := splitLen(rest)
	if !ok || !ok2 {
		return damaged("the import journal of request %s is damaged", id)
	}
	if err := tx.Bucket(bucketRequests).Put([]byte(id), bytes.Clone(st)); err != nil {
		return err
	}
	old, err := s.stateOf(tx, id)
	if err != nil {
		return err
	}
	counts.add(old.State, 1)
	return tx.Bucket(bucketQueue).Put(old.Queue, bytes.Clone(row))
}
