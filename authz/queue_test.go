package authz

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// assertBefore checks that a comes strictly before b both by Less and by the
// byte encoding the store's index uses.
func assertBefore(t *testing.T, name string, a, b QueueKey) {
	t.Helper()
	if !a.Less(b) || b.Less(a) {
		t.Errorf("%s: Less(a, b) = %v, Less(b, a) = %v; want a strictly first\na=%+v\nb=%+v", name, a.Less(b), b.Less(a), a, b)
	}
	if c := bytes.Compare(a.Bytes(), b.Bytes()); c >= 0 {
		t.Errorf("%s: bytes.Compare(a, b) = %d, want -1\na=%x\nb=%x", name, c, a.Bytes(), b.Bytes())
	}
}

// The queue order: open, second_review, reconsideration, waiting, decided; within an undecided
// state due ascending, urgent first, received ascending, id; decided requests
// newest decision first, then id.
func TestQueueOrder(t *testing.T) {
	t0 := time.Date(2026, 11, 30, 14, 0, 0, 0, time.UTC)
	k := func(s State, due string, urgent bool, received, id string) QueueKey {
		return QueueKey{State: s, Due: day(due), Urgent: urgent, Received: day(received), ID: id}
	}
	dec := func(s State, at time.Time, id string) QueueKey {
		return QueueKey{State: s, DecidedAt: at, ID: id, Due: day("2026-12-01"), Received: day("2026-11-24")}
	}
	tests := []struct {
		name string
		a, b QueueKey
	}{
		{"open before second_review, even with a later due", k(StateOpen, "2026-12-09", false, "2026-11-24", "Z"), k(StateSecondReview, "2026-11-01", true, "2026-10-01", "A")},
		{"second_review before waiting", k(StateSecondReview, "2026-12-09", false, "2026-11-24", "Z"), k(StateWaiting, "2026-11-01", true, "2026-10-01", "A")},
		{"second_review before reconsideration", k(StateSecondReview, "2026-12-09", false, "2026-11-24", "Z"), k(StateReconsideration, "2026-11-01", true, "2026-10-01", "A")},
		{"open before reconsideration", k(StateOpen, "2026-12-09", false, "2026-11-24", "Z"), k(StateReconsideration, "2026-11-01", true, "2026-10-01", "A")},
		{"reconsideration before waiting", k(StateReconsideration, "2027-01-09", false, "2026-11-24", "Z"), k(StateWaiting, "2026-11-01", true, "2026-10-01", "A")},
		{"reconsideration before decided", k(StateReconsideration, "2027-01-09", false, "2026-11-24", "Z"), dec(StateRejected, t0, "A")},
		{"reconsideration: due ascending", k(StateReconsideration, "2027-01-09", true, "2026-11-24", "Z"), k(StateReconsideration, "2027-01-10", true, "2026-11-20", "A")},
		{"reconsideration: same due, urgent first", k(StateReconsideration, "2027-01-09", true, "2026-11-24", "Z"), k(StateReconsideration, "2027-01-09", false, "2026-11-20", "A")},
		{"reconsideration: same due and urgency, received", k(StateReconsideration, "2027-01-09", false, "2026-11-20", "Z"), k(StateReconsideration, "2027-01-09", false, "2026-11-24", "A")},
		{"reconsideration: then id", k(StateReconsideration, "2027-01-09", false, "2026-11-20", "A"), k(StateReconsideration, "2027-01-09", false, "2026-11-20", "B")},
		{"open before waiting", k(StateOpen, "2026-12-09", false, "2026-11-24", "Z"), k(StateWaiting, "2026-11-01", true, "2026-10-01", "A")},
		{"waiting before approved", k(StateWaiting, "2026-12-09", false, "2026-11-24", "Z"), dec(StateApproved, t0, "A")},
		{"waiting before rejected", k(StateWaiting, "2026-12-09", false, "2026-11-24", "Z"), dec(StateRejected, t0.Add(time.Hour), "A")},
		{"due ascending", k(StateOpen, "2026-12-01", false, "2026-11-25", "Z"), k(StateOpen, "2026-12-02", true, "2026-11-20", "A")},
		{"due ascending across months", k(StateWaiting, "2026-11-30", false, "2026-11-25", "Z"), k(StateWaiting, "2026-12-01", true, "2026-11-20", "A")},
		{"due ascending across years", k(StateOpen, "2026-12-31", false, "2026-12-25", "Z"), k(StateOpen, "2027-01-01", true, "2026-12-20", "A")},
		{"same due: urgent first", k(StateOpen, "2026-12-01", true, "2026-11-28", "Z"), k(StateOpen, "2026-12-01", false, "2026-11-20", "A")},
		{"same due: urgent first in second review", k(StateSecondReview, "2026-12-01", true, "2026-11-28", "Z"), k(StateSecondReview, "2026-12-01", false, "2026-11-20", "A")},
		{"same due and urgency: received ascending", k(StateOpen, "2026-12-01", false, "2026-11-23", "Z"), k(StateOpen, "2026-12-01", false, "2026-11-24", "A")},
		{"same due, urgency, received: id", k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-1"), k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-2")},
		{"id: a prefix first", k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-1"), k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-1-0")},
		{"id: byte order, capitals before small letters", k(StateOpen, "2026-12-01", false, "2026-11-24", "Z"), k(StateOpen, "2026-12-01", false, "2026-11-24", "a")},
		{"id: hyphen before digits", k(StateOpen, "2026-12-01", false, "2026-11-24", "A-"), k(StateOpen, "2026-12-01", false, "2026-11-24", "A0")},
		{"decided: newest first", dec(StateApproved, t0.Add(time.Second), "Z"), dec(StateApproved, t0, "A")},
		{"decided: newest first by a nanosecond", dec(StateRejected, t0.Add(1), "Z"), dec(StateRejected, t0, "A")},
		{"decided: approved and rejected mix by time", dec(StateRejected, t0.Add(time.Minute), "Z"), dec(StateApproved, t0, "A")},
		{"decided: rejected older after approved newer", dec(StateApproved, t0.Add(time.Minute), "Z"), dec(StateRejected, t0, "A")},
		{"decided: same time then id", dec(StateApproved, t0, "MA-1"), dec(StateRejected, t0, "MA-2")},
		{"decided: time zone does not matter", dec(StateApproved, t0.Add(time.Second).In(time.FixedZone("CET", 3600)), "Z"), dec(StateApproved, t0, "A")},
		{"decided: due and received do not matter", QueueKey{State: StateApproved, DecidedAt: t0, ID: "A", Due: day("2027-01-01")}, QueueKey{State: StateApproved, DecidedAt: t0, ID: "B", Due: day("2026-01-01"), Urgent: true}},
	}
	for _, tt := range tests {
		assertBefore(t, tt.name, tt.a, tt.b)
	}

	// Equal keys: neither first, same bytes. Fields the state ignores do not count.
	a := k(StateOpen, "2026-12-01", true, "2026-11-24", "MA-1")
	b := a
	b.DecidedAt = t0
	if a.Less(b) || b.Less(a) || !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Errorf("an undecided key's order depends on DecidedAt")
	}
	c := dec(StateApproved, t0, "MA-1")
	d := dec(StateRejected, t0.In(time.FixedZone("CET", 3600)), "MA-1")
	d.Due, d.Urgent = day("2030-01-01"), true
	if c.Less(d) || d.Less(c) || !bytes.Equal(c.Bytes(), d.Bytes()) {
		t.Errorf("decided keys with the same time and id differ in order")
	}

	// The whole queue in order, sorted from a shuffle both ways.
	want := []QueueKey{
		k(StateOpen, "2026-11-27", true, "2026-11-24", "MA-0002"),
		k(StateOpen, "2026-11-27", false, "2026-11-20", "MA-0012"),
		k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-0001"),
		k(StateOpen, "2026-12-01", false, "2026-11-24", "MA-0003"),
		k(StateOpen, "2026-12-02", false, "2026-11-28", "MA-0010"),
		k(StateSecondReview, "2026-11-20", false, "2026-11-13", "MA-0020"),
		k(StateReconsideration, "2026-10-01", false, "2026-09-13", "MA-0050"),
		k(StateReconsideration, "2027-01-12", true, "2026-11-13", "MA-0051"),
		k(StateWaiting, "2026-11-10", true, "2026-11-07", "MA-0030"),
		k(StateWaiting, "2026-11-10", false, "2026-11-03", "MA-0031"),
		dec(StateRejected, t0.Add(2*time.Hour), "MA-0041"),
		dec(StateApproved, t0.Add(time.Hour), "MA-0040"),
		dec(StateApproved, t0, "MA-0042"),
		dec(StateRejected, t0, "MA-0043"),
	}
	for i := range want[1:] {
		assertBefore(t, "queue", want[i], want[i+1])
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		got := slices.Clone(want)
		rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, func(a, b QueueKey) int { return bytes.Compare(a.Bytes(), b.Bytes()) })
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Fatalf("by bytes, position %d is %s, want %s", i, got[i].ID, want[i].ID)
			}
		}
		rng.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
		slices.SortFunc(got, func(a, b QueueKey) int {
			if a.Less(b) {
				return -1
			}
			if b.Less(a) {
				return 1
			}
			return 0
		})
		for i := range got {
			if got[i].ID != want[i].ID {
				t.Fatalf("by Less, position %d is %s, want %s", i, got[i].ID, want[i].ID)
			}
		}
	}
}

