package store

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"
)

// valueFunc rewrites one value on its way into the copy; path names the
// buckets that hold it, outermost first.
type valueFunc func(path [][]byte, k, v []byte) ([]byte, error)

// rewriteStep names the moments of a rewrite, for tests that stop the
// process at each.
type rewriteStep string

const (
	stepChanged rewriteStep = "changed" // change ran in the old file's transaction
	stepCopied  rewriteStep = "copied"  // the copy is whole and durable
	stepRenamed rewriteStep = "renamed" // the copy is the store file
)

// crashHook, when set (by tests), runs at each step of a rewrite and of a
// key rotation; a test ends the process there.
var crashHook func(step string)

func atStep(step string) {
	if crashHook != nil {
		crashHook(step)
	}
}

// rewrite replaces the store file by a fresh copy of what change leaves in
// a write transaction, every value passed through transform (nil keeps it).
// That transaction is never committed to the old file: the copy is
// written beside it (path+suffix), fsynced, and renamed over the store
// only when it is whole, so a crash at any moment leaves the old file or
// the new one, and the new one keeps no trace of removed values in free
// pages. sealer, when not nil, is the sealer of the new file. beforeRename
// runs once the copy is durable.
//
// Readers go on reading the old file meanwhile; writers wait, and a write
// that began on the old file runs again on the new one.
//
// replaced reports whether the new file took the store's place, which it
// may have done even when err is not nil (the folder's fsync failed).
func (s *Store) rewrite(suffix string, change func(tx *bolt.Tx) error, transform valueFunc, sl *sealer, beforeRename func() error) (replaced bool, err error) {
	old := s.handle()
	tmp := s.path + suffix
	os.Remove(tmp)
	var fresh *bolt.DB
	err = protect(func() error {
		tx, err := old.Begin(true)
		if err != nil {
			return err
		}
		defer tx.Rollback()
		if err := change(tx); err != nil {
			return err
		}
		atStep(string(stepChanged))
		if err := copyInto(tx, tmp, transform); err != nil {
			return err
		}
		atStep(string(stepCopied))
		// The new file is opened, and locked, before it takes the store's
		// name, so no other process can open it in between.
		opts := *s.opts
		opts.ReadOnly = false
		fresh, err = bolt.Open(tmp, 0o600, &opts)
		if err != nil {
			return err
		}
		if beforeRename != nil {
			if err := beforeRename(); err != nil {
				return err
			}
		}
		if err := os.Rename(tmp, s.path); err != nil {
			return err
		}
		// From here on the new file is the store, whatever else fails.
		s.dbMu.Lock()
		s.db = fresh
		if sl != nil {
			s.sealer = sl
		}
		s.dbMu.Unlock()
		atStep(string(stepRenamed))
		return syncDir(filepath.Dir(s.path))
	})
	replaced = s.handle() == fresh
	if !replaced {
		if fresh != nil {
			fresh.Close()
		}
		os.Remove(tmp)
		return false, s.wrap(err)
	}
	// The old file is gone from the folder; close it once its readers are
	// done.
	old.Close()
	return true, s.wrap(err)
}

// copyMaxTx is how many bytes of keys and values one transaction of the
// copy writes.
const copyMaxTx = 64 << 20

// copyInto writes everything tx sees, bucket sequences included, into a
// new bbolt file at path, and fsyncs it.
func copyInto(tx *bolt.Tx, path string, transform valueFunc) error {
	dst, err := bolt.Open(path, 0o600, &bolt.Options{PageSize: PageSize, FreelistType: bolt.FreelistMapType,
		Timeout: LockTimeout, NoSync: true, NoFreelistSync: false})
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("write %s: %w", path, err)
	}
	c := &copier{dst: dst, transform: transform}
	err = c.begin()
	if err == nil {
		err = tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			return c.bucket([][]byte{bytes.Clone(name)}, b)
		})
	}
	if err == nil {
		err = c.tx.Commit()
		c.tx = nil
	}
	if c.tx != nil {
		c.tx.Rollback()
	}
	if err == nil {
		err = dst.Sync()
	}
	if cerr := dst.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		if errors.Is(err, ErrDamaged) {
			return err
		}
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

type copier struct {
	dst       *bolt.DB
	tx        *bolt.Tx
	size      int
	transform valueFunc
}

func (c *copier) begin() error {
	tx, err := c.dst.Begin(true)
	c.tx, c.size = tx, 0
	return err
}

// target returns the copy's bucket at path, made with sequence seq when new.
func (c *copier) target(path [][]byte) *bolt.Bucket {
	b := c.tx.Bucket(path[0])
	for _, name := range path[1:] {
		b = b.Bucket(name)
	}
	b.FillPercent = 1 // keys arrive in order: fill every page
	return b
}

func (c *copier) bucket(path [][]byte, src *bolt.Bucket) error {
	var nb *bolt.Bucket
	var err error
	if len(path) == 1 {
		nb, err = c.tx.CreateBucket(path[0])
	} else {
		nb, err = c.target(path[:len(path)-1]).CreateBucket(path[len(path)-1])
	}
	if err != nil {
		return err
	}
	if err := nb.SetSequence(src.Sequence()); err != nil {
		return err
	}
	cur := src.Cursor()
	for k, v := cur.First(); k != nil; k, v = cur.Next() {
		if v == nil && src.Bucket(k) != nil {
			if err := c.bucket(append(path[:len(path):len(path)], bytes.Clone(k)), src.Bucket(k)); err != nil {
				return err
			}
			continue
		}
		if c.transform != nil {
			nv, err := c.transform(path, k, v)
			if err != nil {
				return err
			}
			v = nv
		}
		if c.size += len(k) + len(v); c.size > copyMaxTx {
			if err := c.tx.Commit(); err != nil {
				return err
			}
			if err := c.begin(); err != nil {
				return err
			}
		}
		if err := c.target(path).Put(k, v); err != nil {
			return err
		}
	}
	return nil
}
