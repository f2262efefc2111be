package store

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/keys"
)

// KeyLoader reads a key file: (nil, nil) when it does not exist. It asks
// for the passphrase of a protected one.
type KeyLoader func(path string) ([]byte, error)

// A key rotation writes the new key beside the key file (NewKeyPath) and
// the re-sealed store beside the store (RotatePath), then renames the
// store and then the key into place. Whoever opens the store next with
// the configured key file finds one of three states:
//   - the key opens the store: the rotation did not reach its first
//     rename; what it left beside them is removed (undone);
//   - the key does not, but the new key beside it does: the store was
//     renamed, the key not yet; the new key is renamed (finished);
//   - the key opens the store and nothing lies beside them: done.

// NewKeyPath is where a rotation writes the new key.
func NewKeyPath(keyPath string) string { return keyPath + ".new" }

// RotatePath is where a rotation writes the re-sealed store.
func RotatePath(path string) string { return path + ".rotate" }

// OpenKeyed opens the store at path with the key in keyPath, first
// finishing or undoing a key rotation that was cut off. It returns the key
// that opens the store (nil for an unencrypted one).
func OpenKeyed(path, keyPath string, load KeyLoader, opt Options) (*Store, []byte, error) {
	key, err := load(keyPath)
	if err != nil {
		return nil, nil, err
	}
	opt.Key = key
	s, err := Open(path, opt)
	if err == nil {
		if !opt.ReadOnly {
			if err := s.abandonRotation(keyPath, opt.Actor); err != nil {
				s.Close()
				return nil, nil, err
			}
		}
		return s, key, nil
	}
	newPath := NewKeyPath(keyPath)
	if !errors.Is(err, ErrWrongKey) || !exists(newPath) {
		return nil, nil, err
	}
	newKey, lerr := load(newPath)
	if lerr != nil || newKey == nil {
		return nil, nil, err
	}
	opt.Key = newKey
	s, nerr := Open(path, opt)
	if nerr != nil {
		return nil, nil, err
	}
	// The store is sealed under the new key: the rotation got past its
	// first rename and only the key is to follow.
	if err := os.Rename(newPath, keyPath); err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("store %s: finish the key rotation: %w", path, err)
	}
	if err := syncDir(filepath.Dir(keyPath)); err != nil {
		s.Close()
		return nil, nil, fmt.Errorf("store %s: finish the key rotation: %w", path, err)
	}
	if !opt.ReadOnly {
		err := s.Log(actorOr(opt.Actor), audit.Entry{Action: audit.Update, Event: audit.EventKey,
			Detail: "key rotation was interrupted after the store was re-sealed; finished on open: the new key replaced " + keyPath}, nil)
		if err != nil {
			s.Close()
			return nil, nil, err
		}
	}
	return s, newKey, nil
}

// abandonRotation removes what a rotation that did not reach its first
// rename left beside the store and its key, and logs it.
func (s *Store) abandonRotation(keyPath string, a Actor) error {
	newPath, copyPath := NewKeyPath(keyPath), RotatePath(s.path)
	found := exists(newPath) || exists(copyPath) || exists(newPath+".tmp")
	if !found {
		return nil
	}
	for _, p := range []string{copyPath, newPath, newPath + ".tmp"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("store %s: undo an interrupted key rotation: %w", s.path, err)
		}
	}
	if err := syncDir(filepath.Dir(keyPath)); err != nil {
		return fmt.Errorf("store %s: undo an interrupted key rotation: %w", s.path, err)
	}
	return s.Log(actorOr(a), audit.Entry{Action: audit.Update, Event: audit.EventKey, Outcome: audit.Refused,
		Detail: "key rotation was interrupted before the store was re-sealed; undone on open: the key is unchanged"}, nil)
}

func actorOr(a Actor) Actor {
	if a.Adviser == "" {
		return Actor{Adviser: "machtiging", AccessPoint: "local terminal"}
	}
	return a
}

func exists(path string) bool {
	_, err := os.Lstat(path)
	return err == nil
}

// Rotate re-seals every value of the store under a new key and replaces
// the key file at keyPath with it, all or nothing (see OpenKeyed). encode
// makes the new key file's bytes (protected like the old one). The store
// must be held by this process alone; afterwards it is open under the new
// key, and the old key no longer opens it. It returns the number of values
// re-sealed.
func (s *Store) Rotate(a Actor, keyPath string, encode func(key []byte) ([]byte, error)) (int, error) {
	if s.sealer == nil {
		return 0, fmt.Errorf("store %s is not encrypted: run `machtiging key init` first", s.path)
	}
	newKey, err := keys.NewKey()
	if err != nil {
		return 0, err
	}
	next, err := newSealer(newKey)
	if err != nil {
		return 0, err
	}
	data, err := encode(newKey)
	if err != nil {
		return 0, err
	}
	newPath := NewKeyPath(keyPath)
	if err := keys.Write(newPath, data, true); err != nil {
		return 0, err
	}
	atStep("new key written")
	n := 0
	change := func(tx *bolt.Tx) error {
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Update, Event: audit.EventKey,
			Detail: "key rotated: every value re-sealed under a new key, key file " + keyPath + " replaced"}, nil)
	}
	reseal := func(path [][]byte, k, v []byte) ([]byte, error) {
		top := path[0]
		if bytes.Equal(top, bucketAudit) || bytes.Equal(top, bucketJournal) {
			return v, nil // never sealed
		}
		for _, b := range [][]byte{top, path[len(path)-1]} {
			if p, err := s.sealer.open(b, k, v); err == nil {
				n++
				return next.seal(b, k, p), nil
			}
		}
		if len(path) == 1 && mustBeSealed(top, k) {
			return nil, damaged("the value of %s %q cannot be decrypted: it was changed, or written with another key", top, printableKey(k))
		}
		return v, nil
	}
	replaced, err := s.rewrite(".rotate", change, reseal, next, nil)
	if !replaced {
		os.Remove(newPath)
		return 0, err
	}
	if err != nil {
		// The store is sealed under the new key, but the rename may not
		// be durable yet: the new key takes the old one's place all the
		// same (OpenKeyed would do it too).
		err = fmt.Errorf("key rotate: %w", err)
	}
	// The store is sealed under the new key now: from here on OpenKeyed
	// finishes the rotation if this process dies.
	if err := os.Rename(newPath, keyPath); err != nil {
		return n, fmt.Errorf("key rotate: the store is re-sealed but the new key %s could not replace %s (the next command does it): %w", newPath, keyPath, err)
	}
	atStep("key renamed")
	if serr := syncDir(filepath.Dir(keyPath)); serr != nil && err == nil {
		err = fmt.Errorf("key rotate: %w", serr)
	}
	return n, err
}

// mustBeSealed tells which values of an encrypted store are sealed for
// certain: a rotation that cannot open one of them stops.
func mustBeSealed(bucket, k []byte) bool {
	switch {
	case bytes.Equal(bucket, bucketRequests):
		return isStateKey(k)
	case bytes.Equal(bucket, bucketMeta):
		return bytes.Equal(k, keySealCheck)
	}
	for _, b := range sealedBuckets {
		if bytes.Equal(b, bucket) {
			return true
		}
	}
	return false
}
