package store

import (
	"bytes"
	"cmp"
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/registers"
)

// The registers bucket holds the insurer's registers, sealed like every
// value of patient data when the store has a key:
//
//	"secret"              32 random bytes: the key of the BSN blinding
//	"insured", "providers" the register's head (registerHead, JSON)
//	kind "/" chunk(4)     the register's rows, in chunks of about 1 MB
//
// No key holds a BSN: the insured register's rows are keyed by a blinded
// BSN (blinder), and its values are sealed.
var (
	bucketRegisters = []byte("registers")
	keySecret       = []byte("secret")
)

// chunkSize is about how many bytes of rows one value holds.
const chunkSize = 1 << 20

// registerHead says when and by whom a register was loaded.
type registerHead struct {
	Rows     int       `json:"rows"`
	Chunks   int       `json:"chunks"`
	LoadedAt time.Time `json:"loaded_at"`
	LoadedBy string    `json:"loaded_by"`
	Source   string    `json:"source"`
}

// RegisterStatus is what `register status` shows of one register.
type RegisterStatus struct {
	Register registers.Kind
	Rows     int
	LoadedAt time.Time // zero when never loaded
	LoadedBy string
	Source   string
}

// Loaded reports whether the register was ever loaded.
func (r RegisterStatus) Loaded() bool { return !r.LoadedAt.IsZero() }

// blinder turns a BSN into a 16-byte pseudonym under a per-store secret:
// one AES-128 block of the BSN under a key derived from the secret with
// HMAC-SHA256. Without the secret (sealed under the store's key when
// there is one) the pseudonym says nothing of the BSN; it is one block
// cipher call (some 10 ns, against about 800 for an HMAC of each BSN), so
// a check of a million requests can look every BSN up.
type blinder struct{ block cipher.Block }

type blind [16]byte

func newBlinder(secret []byte) (*blinder, error) {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("machtiging bsn blinding v1"))
	block, err := aes.NewCipher(m.Sum(nil)[:16])
	if err != nil {
		return nil, err
	}
	return &blinder{block: block}, nil
}

func (b *blinder) blind(bsn string) blind {
	var s blindScratch
	return blindWith(b, &s, bsn)
}

// blindScratch is the memory one blinding works in; a caller that blinds
// many BSNs keeps one, so that no blinding asks for memory (the block
// cipher, an interface, would have its input and output on the heap).
type blindScratch struct{ in, out blind }

// blindWith blinds a BSN, held as bytes or as a string, in s.
func blindWith[T string | []byte](b *blinder, s *blindScratch, bsn T) blind {
	s.in = blind{'B', 'S', 'N', ':'}
	copy(s.in[4:], bsn)
	b.block.Encrypt(s.out[:], s.in[:])
	return s.out
}

// secret returns the store's blinding secret; nil when there is none
// yet (the first insured register makes it).
func (s *Store) secret(tx *bolt.Tx) ([]byte, error) {
	if tx.Bucket(bucketRegisters) == nil {
		return nil, nil
	}
	return s.get(tx, bucketRegisters, keySecret)
}

func chunkKey(k registers.Kind, n int) []byte {
	return binary.BigEndian.AppendUint32([]byte(k.String()+"/"), uint32(n))
}

// readHead reads a register's head; nil when never loaded.
func (s *Store) readHead(tx *bolt.Tx, k registers.Kind) (*registerHead, error) {
	if tx.Bucket(bucketRegisters) == nil {
		return nil, nil
	}
	v, err := s.get(tx, bucketRegisters, []byte(k.String()))
	if err != nil || v == nil {
		return nil, err
	}
	h := new(registerHead)
	if err := json.Unmarshal(v, h); err != nil {
		return nil, damaged("the head of the %s register cannot be read: %v", k, err)
	}
	return h, nil
}

// readPayload joins a register's chunks.
func (s *Store) readPayload(tx *bolt.Tx, k registers.Kind, h *registerHead) ([]byte, error) {
	out := make([]byte, 0, h.Chunks*chunkSize)
	for n := 0; n < h.Chunks; n++ {
		key := chunkKey(k, n)
		v := tx.Bucket(bucketRegisters).Get(key)
		if v == nil {
			return nil, damaged("chunk %d of the %s register is missing", n, k)
		}
		if s.sealer != nil { // else v is read where it lies, not copied twice
			var err error
			if v, err = s.plain(bucketRegisters, key, v); err != nil {
				return nil, err
			}
		}
		out = append(out, v...)
	}
	return out, nil
}

// replaceRegister writes a register's rows and head in tx in place of the
// one before, with its access-log entry.
func (s *Store) replaceRegister(tx *bolt.Tx, a Actor, k registers.Kind, source string, rows int, chunks [][]byte) error {
	b := tx.Bucket(bucketRegisters)
	prefix := []byte(k.String() + "/")
	var old [][]byte
	c := b.Cursor()
	for key, _ := c.Seek(prefix); key != nil && bytes.HasPrefix(key, prefix); key, _ = c.Next() {
		old = append(old, bytes.Clone(key))
	}
	for _, key := range old {
		if err := b.Delete(key); err != nil {
			return err
		}
	}
	h := registerHead{Rows: rows, LoadedAt: s.now().UTC(), LoadedBy: a.Adviser, Source: source}
	for _, c := range chunks {
		if err := s.put(tx, bucketRegisters, chunkKey(k, h.Chunks), c); err != nil {
			return err
		}
		h.Chunks++
	}
	hb, err := json.Marshal(&h)
	if err != nil {
		return err
	}
	if err := s.put(tx, bucketRegisters, []byte(k.String()), hb); err != nil {
		return err
	}
	e := audit.Entry{Action: audit.Update, Event: audit.EventRegister, Count: rows,
		Detail: fmt.Sprintf("%s register replaced: %d rows from %s", k, rows, source)}
	return s.appendAudit(tx, a, e, nil)
}

