package store

import (
	"fmt"
	"sync"
	"time"

	"machtiging/audit"
)

// ClaimIdle is how long a claim lasts without being touched.
const ClaimIdle = 10 * time.Minute

// Claim says that an adviser has a decision form open on a request. Claims
// live in the memory of the process that holds the store (the team server),
// not in the file: they end with the session.
type Claim struct {
	ID      string
	Adviser string
	Since   time.Time
	Touched time.Time
}

type claims struct {
	mu sync.Mutex
	by map[string]Claim
}

// ErrClaimed is the error of a claim or decision on a request another
// adviser is reviewing.
type ErrClaimed struct{ Claim Claim }

func (e *ErrClaimed) Error() string {
	return fmt.Sprintf("%s is in review by %s", e.Claim.ID, e.Claim.Adviser)
}

func (s *Store) claimTable() *claims {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.claims == nil {
		s.claims = &claims{by: make(map[string]Claim)}
	}
	return s.claims
}

// live returns the request's claim when it has not expired.
func (c *claims) live(id string, now time.Time) (Claim, bool) {
	cl, ok := c.by[id]
	if ok && now.Sub(cl.Touched) > ClaimIdle {
		delete(c.by, id)
		return Claim{}, false
	}
	return cl, ok
}

// Claim claims a request for an adviser, or renews their claim; it fails
// with *ErrClaimed when another adviser holds a live claim.
func (s *Store) Claim(id, adviser string) error {
	c := s.claimTable()
	now := s.now()
	c.mu.Lock()
	cl, ok := c.live(id, now)
	if ok && cl.Adviser != adviser {
		c.mu.Unlock()
		return &ErrClaimed{Claim: cl}
	}
	fresh := !ok
	if fresh {
		cl = Claim{ID: id, Adviser: adviser, Since: now}
	}
	cl.Touched = now
	c.by[id] = cl
	c.mu.Unlock()
	if fresh {
		s.publish(Change{IDs: []string{id}, Event: audit.EventDecide, By: adviser, Claim: true})
	}
	return nil
}

// Release ends an adviser's claim on a request.
func (s *Store) Release(id, adviser string) {
	c := s.claimTable()
	c.mu.Lock()
	cl, ok := c.by[id]
	if ok && cl.Adviser == adviser {
		delete(c.by, id)
	}
	c.mu.Unlock()
	if ok && cl.Adviser == adviser {
		s.publish(Change{IDs: []string{id}, Event: audit.EventDecide, By: adviser, Claim: true})
	}
}

// ReleaseAll ends every claim of an adviser, as when their session ends.
func (s *Store) ReleaseAll(adviser string) {
	c := s.claimTable()
	var ids []string
	c.mu.Lock()
	for id, cl := range c.by {
		if cl.Adviser == adviser {
			delete(c.by, id)
			ids = append(ids, id)
		}
	}
	c.mu.Unlock()
	if len(ids) > 0 {
		s.publish(Change{IDs: ids, Event: audit.EventDecide, By: adviser, Claim: true})
	}
}

// ClaimOf returns the live claim on a request, if any.
func (s *Store) ClaimOf(id string) (Claim, bool) {
	c := s.claimTable()
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live(id, s.now())
}

// claimedByOther refuses a decision on a request another adviser reviews.
func (s *Store) claimedByOther(id, adviser string) error {
	cl, ok := s.ClaimOf(id)
	if ok && cl.Adviser != adviser {
		return &ErrClaimed{Claim: cl}
	}
	return nil
}
