package store

import (
	"slices"

	bolt "go.etcd.io/bbolt"

	"machtiging/audit"
	"machtiging/authz"
)

// siblingIndex holds the requests of every insured (by BSN) that has more
// than one: all the overlap check and the "other requests of this
// insured" need. It lives in memory, keyed by the BSN as a number, and is
// built by one pass over the queue rows that reads 32 bytes of each (no
// key of the file holds a BSN); a decision updates it in place, an import
// has it built anew when next needed.
type siblingIndex struct {
	groups map[uint32][]authz.Sibling
}

// queueKeyID is the request id at the end of a queue key.
func queueKeyID(k []byte) []byte {
	if len(k) > 0 && k[0] == authz.QueueRankOf(authz.StateApproved) {
		if len(k) < 9 {
			return nil
		}
		return k[9:]
	}
	if len(k) < 10 {
		return nil
	}
	return k[10:]
}

// group returns a copy of the requests of an insured with more than one
// (nil otherwise), building the index when there is none.
func (s *Store) group(bsn uint32) ([]authz.Sibling, error) {
	s.sibMu.Lock()
	defer s.sibMu.Unlock()
	if s.sibs == nil {
		idx, err := s.buildSiblings()
		if err != nil {
			return nil, err
		}
		s.sibs = idx
	}
	return slices.Clone(s.sibs.groups[bsn]), nil
}

func (s *Store) buildSiblings() (*siblingIndex, error) {
	type entry struct {
		state  authz.State
		period authz.Period
		idOff  uint32
		idLen  uint16
	}
	var (
		order   []uint64 // bsn<<32 | index in entries
		entries []entry
		ids     []byte
	)
	err := s.view(func(tx *bolt.Tx) error {
		defer s.releaseMapped(tx)
		c := tx.Bucket(bucketQueue).Cursor()
		n := 0
		for k, v := c.First(); k != nil; k, v = c.Next() {
			if n++; n%releaseEvery == 0 {
				s.releaseMapped(tx)
			}
			if s.sealer != nil {
				p, err := s.plain(bucketQueue, k, v)
				if err != nil {
					return err
				}
				v = p
			}
			bsn, state, period, ok := rowSibling(v)
			if !ok {
				var err error
				if bsn, state, period, err = s.slowSibling(tx, k, v); err != nil {
					return err
				}
			}
			if bsn == 0 {
				continue
			}
			id := queueKeyID(k)
			order = append(order, uint64(bsn)<<32|uint64(len(entries)))
			entries = append(entries, entry{state: state, period: period, idOff: uint32(len(ids)), idLen: uint16(len(id))})
			ids = append(ids, id...)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.Sort(order)
	idx := &siblingIndex{groups: make(map[uint32][]authz.Sibling)}
	for i := 0; i < len(order); {
		bsn := uint32(order[i] >> 32)
		j := i + 1
		for j < len(order) && uint32(order[j]>>32) == bsn {
			j++
		}
		if j-i > 1 {
			g := make([]authz.Sibling, 0, j-i)
			for _, o := range order[i:j] {
				e := entries[uint32(o)]
				g = append(g, authz.Sibling{ID: string(ids[e.idOff : e.idOff+uint32(e.idLen)]), State: e.state, Period: e.period})
			}
			idx.groups[bsn] = g
		}
		i = j
	}
	return idx, nil
}

// slowSibling reads what the index needs of a row written before rows
// held it: the row, its state record and its request.
func (s *Store) slowSibling(tx *bolt.Tx, k, v []byte) (uint32, authz.State, authz.Period, error) {
	row, err := decodeRow(k, v)
	if err != nil {
		return 0, 0, authz.Period{}, damaged("a queue row cannot be read: %v", err)
	}
	rec, err := s.stateOf(tx, row.ID)
	if err != nil || rec == nil {
		return 0, 0, authz.Period{}, err
	}
	ver, err := s.version(tx, row.ID, rec.Version)
	if err != nil {
		return 0, 0, authz.Period{}, err
	}
	return BSNNumber(row.BSN), rec.State, authz.RequestPeriod(rec.State, rec.Valid, ver.Request.TreatmentPlan), nil
}

// Overlaps lists, sorted, the other requests of the row's insured whose
// period overlaps the row's ([] when none).
func (s *Store) Overlaps(row *Row) ([]string, error) {
	g, err := s.group(BSNNumber(row.BSN))
	if err != nil {
		return nil, err
	}
	if len(g) == 0 {
		return []string{}, nil
	}
	self := authz.Sibling{ID: row.ID, State: row.State, Period: row.Period}
	for _, o := range g {
		if o.ID == row.ID {
			self = o // the index's period holds for older rows too
		}
	}
	return authz.Overlaps(self, g), nil
}

// OtherRequests returns the queue rows of the other requests of the
// insured of request id, in id order, without logging (the request view
// that shows them logs its own read).
func (s *Store) OtherRequests(id string) ([]Row, error) {
	row, err := s.Row(id)
	if err != nil {
		return nil, err
	}
	g, err := s.group(BSNNumber(row.BSN))
	if err != nil {
		return nil, err
	}
	var out []Row
	for _, o := range g {
		if o.ID == id {
			continue
		}
		r, err := s.Row(o.ID)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b Row) int {
		switch {
		case a.ID < b.ID:
			return -1
		case a.ID > b.ID:
			return 1
		}
		return 0
	})
	return out, nil
}

// keepSiblings brings the index up to date after a committed write: a
// decision changes one request's state and period in place; anything else
// that changes requests (an import) has it built anew when next needed.
func (s *Store) keepSiblings(c Change) {
	if c.Claim || c.Event == audit.EventRegister {
		return
	}
	s.sibMu.Lock()
	defer s.sibMu.Unlock()
	if s.sibs == nil {
		return
	}
	if c.Event != audit.EventDecide || len(c.IDs) == 0 {
		s.sibs = nil
		return
	}
	for _, id := range c.IDs {
		row, err := s.Row(id)
		if err != nil {
			s.sibs = nil
			return
		}
		g := s.sibs.groups[BSNNumber(row.BSN)]
		for i := range g {
			if g[i].ID == id {
				g[i].State, g[i].Period = row.State, row.Period
				if !row.RegisterFacts {
					s.sibs = nil // an older row: its period is the request's
					return
				}
			}
		}
	}
}

// PrepareOverlaps builds the index of the insured's requests now, so that
// Overlaps and OtherRequests answer at once afterwards (a check builds it
// while the registers load; the TUI after its first frame).
func (s *Store) PrepareOverlaps() error {
	_, err := s.group(0)
	return err
}
