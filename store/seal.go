package store

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	bolt "go.etcd.io/bbolt"

	"machtiging/keys"
)

// KeySize is the length of an AES-256 key.
const KeySize = 32

// sealer encrypts values with AES-256-GCM. The bucket name and the key are
// the additional authenticated data, so a value moved to another key or
// bucket fails to open just like a changed one.
type sealer struct{ aead cipher.AEAD }

func newSealer(key []byte) (*sealer, error) {
	if len(key) != KeySize {
		return nil, fmt.Errorf("the key is %d bytes, not %d", len(key), KeySize)
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, err
	}
	return &sealer{aead: aead}, nil
}

func aad(bucket, key []byte) []byte {
	a := make([]byte, 0, len(bucket)+1+len(key))
	a = append(a, bucket...)
	a = append(a, 0)
	return append(a, key...)
}

func (s *sealer) seal(bucket, key, plain []byte) []byte {
	n := s.aead.NonceSize()
	out := make([]byte, n, n+len(plain)+s.aead.Overhead())
	if _, err := rand.Read(out); err != nil {
		panic(fmt.Sprintf("crypto/rand failed: %v", err)) // the OS has no randomness: nothing is safe to write
	}
	return s.aead.Seal(out, out, plain, aad(bucket, key))
}

func (s *sealer) open(bucket, key, sealed []byte) ([]byte, error) {
	n := s.aead.NonceSize()
	if len(sealed) < n+s.aead.Overhead() {
		return nil, errors.New("too short to be sealed")
	}
	return s.aead.Open(nil, sealed[:n], sealed[n:], aad(bucket, key))
}

var sealCheckPlain = []byte("machtiging seal check")

// ErrWrongKey says that a key does not open the store.
var ErrWrongKey = errors.New("the key does not open this store (wrong key file)")

// setupSealer checks the key against the store: an encrypted store needs
// its key, and a key fits only the store it was made for.
func (s *Store) setupSealer(meta *bolt.Bucket, key []byte, fresh bool) error {
	check := meta.Get(keySealCheck)
	switch {
	case key == nil && check == nil:
		return nil
	case key == nil:
		return &OpenError{Path: s.path, Problem: OpenNoKey}
	}
	sl, err := newSealer(key)
	if err != nil {
		return fmt.Errorf("store %s: %w", s.path, err)
	}
	if check == nil {
		if !fresh && !storeIsEmpty(meta.Tx()) {
			return &OpenError{Path: s.path, Problem: OpenNotEncrypted}
		}
		if meta.Writable() {
			if err := meta.Put(keySealCheck, sl.seal(bucketMeta, keySealCheck, sealCheckPlain)); err != nil {
				return err
			}
		}
		s.sealer = sl
		return nil
	}
	plain, err := sl.open(bucketMeta, keySealCheck, check)
	if err != nil || !bytes.Equal(plain, sealCheckPlain) {
		return &OpenError{Path: s.path, Problem: OpenWrongKey}
	}
	s.sealer = sl
	return nil
}

func storeIsEmpty(tx *bolt.Tx) bool {
	for _, name := range [][]byte{bucketVersions, bucketDecisions} {
		if b := tx.Bucket(name); b != nil {
			if k, _ := b.Cursor().First(); k != nil {
				return false
			}
		}
	}
	return true
}

// put stores a value in a top-level bucket, sealed when the store is
// encrypted.
func (s *Store) put(tx *bolt.Tx, bucket, key, plain []byte) error {
	if s.sealer != nil {
		plain = s.sealer.seal(bucket, key, plain)
	}
	return tx.Bucket(bucket).Put(key, plain)
}

// get returns a copy of a value, opened when the store is encrypted; nil
// when absent.
func (s *Store) get(tx *bolt.Tx, bucket, key []byte) ([]byte, error) {
	v := tx.Bucket(bucket).Get(key)
	if v == nil {
		return nil, nil
	}
	return s.plain(bucket, key, v)
}

// plain opens a value read from bucket at key (copying it out of the
// transaction).
func (s *Store) plain(bucket, key, v []byte) ([]byte, error) {
	if s.sealer == nil {
		return bytes.Clone(v), nil
	}
	p, err := s.sealer.open(bucket, key, v)
	if err != nil {
		return nil, damaged("the value of %s %q cannot be decrypted: it was changed, or written with another key", bucket, printableKey(key))
	}
	return p, nil
}

func printableKey(k []byte) string {
	out := make([]byte, 0, len(k))
	for _, c := range k {
		if c >= 0x20 && c < 0x7f {
			out = append(out, c)
		} else {
			out = append(out, '.')
		}
	}
	return string(out)
}

// KeyPath is where the key file of a store is looked for:
// $MACHTIGING_KEY_FILE, else machtiging.key beside the store.
func KeyPath(storePath string) string {
	if p := os.Getenv("MACHTIGING_KEY_FILE"); p != "" {
		return p
	}
	return filepath.Join(filepath.Dir(storePath), "machtiging.key")
}

// LoadKey reads a key file; a missing file is (nil, nil): no encryption.
// A key file protected by a passphrase is an error here: read it with
// keys.Read and a way to ask for the passphrase (OpenKeyed).
func LoadKey(path string) ([]byte, error) {
	f, err := keys.Read(path, nil)
	if err != nil || f == nil {
		return nil, err
	}
	return f.Key, nil
}

// NewKeyFile writes 32 random bytes to a new file with mode 0600; it never
// overwrites a key, which would make the store unreadable.
func NewKeyFile(path string) ([]byte, error) {
	key := make([]byte, KeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make a key: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &keys.FileError{Path: path, Err: err}
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil, &keys.ExistsError{Path: path}
	}
	if err != nil {
		return nil, &keys.FileError{Path: path, Err: err}
	}
	if _, err := f.Write(key); err != nil {
		f.Close()
		os.Remove(path)
		return nil, &keys.FileError{Path: path, Err: err}
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(path)
		return nil, &keys.FileError{Path: path, Err: err}
	}
	return key, f.Close()
}
