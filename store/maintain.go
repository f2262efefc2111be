package store

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// sealedBuckets hold patient data and are sealed when a key is present.
var sealedBuckets = [][]byte{bucketRequests, bucketVersions, bucketQueue, bucketDecisions}

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
		return 0, 0, fmt.Errorf("compact %s: %w", path, err)
	}
	err = protect(func() error { return bolt.Compact(dst, s.db, 64<<20) })
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
			if _, err := s.record(tx, string(k)); err != nil {
				findings = append(findings, err.Error())
			}
			return nil
		})
	})
	if err != nil {
		findings = append(findings, err.Error())
	}
	if err := s.Scan(ViewAll, func(*Row) bool { return true }); err != nil {
		findings = append(findings, err.Error())
	}
	if err := s.Decisions(func(*authz.Decision) error { return nil }); err != nil {
		findings = append(findings, err.Error())
	}
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
