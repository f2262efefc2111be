package store

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// Decide applies authz's rules to an ask inside one write transaction and
// records the decision with its access-log entry. A refusal records no
// decision but is logged as refused; its error satisfies
// errors.Is(err, authz.ErrRefused).
func (s *Store) Decide(a Actor, id string, ask authz.Ask, today authz.Date) (authz.Decision, error) {
	d, _, err := s.DecideState(a, id, ask, today)
	return d, err
}

// DecideState is Decide that also returns the state the decision leaves
// the request in, as authz's rules gave it.
func (s *Store) DecideState(a Actor, id string, ask authz.Ask, today authz.Date) (authz.Decision, authz.State, error) {
	ask.Adviser = a.Adviser
	var d authz.Decision
	var newState authz.State
	var refusal error
	// The registers are read before the write transaction: bbolt cannot
	// open a read transaction inside a write one safely.
	regs, err := s.Registers()
	if err != nil {
		return authz.Decision{}, 0, err
	}
	var held *ErrClaimed
	if err := s.claimedByOther(id, a.Adviser); errors.As(err, &held) {
		refusal = &authz.Refusal{Code: authz.RefuseInReview, ID: id, Adviser: held.Claim.Adviser}
	}
	err = s.update(func(tx *bolt.Tx) error {
		var err error
		if refusal != nil {
			err = refusal
		} else {
			d, newState, err = s.decide(tx, a, id, ask, today, regs)
		}
		if errors.Is(err, ErrNotFound) && !authz.IsRequestID(id) {
			// No request has this id, which today's imports cannot store
			// (an older version may have stored one: such a request is
			// decided as any other). Nothing was accessed, and the id's
			// text, perhaps control characters, stays out of the log.
			refusal = err
			return nil
		}
		if errors.Is(err, authz.ErrRefused) || errors.Is(err, ErrNotFound) {
			refusal = err
			e := audit.Entry{Action: audit.Update, Event: audit.EventDecide, Outcome: audit.Refused,
				Detail: fmt.Sprintf("%s refused: %v", ask.Action, err)}
			return s.appendAudit(tx, a, e, []string{id})
		}
		return err
	})
	if err != nil {
		return authz.Decision{}, 0, err
	}
	if refusal != nil {
		return authz.Decision{}, 0, refusal
	}
	s.Release(id, a.Adviser)
	s.publish(Change{IDs: []string{id}, Event: audit.EventDecide, By: a.Adviser})
	return d, newState, nil
}

func (s *Store) decide(tx *bolt.Tx, a Actor, id string, ask authz.Ask, today authz.Date, regs *Registers) (authz.Decision, authz.State, error) {
	rec, err := s.stateOf(tx, id)
	if err != nil {
		return authz.Decision{}, 0, err
	}
	if rec == nil {
		return authz.Decision{}, 0, missing(tx, id)
	}
	if beingImported(tx, id) {
		return authz.Decision{}, 0, &authz.Refusal{Code: authz.RefuseBeingImported, ID: id}
	}
	cur, err := s.version(tx, id, rec.Version)
	if err != nil {
		return authz.Decision{}, 0, err
	}
	c := authz.Case{Request: cur.Request, State: rec.State}
	f := regs.FindingsOf(cur.Request)
	c.Identity, c.Contract = f.Identity, f.Contract
	if rec.State == authz.StateSecondReview {
		p, err := s.decisionAt(tx, rec.ProposalSeq)
		if err != nil {
			return authz.Decision{}, 0, err
		}
		c.Proposal = p
	}
	if rec.State != authz.StateOpen && rec.State != authz.StateWaiting && rec.State != authz.StateSecondReview {
		// The reconsideration rules look at who took part in the
		// rejection and whether it was reconsidered before.
		if c.Decisions, err = s.decisionsOf(tx, id); err != nil {
			return authz.Decision{}, 0, err
		}
	}
	d, newState, err := authz.Decide(c, ask, today, s.now())
	if err != nil {
		return authz.Decision{}, 0, err
	}
	seq, err := tx.Bucket(bucketDecisions).NextSequence()
	if err != nil {
		return authz.Decision{}, 0, err
	}
	d.Seq = seq
	db, err := encode(&d)
	if err != nil {
		return authz.Decision{}, 0, err
	}
	if err := s.put(tx, bucketDecisions, seqKey(seq), db); err != nil {
		return authz.Decision{}, 0, err
	}
	facts := FactsOf(&d, cur.Request, !hasDecision(tx, id))
	if err := putFacts(tx, &facts); err != nil {
		return authz.Decision{}, 0, err
	}
	if err := tx.Bucket(bucketRequests).Put(indexKey(id, kindDecision, seq), nil); err != nil {
		return authz.Decision{}, 0, err
	}
	if err := s.writeLetters(tx, c, &d); err != nil {
		return authz.Decision{}, 0, fmt.Errorf("decide %s: its letter: %w", id, err)
	}

	counts := readCounts(tx.Bucket(bucketMeta).Get(keyCounts))
	counts.add(rec.State, -1)
	counts.add(newState, 1)
	if err := tx.Bucket(bucketMeta).Put(keyCounts, counts.bytes()); err != nil {
		return authz.Decision{}, 0, err
	}
	if err := tx.Bucket(bucketQueue).Delete(rec.Queue); err != nil {
		return authz.Decision{}, 0, err
	}
	rec.State = newState
	rec.ProposalSeq, rec.Proposer = 0, ""
	if newState == authz.StateSecondReview {
		rec.ProposalSeq, rec.Proposer = seq, d.Adviser
	}
	if newState.Final() {
		rec.DecidedAt = d.DecidedAt
	}
	rec.Objection = 0
	if newState == authz.StateReconsideration {
		rec.Objection = d.ObjectionReceived
	}
	rec.Valid = authz.Period{}
	if newState == authz.StateApproved && !d.ValidFrom.IsZero() {
		rec.Valid = authz.Period{From: d.ValidFrom, Until: d.ValidUntil}
	}
	if err := s.putState(tx, []byte(id), rec, cur.Request); err != nil {
		return authz.Decision{}, 0, err
	}
	e := audit.Entry{Action: audit.Update, Event: audit.EventDecide, Detail: describe(&d)}
	if err := s.appendAudit(tx, a, e, []string{id}); err != nil {
		return authz.Decision{}, 0, err
	}
	return d, newState, nil
}

