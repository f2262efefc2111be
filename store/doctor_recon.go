package store

import (
	"strconv"

	bolt "go.etcd.io/bbolt"

	"machtiging/authz"
)

// rowAgreesWithState is doctor's check of one queue row against its
// request's state: the row has the state's rank in the queue (a store whose
// queue was not re-ranked to schema 3 would list requests out of order),
// and a request in reconsideration has its objection on record, with the
// due six weeks after it and exactly one objection among its decisions.
// It returns a finding, or "".
func (s *Store) rowAgreesWithState(tx *bolt.Tx, key []byte, row *Row, rec *stateRecord) string {
	id := row.ID
	switch {
	case row.State != rec.State:
		return "the queue row of request " + id + " says " + row.State.String() + ", its state " + rec.State.String()
	case len(key) == 0 || key[0] != authz.QueueRankOf(rec.State):
		return "the queue ranks request " + id + " (" + rec.State.String() + ") out of its state's place"
	case rec.State != authz.StateReconsideration && !rec.Objection.IsZero():
		return "request " + id + " is " + rec.State.String() + " yet its state holds an objection to reconsider"
	case rec.State != authz.StateReconsideration:
		return ""
	case rec.Objection.IsZero():
		return "request " + id + " is in reconsideration without the day its objection arrived"
	case row.Due != authz.ReconsiderationDue(rec.Objection):
		return "the queue row of request " + id + " is due " + row.Due.String() + ", not six weeks after its objection of " + rec.Objection.String()
	}
	decisions, err := s.decisionsOf(tx, id)
	if err != nil {
		return s.wrap(err).Error()
	}
	objections := 0
	var last authz.Decision
	for _, d := range decisions {
		if d.Outcome == authz.OutcomeReconsiderationRequested {
			objections++
		}
		last = d
	}
	switch {
	case objections != 1:
		return "request " + id + " is in reconsideration with " + strconv.Itoa(objections) + " objections on record, not one"
	case last.Outcome != authz.OutcomeReconsiderationRequested || last.ObjectionReceived != rec.Objection:
		return "request " + id + " is in reconsideration but its last decision is not the objection its state names"
	}
	return ""
}

// objectedOnce is doctor's check over all decisions: a request is
// reconsidered once, so no request has two objections on record.
func objectedOnce() (check func(*authz.Decision) error, findings func() []string) {
	seen := map[string]int{}
	var out []string
	check = func(d *authz.Decision) error {
		if d.Outcome != authz.OutcomeReconsiderationRequested {
			return nil
		}
		if seen[d.ID]++; seen[d.ID] == 2 && len(out) < maxCrossFindings {
			out = append(out, "request "+d.ID+" has more than one objection on record: it can be reconsidered once")
		}
		return nil
	}
	return check, func() []string { return out }
}
