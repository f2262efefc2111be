package importfile

import (
	"io"

	"machtiging/authz"
)

// Decoder reads the requests of an import file one by one, strictly.
type Decoder struct {
	split *splitter
	seen  map[string]int
}

// NewDecoder reads an import file: a JSON array of request objects or NDJSON.
func NewDecoder(r io.Reader) *Decoder {
	return &Decoder{split: newSplitter(r), seen: make(map[string]int)}
}

// Next returns the next request, io.EOF after the last, or a *RecordError.
func (d *Decoder) Next() (*authz.Request, error) {
	raw, idx, err := d.split.next()
	if err != nil {
		return nil, err
	}
	req, err := authz.DecodeRecord(raw, idx)
	if err != nil {
		return nil, err
	}
	if err := d.Unique(req.ID, idx); err != nil {
		return nil, err
	}
	return req, nil
}

// NextRaw returns the raw bytes of the next record (valid until the next call)
// and its index, for callers that decode records in parallel with
// DecodeRecord and then call Unique in file order.
func (d *Decoder) NextRaw() ([]byte, int, error) { return d.split.next() }

// Unique refuses an id that appeared earlier in the same file.
func (d *Decoder) Unique(id string, idx int) error {
	if first, dup := d.seen[id]; dup {
		return &authz.RecordError{Index: idx, ID: id, Field: "id", Err: &authz.Problem{Code: authz.ProblemDuplicateID, Value: id, N: first}}
	}
	d.seen[id] = idx
	return nil
}