// QueueRankOf is the first byte of every key of a state, in queue order.
func TestQueueRankOf(t *testing.T) {
	states := []State{StateOpen, StateSecondReview, StateReconsideration, StateWaiting, StateApproved, StateRejected}
	for _, s := range states {
		k := QueueKey{State: s, ID: "A", DecidedAt: testNow}
		if k.Bytes()[0] != QueueRankOf(s) {
			t.Errorf("%s: first byte %d, QueueRankOf %d", s, k.Bytes()[0], QueueRankOf(s))
		}
	}
	if !(QueueRankOf(StateOpen) < QueueRankOf(StateSecondReview) && QueueRankOf(StateSecondReview) < QueueRankOf(StateReconsideration) &&
		QueueRankOf(StateReconsideration) < QueueRankOf(StateWaiting) &&
		QueueRankOf(StateWaiting) < QueueRankOf(StateApproved) && QueueRankOf(StateApproved) == QueueRankOf(StateRejected)) {
		t.Errorf("ranks out of order")
	}
}

// randomKey draws keys that collide often on every field, so that every
// tie-break is exercised. Decision times lie in 1970..2262, the range a
// time.Time has in Unix nanoseconds.
func randomKey(rng *rand.Rand) QueueKey {
	states := []State{StateOpen, StateSecondReview, StateReconsideration, StateWaiting, StateApproved, StateRejected}
	ids := []string{"A", "A-", "A-1", "A0", "B", "MA-2026-0001", "MA-2026-0002", "a", "z-", strings40}
	base := day("2026-11-20")
	t0 := time.Date(2026, 11, 30, 0, 0, 0, 0, time.UTC)
	times := []time.Time{
		t0, t0.Add(1), t0.Add(time.Second), t0.Add(-time.Hour),
		time.Unix(0, 0), time.Unix(0, 1), time.Date(2262, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(1999, 12, 31, 23, 59, 59, 999999999, time.UTC),
	}
	return QueueKey{
		State:     states[rng.IntN(len(states))],
		Due:       base.AddDays(rng.IntN(4) - 2 + 40*rng.IntN(2)),
		Urgent:    rng.IntN(2) == 0,
		Received:  base.AddDays(-rng.IntN(3)),
		ID:        ids[rng.IntN(len(ids))],
		DecidedAt: times[rng.IntN(len(times))].Add(time.Duration(rng.IntN(2))),
	}
}

const strings40 = "abcdefghijklmnopqrstuvwxyz0123456789ABCD"

// Property: for random keys, Less is a strict weak order and bytes.Compare of
// the encodings agrees with it.
func TestQueueKeyBytesAgreeWithLess(t *testing.T) {
	rng := rand.New(rand.NewPCG(20261201, 7))
	for i := range 200000 {
		a, b := randomKey(rng), randomKey(rng)
		if rng.IntN(8) == 0 {
			b = a
		}
		less, more := a.Less(b), b.Less(a)
		if less && more {
			t.Fatalf("#%d: both a<b and b<a\na=%+v\nb=%+v", i, a, b)
		}
		want := 0
		if less {
			want = -1
		} else if more {
			want = 1
		}
		if got := bytes.Compare(a.Bytes(), b.Bytes()); got != want {
			t.Fatalf("#%d: bytes.Compare = %d, Less says %d\na=%+v\nb=%+v", i, got, want, a, b)
		}
	}
	// Transitivity over a sorted sample.
	keys := make([]QueueKey, 500)
	for i := range keys {
		keys[i] = randomKey(rng)
	}
	slices.SortFunc(keys, func(a, b QueueKey) int { return bytes.Compare(a.Bytes(), b.Bytes()) })
	for i := range keys {
		for j := i + 1; j < len(keys); j++ {
			if keys[j].Less(keys[i]) {
				t.Fatalf("sorted by bytes, yet key %d < key %d by Less", j, i)
			}
		}
	}
}
