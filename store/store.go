// Package store keeps requests, their versions, decisions and the access log
// in one bbolt file. Every write is one transaction that also appends its
// access-log entry, so the log and the data never disagree.
package store

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"

	"machtiging/audit"
)

// Errors that callers tell apart.
var (
	ErrNotFound = errors.New("not found")
	ErrInUse    = errors.New("in use by another process")
	ErrDamaged  = errors.New("damaged")
)

// InUseError is a store another process holds; it is ErrInUse, and a
// reader in another language finds the path in it.
type InUseError struct{ Path string }

func (e *InUseError) Error() string { return "store " + e.Path + " is in use by another process" }

// Is makes a held store ErrInUse.
func (e *InUseError) Is(target error) bool { return target == ErrInUse }

// Bucket names. Keys hold no patient data: request numbers, sequence
// numbers and dates only.
var (
	bucketMeta      = []byte("meta")
	bucketRequests  = []byte("requests")  // id -> state record; id 0 'a' seq and id 0 'd' seq -> "" (indexKey)
	bucketVersions  = []byte("versions")  // id 0 version -> version (request content)
	bucketQueue     = []byte("queue")     // queue key -> row
	bucketDecisions = []byte("decisions") // seq -> decision
	bucketAudit     = []byte("audit")     // seq -> entry
	allBuckets      = [][]byte{bucketMeta, bucketRequests, bucketVersions, bucketQueue, bucketDecisions, bucketAudit, bucketJournal, bucketJournalIDs, bucketFacts, bucketLetters, bucketPurged, bucketRegisters}

	keyCounts    = []byte("counts")
	keyAuditHead = []byte("audit_head")
	keySealCheck = []byte("seal_check")
	keySchema    = []byte("schema")
)

// schemaVersion is the layout this program writes. Schema 1 kept a
// request's indexes in buckets of their own; schema 2 ranked waiting
// requests right after second review, before reconsideration existed;
// schema 3 could still hold queue rows and state records in JSON. Open
// upgrades them all (upgrade.go, upgrade3.go, upgrade4.go).
const schemaVersion = "4"

// PageSize suits values of 1 to 3 KB: with 4 KiB pages most leaves would
// overflow and the file would double.
const PageSize = 16 << 10

// LockTimeout is how long Open waits for another process to let go.
const LockTimeout = 1500 * time.Millisecond

// Options tune Open.
type Options struct {
	// Key seals every request version, row and decision with AES-256-GCM
	// when it is 32 bytes; nil keeps the store unencrypted.
	Key []byte
	// ReadOnly opens the file without writing; it still takes a shared lock.
	ReadOnly bool
	// Timeout overrides LockTimeout.
	Timeout time.Duration
	// Actor is who Open's own writes are attributed to in the access log
	// (an upgrade of an older store); by default "machtiging".
	Actor Actor
	// Letters writes the letters of every decision that has one, in the
	// decision's transaction (letters.go); nil records decisions without.
	Letters LetterWriter
}

// Store is an open store file.
type Store struct {
	db      *bolt.DB // swapped by rewrite under dbMu; read it with handle
	dbMu    sync.RWMutex
	opts    *bolt.Options
	path    string
	sealer  *sealer
	now     func() time.Time
	letters LetterWriter

	upgradeFrom string // the older schema Open found, if any

	mu     sync.Mutex
	subs   map[chan Change]struct{}
	claims *claims

	// What is loaded of the registers, and the requests of every insured
	// with more than one: read once, kept up to date by this process's
	// writes (registers.go, siblings.go).
	regMu sync.Mutex
	regs  *Registers
	sibMu sync.Mutex
	sibs  *siblingIndex
}

// DefaultPath is the contract's store location: $XDG_DATA_HOME, else
// ~/.local/share, then machtiging/machtiging.db.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("find the data directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "machtiging", "machtiging.db"), nil
}

