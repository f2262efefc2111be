package store

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// putState writes a request's state record and its queue row.
func (s *Store) putState(tx *bolt.Tx, id []byte, rec *stateRecord, req *authz.Request) error {
	row := rowOf(req, rec)
	rb, err := encodeRow(&row)
	if err != nil {
		return err
	}
	return s.putStateRow(tx, id, rec, &row, rb)
}

// putStateRow is putState with the row made and encoded already.
func (s *Store) putStateRow(tx *bolt.Tx, id []byte, rec *stateRecord, row *Row, rowVal []byte) error {
	if rec.State == authz.StateOpen {
		packOpen(tx)
	}
	rec.Queue = row.Key
	if err := s.put(tx, bucketQueue, rec.Queue, rowVal); err != nil {
		return err
	}
	return s.put(tx, bucketRequests, id, encodeState(rec))
}

// openFill is how full bbolt packs the pages of the queue and the request
// states when it splits them in a transaction that puts open requests: an
// import, which adds rows in runs of ascending keys (each run one due date,
// urgency and day received, in id order; the ids of a file mostly
// ascending). At bbolt's default of one half, every page that fills is
// left half empty for good; packed, the queue of a million requests takes
// 193 MB (84% used) instead of some 340, which is what a scan of the queue
// reads and maps into memory. Decisions move rows to the front of other
// parts of the queue one at a time, where packed pages would split into a
// full page and a nearly empty one; their transactions keep the default.
const openFill = 0.9

func packOpen(tx *bolt.Tx) {
	tx.Bucket(bucketQueue).FillPercent = openFill
	tx.Bucket(bucketRequests).FillPercent = openFill
}

// stateOf reads a request's state record; nil when there is none.
func (s *Store) stateOf(tx *bolt.Tx, id string) (*stateRecord, error) {
	if !isStateKey([]byte(id)) {
		return nil, nil // an index entry's key, not a request's
	}
	b, err := s.get(tx, bucketRequests, []byte(id))
	if err != nil || b == nil {
		return nil, err
	}
	rec := new(stateRecord)
	if err := decodeState(b, rec); err != nil {
		return nil, damaged("the state of request %s cannot be read: %v", id, err)
	}
	return rec, nil
}

// version reads one version of a request.
func (s *Store) version(tx *bolt.Tx, id string, n int) (*storedVersion, error) {
	b, err := s.get(tx, bucketVersions, versionKey(id, n))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, damaged("version %d of request %s is missing", n, id)
	}
	v := new(storedVersion)
	if err := decode(b, v); err != nil {
		return nil, damaged("version %d of request %s cannot be read: %v", n, id, err)
	}
	return v, nil
}

// NotFoundError is the error for an unknown request id; it is ErrNotFound,
// and a reader in another language finds the id in it.
type NotFoundError struct{ ID string }

func (e *NotFoundError) Error() string { return "request " + e.ID + ": not found" }

// Is makes an unknown request ErrNotFound.
func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }

// notFound is the error for an unknown request id.
func notFound(id string) error { return &NotFoundError{ID: id} }

// record reads everything about a request inside tx.
func (s *Store) record(tx *bolt.Tx, id string) (*Record, error) {
	rec, err := s.stateOf(tx, id)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, missing(tx, id)
	}
	out := &Record{State: rec.State, Version: rec.Version}
	for n := 1; n <= rec.Version; n++ {
		v, err := s.version(tx, id, n)
		if err != nil {
			return nil, err
		}
		out.Versions = append(out.Versions, v.Info)
		if n == rec.Version {
			out.Request = v.Request
		}
	}
	out.Decisions, err = s.decisionsOf(tx, id)
	if err != nil {
		return nil, err
	}
	if rec.State == authz.StateSecondReview {
		for i := range out.Decisions {
			if out.Decisions[i].Seq == rec.ProposalSeq {
				out.Proposal = &out.Decisions[i]
			}
		}
		if out.Proposal == nil {
			return nil, damaged("request %s awaits second review but its proposal %d is missing", id, rec.ProposalSeq)
		}
	}
	return out, nil
}

// Get reads a whole request and logs the read in the access log.
func (s *Store) Get(a Actor, id string) (*Record, error) {
	var out *Record
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		out, err = s.record(tx, id)
		if errors.Is(err, ErrNotFound) {
			return err
		}
		if err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Read, Event: audit.EventView}, []string{id})
	})
	return out, err
}

// Peek reads a whole request without logging, for code that logs the
// access itself (the CLI's check names every request it read in one entry).
func (s *Store) Peek(id string) (*Record, error) {
	var out *Record
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = s.record(tx, id)
		return err
	})
	return out, err
}

// Version reads an earlier (or the current) version of a request.
func (s *Store) Version(id string, n int) (*authz.Request, VersionInfo, error) {
	var v *storedVersion
	err := s.view(func(tx *bolt.Tx) error {
		rec, err := s.stateOf(tx, id)
		if err != nil {
			return err
		}
		if rec == nil {
			return missing(tx, id)
		}
		if n < 1 || n > rec.Version {
			return fmt.Errorf("request %s has no version %d (it has 1 to %d)", id, n, rec.Version)
		}
		v, err = s.version(tx, id, n)
		return err
	})
	if err != nil {
		return nil, VersionInfo{}, err
	}
	return v.Request, v.Info, nil
}

// RevealBSN logs that the full BSN of a request was shown, and returns it.
func (s *Store) RevealBSN(a Actor, id string) (string, error) {
	var bsn string
	err := s.update(func(tx *bolt.Tx) error {
		rec, err := s.stateOf(tx, id)
		if err != nil {
			return err
		}
		if rec == nil {
			return missing(tx, id)
		}
		v, err := s.version(tx, id, rec.Version)
		if err != nil {
			return err
		}
		bsn = v.Request.Insured.BSN
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Read, Event: audit.EventRevealBSN}, []string{id})
	})
	return bsn, err
}

