package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
)

// sealedBuckets hold patient data and are sealed when a key is present.
var sealedBuckets = [][]byte{bucketRequests, bucketVersions, bucketQueue, bucketDecisions, bucketLetters, bucketRegisters}

// Encrypt seals every value of an unencrypted store with key, in one
// transaction, and logs it. Run Compact afterwards so that the plaintext
// does not linger in free pages.
func (s *Store) Encrypt(a Actor, key []byte) error {
	if s.sealer != nil {
		return fmt.Errorf("store %s is encrypted already", s.path)
	}
	sl, err := newSealer(key)
	if err != nil {
		return err
	}
	n := 0
	err = s.update(func(tx *bolt.Tx) error {
		for _, name := range sealedBuckets {
			b := tx.Bucket(name)
			type kv struct{ k, v []byte }
			var all []kv
			if err := b.ForEach(func(k, v []byte) error {
				if bytes.Equal(name, bucketRequests) && !isStateKey(k) {
					return nil // an index entry: its key is all it holds
				}
				all = append(all, kv{append([]byte(nil), k...), sl.seal(name, k, v)})
				return nil
			}); err != nil {
				return err
			}
			for _, e := range all {
				if err := b.Put(e.k, e.v); err != nil {
					return err
				}
			}
			n += len(all)
		}
		meta := tx.Bucket(bucketMeta)
		if err := meta.Put(keySealCheck, sl.seal(bucketMeta, keySealCheck, sealCheckPlain)); err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Update, Event: audit.EventKey,
			Detail: fmt.Sprintf("store encrypted with a new key: %d values sealed", n)}, nil)
	})
	if err != nil {
		return err
	}
	s.sealer = sl
	return nil
}

