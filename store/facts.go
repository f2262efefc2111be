package store

import (
	"bytes"
	"encoding/binary"
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/authz"
)

// Facts are what the report needs of one decision, written in the same
// transaction as the decision: the decided version's received and due day,
// urgency, provider, the items' statuses on the day, and whether an
// approval was partial. They outlive the request's versions (purge keeps
// them), so the report's figures stay. They hold no patient data: no name,
// BSN, address or request id; their key is the decision's sequence number.
// Holding none, they are not sealed.
type Facts struct {
	Seq     uint64
	Outcome authz.Outcome
	Code    authz.RejectCode
	Day     authz.Date // the day the decision was made on (its Today)
	Adviser string
	// Known is false when the decided version was gone before its facts
	// were recorded; then only the fields above are filled in.
	Known    bool
	First    bool // the request's first decision
	Urgent   bool
	Partial  bool // an approval of fewer minutes or a shorter period than asked
	Received authz.Date
	Due      authz.Date
	AGB      string
	Provider string
	Items    [authz.NumItems]authz.Status // on the decision's day
}

// bucketFacts holds decision seq -> facts, in the binary form below.
var bucketFacts = []byte("facts")

// keyFactsFrom is the first decision seq whose facts were written with the
// decision; the facts of earlier decisions are worked out from the
// request's versions when read (or kept by KeepFacts before a purge).
var keyFactsFrom = []byte("facts_from")

// Facts in the binary form:
//
//	0x01 flags outcome code day(4) received(4) due(4) statuses(5)
//	uvarint lengths of adviser, agb, provider, then the three strings.
//
// Flags: 1 known, 2 first, 4 urgent, 8 partial.
const (
	factKnown   = 1
	factFirst   = 2
	factUrgent  = 4
	factPartial = 8
)

func encodeFacts(f *Facts) []byte {
	b := make([]byte, 0, 32+len(f.Adviser)+len(f.AGB)+len(f.Provider))
	var flags byte
	for _, c := range []struct {
		on   bool
		flag byte
	}{{f.Known, factKnown}, {f.First, factFirst}, {f.Urgent, factUrgent}, {f.Partial, factPartial}} {
		if c.on {
			flags |= c.flag
		}
	}
	b = append(b, binaryV1, flags, byte(f.Outcome), byte(f.Code))
	b = binary.BigEndian.AppendUint32(b, uint32(f.Day))
	b = binary.BigEndian.AppendUint32(b, uint32(f.Received))
	b = binary.BigEndian.AppendUint32(b, uint32(f.Due))
	for _, st := range f.Items {
		b = append(b, byte(st))
	}
	for _, s := range []string{f.Adviser, f.AGB, f.Provider} {
		b = binary.AppendUvarint(b, uint64(len(s)))
	}
	b = append(b, f.Adviser...)
	b = append(b, f.AGB...)
	return append(b, f.Provider...)
}

// decodeFacts fills f from b; intern turns the bytes of a name into a
// string, so that a scan makes each adviser's and provider's name once.
func decodeFacts(f *Facts, seq uint64, b []byte, intern func([]byte) string) error {
	if len(b) == 0 || b[0] != binaryV1 {
		return fmt.Errorf("unknown facts format %s", formatByte(b))
	}
	r := reader{b: b[1:]}
	flags := r.byte()
	f.Seq = seq
	f.Outcome = authz.Outcome(r.byte())
	f.Code = authz.RejectCode(r.byte())
	f.Day = authz.Date(r.uint32())
	f.Received = authz.Date(r.uint32())
	f.Due = authz.Date(r.uint32())
	for i := range f.Items {
		f.Items[i] = authz.Status(r.byte())
	}
	f.Known, f.First = flags&factKnown != 0, flags&factFirst != 0
	f.Urgent, f.Partial = flags&factUrgent != 0, flags&factPartial != 0
	var lens [3]uint64
	total := uint64(0)
	for i := range lens {
		lens[i] = r.uvarint()
		total += lens[i]
	}
	if r.err != nil {
		return r.err
	}
	if total != uint64(len(r.b)) {
		return fmt.Errorf("the facts' text is %d bytes, their lengths say %d", len(r.b), total)
	}
	text := r.b
	f.Adviser, text = intern(text[:lens[0]]), text[lens[0]:]
	f.AGB, text = intern(text[:lens[1]]), text[lens[1]:]
	f.Provider = intern(text)
	return nil
}

