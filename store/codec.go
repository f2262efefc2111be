package store

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	bolt "go.etcd.io/bbolt"

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
	Queue       []byte      `json:"queue"` // the request's key in the queue index
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

// versionKey is id 0 version.
func versionKey(id string, version int) []byte {
	k := make([]byte, 0, len(id)+5)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(version))
}

// A request's indexes live in the requests bucket beside its state
// record, so that a decision, which writes the state, an access-log index
// entry and a decision index entry, changes one leaf page there instead of
// one in each of three buckets. The state's key is the id; an index entry's
// is id 0 kind seq, which sorts right after it (no id holds a 0 byte).
const (
	kindAccess   = 'a' // the access-log entry seq concerns the request
	kindDecision = 'd' // decision seq is on the request
)

// indexKey is id 0 kind seq.
func indexKey(id string, kind byte, seq uint64) []byte {
	k := make([]byte, 0, len(id)+10)
	k = append(k, id...)
	k = append(k, 0, kind)
	return binary.BigEndian.AppendUint64(k, seq)
}

// indexPrefix is id 0 kind: the start of one index of a request.
func indexPrefix(id string, kind byte) []byte { return append([]byte(id), 0, kind) }

// isStateKey tells a state record's key in the requests bucket from an
// index entry's.
func isStateKey(k []byte) bool { return bytes.IndexByte(k, 0) < 0 }

// indexed walks the seqs of one index of a request, in order.
func indexed(tx *bolt.Tx, id string, kind byte, fn func(seq []byte) error) error {
	prefix := indexPrefix(id, kind)
	c := tx.Bucket(bucketRequests).Cursor()
	for k, _ := c.Seek(prefix); k != nil && len(k) == len(prefix)+8 && bytes.HasPrefix(k, prefix); k, _ = c.Next() {
		if err := fn(k[len(prefix):]); err != nil {
			return err
		}
	}
	return nil
}

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// rowOf makes the queue row of a request's current version.
func rowOf(req *authz.Request, rec *stateRecord) Row {
	return NewRow(req, rec.State, rec.Version, rec.DecidedAt, rec.Proposer)
}

// NewRow makes the queue row of a request version in a state, with its Key
// in queue order: the one place that says what a row holds.
func NewRow(req *authz.Request, state authz.State, version int, decidedAt time.Time, proposer string) Row {
	r := Row{
		ID:             req.ID,
		State:          state,
		Due:            authz.DueDate(req.Received, req.Urgent, req.TreatmentStart),
		Urgent:         req.Urgent,
		Received:       req.Received,
		TreatmentStart: req.TreatmentStart,
		Setting:        req.Setting,
		Contracted:     req.Provider.IsContracted(),
		Name:           req.Insured.Name,
		BSN:            req.Insured.BSN,
		Provider:       req.Provider.Name,
		Facts:          authz.Facts(req),
		Version:        version,
		DecidedAt:      decidedAt,
		Proposer:       proposer,
	}
	r.Key = r.queueKey()
	return r
}

func (r *Row) queueKey() []byte {
	return authz.QueueKey{State: r.State, Due: r.Due, Urgent: r.Urgent, Received: r.Received, ID: r.ID, DecidedAt: r.DecidedAt}.Bytes()
}

// A row in the binary form (about 120 bytes, against some 480 as JSON):
//
//	0x01 flags state setting due(4) received(4) start(4) uvarint(version)
//	[varint(seconds) uvarint(nanoseconds) of the decision, flag 4]
//	five items: flags (1 applicable, 2 present, 4 dated) [date(4), flag 4]
//	uvarint lengths of id, name, bsn, provider, proposer and the five
//	items' problems, then those ten strings one after the other.
//
// Dates are big-endian yyyymmdd. Flags: 1 urgent, 2 contracted, 4 decided.
// The strings come last and together so that decoding makes one string
// of them all and slices it: one allocation for the text of a row.
const (
	rowUrgent     = 1
	rowContracted = 2
	rowDecided    = 4

	factApplicable = 1
	factPresent    = 2
	factDated      = 4

	rowStrings = 5 + authz.NumItems
)

