package store

import (
	"encoding/binary"
	"fmt"
	"time"

	"machtiging/authz"
)

// rowOf makes the queue row of a request's current version.
func rowOf(req *authz.Request, rec *stateRecord) Row {
	r := NewRow(req, rec.State, rec.Version, rec.DecidedAt, rec.Proposer)
	r.Period = authz.RequestPeriod(rec.State, rec.Valid, req.TreatmentPlan)
	if rec.State == authz.StateReconsideration && !rec.Objection.IsZero() {
		// A reconsideration is due six weeks after the objection arrived.
		r.Due = authz.ReconsiderationDue(rec.Objection)
		r.Key = r.queueKey()
	}
	return r
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
		RegisterFacts:  true,
		BirthDate:      req.Insured.BirthDate,
		PolicyNumber:   req.Insured.PolicyNumber,
		AGB:            req.Provider.AGB,
		Period:         authz.RequestPeriod(state, authz.Period{}, req.TreatmentPlan),
	}
	r.Key = r.queueKey()
	return r
}

func (r *Row) queueKey() []byte {
	return authz.QueueKey{State: r.State, Due: r.Due, Urgent: r.Urgent, Received: r.Received, ID: r.ID, DecidedAt: r.DecidedAt}.Bytes()
}

// A row in the binary form (about 130 bytes, against some 480 as JSON):
//
//	0x02 flags state setting due(4) received(4) start(4)
//	birth(4) period_from(4) period_until(4) bsn(4) uvarint(version)
//	[varint(seconds) uvarint(nanoseconds) of the decision, flag 4]
//	five items: flags (1 applicable, 2 present, 4 dated) [date(4), flag 4]
//	uvarint lengths of id, name, bsn, provider, proposer, the five items'
//	problems, policy number and AGB, then those strings one after the
//	other.
//
// The first 32 bytes are at fixed places, so that the overlap index is
// built from them without decoding the rest (rowSibling). bsn(4) is the
// BSN as a number (0 when it is not 9 digits). Rows of binaryV1 lack the
// four fields after start and the last two strings.
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

	rowStringsV1 = 5 + authz.NumItems
	rowStrings   = rowStringsV1 + 2
)

// binaryV2 is the first byte of a row that holds what the registers and
// the overlap check need.
const binaryV2 = 0x02

func encodeRow(r *Row) ([]byte, error) {
	strs := [rowStrings]string{r.ID, r.Name, r.BSN, r.Provider, r.Proposer}
	size := 48 + rowStrings*2 + authz.NumItems*5
	for i, f := range r.Facts {
		strs[5+i] = f.Problem
	}
	strs[rowStringsV1], strs[rowStringsV1+1] = r.PolicyNumber, r.AGB
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
	b = append(b, binaryV2, flags, byte(r.State), byte(r.Setting))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Due))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Received))
	b = binary.BigEndian.AppendUint32(b, uint32(r.TreatmentStart))
	b = binary.BigEndian.AppendUint32(b, uint32(r.BirthDate))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Period.From))
	b = binary.BigEndian.AppendUint32(b, uint32(r.Period.Until))
	b = binary.BigEndian.AppendUint32(b, BSNNumber(r.BSN))
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

// decodeRow reads a row in the binary form. (A store of schema 4 holds no
// row in the JSON form: upgrade4.go.)
func decodeRow(key, b []byte) (Row, error) {
	var row Row
	err := decodeRowInto(&row, key, b)
	return row, err
}

// decodeRowInto fills row from a value in the binary form; it copies what
// it keeps, so b may be memory of the transaction.
func decodeRowInto(row *Row, key, b []byte) error {
	if len(b) == 0 || (b[0] != binaryV1 && b[0] != binaryV2) {
		return fmt.Errorf("unknown row format %s", formatByte(b))
	}
	v2 := b[0] == binaryV2
	r := reader{b: b[1:]}
	flags := r.byte()
	row.State = authz.State(r.byte())
	row.Setting = authz.Setting(r.byte())
	row.Due = authz.Date(r.uint32())
	row.Received = authz.Date(r.uint32())
	row.TreatmentStart = authz.Date(r.uint32())
	row.RegisterFacts = v2
	row.BirthDate, row.Period = 0, authz.Period{}
	nstr := rowStringsV1
	if v2 {
		row.BirthDate = authz.Date(r.uint32())
		row.Period.From = authz.Date(r.uint32())
		row.Period.Until = authz.Date(r.uint32())
		r.uint32() // the BSN as a number, for rowSibling
		nstr = rowStrings
	}
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
	for i := range lens[:nstr] {
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
	for i, n := range lens[:nstr] {
		strs[i] = text[off : off+n]
		off += n
	}
	row.PolicyNumber, row.AGB = strs[rowStringsV1], strs[rowStringsV1+1]
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

// BSNNumber is a BSN as a number, 0 when it is not 9 digits: the overlap
// index keeps numbers, not text.
func BSNNumber(bsn string) uint32 {
	if len(bsn) != 9 {
		return 0
	}
	var n uint32
	for i := 0; i < 9; i++ {
		c := bsn[i]
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + uint32(c-'0')
	}
	return n
}

// rowSibling reads what the overlap index needs from a row value in the
// binary form without decoding the rest: ok is false for a row of
// binaryV1, which must be decoded whole.
func rowSibling(b []byte) (bsn uint32, state authz.State, p authz.Period, ok bool) {
	if len(b) < 32 || b[0] != binaryV2 {
		return 0, 0, authz.Period{}, false
	}
	state = authz.State(b[2])
	p.From = authz.Date(binary.BigEndian.Uint32(b[20:]))
	p.Until = authz.Date(binary.BigEndian.Uint32(b[24:]))
	return binary.BigEndian.Uint32(b[28:]), state, p, true
}
