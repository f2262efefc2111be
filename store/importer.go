package store

import (
	"fmt"
	"io"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// Incoming is one request of an import file.
type Incoming struct {
	Index   int
	Request *authz.Request
	// Raw is the record as it stood in the file; it is kept as the version's
	// content. Nil: the request is encoded anew.
	Raw []byte
	// Staged, when a Stager made it, holds the request's encodings, so
	// that the goroutine that writes need not make them.
	Staged *Staged
}

// Staged is a request made ready for an import off the goroutine that
// writes it: its first version and its queue row, encoded as they are when
// the request is new to the store (most of a large import). A request that
// the store holds already is encoded again when it is written.
type Staged struct {
	by, source string
	row        Row
	rowVal     []byte
	version    []byte
}

// Stager returns a func that stages requests for an import by a from
// source, to be called on the decoder's workers (importfile.NewPreparingDecoder)
// so that the encoding runs on every core rather than on the one goroutine
// that writes. It is safe to call from several goroutines at once. Staged
// versions say the import began when Stager was called.
func (s *Store) Stager(a Actor, source string) func(req *authz.Request, raw []byte) any {
	at := s.now().UTC()
	return func(req *authz.Request, raw []byte) any {
		row := NewRow(req, authz.StateOpen, 1, time.Time{}, "")
		rowVal, err := encodeRow(&row)
		if err != nil {
			return nil // Import encodes it again, and reports the error
		}
		info := VersionInfo{Version: 1, Received: req.Received, ImportedAt: at, ImportedBy: a.Adviser, Source: source}
		version, err := encodeVersion(info, req, raw)
		if err != nil {
			return nil
		}
		return &Staged{by: a.Adviser, source: source, row: row, rowVal: rowVal, version: version}
	}
}

// BatchSize is how many requests one transaction of an import writes. A
// file that fits in one batch is one transaction; a larger one is written
// in batches under a journal that undoes them all if the import fails or
// the process dies, so the store holds all of a file or none of it.
const BatchSize = 4096

// Import stores the requests that next yields, all of them or none. next
// returns io.EOF after the last. A request that exists is replaced while it
// is open or waiting (its earlier version stays in its history, and waiting
// becomes open again); one in second review or decided is never changed,
// and importing it is an error.
func (s *Store) Import(a Actor, source string, next func() (Incoming, error)) (ImportStats, error) {
	im := &importer{s: s, a: a, source: source, at: s.now().UTC()}
	batch := make([]Incoming, 0, BatchSize)
	for first := true; ; first = false {
		batch = batch[:0]
		var srcErr error
		for len(batch) < BatchSize {
			in, err := next()
			if err != nil {
				srcErr = err
				break
			}
			batch = append(batch, in)
		}
		last := srcErr == io.EOF
		if srcErr != nil && !last {
			return ImportStats{}, im.fail(srcErr)
		}
		if first && last {
			// The whole file in one transaction: nothing to journal.
			err := s.update(func(tx *bolt.Tx) error {
				if err := im.write(tx, batch, false); err != nil {
					return err
				}
				return im.finish(tx)
			})
			if err != nil {
				im.reset()
				return ImportStats{}, err
			}
			break
		}
		err := s.update(func(tx *bolt.Tx) error {
			if first {
				if err := im.begin(tx); err != nil {
					return err
				}
			}
			if err := im.write(tx, batch, true); err != nil {
				return err
			}
			if last {
				return im.finish(tx)
			}
			return nil
		})
		if err != nil {
			if first {
				im.reset()
				return ImportStats{}, err
			}
			return ImportStats{}, im.fail(err)
		}
		if last {
			break
		}
		// The batch read and wrote pages all over the file; give them back.
		_ = s.view(func(tx *bolt.Tx) error { s.releaseMapped(tx); return nil })
	}
	if im.n > 0 {
		c := Change{Event: audit.EventImport, By: a.Adviser}
		if im.n <= maxListedIDs {
			c.IDs = im.ids
		}
		s.publish(c)
	}
	return im.st, nil
}

type importer struct {
	s      *Store
	a      Actor
	source string
	st     ImportStats
	// n counts the requests written; ids lists them, all of them while the
	// import is one transaction (its access-log entry indexes each), else
	// only as many as a change names.
	n   int
	ids []string
	// at is when the import began: every version it writes says so.
	at time.Time
	// seq is the access-log entry of a journaled import, written when it
	// begins; each batch indexes its requests to it.
	seq uint64
}

func (im *importer) reset() { im.st, im.n, im.ids = ImportStats{}, 0, nil }

// write stores a batch; with journal, it first notes what each request was:
// a request the store holds, its state and row, one journal entry each; the
// new ones, which undoing deletes, one entry for the batch (a million
// entries of their own cost the writer a put each, and the final
// transaction the deletion of them all).
func (im *importer) write(tx *bolt.Tx, batch []Incoming, journal bool) error {
	packAppends(tx)
	counts := readCounts(tx.Bucket(bucketMeta).Get(keyCounts))
	var fresh []byte
	for _, in := range batch {
		rec, err := im.s.stateOf(tx, in.Request.ID)
		if err != nil {
			return err
		}
		if journal {
			if rec == nil {
				fresh = appendLen(fresh, []byte(in.Request.ID))
			} else if err := im.note(tx, in.Request.ID, rec); err != nil {
				return err
			}
		}
		if err := im.s.importOne(tx, im, in, rec, &counts); err != nil {
			return err
		}
		im.n++
		if im.seq == 0 || len(im.ids) <= maxListedIDs {
			im.ids = append(im.ids, in.Request.ID)
		}
		if im.seq != 0 {
			if err := tx.Bucket(bucketRequests).Put(indexKey(in.Request.ID, kindAccess, im.seq), nil); err != nil {
				return err
			}
		}
	}
	if len(fresh) > 0 {
		j := tx.Bucket(bucketJournalIDs)
		n, err := j.NextSequence()
		if err != nil {
			return err
		}
		if err := j.Put(batchJournalKey(n), fresh); err != nil {
			return err
		}
	}
	return tx.Bucket(bucketMeta).Put(keyCounts, counts.bytes())
}

// finish writes the import's access-log entry and ends the journal.
// appendFill is how full bbolt packs the pages it splits in an import's
// transactions, for the buckets an import appends to: the versions (id 0
// version, the ids of a file mostly ascending), the journal and the
// requests bucket, which holds the access log's index beside the states
// (the same ids again). At bbolt's default of one half, every
// page of these buckets stays half empty for good: a million imported
// requests took 3.8 GB instead of 2.1, and were written as such.
const appendFill = 0.9

func packAppends(tx *bolt.Tx) {
	for _, name := range [][]byte{bucketVersions, bucketJournalIDs, bucketRequests} {
		tx.Bucket(name).FillPercent = appendFill
	}
}

func (im *importer) finish(tx *bolt.Tx) error {
	packAppends(tx)
	action := audit.Create
	if im.st.New == 0 && im.st.Replaced > 0 {
		action = audit.Update
	}
	detail := fmt.Sprintf("%s: %d new, %d replaced (%d reopened)", im.source, im.st.New, im.st.Replaced, im.st.Reopened)
	ids := im.ids
	e := audit.Entry{Action: action, Event: audit.EventImport, Detail: detail}
	if im.seq != 0 {
		// The batches indexed the requests to the entry that began it.
		e.Count, ids = im.n, nil
		e.Detail += fmt.Sprintf(" (begun as entry %d)", im.seq)
	}
	if err := im.s.appendAudit(tx, im.a, e, ids); err != nil {
		return err
	}
	return clearJournal(tx)
}

// importOne stores one request inside tx; rec is its state, nil when new.
func (s *Store) importOne(tx *bolt.Tx, im *importer, in Incoming, rec *stateRecord, counts *Counts) error {
	a, source, st := im.a, im.source, &im.st
	req := in.Request
	id := []byte(req.ID)
	if rec == nil && !isStateKey(id) {
		// No import file can hold such an id; one given through the Go API
		// would collide with another request's index entries.
		return &authz.RecordError{Index: in.Index, ID: req.ID, Field: "id", Err: &authz.Problem{Code: authz.ProblemZeroByte}}
	}
	if rec == nil && isPurged(tx, id) {
		// Its decisions are still on record under this id.
		return &authz.RecordError{Index: in.Index, ID: req.ID, Field: "id",
			Err: &authz.Problem{Code: authz.ProblemPurgedID, Value: req.ID}}
	}
	if rec != nil {
		if rec.State != authz.StateOpen && rec.State != authz.StateWaiting {
			return &authz.RecordError{Index: in.Index, ID: req.ID, Field: "id",
				Err: &authz.Problem{Code: authz.ProblemNotChangeable, Value: req.ID, State: rec.State}}
		}
		if err := tx.Bucket(bucketQueue).Delete(rec.Queue); err != nil {
			return err
		}
		counts.add(rec.State, -1)
		if rec.State == authz.StateWaiting {
			st.Reopened++
		}
		rec.State = authz.StateOpen
		rec.Version++
		st.Replaced++
	} else {
		rec = &stateRecord{State: authz.StateOpen, Version: 1}
		st.New++
		if sg := in.Staged; sg != nil && sg.by == a.Adviser && sg.source == source && sg.row.ID == req.ID {
			counts.add(rec.State, 1)
			if err := s.put(tx, bucketVersions, versionKey(req.ID, 1), sg.version); err != nil {
				return err
			}
			return s.putStateRow(tx, id, rec, &sg.row, sg.rowVal)
		}
	}
	counts.add(rec.State, 1)
	info := VersionInfo{Version: rec.Version, Received: req.Received, ImportedAt: im.at, ImportedBy: a.Adviser, Source: source}
	vb, err := encodeVersion(info, req, in.Raw)
	if err != nil {
		return err
	}
	if err := s.put(tx, bucketVersions, versionKey(req.ID, rec.Version), vb); err != nil {
		return err
	}
	return s.putState(tx, id, rec, req)
}

// encodeVersion writes {"info":…,"request":…}, with the request's raw JSON
// as it stood in the file when there is one.
func encodeVersion(info VersionInfo, req *authz.Request, raw []byte) ([]byte, error) {
	ib, err := encode(&info)
	if err != nil {
		return nil, err
	}
	if raw == nil {
		if raw, err = encode(req); err != nil {
			return nil, err
		}
	}
	b := make([]byte, 0, len(ib)+len(raw)+24)
	b = append(b, `{"info":`...)
	b = append(b, ib...)
	b = append(b, `,"request":`...)
	b = append(b, raw...)
	return append(b, '}'), nil
}
