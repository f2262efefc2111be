package demo

import (
	"reflect"
	"testing"
	"time"

	"machtiging/authz"
)

// applied is a request's state after a script, with what was decided.
type applied struct {
	states    map[string]authz.State
	outcomes  map[authz.Outcome]int
	decisions map[string][]authz.Decision
}

// apply runs a script through authz.Decide in order, keeping each request's
// state and pending proposal as the store would, and fails the test at the
// first refused step.
func apply(t *testing.T, reqs []*authz.Request, script []Scripted, day authz.Date) applied {
	t.Helper()
	byID := make(map[string]*authz.Request, len(reqs))
	a := applied{states: map[string]authz.State{}, outcomes: map[authz.Outcome]int{}, decisions: map[string][]authz.Decision{}}
	for _, r := range reqs {
		byID[r.ID] = r
		a.states[r.ID] = authz.StateOpen
	}
	proposals := map[string]*authz.Decision{}
	now := day.Time().Add(9 * time.Hour)
	for n, s := range script {
		r := byID[s.ID]
		if r == nil {
			t.Fatalf("step %d: unknown request %s", n, s.ID)
		}
		if s.Ask.Adviser != s.Adviser {
			t.Fatalf("step %d: ask by %q, step by %q", n, s.Ask.Adviser, s.Adviser)
		}
		d, state, err := authz.Decide(authz.Case{Request: r, State: a.states[s.ID], Proposal: proposals[s.ID], Decisions: a.decisions[s.ID]}, s.Ask, day, now)
		if err != nil {
			t.Fatalf("step %d (%s %s by %s, state %s): %v", n, s.Ask.Action, s.ID, s.Adviser, a.states[s.ID], err)
		}
		now = now.Add(time.Minute)
		a.states[s.ID] = state
		a.outcomes[d.Outcome]++
		a.decisions[s.ID] = append(a.decisions[s.ID], d)
		if d.Outcome == authz.OutcomeRejectionProposed {
			proposals[s.ID] = &d
		} else {
			delete(proposals, s.ID)
		}
	}
	return a
}

func TestDecisionsApply(t *testing.T) {
	for _, day := range []authz.Date{today, authz.NewDate(2027, 6, 30)} {
		for _, seed := range seeds {
			for _, n := range []int{200, 1000} {
				reqs := Generate(n, day, seed)
				script := Decisions(reqs, day, seed)
				a := apply(t, reqs, script, day)

				count := map[authz.State]int{}
				for _, s := range a.states {
					count[s]++
				}
				for _, s := range []authz.State{authz.StateOpen, authz.StateWaiting, authz.StateSecondReview, authz.StateApproved, authz.StateRejected, authz.StateReconsideration} {
					if count[s] == 0 {
						t.Errorf("day %s seed %d n %d: no request ends %s", day, seed, n, s)
					}
				}
				if count[authz.StateOpen] <= n/2 {
					t.Errorf("day %s seed %d n %d: only %d of %d stay open", day, seed, n, count[authz.StateOpen], n)
				}
				for _, o := range []authz.Outcome{authz.OutcomeApproved, authz.OutcomeRejected, authz.OutcomeInfoRequested,
					authz.OutcomeRejectionProposed, authz.OutcomeConcurred, authz.OutcomeOverturned,
					authz.OutcomeReconsiderationRequested, authz.OutcomeUpheld} {
					if a.outcomes[o] == 0 {
						t.Errorf("day %s seed %d n %d: no decision is %s", day, seed, n, o)
					}
				}

				// A rejection as not required at a contracted provider; a
				// concurred and an overturned proposal by two advisers; a
				// request rejected after it waited.
				var notRequired, concurred, overturned, afterWaiting, reduced bool
				byID := reqsByID(reqs)
				for id, ds := range a.decisions {
					r := byID[id]
					last := ds[len(ds)-1]
					switch {
					case last.Outcome == authz.OutcomeRejected && last.ReasonCode == authz.RejectNotRequired && r.Provider.IsContracted():
						notRequired = true
					case last.Outcome == authz.OutcomeConcurred:
						concurred = ds[0].Outcome == authz.OutcomeRejectionProposed && ds[0].Adviser != last.Adviser
					case last.Outcome == authz.OutcomeOverturned:
						overturned = ds[0].Outcome == authz.OutcomeRejectionProposed && ds[0].Adviser != last.Adviser && a.states[id] == authz.StateOpen
					case last.Outcome == authz.OutcomeRejected && len(ds) == 2 && ds[0].Outcome == authz.OutcomeInfoRequested:
						afterWaiting = true
					case last.Outcome == authz.OutcomeApproved && (last.ApprovedMinutes < r.TreatmentPlan.Minutes() || last.ValidUntil < r.TreatmentPlan.PeriodEnd):
						reduced = true
					}
				}
				if !notRequired || !concurred || !overturned || !afterWaiting || !reduced {
					t.Errorf("day %s seed %d n %d: not_required %v, concurred %v, overturned %v, rejected after waiting %v, reduced approval %v",
						day, seed, n, notRequired, concurred, overturned, afterWaiting, reduced)
				}
			}
		}
	}
}

func reqsByID(reqs []*authz.Request) map[string]*authz.Request {
	m := make(map[string]*authz.Request, len(reqs))
	for _, r := range reqs {
		m[r.ID] = r
	}
	return m
}

func TestDecisionsDeterministic(t *testing.T) {
	reqs := Generate(300, today, 8)
	a := Decisions(reqs, today, 8)
	if !reflect.DeepEqual(a, Decisions(reqs, today, 8)) {
		t.Fatal("two scripts with one seed differ")
	}
	if reflect.DeepEqual(a, Decisions(reqs, today, 9)) {
		t.Error("two seeds give the same script")
	}
	// Decisions does not change the requests.
	if !reflect.DeepEqual(reqs, Generate(300, today, 8)) {
		t.Error("Decisions changed the requests")
	}
}

// Few requests still give a script that applies.
func TestDecisionsSmall(t *testing.T) {
	for n := range 15 {
		reqs := Generate(n, today, int64(n))
		apply(t, reqs, Decisions(reqs, today, 1), today)
	}
}