// RegisterError is a register import refused: the file names the line and
// column (Err is a *registers.Error) or the store failed.
type RegisterError struct {
	Register registers.Kind
	Err      error
}

func (e *RegisterError) Error() string { return e.Err.Error() }
func (e *RegisterError) Unwrap() error { return e.Err }

// ImportRegister replaces the register of kind k with the rows of a file,
// all or nothing: a refused file changes nothing (the refusal is logged).
// It returns the number of rows.
func (s *Store) ImportRegister(a Actor, k registers.Kind, source string, r io.Reader) (int, error) {
	var n int
	var chunks [][]byte
	var secret []byte
	fresh := false
	if k == registers.Insured {
		err := s.view(func(tx *bolt.Tx) error {
			var err error
			secret, err = s.secret(tx)
			return err
		})
		if err != nil {
			return 0, err
		}
		if secret == nil {
			secret, fresh = make([]byte, 32), true
			if _, err := rand.Read(secret); err != nil {
				return 0, fmt.Errorf("make the register secret: %w", err)
			}
		}
	}
	var refusal error
	switch k {
	case registers.Insured:
		bl, err := newBlinder(secret)
		if err != nil {
			return 0, err
		}
		chunks, n, refusal = encodeInsured(bl, registers.NewDecoder(k, r).Lean())
	case registers.Providers:
		var payload []byte
		payload, n, refusal = encodeProviders(registers.NewDecoder(k, r))
		for off := 0; off < len(payload); off += chunkSize {
			chunks = append(chunks, payload[off:min(off+chunkSize, len(payload))])
		}
	default:
		return 0, fmt.Errorf("%s is not a register", k)
	}
	if refusal != nil {
		var re *registers.Error
		if !errors.As(refusal, &re) {
			return 0, refusal // the file could not be read
		}
		e := audit.Entry{Action: audit.Update, Event: audit.EventRegister, Outcome: audit.Refused,
			Detail: fmt.Sprintf("%s register from %s refused at line %d", k, source, re.Line)}
		if err := s.Log(a, e, nil); err != nil {
			return 0, err
		}
		return 0, &RegisterError{Register: k, Err: refusal}
	}
	err := s.update(func(tx *bolt.Tx) error {
		if fresh {
			if err := s.put(tx, bucketRegisters, keySecret, secret); err != nil {
				return err
			}
		}
		return s.replaceRegister(tx, a, k, source, n, chunks)
	})
	if err != nil {
		return 0, err
	}
	s.regMu.Lock()
	s.regs = nil // read anew, at once, by whoever looks next
	s.regMu.Unlock()
	s.publish(Change{Event: audit.EventRegister, By: a.Adviser})
	return n, nil
}

// encodeProviders reads a whole provider register, applies the overlap
// rule and encodes it, sorted by AGB, then first day, each row
//
//	agb(8) from(4) until(4) len(1) name
func encodeProviders(d *registers.Decoder) ([]byte, int, error) {
	type lined struct {
		row  authz.ProviderRow
		line int
	}
	var rows []lined
	var row registers.Row
	for {
		err := d.Next(&row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, 0, err
		}
		rows = append(rows, lined{row.Provider, row.Line})
	}
	slices.SortFunc(rows, func(a, b lined) int {
		return cmp.Or(cmp.Compare(a.row.AGB, b.row.AGB), cmp.Compare(a.row.From, b.row.From), cmp.Compare(a.line, b.line))
	})
	if e := registers.FirstOverlap(registers.Providers, len(rows),
		func(i int) string { return rows[i].row.AGB },
		func(i int) authz.Cover { return rows[i].row.Cover },
		func(i int) int { return rows[i].line },
		func(i int) string { return "AGB " + rows[i].row.AGB }); e != nil {
		return nil, 0, e
	}
	var out []byte
	for _, r := range rows {
		out = append(out, r.row.AGB...)
		out = binary.BigEndian.AppendUint32(out, uint32(r.row.From))
		out = binary.BigEndian.AppendUint32(out, uint32(r.row.Until))
		out = append(out, byte(len(r.row.Name)))
		out = append(out, r.row.Name...)
	}
	return out, len(rows), nil
}

// RegisterStatuses says, per register, how many rows it has and when and
// by whom it was loaded.
func (s *Store) RegisterStatuses() ([]RegisterStatus, error) {
	var out []RegisterStatus
	err := s.view(func(tx *bolt.Tx) error {
		for _, k := range registers.Kinds {
			h, err := s.readHead(tx, k)
			if err != nil {
				return err
			}
			st := RegisterStatus{Register: k}
			if h != nil {
				st.Rows, st.LoadedAt, st.LoadedBy, st.Source = h.Rows, h.LoadedAt, h.LoadedBy, h.Source
			}
			out = append(out, st)
		}
		return nil
	})
	return out, err
}
