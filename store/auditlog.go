package store

import (
	"encoding/binary"
	"errors"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
)

// maxListedIDs is how many request ids an entry lists itself; past that it
// gives the count, and the per-request index still finds every request.
const maxListedIDs = 100

// appendAudit adds an entry to the chained access log inside tx. With
// indexIDs, each request it names (ids, which may be longer than the list
// kept in the entry) is indexed so the per-patient view finds it.
func (s *Store) appendAudit(tx *bolt.Tx, a Actor, e audit.Entry, ids []string) error {
	meta := tx.Bucket(bucketMeta)
	var prev [32]byte
	var seq uint64
	if h := meta.Get(keyAuditHead); len(h) == 40 {
		seq = binary.BigEndian.Uint64(h)
		copy(prev[:], h[8:])
	} else if h != nil {
		return damaged("the head of the access log is %d bytes", len(h))
	}
	seq++
	e.Seq = seq
	e.Time = s.now().UTC()
	e.Adviser = a.Adviser
	e.AccessPoint = a.AccessPoint
	if e.Count == 0 {
		e.Count = len(ids)
	}
	if len(ids) <= maxListedIDs {
		e.Requests = ids
	} else {
		e.Requests = nil
	}
	value, hash := audit.Encode(prev, &e)
	if err := tx.Bucket(bucketAudit).Put(seqKey(seq), value); err != nil {
		return err
	}
	idx := tx.Bucket(bucketRequests)
	for _, id := range ids {
		if err := idx.Put(indexKey(id, kindAccess, seq), nil); err != nil {
			return err
		}
	}
	head := binary.BigEndian.AppendUint64(make([]byte, 0, 40), seq)
	return meta.Put(keyAuditHead, append(head, hash[:]...))
}

// Log appends one access-log entry on its own, for reads that change
// nothing (check, export, audit views, maintenance).
// Past maxListedIDs requests it records the count only.
func (s *Store) Log(a Actor, e audit.Entry, ids []string) error {
	if len(ids) > maxListedIDs {
		if e.Count == 0 {
			e.Count = len(ids)
		}
		ids = nil
	}
	return s.update(func(tx *bolt.Tx) error { return s.appendAudit(tx, a, e, ids) })
}

// AccessLog returns the entries that concern a request, oldest first.
func (s *Store) AccessLog(id string) ([]audit.Entry, error) {
	var out []audit.Entry
	err := s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketAudit)
		return indexed(tx, id, kindAccess, func(seq []byte) error {
			v := log.Get(seq)
			if v == nil {
				return damaged("the access log lacks entry %d named in its index", binary.BigEndian.Uint64(seq))
			}
			e, _, err := audit.Decode(v)
			if err != nil {
				return damaged("access-log entry %d: %v", binary.BigEndian.Uint64(seq), err)
			}
			out = append(out, e)
			return nil
		})
	})
	return out, err
}

// AuditEntries calls fn for every entry that the filter matches, oldest
// first. With a request in the filter it reads through the per-request
// index, which also finds entries too large to list every id.
func (s *Store) AuditEntries(f audit.Filter, fn func(audit.Logged) error) error {
	return s.view(func(tx *bolt.Tx) error {
		log := tx.Bucket(bucketAudit)
		each := func(k, v []byte, f audit.Filter) error {
			l, err := audit.DecodeLogged(v)
			if err != nil {
				return damaged("access-log entry %d: %v", binary.BigEndian.Uint64(k), err)
			}
			if f.Match(l.Entry) {
				return fn(l)
			}
			return nil
		}
		if f.Request != "" {
			rest := f
			rest.Request = ""
			return indexed(tx, f.Request, kindAccess, func(seq []byte) error {
				v := log.Get(seq)
				if v == nil {
					return damaged("the access log lacks entry %d named in its index", binary.BigEndian.Uint64(seq))
				}
				return each(seq, v, rest)
			})
		}
		c := log.Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if err := each(k, v, f); err != nil {
				return err
			}
		}
		return nil
	})
}

// ErrChainBroken marks a failed verification of the access log.
var ErrChainBroken = errors.New("the access log's hash chain is broken")

// VerifyAudit recomputes the whole hash chain, and, with a checkpoint,
// proves that the log still holds that entry with that hash. It returns the
// head.
func (s *Store) VerifyAudit(cp *audit.Checkpoint) (audit.Checkpoint, error) {
	var cps []audit.Checkpoint
	if cp != nil {
		cps = append(cps, *cp)
	}
	v := audit.NewVerifier(cps...)
	err := s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketAudit).Cursor()
		for k, val := c.First(); k != nil; k, val = c.Next() {
			if err := v.Add(k, val); err != nil {
				return &ChainBrokenError{Path: s.path, Err: err}
			}
		}
		seq, hash := v.Head()
		if h := tx.Bucket(bucketMeta).Get(keyAuditHead); h != nil {
			if len(h) != 40 || binary.BigEndian.Uint64(h) != seq || string(h[8:]) != string(hash[:]) {
				return &ChainBrokenError{Path: s.path, Ends: seq, Head: binary.BigEndian.Uint64(h)}
			}
		}
		if err := v.Finish(); err != nil {
			return &ChainBrokenError{Path: s.path, Err: err}
		}
		return nil
	})
	seq, hash := v.Head()
	return audit.Checkpoint{Seq: seq, Hash: hash}, err
}