// Counts returns the number of requests in each state.
func (s *Store) Counts() (Counts, error) {
	var c Counts
	err := s.view(func(tx *bolt.Tx) error {
		c = readCounts(tx.Bucket(bucketMeta).Get(keyCounts))
		return nil
	})
	return c, err
}

// viewRange returns the first byte of a view's keys and the first byte
// past them.
func viewRange(v View) (lo, hi []byte) {
	switch v {
	case ViewOpen:
		return []byte{authz.QueueRankOf(authz.StateOpen)}, []byte{authz.QueueRankOf(authz.StateOpen) + 1}
	case ViewSecondReview:
		return []byte{authz.QueueRankOf(authz.StateSecondReview)}, []byte{authz.QueueRankOf(authz.StateSecondReview) + 1}
	case ViewWaiting:
		return []byte{authz.QueueRankOf(authz.StateWaiting)}, []byte{authz.QueueRankOf(authz.StateWaiting) + 1}
	case ViewReconsideration:
		return []byte{authz.QueueRankOf(authz.StateReconsideration)}, []byte{authz.QueueRankOf(authz.StateReconsideration) + 1}
	case ViewDecided:
		return []byte{authz.QueueRankOf(authz.StateApproved)}, []byte{authz.QueueRankOf(authz.StateApproved) + 1}
	}
	return nil, nil
}

func inRange(k, lo, hi []byte) bool {
	return k != nil && (lo == nil || bytes.Compare(k, lo) >= 0) && (hi == nil || bytes.Compare(k, hi) < 0)
}

// Rows reads up to n rows of a view in queue order strictly after the row
// whose key is after (nil: from the first); with reverse, strictly before
// it (nil: from the last), in reverse order.
func (s *Store) Rows(v View, after []byte, n int, reverse bool) ([]Row, error) {
	out := make([]Row, 0, n)
	err := s.view(func(tx *bolt.Tx) error {
		lo, hi := viewRange(v)
		c := tx.Bucket(bucketQueue).Cursor()
		var k, val []byte
		switch {
		case !reverse && after == nil && lo == nil:
			k, val = c.First()
		case !reverse && after == nil:
			k, val = c.Seek(lo)
		case !reverse:
			k, val = c.Seek(after)
			if k != nil && bytes.Equal(k, after) {
				k, val = c.Next()
			}
		case after == nil && hi == nil:
			k, val = c.Last()
		default:
			from := after
			if from == nil {
				from = hi
			}
			k, val = c.Seek(from)
			if k == nil {
				k, val = c.Last()
			}
			for k != nil && bytes.Compare(k, from) >= 0 {
				k, val = c.Prev()
			}
		}
		for inRange(k, lo, hi) && len(out) < n {
			row, err := s.row(k, val)
			if err != nil {
				return err
			}
			out = append(out, row)
			if reverse {
				k, val = c.Prev()
			} else {
				k, val = c.Next()
			}
		}
		return nil
	})
	return out, err
}

// row decodes a queue row read at k. Decoding copies what it keeps, so an
// unencrypted value is decoded where it lies in the transaction's memory.
func (s *Store) row(k, v []byte) (Row, error) {
	if s.sealer != nil {
		p, err := s.plain(bucketQueue, k, v)
		if err != nil {
			return Row{}, err
		}
		v = p
	}
	row, err := decodeRow(k, v)
	if err != nil {
		return Row{}, damaged("a queue row cannot be read: %v", err)
	}
	return row, nil
}

// Scan calls fn for every row of a view in queue order until it returns
// false.
func (s *Store) Scan(v View, fn func(*Row) bool) error {
	return s.view(func(tx *bolt.Tx) error {
		lo, hi := viewRange(v)
		c := tx.Bucket(bucketQueue).Cursor()
		k, val := c.First()
		if lo != nil {
			k, val = c.Seek(lo)
		}
		defer s.releaseMapped(tx)
		for n := 1; inRange(k, lo, hi); k, val = c.Next() {
			if n++; n%releaseEvery == 0 {
				s.releaseMapped(tx)
			}
			row, err := s.row(k, val)
			if err != nil {
				return err
			}
			if !fn(&row) {
				return nil
			}
		}
		return nil
	})
}

// releaseEvery is how many rows a scan reads between giving back the pages
// of the file it mapped: some 1 MB of the queue.
const releaseEvery = 8192

// Row reads the queue row of one request.
func (s *Store) Row(id string) (Row, error) {
	var row Row
	err := s.view(func(tx *bolt.Tx) error {
		rec, err := s.stateOf(tx, id)
		if err != nil {
			return err
		}
		if rec == nil {
			return missing(tx, id)
		}
		v := tx.Bucket(bucketQueue).Get(rec.Queue)
		if v == nil {
			return damaged("request %s is missing from the queue index", id)
		}
		row, err = s.row(rec.Queue, v)
		return err
	})
	return row, err
}

// Match reports whether a row matches a filter query: a case-insensitive
// part of the id, the insured's name or the provider, or the full BSN.
func (r *Row) Match(query string) bool {
	q := strings.TrimSpace(query)
	if q == "" {
		return true
	}
	if q == r.BSN {
		return true
	}
	return containsFold(r.ID, q) || containsFold(r.Name, q) || containsFold(r.Provider, q)
}

func containsFold(s, sub string) bool {
	return strings.Contains(strings.ToLower(s), strings.ToLower(sub))
}
