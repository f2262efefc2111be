package store

import (
	"fmt"
	"strconv"
)

// OpenProblem is why a store could not be opened, as data, so that a
// message can be given in any language.
type OpenProblem uint8

// The problems of opening a store.
const (
	OpenDamaged      OpenProblem = iota + 1 // the file is not a sound bbolt file (Err says how)
	OpenNotAStore                           // empty, or not a machtiging store
	OpenSchemaOld                           // Schema: a read-only open of an older schema
	OpenSchemaNew                           // Schema: a schema this program does not read
	OpenNoKey                               // encrypted, and no key was found
	OpenNotEncrypted                        // a key was given for a store that is not encrypted
	OpenWrongKey                            // the key does not open the store (ErrWrongKey)
)

// OpenError is a store that could not be opened. Its text is the English
// line the command line prints; Problem says it as data.
type OpenError struct {
	Path    string
	Problem OpenProblem
	Schema  string // the file's schema (OpenSchemaOld, OpenSchemaNew)
	Err     error  // the underlying error (OpenDamaged, OpenWrongKey)
}

func (e *OpenError) Error() string {
	switch e.Problem {
	case OpenDamaged:
		return fmt.Sprintf("store %s is %v (%v): restore it from a backup", e.Path, ErrDamaged, e.Err)
	case OpenNotAStore:
		return fmt.Sprintf("store %s is empty or not a machtiging store", e.Path)
	case OpenSchemaOld:
		return fmt.Sprintf("store %s has schema %s; this program reads schema %s (open it once for writing to upgrade it)", e.Path, strconv.Quote(e.Schema), schemaVersion)
	case OpenSchemaNew:
		return fmt.Sprintf("store %s has schema %s; this program reads schema %s", e.Path, strconv.Quote(e.Schema), schemaVersion)
	case OpenNoKey:
		return fmt.Sprintf("store %s is encrypted and no key was found: set MACHTIGING_KEY_FILE to its key file", e.Path)
	case OpenNotEncrypted:
		return fmt.Sprintf("store %s is not encrypted: run `machtiging key init` to encrypt it", e.Path)
	case OpenWrongKey:
		return fmt.Sprintf("store %s: %v", e.Path, ErrWrongKey)
	}
	return fmt.Sprintf("store %s: %v", e.Path, e.Err)
}

// Unwrap gives the underlying error; a damaged store is ErrDamaged and a
// wrong key ErrWrongKey.
func (e *OpenError) Unwrap() []error {
	switch e.Problem {
	case OpenDamaged:
		return []error{ErrDamaged, e.Err}
	case OpenWrongKey:
		return []error{ErrWrongKey}
	}
	if e.Err != nil {
		return []error{e.Err}
	}
	return nil
}

// SchemaVersion is the schema this program writes and reads.
func SchemaVersion() string { return schemaVersion }

// Damage says which store a damage error is about; a reader in another
// language finds it with errors.As(err, &d) for a d of this interface.
type Damage interface {
	error
	// DamagedStore is the store's path and what is damaged (in English,
	// the words of bbolt or of the check that found it).
	DamagedStore() (path, what string)
}

// DamagedStore is the store's path and what is damaged.
func (e *damageError) DamagedStore() (string, string) { return e.path, e.what }

// ChainBrokenError is an access log that fails verification (it is
// ErrChainBroken): Err says where and how (an *audit.ChainError, or a
// checkpoint that cannot be checked); without Err, the log ends at entry
// Ends while the store's head names entry Head.
type ChainBrokenError struct {
	Path       string
	Err        error
	Ends, Head uint64
}

func (e *ChainBrokenError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("store %s: %v: %v", e.Path, ErrChainBroken, e.Err)
	}
	return fmt.Sprintf("store %s: %v: the log ends at entry %d but the store's head names entry %d: entries were removed", e.Path, ErrChainBroken, e.Ends, e.Head)
}

// Is makes it ErrChainBroken.
func (e *ChainBrokenError) Is(target error) bool { return target == ErrChainBroken }

func (e *ChainBrokenError) Unwrap() error { return e.Err }