func encodeRow(r *Row) ([]byte, error) {
	strs := [rowStrings]string{r.ID, r.Name, r.BSN, r.Provider, r.Proposer}
	size := 32 + rowStrings*2 + authz.NumItems*5
	for i, f := range r.Facts {
		strs[5+i] = f.Problem
	}
	for _, s := range strs {
		size += len(s)
	}
	b := make([]byte, 0, size)
	var flags byte
	if r.Urgent {
		flags |= rowUrgent
	}
	if r.Contracted {
		flags |= rowContracted
	}
	if !r.DecidedAt.IsZero() {
		flags |= rowDecided
	}
	b = append(b, binaryV1, flags, byte(r.State), byte(r.Setting))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Due))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Received))
	b = binary.BigEndian.AppendUint32(b, uint32(r.TreatmentStart))
	if r.Version < 0 {
		return nil, fmt.Errorf("row of %s: version %d", r.ID, r.Version)
	}
	b = binary.AppendUvarint(b, uint64(r.Version))
	if flags&rowDecided != 0 {
		b = appendTime(b, r.DecidedAt)
	}
	for _, f := range r.Facts {
		var ff byte
		if f.Applicable {
			ff |= factApplicable
		}
		if f.Present {
			ff |= factPresent
		}
		if f.Date != 0 {
			ff |= factDated
		}
		b = append(b, ff)
		if f.Date != 0 {
			b = binary.BigEndian.AppendUint32(b, uint32(f.Date))
		}
	}
	for _, s := range strs {
		b = binary.AppendUvarint(b, uint64(len(s)))
	}
	for _, s := range strs {
		b = append(b, s...)
	}
	return b, nil
}

var errShort = errors.New("the value ends too soon")

// reader takes a binary value apart; the first failure sticks.
type reader struct {
	b   []byte
	err error
}