// FactsOf works out the facts of decision d, made on version req of a
// request (nil: the version is gone); first says whether it is the
// request's first decision.
func FactsOf(d *authz.Decision, req *authz.Request, first bool) Facts {
	f := Facts{Seq: d.Seq, Outcome: d.Outcome, Code: d.ReasonCode, Day: decisionDay(d), Adviser: d.Adviser, First: first}
	if req == nil {
		return f
	}
	f.Known = true
	f.Urgent = req.Urgent
	f.Received = req.Received
	f.Due = authz.DueDate(req.Received, req.Urgent, req.TreatmentStart)
	f.AGB, f.Provider = req.Provider.AGB, req.Provider.Name
	// The items' statuses do not depend on the state.
	res := authz.Check(req, authz.StateOpen, f.Day)
	for i, it := range res.Items {
		f.Items[i] = it.Status
	}
	f.Partial = partialApproval(d, req.TreatmentPlan)
	return f
}

// decisionDay is the day a decision was made on: the day its rules were
// applied on, else (never for decisions this program records) the UTC
// day of its time.
func decisionDay(d *authz.Decision) authz.Date {
	if !d.Today.IsZero() {
		return d.Today
	}
	return authz.DateOf(d.DecidedAt.UTC())
}

// partialApproval: an approval of fewer minutes, or a shorter period, than
// the plan asked for.
func partialApproval(d *authz.Decision, plan *authz.TreatmentPlan) bool {
	if d.Outcome != authz.OutcomeApproved && d.Outcome != authz.OutcomeApprovedOnReconsideration {
		return false
	}
	if plan == nil {
		return false
	}
	return d.ApprovedMinutes < plan.Minutes() || d.ValidFrom > plan.PeriodStart || d.ValidUntil < plan.PeriodEnd
}

// hasDecision reports whether a request has a decision on record.
func hasDecision(tx *bolt.Tx, id string) bool {
	prefix := indexPrefix(id, kindDecision)
	k, _ := tx.Bucket(bucketRequests).Cursor().Seek(prefix)
	return k != nil && len(k) == len(prefix)+8 && bytes.HasPrefix(k, prefix)
}

// putFacts records the facts of a decision (in the decision's transaction).
// Their keys only ever grow, so the bucket's pages are filled before they
// split: at bbolt's default every page would stay half empty, and a report
// would read twice the pages.
func putFacts(tx *bolt.Tx, f *Facts) error {
	b := tx.Bucket(bucketFacts)
	b.FillPercent = factsFill
	return b.Put(seqKey(f.Seq), encodeFacts(f))
}

// factsFill is how full the facts' pages are packed. A purge's keepFacts
// puts older facts in among them, which splits a full page into a full
// one and a nearly empty one: rare, and only once per page.
const factsFill = 1.0

// factsReleaseEvery is how many facts a scan reads between giving back
// the pages of the file it mapped (releaseMapped): some 6 MB of facts, 20
// MB mapped at most. Each release is a call over the whole mapping, and
// every page a scan touches after it is faulted in again.
const factsReleaseEvery = 1 << 16

// initFacts marks, when the facts bucket is new in a store that has
// decisions already, where the recorded facts begin.
func initFacts(tx *bolt.Tx, created bool) error {
	if !created {
		return nil
	}
	next := tx.Bucket(bucketDecisions).Sequence() + 1
	return tx.Bucket(bucketMeta).Put(keyFactsFrom, binary.BigEndian.AppendUint64(nil, next))
}

// factsFrom is the first decision seq that has its facts recorded; every
// seq in a store that has never had a facts bucket (opened read-only
// since) has none.
func factsFrom(tx *bolt.Tx) uint64 {
	if tx.Bucket(bucketFacts) == nil {
		return ^uint64(0)
	}
	v := tx.Bucket(bucketMeta).Get(keyFactsFrom)
	if len(v) != 8 {
		return 1
	}
	return binary.BigEndian.Uint64(v)
}

