package store

import (
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/go-json-experiment/json"
	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// Retention: a purge removes, for every request whose last decision is
// final and was made before a day, every version, its letters, its queue
// row and its state, and the free text of its decisions; the decision
// records (export still lists them), their report facts and the access
// log stay, and a tombstone without patient data says that the request
// was purged. The purge is written as a fresh copy of the store (see
// rewrite), so it is all or nothing and leaves no trace in free pages.

// bucketPurged holds id -> tombstone (JSON): no patient data.
var bucketPurged = []byte("purged")

// ErrPurged marks a request whose data a purge removed; such an error is
// ErrNotFound too.
var ErrPurged = errors.New("purged")

// Tombstone is what stays of a purged request besides its decisions.
type Tombstone struct {
	ID       string      `json:"id"`
	State    authz.State `json:"state"`     // the final state it had
	Decided  authz.Date  `json:"decided"`   // the day of its last decision
	PurgedAt time.Time   `json:"purged_at"` // when the purge ran
	Before   authz.Date  `json:"before"`    // the purge's --decided-before
}

// PurgedError is the error for a purged request.
type PurgedError struct{ Tombstone }

func (e *PurgedError) Error() string {
	return fmt.Sprintf("request %s was purged on %s (its last decision, of %s, was before %s): its data is gone; its decision records remain in the export",
		e.ID, authz.DateOf(e.PurgedAt.UTC()), e.Decided, e.Before)
}

// Is makes a purged request ErrPurged and ErrNotFound.
func (e *PurgedError) Is(target error) bool { return target == ErrPurged || target == ErrNotFound }

// missing is the error for a request id the store does not hold: purged,
// or never there.
func missing(tx *bolt.Tx, id string) error {
	if b := tx.Bucket(bucketPurged); b != nil {
		if v := b.Get([]byte(id)); v != nil {
			var t Tombstone
			if err := json.Unmarshal(v, &t); err == nil {
				return &PurgedError{t}
			}
			return &PurgedError{Tombstone{ID: id}}
		}
	}
	return notFound(id)
}

// PurgeResult says what a purge removed, or with DryRun would remove.
type PurgeResult struct {
	Before   authz.Date
	DryRun   bool
	IDs      []string // the purged requests, in queue order (newest decision first)
	Versions int      // request versions removed
	Letters  int      // stored letters removed
	Reasons  int      // decisions whose free text was cleared
	Kept     int      // decisions kept (their records stay)
	// SizeBefore and SizeAfter are the store file's sizes.
	SizeBefore, SizeAfter int64
}

// Purge removes the data of every request whose last decision is final
// and was made (its day) before the day before, all or nothing, and logs
// it; with dryRun it only says what would go (and logs that it looked).
// It works on a store that others use at the same time (the team
// server's): they go on with the new file.
func (s *Store) Purge(a Actor, before authz.Date, dryRun bool) (PurgeResult, error) {
	res := PurgeResult{Before: before, DryRun: dryRun}
	if fi, err := os.Stat(s.path); err == nil {
		res.SizeBefore = fi.Size()
	}
	if dryRun {
		err := s.update(func(tx *bolt.Tx) error {
			if err := s.purgeable(tx, &res); err != nil {
				return err
			}
			return s.appendAudit(tx, a, purgeEntry(&res), res.IDs)
		})
		res.SizeAfter = res.SizeBefore
		return res, err
	}
	replaced, err := s.rewrite(".purge", func(tx *bolt.Tx) error {
		res = PurgeResult{Before: before, SizeBefore: res.SizeBefore}
		if err := s.purgeable(tx, &res); err != nil {
			return err
		}
		if len(res.IDs) == 0 {
			return errNothingToPurge
		}
		return s.purge(tx, a, &res)
	}, nil, nil, nil)
	if errors.Is(err, errNothingToPurge) {
		// Nothing qualifies: the file is not rewritten, the look is logged.
		res = PurgeResult{Before: before, SizeBefore: res.SizeBefore, SizeAfter: res.SizeBefore}
		return res, s.Log(a, purgeEntry(&res), nil)
	}
	if err != nil && !replaced {
		return PurgeResult{}, err
	}
	if err != nil {
		// The purge is done, but the rename may not be durable yet.
		return res, err
	}
	if fi, err := os.Stat(s.path); err == nil {
		res.SizeAfter = fi.Size()
	}
	s.publish(Change{Event: audit.EventPurge, By: a.Adviser})
	return res, nil
}

var errNothingToPurge = errors.New("nothing to purge")

func purgeEntry(r *PurgeResult) audit.Entry {
	e := audit.Entry{Action: audit.Delete, Event: audit.EventPurge, Count: len(r.IDs),
		Detail: fmt.Sprintf("purge of requests decided before %s: %d requests, %d versions, %d letters removed; %d decision reasons cleared, %d decision records kept",
			r.Before, len(r.IDs), r.Versions, r.Letters, r.Reasons, r.Kept)}
	if r.DryRun {
		e.Action = audit.Read
		e.Detail = "dry run: " + e.Detail
	}
	return e
}

// purgeable finds the requests a purge before res.Before takes, and counts
// what would go of them.
func (s *Store) purgeable(tx *bolt.Tx, res *PurgeResult) error {
	lo, hi := viewRange(ViewDecided)
	c := tx.Bucket(bucketQueue).Cursor()
	for k, v := c.Seek(lo); inRange(k, lo, hi); k, v = c.Next() {
		row, err := s.row(k, v)
		if err != nil {
			return err
		}
		if !row.State.Final() {
			continue
		}
		ds, err := s.decisionsOf(tx, row.ID)
		if err != nil {
			return err
		}
		if len(ds) == 0 || decisionDay(&ds[len(ds)-1]) >= res.Before {
			continue
		}
		rec, err := s.stateOf(tx, row.ID)
		if err != nil {
			return err
		}
		if rec == nil || !rec.State.Final() {
			continue
		}
		res.IDs = append(res.IDs, row.ID)
		res.Versions += rec.Version
		res.Kept += len(ds)
		for i := range ds {
			if ds[i].Reason != "" {
				res.Reasons++
			}
			if b := tx.Bucket(bucketLetters); b != nil && b.Get(seqKey(ds[i].Seq)) != nil {
				res.Letters++
			}
		}
	}
	return nil
}

// purge removes the data of res.IDs inside tx and logs it.
func (s *Store) purge(tx *bolt.Tx, a Actor, res *PurgeResult) error {
	counts := readCounts(tx.Bucket(bucketMeta).Get(keyCounts))
	purged, err := tx.CreateBucketIfNotExists(bucketPurged)
	if err != nil {
		return err
	}
	at := s.now().UTC()
	for _, id := range res.IDs {
		rec, err := s.stateOf(tx, id)
		if err != nil {
			return err
		}
		// The report's figures stay: facts of decisions older than the
		// facts bucket are worked out now, while the versions are there.
		if err := s.keepFacts(tx, id); err != nil {
			return err
		}
		ds, err := s.decisionsOf(tx, id)
		if err != nil {
			return err
		}
		for i := range ds {
			if err := s.deleteLetters(tx, ds[i].Seq); err != nil {
				return err
			}
			ds[i].Reason, ds[i].Purged = "", true
			b, err := encode(&ds[i])
			if err != nil {
				return err
			}
			if err := s.put(tx, bucketDecisions, seqKey(ds[i].Seq), b); err != nil {
				return err
			}
		}
		for n := 1; n <= rec.Version; n++ {
			if err := tx.Bucket(bucketVersions).Delete(versionKey(id, n)); err != nil {
				return err
			}
		}
		if err := tx.Bucket(bucketQueue).Delete(rec.Queue); err != nil {
			return err
		}
		if err := tx.Bucket(bucketRequests).Delete([]byte(id)); err != nil {
			return err
		}
		counts.add(rec.State, -1)
		t := Tombstone{ID: id, State: rec.State, Decided: decisionDay(&ds[len(ds)-1]), PurgedAt: at, Before: res.Before}
		tb, err := json.Marshal(&t)
		if err != nil {
			return err
		}
		if err := purged.Put([]byte(id), tb); err != nil {
			return err
		}
	}
	if err := tx.Bucket(bucketMeta).Put(keyCounts, counts.bytes()); err != nil {
		return err
	}
	return s.appendAudit(tx, a, purgeEntry(res), res.IDs)
}

// Purged returns the tombstone of a purged request; false when the
// request was not purged.
func (s *Store) Purged(id string) (Tombstone, bool, error) {
	var t Tombstone
	found := false
	err := s.view(func(tx *bolt.Tx) error {
		b := tx.Bucket(bucketPurged)
		if b == nil {
			return nil
		}
		v := b.Get([]byte(id))
		if v == nil {
			return nil
		}
		found = true
		if err := json.Unmarshal(v, &t); err != nil {
			return damaged("the tombstone of request %s cannot be read: %v", id, err)
		}
		return nil
	})
	return t, found, err
}

// isPurged reports whether a request id was purged (an import does not
// reuse it).
func isPurged(tx *bolt.Tx, id []byte) bool {
	b := tx.Bucket(bucketPurged)
	return b != nil && b.Get(id) != nil
}
