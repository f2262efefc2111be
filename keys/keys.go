// Package keys reads and writes the key file of an encrypted store: 32 raw
// bytes, or, protected by a passphrase, the key sealed with AES-256-GCM
// under a key derived from the passphrase with argon2id (a random salt;
// the parameters are kept in the file).
package keys

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/crypto/argon2"
)

// Size is the length of a store key (AES-256).
const Size = 32

// Params are argon2id's costs.
type Params struct {
	Time      uint32 `json:"time"`
	MemoryKiB uint32 `json:"memory_kib"`
	Threads   uint8  `json:"threads"`
}

// DefaultParams are RFC 9106's second recommended choice: 3 passes over
// 64 MiB with 4 lanes, some 0.1 to 0.3 s on a laptop. Tests lower them.
var DefaultParams = Params{Time: 3, MemoryKiB: 64 << 10, Threads: 4}

// Bounds on what a key file may ask for, so that a damaged file cannot make
// the program allocate without end.
const (
	maxTime      = 64
	maxMemoryKiB = 4 << 20 // 4 GiB
	saltSize     = 16
)

// Errors that callers tell apart.
var (
	// ErrWrongPassphrase: the passphrase does not open the key file.
	ErrWrongPassphrase = errors.New("the passphrase is wrong")
	// ErrNoPassphrase: the key file is protected and no passphrase could
	// be asked for.
	ErrNoPassphrase = errors.New("it is protected by a passphrase: type it on a terminal, or name a file holding it in MACHTIGING_PASSPHRASE_FILE")
)

// Passphrase asks for the passphrase of a protected key file; it is called
// only when one is needed.
type Passphrase func(keyPath string) (string, error)

// File is what a key file holds.
type File struct {
	Key       []byte
	Protected bool
}

// protected is the form of a protected key file.
type protected struct {
	Format int    `json:"machtiging_key"`
	KDF    string `json:"kdf"`
	Params
	Salt   string `json:"salt"`
	Sealed string `json:"sealed"`
}

const formatVersion = 1

// IsProtected tells a protected key file's bytes from a raw key.
func IsProtected(b []byte) bool {
	return len(b) != Size && bytes.HasPrefix(b, []byte(`{"machtiging_key":`))
}

// Read reads a key file; a missing file is (nil, nil): no encryption. A
// protected file asks ask for its passphrase.
func Read(path string, ask Passphrase) (*File, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if len(b) == Size {
		return &File{Key: b}, nil
	}
	if !IsProtected(b) {
		return nil, &NotAKeyError{Path: path, Bytes: len(b)}
	}
	if ask == nil {
		return nil, &FileError{Path: path, Err: ErrNoPassphrase}
	}
	pass, err := ask(path)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	key, err := Unwrap(b, pass)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return &File{Key: key, Protected: true}, nil
}

// Unwrap opens a protected key file's bytes with a passphrase.
func Unwrap(b []byte, passphrase string) ([]byte, error) {
	var p protected
	if err := json.Unmarshal(b, &p); err != nil {
		return nil, &UnreadableError{fmt.Errorf("it is damaged: %v", err)}
	}
	salt, err1 := base64.StdEncoding.DecodeString(p.Salt)
	sealed, err2 := base64.StdEncoding.DecodeString(p.Sealed)
	switch {
	case p.Format != formatVersion:
		return nil, &UnreadableError{fmt.Errorf("it has format %d; this program reads format %d", p.Format, formatVersion)}
	case p.KDF != "argon2id":
		return nil, &UnreadableError{fmt.Errorf("it names key derivation %q, not argon2id", p.KDF)}
	case p.Time < 1 || p.Time > maxTime || p.MemoryKiB < 8 || p.MemoryKiB > maxMemoryKiB || p.Threads < 1:
		return nil, &UnreadableError{fmt.Errorf("it asks for argon2id time %d, memory %d KiB, threads %d, beyond what this program allows", p.Time, p.MemoryKiB, p.Threads)}
	case err1 != nil || err2 != nil || len(salt) < 8:
		return nil, &UnreadableError{errors.New("it is damaged: its salt or sealed key is not base64")}
	}
	aead := wrapper(passphrase, salt, p.Params)
	n := aead.NonceSize()
	if len(sealed) < n+aead.Overhead() {
		return nil, &UnreadableError{errors.New("it is damaged: the sealed key is too short")}
	}
	key, err := aead.Open(nil, sealed[:n], sealed[n:], header(p))
	if err != nil {
		return nil, ErrWrongPassphrase
	}
	if len(key) != Size {
		return nil, fmt.Errorf("it is damaged: the key is %d bytes, not %d", len(key), Size)
	}
	return key, nil
}

// wrapper is the AEAD under the key derived from a passphrase.
func wrapper(passphrase string, salt []byte, p Params) cipher.AEAD {
	kek := argon2.IDKey([]byte(Normalize(passphrase)), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	block, err := aes.NewCipher(kek)
	if err != nil {
		panic(err) // a 32-byte key always makes a cipher
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		panic(err)
	}
	return aead
}

// header is the additional authenticated data: the file's parameters, so
// that none can be changed unnoticed.
func header(p protected) []byte {
	return fmt.Appendf(nil, "machtiging_key %d %s %d %d %d %s", p.Format, p.KDF, p.Time, p.MemoryKiB, p.Threads, p.Salt)
}

// Encode returns the bytes of a key file: the raw key, or with a
// passphrase the key sealed under it with params and a fresh random salt.
// A new passphrase must follow the rule (CheckPassphrase).
func Encode(key []byte, passphrase string, params Params) ([]byte, error) {
	if len(key) != Size {
		return nil, fmt.Errorf("the key is %d bytes, not %d", len(key), Size)
	}
	if passphrase == "" {
		return bytes.Clone(key), nil
	}
	if err := CheckPassphrase(passphrase); err != nil {
		return nil, err
	}
	salt := make([]byte, saltSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("make a salt: %w", err)
	}
	p := protected{Format: formatVersion, KDF: "argon2id", Params: params, Salt: base64.StdEncoding.EncodeToString(salt)}
	aead := wrapper(passphrase, salt, params)
	nonce := make([]byte, aead.NonceSize(), aead.NonceSize()+Size+aead.Overhead())
	if _, err := rand.Read(nonce); err != nil {
		return nil, fmt.Errorf("make a nonce: %w", err)
	}
	p.Sealed = base64.StdEncoding.EncodeToString(aead.Seal(nonce, nonce, key, header(p)))
	b, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// NewKey returns 32 random bytes.
func NewKey() ([]byte, error) {
	key := make([]byte, Size)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("make a key: %w", err)
	}
	return key, nil
}

// Write writes a key file's bytes to path with mode 0600, durably: a
// temporary file beside it, fsynced, renamed over path, and the folder
// fsynced. With replace false an existing file is an error.
func Write(path string, data []byte, replace bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &FileError{Path: path, Err: err}
	}
	if !replace {
		if _, err := os.Lstat(path); err == nil {
			return &ExistsError{Path: path}
		}
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return &FileError{Path: path, Err: err}
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp, path)
	}
	if err == nil {
		err = SyncDir(filepath.Dir(path))
	}
	if err != nil {
		os.Remove(tmp)
		return &FileError{Path: path, Err: err}
	}
	return nil
}

// SyncDir makes a rename or a new file in dir durable.
func SyncDir(dir string) error {
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
