package authz

import (
	"fmt"
	"testing"
	"time"
)

func TestZZTmp(t *testing.T) {
	fmt.Println(day("0001-01-01").DaysUntil(day("9999-12-31")), day("1700-01-01").DaysUntil(day("2026-01-01")))
	a := QueueKey{State: StateApproved, ID: "A"}
	b := QueueKey{State: StateApproved, ID: "B", DecidedAt: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	fmt.Println(a.Less(b), b.Less(a), string(rune('0'+1+0*len(a.Bytes()))))
	fmt.Println(bytesCmp(a, b))
	p := &Decision{Adviser: "alice"}
	_, st, err := Decide(Case{Request: validRequest(), State: StateSecondReview, Proposal: p}, Ask{Action: ActionConcur, Adviser: "alice "}, checkDay, testNow)
	fmt.Println(st, err)
	_, st, err = Decide(Case{Request: validRequest(), State: StateOpen}, Ask{Action: ActionApprove, Adviser: "al\x1b[2Jice"}, checkDay, testNow)
	fmt.Println(st, err)
}

func bytesCmp(a, b QueueKey) int {
	x, y := a.Bytes(), b.Bytes()
	for i := 0; i < len(x) && i < len(y); i++ {
		if x[i] != y[i] {
			if x[i] < y[i] {
				return -1
			}
			return 1
		}
	}
	return len(x) - len(y)
}
