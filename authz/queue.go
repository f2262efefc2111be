package authz

import (
	"encoding/binary"
	"time"
)

// QueueKey holds what decides a request's place in the queue.
type QueueKey struct {
	State     State
	Due       Date
	Urgent    bool
	Received  Date
	ID        string
	DecidedAt time.Time // the last decision, for decided requests
}

// The ranks of the states in the queue: the first byte of a queue key.
// Stores keep keys in this order, so changing a rank means rebuilding the
// queue index of every existing store (store/upgrade.go, schema 3).
const (
	rankOpen            = 0
	rankSecondReview    = 1
	rankReconsideration = 2
	rankWaiting         = 3
	rankDecided         = 4
)

// queueRank: open first, then second review, then reconsideration, then
// waiting, then decided.
func queueRank(s State) byte {
	switch s {
	case StateOpen:
		return rankOpen
	case StateSecondReview:
		return rankSecondReview
	case StateReconsideration:
		return rankReconsideration
	case StateWaiting:
		return rankWaiting
	}
	return rankDecided
}

// Less orders the queue: open, second review, reconsideration, waiting,
// decided; within each undecided state by due date, urgent first,
// received, then id; decided requests newest decision first, then id.
func (k QueueKey) Less(o QueueKey) bool {
	if a, b := queueRank(k.State), queueRank(o.State); a != b {
		return a < b
	}
	if k.State.Final() {
		if !k.DecidedAt.Equal(o.DecidedAt) {
			return k.DecidedAt.After(o.DecidedAt)
		}
		return k.ID < o.ID
	}
	if k.Due != o.Due {
		return k.Due < o.Due
	}
	if k.Urgent != o.Urgent {
		return k.Urgent
	}
	if k.Received != o.Received {
		return k.Received < o.Received
	}
	return k.ID < o.ID
}

// Bytes encodes the key so that bytes.Compare on two encodings agrees with
// Less: the store keeps its queue index in this order. It holds no patient
// data: a rank, dates, a flag and the request number.
func (k QueueKey) Bytes() []byte {
	b := make([]byte, 0, 1+9+len(k.ID))
	rank := queueRank(k.State)
	b = append(b, rank)
	if rank == rankDecided {
		// Newest first: the complement of the time with its sign bit
		// flipped, so that times before 1970 order correctly too.
		b = binary.BigEndian.AppendUint64(b, ^(uint64(k.DecidedAt.UnixNano()) ^ 1<<63))
	} else {
		b = binary.BigEndian.AppendUint32(b, uint32(k.Due))
		if k.Urgent {
			b = append(b, 0)
		} else {
			b = append(b, 1)
		}
		b = binary.BigEndian.AppendUint32(b, uint32(k.Received))
	}
	return append(b, k.ID...)
}

// QueueRankOf returns the first byte of the encoded keys of a state, so that
// the store can seek to the start of a state's part of the queue.
func QueueRankOf(s State) byte { return queueRank(s) }
