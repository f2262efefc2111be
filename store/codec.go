package store

import (
	"encoding/binary"
	"time"

	"github.com/go-json-experiment/json"

	"machtiging/authz"
)

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

func encode(v any) ([]byte, error) { return json.Marshal(v) }

func decode(b []byte, v any) error { return json.Unmarshal(b, v) }

// versionKey is id 0 version.
func versionKey(id string, version int) []byte {
	k := make([]byte, 0, len(id)+5)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint32(k, uint32(version))
}

// idSeqKey is id 0 seq, for the per-request indexes.
func idSeqKey(id string, seq uint64) []byte {
	k := make([]byte, 0, len(id)+9)
	k = append(k, id...)
	k = append(k, 0)
	return binary.BigEndian.AppendUint64(k, seq)
}

// idPrefix is id 0: the start of a request's entries in an index.
func idPrefix(id string) []byte { return append([]byte(id), 0) }

func seqKey(seq uint64) []byte { return binary.BigEndian.AppendUint64(nil, seq) }

// rowOf makes the queue row of a request's current version.
func rowOf(req *authz.Request, rec *stateRecord) Row {
	return Row{
		ID:             req.ID,
		State:          rec.State,
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
		Version:        rec.Version,
		DecidedAt:      rec.DecidedAt,
		Proposer:       rec.Proposer,
	}
}

func (r *Row) queueKey() []byte {
	return authz.QueueKey{State: r.State, Due: r.Due, Urgent: r.Urgent, Received: r.Received, ID: r.ID, DecidedAt: r.DecidedAt}.Bytes()
}

// storedRow is the row as kept in the queue index (its key is the index key).
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

func encodeRow(r *Row) ([]byte, error) {
	sr := storedRow{ID: r.ID, State: r.State, Due: r.Due, Urgent: r.Urgent, Received: r.Received,
		TreatmentStart: r.TreatmentStart, Setting: r.Setting, Contracted: r.Contracted, Name: r.Name,
		BSN: r.BSN, Provider: r.Provider, Version: r.Version, DecidedAt: r.DecidedAt, Proposer: r.Proposer}
	for i, f := range r.Facts {
		sr.Facts[i] = storedItemFacts{Applicable: f.Applicable, Present: f.Present, Problem: f.Problem, Date: f.Date}
	}
	return json.Marshal(&sr)
}

func decodeRow(key, b []byte) (Row, error) {
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