func (r *reader) byte() byte {
	if len(r.b) < 1 {
		r.fail()
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *reader) uint32() uint32 {
	if len(r.b) < 4 {
		r.fail()
		return 0
	}
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

func (r *reader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail()
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *reader) time() time.Time {
	sec := r.varint()
	nsec := r.uvarint()
	if nsec >= 1e9 {
		r.fail()
		return time.Time{}
	}
	return time.Unix(sec, int64(nsec)).UTC()
}

func (r *reader) fail() {
	if r.err == nil {
		r.err = errShort
	}
	r.b = nil
}

// appendTime writes an instant as seconds and nanoseconds since 1970; it
// reads back in UTC, as decisions are made.
func appendTime(b []byte, t time.Time) []byte {
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}

func decodeRow(key, b []byte) (Row, error) {
	if len(b) > 0 && b[0] == '{' {
		return decodeJSONRow(key, b)
	}
	var row Row
	err := decodeRowInto(&row, key, b)
	return row, err
}

// decodeRowInto fills row from a value in the binary form; it copies what
// it keeps, so b may be memory of the transaction.
func decodeRowInto(row *Row, key, b []byte) error {
	if len(b) == 0 || b[0] != binaryV1 {
		return fmt.Errorf("unknown row format %s", formatByte(b))
	}
	r := reader{b: b[1:]}
	flags := r.byte()
	row.State = authz.State(r.byte())
	row.Setting = authz.Setting(r.byte())
	row.Due = authz.Date(r.uint32())
	row.Received = authz.Date(r.uint32())
	row.TreatmentStart = authz.Date(r.uint32())
	row.Urgent = flags&rowUrgent != 0
	row.Contracted = flags&rowContracted != 0
	row.Version = int(r.uvarint())
	row.DecidedAt = time.Time{}
	if flags&rowDecided != 0 {
		row.DecidedAt = r.time()
	}
	for i := range row.Facts {
		ff := r.byte()
		f := authz.ItemFacts{Item: authz.Item(i), Applicable: ff&factApplicable != 0, Present: ff&factPresent != 0}
		if ff&factDated != 0 {
			f.Date = authz.Date(r.uint32())
		}
		row.Facts[i] = f
	}
	var lens [rowStrings]int
	total := 0
	for i := range lens {
		n := r.uvarint()
		if n > uint64(len(b)) {
			r.fail()
		}
		lens[i] = int(n)
		total += int(n)
	}
	if r.err != nil {
		return r.err
	}
	if total != len(r.b) {
		return fmt.Errorf("the row's text is %d bytes, its lengths say %d", len(r.b), total)
	}
	text := string(r.b)
	var strs [rowStrings]string
	off := 0
	for i, n := range lens {
		strs[i] = text[off : off+n]
		off += n
	}
	row.ID, row.Name, row.BSN, row.Provider, row.Proposer = strs[0], strs[1], strs[2], strs[3], strs[4]
	for i := range row.Facts {
		row.Facts[i].Problem = strs[5+i]
	}
	row.Key = append(row.Key[:0:0], key...)
	return nil
}

func formatByte(b []byte) string {
	if len(b) == 0 {
		return "(empty)"
	}
	return fmt.Sprintf("0x%02x", b[0])
}

// storedRow is a row as stores before the binary form kept it.
type storedRow struct {
	ID             string                          `json:"id"`
	State          authz.State                     `json:"state"`
	Due            authz.Date                      `json:"due"`
	Urgent         bool                            `json:"urgent,omitempty"`
	Received       authz.Date                      `json:"received"`
	TreatmentStart authz.Date                      `json:"start"`
	Setting        authz.Setting                   `json:"setting"`
	Contracted     bool                            `json:"contracted,omitempty"`
	Name           string                          `json:"name"`
	BSN            string                          `json:"bsn"`
	Provider       string                          `json:"provider"`
	Facts          [authz.NumItems]storedItemFacts `json:"facts"`
	Version        int                             `json:"version"`
	DecidedAt      time.Time                       `json:"decided_at,omitzero"`
	Proposer       string                          `json:"proposer,omitempty"`
}

type storedItemFacts struct {
	Applicable bool       `json:"a,omitempty"`
	Present    bool       `json:"p,omitempty"`
	Problem    string     `json:"x,omitempty"`
	Date       authz.Date `json:"d,omitempty"`
}

func decodeJSONRow(key, b []byte) (Row, error) {
	var sr storedRow
	if err := json.Unmarshal(b, &sr); err != nil {
		return Row{}, err
	}
	r := Row{Key: append([]byte(nil), key...), ID: sr.ID, State: sr.State, Due: sr.Due, Urgent: sr.Urgent,
		Received: sr.Received, TreatmentStart: sr.TreatmentStart, Setting: sr.Setting, Contracted: sr.Contracted,
		Name: sr.Name, BSN: sr.BSN, Provider: sr.Provider, Version: sr.Version, DecidedAt: sr.DecidedAt, Proposer: sr.Proposer}
	for i, f := range sr.Facts {
		r.Facts[i] = authz.ItemFacts{Item: authz.Item(i), Applicable: f.Applicable, Present: f.Present, Problem: f.Problem, Date: f.Date}
	}
	return r, nil
}

// A state record in the binary form:
//
//	0x01 state flags(1: decided) uvarint(version)
//	[varint(seconds) uvarint(nanoseconds) of the decision]
//	uvarint(proposal seq) uvarint(len) proposer, then the queue key.
const stateDecided = 1

func encodeState(rec *stateRecord) []byte {
	b := make([]byte, 0, 16+len(rec.Proposer)+len(rec.Queue)+16)
	var flags byte
	if !rec.DecidedAt.IsZero() {
		flags |= stateDecided
	}
	b = append(b, binaryV1, byte(rec.State), flags)
	b = binary.AppendUvarint(b, uint64(max(rec.Version, 0)))
	if flags&stateDecided != 0 {
		b = appendTime(b, rec.DecidedAt)
	}
	b = binary.AppendUvarint(b, rec.ProposalSeq)
	b = binary.AppendUvarint(b, uint64(len(rec.Proposer)))
	b = append(b, rec.Proposer...)
	return append(b, rec.Queue...)
}

// decodeState reads a state record in either form; it copies what it
// keeps.
func decodeState(b []byte, rec *stateRecord) error {
	if len(b) > 0 && b[0] == '{' {
		return decode(b, rec)
	}
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

// counts are kept in the meta bucket as five big-endian integers.
func readCounts(v []byte) Counts {
	var c Counts
	if len(v) == 40 {
		c.Open = int(binary.BigEndian.Uint64(v[0:]))
		c.SecondReview = int(binary.BigEndian.Uint64(v[8:]))
		c.Waiting = int(binary.BigEndian.Uint64(v[16:]))
		c.Approved = int(binary.BigEndian.Uint64(v[24:]))
		c.Rejected = int(binary.BigEndian.Uint64(v[32:]))
	}
	return c
}

func (c Counts) bytes() []byte {
	b := make([]byte, 0, 40)
	for _, n := range []int{c.Open, c.SecondReview, c.Waiting, c.Approved, c.Rejected} {
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
	}
}
