package store

import (
	"encoding/binary"
	"errors"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// bucketLetters holds the letters of decisions, as sent: decision seq ->
// letters (sealed when the store has a key).
var bucketLetters = []byte("letters")

// ErrNoLetter is the error of a request none of whose decisions wrote a
// letter.
var ErrNoLetter = errors.New("no decision with a letter")

// Letters are the texts of one decision's letter as it was sent: to the
// insured, and the provider's copy.
type Letters struct {
	Insured  string
	Provider string
}

// LetterWriter writes the letters of a decision being recorded, from the
// case it was decided on (the request's current version, its state and the
// registers' word). It returns nil for a decision that has no letter. An
// error records no decision: the letter and the decision are one
// transaction.
type LetterWriter func(c authz.Case, d *authz.Decision) (*Letters, error)

// Letter is a stored letter with the decision that wrote it.
type Letter struct {
	Decision authz.Decision
	Letters
}

// lettersFormat is the first byte of a stored letter: the layout below.
const lettersFormat = 1

// encodeLetters writes format, uvarint len(insured), insured, provider:
// the texts byte for byte, whatever they hold.
func encodeLetters(l *Letters) []byte {
	b := make([]byte, 0, 1+binary.MaxVarintLen64+len(l.Insured)+len(l.Provider))
	b = append(b, lettersFormat)
	b = binary.AppendUvarint(b, uint64(len(l.Insured)))
	b = append(b, l.Insured...)
	return append(b, l.Provider...)
}

func decodeLetters(b []byte) (Letters, error) {
	if len(b) == 0 || b[0] != lettersFormat {
		return Letters{}, errors.New("unknown format")
	}
	n, w := binary.Uvarint(b[1:])
	if w <= 0 || n > uint64(len(b)-1-w) {
		return Letters{}, errors.New("cut short")
	}
	rest := b[1+w:]
	return Letters{Insured: string(rest[:n]), Provider: string(rest[n:])}, nil
}

// writeLetters writes and stores the letters of decision d, made on case
// c, in the decision's transaction.
func (s *Store) writeLetters(tx *bolt.Tx, c authz.Case, d *authz.Decision) error {
	if s.letters == nil {
		return nil
	}
	l, err := s.letters(c, d)
	if err != nil {
		return err
	}
	if l == nil {
		return nil
	}
	return s.put(tx, bucketLetters, seqKey(d.Seq), encodeLetters(l))
}

// lettersAt reads the letters of decision seq; nil when it wrote none.
func (s *Store) lettersAt(tx *bolt.Tx, seq uint64) (*Letters, error) {
	if tx.Bucket(bucketLetters) == nil {
		return nil, nil // a store from before letters, opened read-only
	}
	b, err := s.get(tx, bucketLetters, seqKey(seq))
	if err != nil || b == nil {
		return nil, err
	}
	l, err := decodeLetters(b)
	if err != nil {
		return nil, damaged("the letter of decision %d cannot be read: %v", seq, err)
	}
	return &l, nil
}

// deleteLetters removes the letters of decision seq, if it wrote any (for
// purge).
func (s *Store) deleteLetters(tx *bolt.Tx, seq uint64) error {
	if b := tx.Bucket(bucketLetters); b != nil {
		return b.Delete(seqKey(seq))
	}
	return nil
}

// latestLetter finds the letters of the latest decision of a request that
// wrote any.
func (s *Store) latestLetter(tx *bolt.Tx, id string) (*Letter, error) {
	rec, err := s.stateOf(tx, id)
	if err != nil {
		return nil, err
	}
	if rec == nil {
		return nil, missing(tx, id)
	}
	var seqs []uint64
	if err := indexed(tx, id, kindDecision, func(seq []byte) error {
		seqs = append(seqs, binary.BigEndian.Uint64(seq))
		return nil
	}); err != nil {
		return nil, err
	}
	for i := len(seqs) - 1; i >= 0; i-- {
		l, err := s.lettersAt(tx, seqs[i])
		if err != nil {
			return nil, err
		}
		if l == nil {
			continue
		}
		d, err := s.decisionAt(tx, seqs[i])
		if err != nil {
			return nil, err
		}
		return &Letter{Decision: *d, Letters: *l}, nil
	}
	return nil, fmt.Errorf("request %s has %w", id, ErrNoLetter)
}

// PeekLetter returns the letters of the latest decision of a request that
// wrote any, without logging the read. An unknown request is ErrNotFound;
// one without such a decision ErrNoLetter.
func (s *Store) PeekLetter(id string) (*Letter, error) {
	var out *Letter
	err := s.view(func(tx *bolt.Tx) error {
		var err error
		out, err = s.latestLetter(tx, id)
		return err
	})
	return out, err
}

// ReadLetter is PeekLetter that logs the read in the access log as reading
// the request, with detail saying which copy was read and how.
func (s *Store) ReadLetter(a Actor, id, detail string) (*Letter, error) {
	var out *Letter
	err := s.update(func(tx *bolt.Tx) error {
		var err error
		if out, err = s.latestLetter(tx, id); err != nil {
			return err
		}
		return s.appendAudit(tx, a, audit.Entry{Action: audit.Read, Event: audit.EventView, Detail: detail}, []string{id})
	})
	return out, err
}