// EachFacts calls fn with the facts of every decision, oldest first, in
// one read transaction, streaming: fn must not keep f past the call. The
// facts of decisions recorded before facts were (an older store) are
// worked out from the request's versions.
func (s *Store) EachFacts(fn func(f *Facts) error) error {
	return s.view(func(tx *bolt.Tx) error {
		from := factsFrom(tx)
		facts := tx.Bucket(bucketFacts)
		names := map[string]string{}
		var last [4]string // the last names made, which the next facts mostly repeat
		intern := func(b []byte) string {
			for _, s := range last {
				if s == string(b) {
					return s
				}
			}
			s, ok := names[string(b)]
			if !ok {
				s = string(b)
				if len(names) < 1<<16 {
					names[s] = s
				}
			}
			copy(last[1:], last[:3])
			last[0] = s
			return s
		}
		defer s.releaseMapped(tx)
		n := 0
		var f Facts
		if from > 1 {
			c := tx.Bucket(bucketDecisions).Cursor()
			for k, v := c.First(); k != nil; k, v = c.Next() {
				if len(k) != 8 {
					return damaged("the decisions hold a key of %d bytes", len(k))
				}
				seq := binary.BigEndian.Uint64(k)
				if seq >= from {
					break
				}
				if n++; n%releaseEvery == 0 {
					s.releaseMapped(tx)
				}
				if fv := factsAt(facts, k); fv != nil {
					if err := decodeFacts(&f, seq, fv, intern); err != nil {
						return damaged("the facts of decision %d cannot be read: %v", seq, err)
					}
				} else {
					p, err := s.plain(bucketDecisions, k, v)
					if err != nil {
						return err
					}
					var d authz.Decision
					if err := decode(p, &d); err != nil {
						return damaged("decision %d cannot be read: %v", seq, err)
					}
					if f, err = s.olderFacts(tx, &d); err != nil {
						return err
					}
				}
				if err := fn(&f); err != nil {
					return err
				}
			}
		}
		if facts == nil {
			return nil
		}
		c := facts.Cursor()
		for k, v := c.Seek(seqKey(from)); k != nil; k, v = c.Next() {
			if len(k) != 8 {
				return damaged("the facts hold a key of %d bytes", len(k))
			}
			if n++; n%factsReleaseEvery == 0 {
				s.releaseMapped(tx)
			}
			seq := binary.BigEndian.Uint64(k)
			if err := decodeFacts(&f, seq, v, intern); err != nil {
				return damaged("the facts of decision %d cannot be read: %v", seq, err)
			}
			if err := fn(&f); err != nil {
				return err
			}
		}
		return nil
	})
}

func factsAt(b *bolt.Bucket, k []byte) []byte {
	if b == nil {
		return nil
	}
	return b.Get(k)
}

// olderFacts works out the facts of a decision recorded before facts were,
// from the version of its request that was current when it was made (the
// last imported at or before it). Without that version (purged) only the
// decision's own facts are known.
func (s *Store) olderFacts(tx *bolt.Tx, d *authz.Decision) (Facts, error) {
	first := false
	if k, _ := tx.Bucket(bucketRequests).Cursor().Seek(indexPrefix(d.ID, kindDecision)); k != nil {
		first = bytes.Equal(k, indexKey(d.ID, kindDecision, d.Seq))
	}
	rec, err := s.stateOf(tx, d.ID)
	if err != nil || rec == nil {
		return FactsOf(d, nil, first), err
	}
	for n := rec.Version; n >= 1; n-- {
		b, err := s.get(tx, bucketVersions, versionKey(d.ID, n))
		if err != nil {
			return Facts{}, err
		}
		if b == nil {
			break // purged
		}
		v := new(storedVersion)
		if err := decode(b, v); err != nil {
			return Facts{}, damaged("version %d of request %s cannot be read: %v", n, d.ID, err)
		}
		if n == 1 || !v.Info.ImportedAt.After(d.DecidedAt) {
			return FactsOf(d, v.Request, first), nil
		}
	}
	return FactsOf(d, nil, first), nil
}

// keepFacts records the facts of a request's decisions that were made
// before facts were recorded, from its versions: purge calls it before it
// removes them, so that the report's figures stay.
func (s *Store) keepFacts(tx *bolt.Tx, id string) error {
	from := factsFrom(tx)
	if from <= 1 || tx.Bucket(bucketFacts) == nil {
		return nil
	}
	return indexed(tx, id, kindDecision, func(seq []byte) error {
		n := binary.BigEndian.Uint64(seq)
		if n >= from || tx.Bucket(bucketFacts).Get(seq) != nil {
			return nil
		}
		d, err := s.decisionAt(tx, n)
		if err != nil {
			return err
		}
		f, err := s.olderFacts(tx, d)
		if err != nil {
			return err
		}
		f.Seq = n
		return putFacts(tx, &f)
	})
}
