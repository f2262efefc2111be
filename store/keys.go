package store

import (
	"bytes"
	"encoding/binary"

	bolt "go.etcd.io/bbolt"
)

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
