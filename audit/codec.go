package audit

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"time"
)

// The stored value of an entry is its canonical bytes followed by its chain
// hash, SHA-256(previous hash || canonical bytes). The canonical bytes are a
// fixed sequence of fixed-width and length-prefixed fields, so that every
// entry has exactly one encoding and every encoding exactly one entry:
//
//	version      1 byte, formatVersion
//	seq          8 bytes, big-endian
//	time         8 bytes seconds since 1970 UTC (signed) + 4 bytes nanoseconds (< 1e9)
//	action       1 byte, C R U D or E
//	event        1 byte, 1 to 10
//	outcome      1 byte, 0 success or 1 refused
//	count        8 bytes, signed, not negative
//	adviser      4-byte length + bytes
//	access point 4-byte length + bytes
//	requests     4-byte number of ids, then each as 4-byte length + bytes
//	detail       4-byte length + bytes
//
// Text is stored as given, byte for byte; it is made safe when shown.
const formatVersion = 1

// HashSize is the length of a chain hash.
const HashSize = sha256.Size

// fixedSize is the length of the fixed-width head of the canonical bytes.
const fixedSize = 1 + 8 + 8 + 4 + 1 + 1 + 1 + 8

// minCanonical is the shortest canonical encoding: the head and four empty
// length-prefixed fields (adviser, access point, requests, detail).
const minCanonical = fixedSize + 4*4

// Validate reports what makes an entry unfit for the log: an action, event or
// outcome outside the defined codes, or a negative count.
func (e *Entry) Validate() error {
	switch {
	case !e.Action.Valid():
		return fmt.Errorf("action %q is not one of C, R, U, D, E", rune(e.Action))
	case !e.Event.Valid():
		return fmt.Errorf("event %d is not a logged event", uint8(e.Event))
	case !e.Outcome.Valid():
		return fmt.Errorf("outcome %d is not success or refused", uint8(e.Outcome))
	case e.Count < 0:
		return fmt.Errorf("count %d is negative", e.Count)
	}
	return nil
}

// Encode returns the value to store for an entry that follows the entry with
// chain hash prevHash (all zeros for the first entry), and the entry's own
// chain hash. The time is stored in UTC with nanoseconds.
//
// Encode panics when e.Validate fails: such an entry is a programming error,
// and writing it would leave the log with an entry that cannot be read.
func Encode(prevHash [32]byte, e *Entry) (value []byte, hash [32]byte) {
	if err := e.Validate(); err != nil {
		panic("audit: cannot encode entry " + fmt.Sprint(e.Seq) + ": " + err.Error())
	}
	n := minCanonical + len(e.Adviser) + len(e.AccessPoint) + len(e.Detail) + HashSize
	for _, id := range e.Requests {
		n += 4 + len(id)
	}
	b := make([]byte, 0, n)
	t := e.Time.UTC()
	b = append(b, formatVersion)
	b = binary.BigEndian.AppendUint64(b, e.Seq)
	b = binary.BigEndian.AppendUint64(b, uint64(t.Unix()))
	b = binary.BigEndian.AppendUint32(b, uint32(t.Nanosecond()))
	b = append(b, byte(e.Action), byte(e.Event), byte(e.Outcome))
	b = binary.BigEndian.AppendUint64(b, uint64(int64(e.Count)))
	b = appendText(b, e.Adviser)
	b = appendText(b, e.AccessPoint)
	b = binary.BigEndian.AppendUint32(b, uint32(len(e.Requests)))
	for _, id := range e.Requests {
		b = appendText(b, id)
	}
	b = appendText(b, e.Detail)
	hash = chainHash(prevHash, b)
	return append(b, hash[:]...), hash
}

func appendText(b []byte, s string) []byte {
	if uint64(len(s)) > math.MaxUint32 {
		panic("audit: text field longer than 4 GiB")
	}
	b = binary.BigEndian.AppendUint32(b, uint32(len(s)))
	return append(b, s...)
}

// chainHash is SHA-256(prevHash || canonical).
func chainHash(prev [32]byte, canonical []byte) [32]byte {
	h := sha256.New()
	h.Write(prev[:])
	h.Write(canonical)
	var out [32]byte
	h.Sum(out[:0])
	return out
}

// Decode reads a stored value: the entry and the chain hash stored with it.
// It does not check the hash (that needs the previous one: see Verifier); it
// returns an error for bytes that are not a well-formed value.
func Decode(value []byte) (Entry, [32]byte, error) {
	var hash [32]byte
	if len(value) < minCanonical+HashSize {
		return Entry{}, hash, fmt.Errorf("%d bytes, shorter than the smallest entry (%d)", len(value), minCanonical+HashSize)
	}
	canonical := value[:len(value)-HashSize]
	copy(hash[:], value[len(value)-HashSize:])
	e, err := decodeCanonical(canonical)
	if err != nil {
		return Entry{}, hash, err
	}
	return e, hash, nil
}

func decodeCanonical(b []byte) (Entry, error) {
	var e Entry
	if b[0] != formatVersion {
		return e, fmt.Errorf("format version %d, not %d", b[0], formatVersion)
	}
	e.Seq = binary.BigEndian.Uint64(b[1:])
	secs := int64(binary.BigEndian.Uint64(b[9:]))
	nanos := binary.BigEndian.Uint32(b[17:])
	if nanos >= 1e9 {
		return e, fmt.Errorf("time has %d nanoseconds, more than a second", nanos)
	}
	e.Time = time.Unix(secs, int64(nanos)).UTC()
	e.Action, e.Event, e.Outcome = Action(b[21]), Event(b[22]), Outcome(b[23])
	count := int64(binary.BigEndian.Uint64(b[24:]))
	if int64(int(count)) != count {
		return e, fmt.Errorf("count %d does not fit this machine's int", count)
	}
	e.Count = int(count)
	if err := e.Validate(); err != nil {
		return e, err
	}
	r := reader{b: b[fixedSize:]}
	e.Adviser = r.text("adviser")
	e.AccessPoint = r.text("access point")
	if n := r.uint32("requests"); n > 0 {
		// Each id takes at least its 4-byte length: refuse counts the bytes cannot hold.
		if uint64(n) > uint64(len(r.b))/4 {
			return e, fmt.Errorf("requests: %d ids cannot fit in the %d bytes left", n, len(r.b))
		}
		e.Requests = make([]string, n)
		for i := range e.Requests {
			e.Requests[i] = r.text(fmt.Sprintf("request %d", i+1))
		}
	}
	e.Detail = r.text("detail")
	if r.err != nil {
		return e, r.err
	}
	if len(r.b) != 0 {
		return e, fmt.Errorf("%d bytes left over after the last field", len(r.b))
	}
	return e, nil
}

// reader takes length-prefixed fields off the front of b; the first error
// sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) uint32(field string) uint32 {
	if r.err != nil {
		return 0
	}
	if len(r.b) < 4 {
		r.err = fmt.Errorf("%s: the value ends inside its length", field)
		return 0
	}
	n := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return n
}

func (r *reader) text(field string) string {
	n := r.uint32(field)
	if r.err != nil {
		return ""
	}
	if uint64(n) > uint64(len(r.b)) {
		r.err = fmt.Errorf("%s: length %d, but only %d bytes are left", field, n, len(r.b))
		return ""
	}
	s := string(r.b[:n])
	r.b = r.b[n:]
	return s
}
