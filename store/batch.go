package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// Step is one decision of DecideBatch: who asks what of which request, on
// which day.
type Step struct {
	Actor Actor
	ID    string
	Ask   authz.Ask
	Today authz.Date
}

// decideBatch is how many decisions one transaction of DecideBatch records.
const decideBatch = 4096

// DecideBatch records the decisions that next yields (false: no more), as
// Decide records each, with its access-log entry and report facts, but
// many to a transaction: for filling a demonstration or benchmark store
// with a history of decisions. It stops at the first refusal, which names
// the request, and keeps the batches before it. It returns how many
// decisions it recorded.
func (s *Store) DecideBatch(next func() (Step, bool)) (int, error) {
	regs, err := s.Registers()
	if err != nil {
		return 0, err
	}
	done := 0
	for more := true; more; {
		n := 0
		err := s.update(func(tx *bolt.Tx) error {
			for n < decideBatch {
				st, ok := next()
				if !ok {
					more = false
					return nil
				}
				st.Ask.Adviser = st.Actor.Adviser
				if _, _, err := s.decide(tx, st.Actor, st.ID, st.Ask, st.Today, regs); err != nil {
					return fmt.Errorf("decide %s %s on %s: %w", st.ID, st.Ask.Action, st.Today, err)
				}
				n++
			}
			return nil
		})
		if err != nil {
			return done, err
		}
		done += n
	}
	if done > 0 {
		s.publish(Change{Event: audit.EventDecide})
	}
	return done, nil
}