// Open opens or creates the store file at path: the file 0600 in a folder
// made 0700. A store held by another process is ErrInUse within the lock
// timeout, never a hang.
func Open(path string, opt Options) (*Store, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return nil, fmt.Errorf("store %s: make its folder: %w", path, err)
		}
	}
	timeout := opt.Timeout
	if timeout == 0 {
		timeout = LockTimeout
	}
	bopts := &bolt.Options{
		Timeout:      timeout,
		PageSize:     PageSize,
		FreelistType: bolt.FreelistMapType,
		ReadOnly:     opt.ReadOnly,
	}
	// A file cut short would make bbolt map pages past its end and fault
	// when it first touches them; an emptied one it would quietly make a
	// new, empty store of.
	if err := checkFileSize(path); err != nil {
		return nil, openError(path, err)
	}
	var db *bolt.DB
	err := protect(func() error {
		var err error
		db, err = bolt.Open(path, 0o600, bopts)
		return err
	})
	if err != nil {
		return nil, openError(path, err)
	}
	s := &Store{db: db, opts: bopts, path: path, now: time.Now, subs: make(map[chan Change]struct{}), letters: opt.Letters}
	if err := s.init(opt); err != nil {
		db.Close()
		if !strings.Contains(err.Error(), path) {
			// bbolt's own complaint about the file's buckets, such as a
			// bucket name holding a plain value: the file is damaged.
			err = openError(path, err)
		}
		return nil, err
	}
	if !opt.ReadOnly && s.upgradeFrom != "" {
		if err := s.upgrade(opt.Actor); err != nil {
			db.Close()
			if !strings.Contains(err.Error(), path) {
				err = fmt.Errorf("store %s: upgrade from schema %s: %w", path, s.upgradeFrom, err)
			}
			return nil, err
		}
	}
	if !opt.ReadOnly {
		// A purge's copy that a crash left unfinished: this process holds
		// the store, so no purge is writing it.
		if err := os.Remove(path + ".purge"); err != nil && !errors.Is(err, fs.ErrNotExist) {
			db.Close()
			return nil, fmt.Errorf("store %s: remove an unfinished purge's copy: %w", path, err)
		}
		// An import that was cut off (the process died) is undone, so the
		// store holds all of a file or none of it.
		if err := s.rollbackImport("was interrupted, undone on open", audit.Success); err != nil {
			db.Close()
			return nil, fmt.Errorf("store %s: undo an interrupted import: %w", path, err)
		}
	}
	return s, nil
}

func openError(path string, err error) error {
	var de *damageError
	if errors.As(err, &de) {
		de.path = path
		return de
	}
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return &InUseError{Path: path}
	case errors.Is(err, os.ErrPermission):
		return fmt.Errorf("store %s: %w", path, err)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrChecksum),
		errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, ErrDamaged):
		return &OpenError{Path: path, Problem: OpenDamaged, Err: err}
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Errorf("store %s: %w", path, err)
	}
	return &OpenError{Path: path, Problem: OpenDamaged, Err: err}
}

// init creates the buckets and sets up sealing.
func (s *Store) init(opt Options) error {
	if opt.ReadOnly {
		return s.view(func(tx *bolt.Tx) error {
			if tx.Bucket(bucketMeta) == nil {
				return &OpenError{Path: s.path, Problem: OpenNotAStore}
			}
			if v := tx.Bucket(bucketMeta).Get(keySchema); string(v) != schemaVersion {
				return &OpenError{Path: s.path, Problem: OpenSchemaOld, Schema: string(v)}
			}
			return s.setupSealer(tx.Bucket(bucketMeta), opt.Key, false)
		})
	}
	return s.update(func(tx *bolt.Tx) error {
		fresh := tx.Bucket(bucketMeta) == nil
		newFacts := tx.Bucket(bucketFacts) == nil
		for _, name := range allBuckets {
			if _, err := tx.CreateBucketIfNotExists(name); err != nil {
				return err
			}
		}
		if err := initFacts(tx, newFacts); err != nil {
			return err
		}
		meta := tx.Bucket(bucketMeta)
		if fresh {
			if err := meta.Put(keySchema, []byte(schemaVersion)); err != nil {
				return err
			}
		} else if v := meta.Get(keySchema); string(v) != schemaVersion {
			if !upgradable(string(v)) {
				return &OpenError{Path: s.path, Problem: OpenSchemaNew, Schema: string(v)}
			}
			s.upgradeFrom = string(v)
		}
		return s.setupSealer(meta, opt.Key, fresh)
	})
}

