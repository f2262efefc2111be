package store

import (
	"encoding/binary"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"machtiging/authz"
)

// Value encodings. Queue rows and state records are read on every scan of
// the queue and written on every import and decision, so they are kept in
// a compact binary form that starts with a format byte (binaryV1). Stores
// written before hold them as JSON objects, which start with '{' and still
// decode; a row or state record is rewritten in the binary form whenever
// it changes. Versions, decisions and the journal head are JSON.

// binaryV1 is the first byte of a row or state record in the binary form.
const binaryV1 = 0x01

// stateRecord is the value of the requests bucket: where a request stands.
// Its content lives in the versions bucket.
type stateRecord struct {
	State       authz.State `json:"state"`
	Version     int         `json:"version"`
	DecidedAt   time.Time   `json:"decided_at,omitzero"`
	ProposalSeq uint64      `json:"proposal_seq,omitempty"`
	Proposer    string      `json:"proposer,omitempty"`
	// Objection is the day the insured's objection arrived, while the
	// request is in reconsideration: its due is six weeks later.
	Objection authz.Date `json:"objection,omitempty"`
	Queue     []byte     `json:"queue"` // the request's key in the queue index
	// Valid is the approved validity of an approved request.
	Valid authz.Period `json:"valid,omitzero"`
}

// storedVersion is the value of the versions bucket.
type storedVersion struct {
	Info    VersionInfo    `json:"info"`
	Request *authz.Request `json:"request"`
}

// encode writes a value as JSON. A VersionInfo, written once for every
// imported request, is written by hand into the same bytes.
func encode(v any) ([]byte, error) {
	if info, ok := v.(*VersionInfo); ok {
		if b, ok := appendVersionInfo(make([]byte, 0, 128), info); ok {
			return b, nil
		}
	}
	return json.Marshal(v)
}

func decode(b []byte, v any) error { return json.Unmarshal(b, v) }

// appendVersionInfo writes exactly what json.Marshal writes for a
// VersionInfo: its fields in order, the date as YYYY-MM-DD and the time in
// RFC 3339 with nanoseconds. It reports false for what it leaves to
// json.Marshal: a time in another zone than UTC, a year past 9999, text
// that is not valid UTF-8.
func appendVersionInfo(b []byte, info *VersionInfo) ([]byte, bool) {
	t := info.ImportedAt
	if t.Location() != time.UTC || t.Year() < 0 || t.Year() > 9999 || info.Received.Year() > 9999 {
		return nil, false
	}
	var err error
	b = append(b, `{"Version":`...)
	b = strconv.AppendInt(b, int64(info.Version), 10)
	b = append(b, `,"Received":"`...)
	b = append(b, info.Received.String()...)
	b = append(b, `","ImportedAt":"`...)
	b = t.AppendFormat(b, time.RFC3339Nano)
	b = append(b, `","ImportedBy":`...)
	if b, err = jsontext.AppendQuote(b, info.ImportedBy); err != nil {
		return nil, false
	}
	b = append(b, `,"Source":`...)
	if b, err = jsontext.AppendQuote(b, info.Source); err != nil {
		return nil, false
	}
	return append(b, '}'), true
}

// A state record in the binary form:
//
//	0x01 state flags(1: decided, 2: objection) uvarint(version)
//	[varint(seconds) uvarint(nanoseconds) of the decision]
//	[date(4) the objection arrived]
//	[from(4) until(4) of the approved validity, flag 4]
//	uvarint(proposal seq) uvarint(len) proposer, then the queue key.
//
// A record without an objection is written exactly as before flag 2
// existed, so older records read the same.
const (
	stateDecided  = 1
	stateObjected = 2
	stateValid    = 4
)