// describe says what a decision recorded, for the access log.
func describe(d *authz.Decision) string {
	parts := []string{d.Outcome.String()}
	if d.ReasonCode != authz.RejectNone {
		parts = append(parts, "code "+d.ReasonCode.String())
	}
	if d.Outcome == authz.OutcomeApproved || d.Outcome == authz.OutcomeApprovedOnReconsideration {
		parts = append(parts, fmt.Sprintf("%d minutes %s to %s", d.ApprovedMinutes, d.ValidFrom, d.ValidUntil))
	}
	if len(d.ItemsRequested) > 0 {
		names := make([]string, len(d.ItemsRequested))
		for i, it := range d.ItemsRequested {
			names[i] = it.String()
		}
		parts = append(parts, "items "+strings.Join(names, ","))
	}
	if !d.ObjectionReceived.IsZero() {
		parts = append(parts, "objection received "+d.ObjectionReceived.String())
	}
	return strings.Join(parts, ", ")
}

func (s *Store) decisionAt(tx *bolt.Tx, seq uint64) (*authz.Decision, error) {
	b, err := s.get(tx, bucketDecisions, seqKey(seq))
	if err != nil {
		return nil, err
	}
	if b == nil {
		return nil, damaged("decision %d is missing", seq)
	}
	d := new(authz.Decision)
	if err := decode(b, d); err != nil {
		return nil, damaged("decision %d cannot be read: %v", seq, err)
	}
	return d, nil
}

// decisionsOf reads a request's decisions, oldest first.
func (s *Store) decisionsOf(tx *bolt.Tx, id string) ([]authz.Decision, error) {
	var out []authz.Decision
	err := indexed(tx, id, kindDecision, func(seq []byte) error {
		d, err := s.decisionAt(tx, binary.BigEndian.Uint64(seq))
		if err != nil {
			return err
		}
		out = append(out, *d)
		return nil
	})
	return out, err
}

// Decisions calls fn for every decision, oldest first.
func (s *Store) Decisions(fn func(*authz.Decision) error) error {
	return s.view(func(tx *bolt.Tx) error {
		c := tx.Bucket(bucketDecisions).Cursor()
		for k, v := c.First(); k != nil; k, v = c.Next() {
			p, err := s.plain(bucketDecisions, k, v)
			if err != nil {
				return err
			}
			var d authz.Decision
			if err := decode(p, &d); err != nil {
				return damaged("decision %d cannot be read: %v", binary.BigEndian.Uint64(k), err)
			}
			if err := fn(&d); err != nil {
				return err
			}
		}
		return nil
	})
}