// Close closes the file.
func (s *Store) Close() error {
	s.mu.Lock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
	s.mu.Unlock()
	return s.handle().Close()
}

// Path is the file's path.
func (s *Store) Path() string { return s.path }

// Encrypted reports whether values are sealed.
func (s *Store) Encrypted() bool { return s.sealer != nil }

// DB exposes the bbolt handle to maintenance code (backup, check).
func (s *Store) DB() *bolt.DB { return s.handle() }

// handle is the bbolt handle of the file now at the store's path.
func (s *Store) handle() *bolt.DB {
	s.dbMu.RLock()
	defer s.dbMu.RUnlock()
	return s.db
}

// SetClock replaces the clock; tests use it.
func (s *Store) SetClock(now func() time.Time) { s.now = now }

// view runs a read transaction, turning a panic inside bbolt on a damaged
// page into ErrDamaged.
func (s *Store) view(fn func(*bolt.Tx) error) error {
	for {
		db := s.handle()
		err := protect(func() error { return db.View(fn) })
		if s.replaced(db, err) {
			continue
		}
		return s.wrap(err)
	}
}

// update runs a write transaction likewise. A transaction that begins on
// a file that rewrite has just replaced runs again on the new one, so no
// write lands in the file that was renamed away.
func (s *Store) update(fn func(*bolt.Tx) error) error {
	for {
		db := s.handle()
		err := protect(func() error {
			return db.Update(func(tx *bolt.Tx) error {
				if s.handle() != db {
					return errReplaced
				}
				return fn(tx)
			})
		})
		if s.replaced(db, err) {
			continue
		}
		return s.wrap(err)
	}
}

// errReplaced stops a write transaction begun on a replaced file.
var errReplaced = errors.New("the store file was replaced")

// replaced reports whether a transaction on db failed only because
// rewrite replaced the file: it is to run again on the new one.
func (s *Store) replaced(db *bolt.DB, err error) bool {
	return err != nil && s.handle() != db && (errors.Is(err, errReplaced) || errors.Is(err, bolterrors.ErrDatabaseNotOpen))
}

func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	if errors.Is(err, ErrDamaged) {
		var de *damageError
		if errors.As(err, &de) && de.path == "" {
			de.path = s.path
		}
	}
	return err
}

// damageError says which store is damaged and how.
type damageError struct {
	path string
	what string
}

func (e *damageError) Error() string {
	return fmt.Sprintf("store %s is damaged: %s; run `machtiging doctor`, or restore a backup", e.path, e.what)
}

func (e *damageError) Is(target error) bool { return target == ErrDamaged }

func damaged(format string, args ...any) error {
	return &damageError{what: fmt.Sprintf(format, args...)}
}

// protect turns a panic (bbolt panics on some damaged pages) into an error,
// and so a fault on touching the memory-mapped file (a page past its end):
// without SetPanicOnFault that would end the program.
func protect(fn func() error) (err error) {
	old := debug.SetPanicOnFault(true)
	defer func() {
		debug.SetPanicOnFault(old)
		if r := recover(); r != nil {
			err = damaged("%v", r)
		}
	}()
	return fn()
}

// Subscribe delivers a Change after every committed write; call the func to
// stop. A slow subscriber gets one merged "reload everything" change.
func (s *Store) Subscribe() (<-chan Change, func()) {
	ch := make(chan Change, 8)
	s.mu.Lock()
	s.subs[ch] = struct{}{}
	s.mu.Unlock()
	return ch, func() {
		s.mu.Lock()
		if _, ok := s.subs[ch]; ok {
			delete(s.subs, ch)
			close(ch)
		}
		s.mu.Unlock()
	}
}

func (s *Store) publish(c Change) {
	s.keepSiblings(c)
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		select {
		case ch <- c:
		default:
			select {
			case <-ch:
			default:
			}
			select {
			case ch <- Change{Event: c.Event, By: c.By}:
			default:
			}
		}
	}
}