// Compact rewrites the store at path into a fresh file and renames it into
// place, so that replaced or deleted values do not linger in free pages.
// The store must not be open elsewhere; the access log records it.
func Compact(path string, key []byte, a Actor) (before, after int64, err error) {
	s, err := Open(path, Options{Key: key})
	if err != nil {
		return 0, 0, err
	}
	if err := s.Log(a, audit.Entry{Action: audit.Execute, Event: audit.EventMaintenance, Detail: "compact"}, nil); err != nil {
		s.Close()
		return 0, 0, err
	}
	if fi, err := os.Stat(path); err == nil {
		before = fi.Size()
	}
	tmp := path + ".compact"
	os.Remove(tmp)
	dst, err := bolt.Open(tmp, 0o600, &bolt.Options{PageSize: PageSize, FreelistType: bolt.FreelistMapType, Timeout: LockTimeout})
	if err != nil {
		s.Close()
		os.Remove(tmp) // a full disk leaves it empty
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	err = s.wrap(protect(func() error { return bolt.Compact(dst, s.handle(), 64<<20) }))
	if err == nil {
		err = dst.Sync()
	}
	cerr := dst.Close()
	if err == nil {
		err = cerr
	}
	if err != nil {
		s.Close()
		os.Remove(tmp)
		if errors.Is(err, ErrDamaged) {
			return 0, 0, err // it names the store
		}
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	// Rename while the old file is still locked, so no one opens it between.
	if err := os.Rename(tmp, path); err != nil {
		s.Close()
		os.Remove(tmp)
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	s.Close()
	if err := syncDir(filepath.Dir(path)); err != nil {
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	if fi, err := os.Stat(path); err == nil {
		after = fi.Size()
	}
	return before, after, nil
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, os.ErrInvalid) {
		return err
	}
	return nil
}

// Backup writes a consistent copy of the store to dest (mode 0600) while it
// stays in use, from one read transaction, and logs it.
func (s *Store) Backup(a Actor, dest string) (int64, error) {
	if _, err := os.Stat(dest); err == nil {
		return 0, fmt.Errorf("backup %s: the file exists; choose a new name", dest)
	}
	if err := s.Log(a, audit.Entry{Action: audit.Execute, Event: audit.EventMaintenance, Detail: "backup to " + dest}, nil); err != nil {
		return 0, err
	}
	var size int64
	err := s.view(func(tx *bolt.Tx) error {
		size = tx.Size()
		tmp := dest + ".partial"
		if err := tx.CopyFile(tmp, 0o600); err != nil {
			os.Remove(tmp)
			return err
		}
		if err := fsyncFile(tmp); err != nil {
			os.Remove(tmp)
			return err
		}
		return os.Rename(tmp, dest)
	})
	if err != nil {
		return 0, fmt.Errorf("backup %s: %w", dest, err)
	}
	return size, nil
}

func fsyncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}

// Doctor runs every integrity check: bbolt's page consistency, the access
// log's hash chain, and that every stored value decodes (and opens, when
// encrypted). It returns a line per finding; none means healthy.
func (s *Store) Doctor(a Actor) ([]string, error) {
	var findings []string
	err := s.view(func(tx *bolt.Tx) error {
		// tx.Check reads the pages on a goroutine of its own, where a
		// damaged page panics or faults beyond recovery: it runs only on
		// a file whose structure was read safely first.
		if err := s.checkStructure(tx); err != nil {
			findings = append(findings, "bbolt: "+err.Error())
			return nil
		}
		for err := range tx.Check() {
			if len(findings) < 20 {
				findings = append(findings, "bbolt: "+err.Error())
			}
		}
		return nil
	})
	if err != nil {
		findings = append(findings, err.Error())
	}
	if len(findings) > 0 {
		return findings, nil // the pages are damaged: reading further could mislead
	}
	if _, err := s.VerifyAudit(nil); err != nil {
		findings = append(findings, err.Error())
	}
	err = s.view(func(tx *bolt.Tx) error {
		return tx.Bucket(bucketRequests).ForEach(func(k, _ []byte) error {
			if !isStateKey(k) {
				return nil
			}
			if _, err := s.record(tx, string(k)); err != nil {
				findings = append(findings, s.wrap(err).Error())
			}
			return nil
		})
	})
	if err != nil {
		findings = append(findings, err.Error())
	}
	err = s.view(func(tx *bolt.Tx) error {
		findings = append(findings, s.crossCheck(tx)...)
		return nil
	})
	if err != nil {
		findings = append(findings, err.Error())
	}
	once, twice := objectedOnce()
	if err := s.Decisions(once); err != nil {
		findings = append(findings, err.Error())
	}
	findings = append(findings, twice()...)
	outcome := audit.Success
	if len(findings) > 0 {
		outcome = audit.Refused
	}
	if err := s.Log(a, audit.Entry{Action: audit.Execute, Event: audit.EventMaintenance, Outcome: outcome,
		Detail: fmt.Sprintf("doctor: %d findings", len(findings))}, nil); err != nil {
		findings = append(findings, err.Error())
	}
	return findings, nil
}

// maxCrossFindings is how many mismatches crossCheck lists; one is enough
// to know that the store is damaged, and a damaged index could give a
// million.
const maxCrossFindings = 20

// crossCheck compares the queue with the request states: every row is of a
// request whose state names that very row, every request has a row, and
// the counts kept for the header are the queue's.
func (s *Store) crossCheck(tx *bolt.Tx) []string {
	var findings []string
	add := func(format string, args ...any) {
		if len(findings) < maxCrossFindings {
			findings = append(findings, fmt.Sprintf(format, args...))
		}
	}
	defer s.releaseMapped(tx)
	var counted Counts
	rows, states := 0, 0
	c := tx.Bucket(bucketQueue).Cursor()
	for k, v := c.First(); k != nil; k, v = c.Next() {
		if rows++; rows%releaseEvery == 0 {
			s.releaseMapped(tx)
		}
		row, err := s.row(k, v)
		if err != nil {
			add("%v", s.wrap(err))
			continue
		}
		rec, err := s.stateOf(tx, row.ID)
		switch {
		case err != nil:
			add("%v", s.wrap(err))
		case rec == nil:
			add("the queue lists request %s, which the store does not hold", row.ID)
		case !bytes.Equal(rec.Queue, k):
			add("the queue lists request %s at a place its state does not name", row.ID)
		default:
			counted.add(rec.State, 1)
			if f := s.rowAgreesWithState(tx, k, &row, rec); f != "" {
				add("%s", f)
			}
		}
	}
	err := tx.Bucket(bucketRequests).ForEach(func(k, _ []byte) error {
		if isStateKey(k) {
			states++
		}
		return nil
	})
	if err != nil {
		add("%v", s.wrap(err))
	}
	if states != rows {
		add("the store holds %d requests and its queue %d rows", states, rows)
	}
	if kept := readCounts(tx.Bucket(bucketMeta).Get(keyCounts)); kept != counted {
		add("the counts kept for the header (%+v) are not the queue's (%+v)", kept, counted)
	}
	return findings
}

// checkStructure reads the page tree that tx sees from the file with
// ReadAt, checking every page header and every element's bounds, so that
// nothing bbolt's own check dereferences lies outside its page or the file.
func (s *Store) checkStructure(tx *bolt.Tx) error {
	f, err := os.Open(s.path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	ms := readMetas(f, fi.Size())
	ps := uint64(tx.DB().Info().PageSize)
	w := &pageWalker{f: f, ps: ps, hwm: uint64(tx.Size()) / ps, size: uint64(fi.Size()), seen: map[uint64]bool{}}
	var roots []uint64
	for i, m := range ms {
		if _, id, flags := readMeta(f, int64(uint64(i)*ps)); !m.valid || id != uint64(i) || flags != 0x04 {
			return fmt.Errorf("meta page %d is damaged", i)
		}
		if m.txid != uint64(tx.ID()) {
			continue
		}
		if m.freelist != ^uint64(0) {
			if _, err := w.page(m.freelist, 0x10); err != nil {
				return fmt.Errorf("freelist: %w", err)
			}
		}
		roots = append(roots, m.root)
	}
	if roots == nil {
		// A later transaction has overwritten this one's meta page: start
		// from the buckets' roots instead.
		err = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			roots = append(roots, uint64(b.Root()))
			return nil
		})
		if err != nil {
			return err
		}
	}
	for _, root := range roots {
		if root != 0 {
			if err := w.tree(root, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

type pageWalker struct {
	f    io.ReaderAt
	ps   uint64
	hwm  uint64 // pages in use
	size uint64 // of the file
	seen map[uint64]bool
}

// page reads page id with its overflow and checks its header.
func (w *pageWalker) page(id uint64, wantFlags uint16) ([]byte, error) {
	if id < 2 || id >= w.hwm || (id+1)*w.ps > w.size {
		return nil, fmt.Errorf("page %d is out of bounds (%d pages in use)", id, w.hwm)
	}
	head := make([]byte, 16)
	if _, err := w.f.ReadAt(head, int64(id*w.ps)); err != nil {
		return nil, fmt.Errorf("page %d: %w", id, err)
	}
	le := binary.NativeEndian
	if got := le.Uint64(head); got != id {
		return nil, fmt.Errorf("page %d identifies as page %d", id, got)
	}
	flags, overflow := le.Uint16(head[8:]), uint64(le.Uint32(head[12:]))
	if wantFlags != 0 && flags != wantFlags || wantFlags == 0 && flags != 0x01 && flags != 0x02 {
		return nil, fmt.Errorf("page %d has unexpected type %#x", id, flags)
	}
	if id+overflow >= w.hwm || (id+overflow+1)*w.ps > w.size {
		return nil, fmt.Errorf("page %d runs past the pages in use (overflow %d)", id, overflow)
	}
	buf := make([]byte, (overflow+1)*w.ps)
	if _, err := w.f.ReadAt(buf, int64(id*w.ps)); err != nil {
		return nil, fmt.Errorf("page %d: %w", id, err)
	}
	return buf, nil
}

// tree checks a branch or leaf page and everything below it.
func (w *pageWalker) tree(id uint64, depth int) error {
	if depth > 64 {
		return fmt.Errorf("page %d: the tree is deeper than 64 levels", id)
	}
	if w.seen[id] {
		return fmt.Errorf("page %d is reachable twice", id)
	}
	w.seen[id] = true
	p, err := w.page(id, 0)
	if err != nil {
		return err
	}
	children, err := elements(p, id)
	if err != nil {
		return err
	}
	for _, c := range children {
		if err := w.tree(c, depth+1); err != nil {
			return err
		}
	}
	return nil
}

// elements checks the elements of a branch or leaf page p (or an inline
// bucket's page) against its bounds and returns the pages it points to.
func elements(p []byte, id uint64) ([]uint64, error) {
	le := binary.NativeEndian
	if len(p) < 16 {
		return nil, fmt.Errorf("page %d is shorter than its header", id)
	}
	flags, count := le.Uint16(p[8:]), uint64(le.Uint16(p[10:]))
	if 16+count*16 > uint64(len(p)) {
		return nil, fmt.Errorf("page %d: %d elements do not fit in it", id, count)
	}
	var children []uint64
	for i := range count {
		off := 16 + i*16
		e := p[off : off+16]
		switch flags {
		case 0x01: // branch: pos, ksize, pgid
			pos, ksize := uint64(le.Uint32(e)), uint64(le.Uint32(e[4:]))
			if off+pos+ksize > uint64(len(p)) {
				return nil, fmt.Errorf("page %d: key %d lies outside the page", id, i)
			}
			children = append(children, le.Uint64(e[8:]))
		case 0x02: // leaf: flags, pos, ksize, vsize
			pos, ksize, vsize := uint64(le.Uint32(e[4:])), uint64(le.Uint32(e[8:])), uint64(le.Uint32(e[12:]))
			end := off + pos + ksize + vsize
			if end > uint64(len(p)) {
				return nil, fmt.Errorf("page %d: element %d lies outside the page", id, i)
			}
			if le.Uint32(e)&0x01 == 0 {
				continue
			}
			v := p[off+pos+ksize : end]
			if len(v) < 16 {
				return nil, fmt.Errorf("page %d: bucket %d is too short", id, i)
			}
			if root := le.Uint64(v); root != 0 {
				children = append(children, root)
			} else if _, err := elements(v[16:], id); err != nil {
				return nil, err
			}
		default:
			return nil, fmt.Errorf("page %d has unexpected type %#x", id, flags)
		}
	}
	return children, nil
}