func encodeState(rec *stateRecord) []byte {
	b := make([]byte, 0, 16+len(rec.Proposer)+len(rec.Queue)+16)
	var flags byte
	if !rec.DecidedAt.IsZero() {
		flags |= stateDecided
	}
	if !rec.Objection.IsZero() {
		flags |= stateObjected
	}
	if !rec.Valid.IsZero() {
		flags |= stateValid
	}
	b = append(b, binaryV1, byte(rec.State), flags)
	b = binary.AppendUvarint(b, uint64(max(rec.Version, 0)))
	if flags&stateDecided != 0 {
		b = appendTime(b, rec.DecidedAt)
	}
	if flags&stateObjected != 0 {
		b = binary.BigEndian.AppendUint32(b, uint32(rec.Objection))
	}
	if flags&stateValid != 0 {
		b = binary.BigEndian.AppendUint32(b, uint32(rec.Valid.From))
		b = binary.BigEndian.AppendUint32(b, uint32(rec.Valid.Until))
	}
	b = binary.AppendUvarint(b, rec.ProposalSeq)
	b = binary.AppendUvarint(b, uint64(len(rec.Proposer)))
	b = append(b, rec.Proposer...)
	return append(b, rec.Queue...)
}

// decodeState reads a state record in the binary form; it copies what it
// keeps. (A store of schema 4 holds no other: upgrade4.go.)
func decodeState(b []byte, rec *stateRecord) error {
	if len(b) == 0 || b[0] != binaryV1 {
		return fmt.Errorf("unknown state format %s", formatByte(b))
	}
	r := reader{b: b[1:]}
	rec.State = authz.State(r.byte())
	flags := r.byte()
	rec.Version = int(r.uvarint())
	rec.DecidedAt = time.Time{}
	if flags&stateDecided != 0 {
		rec.DecidedAt = r.time()
	}
	rec.Objection = 0
	if flags&stateObjected != 0 {
		rec.Objection = authz.Date(r.uint32())
	}
	rec.Valid = authz.Period{}
	if flags&stateValid != 0 {
		rec.Valid.From = authz.Date(r.uint32())
		rec.Valid.Until = authz.Date(r.uint32())
	}
	rec.ProposalSeq = r.uvarint()
	n := r.uvarint()
	if r.err != nil {
		return r.err
	}
	if n > uint64(len(r.b)) {
		return errShort
	}
	rec.Proposer = string(r.b[:n])
	rec.Queue = append([]byte(nil), r.b[n:]...)
	return nil
}

// counts are kept in the meta bucket as big-endian integers: open, second
// review, waiting, approved, rejected, and since reconsideration a sixth,
// reconsideration. A store written before holds five (40 bytes): its
// sixth count is 0, as no request of it can be in reconsideration.
func readCounts(v []byte) Counts {
	var c Counts
	if len(v) == 40 || len(v) == 48 {
		c.Open = int(binary.BigEndian.Uint64(v[0:]))
		c.SecondReview = int(binary.BigEndian.Uint64(v[8:]))
		c.Waiting = int(binary.BigEndian.Uint64(v[16:]))
		c.Approved = int(binary.BigEndian.Uint64(v[24:]))
		c.Rejected = int(binary.BigEndian.Uint64(v[32:]))
	}
	if len(v) == 48 {
		c.Reconsideration = int(binary.BigEndian.Uint64(v[40:]))
	}
	return c
}

func (c Counts) bytes() []byte {
	b := make([]byte, 0, 48)
	for _, n := range []int{c.Open, c.SecondReview, c.Waiting, c.Approved, c.Rejected, c.Reconsideration} {
		b = binary.BigEndian.AppendUint64(b, uint64(n))
	}
	return b
}

func (c *Counts) add(s authz.State, n int) {
	switch s {
	case authz.StateOpen:
		c.Open += n
	case authz.StateSecondReview:
		c.SecondReview += n
	case authz.StateWaiting:
		c.Waiting += n
	case authz.StateApproved:
		c.Approved += n
	case authz.StateRejected:
		c.Rejected += n
	case authz.StateReconsideration:
		c.Reconsideration += n
	}
}
