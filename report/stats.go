package report

import (
	"maps"
	"slices"
)

// histogram counts whole days; the mean and the median come out exact
// without keeping every value (days to a decision take few values).
type histogram struct {
	n     int
	sum   int64
	count map[int]int
}

func (h *histogram) add(days int) {
	if h.count == nil {
		h.count = map[int]int{}
	}
	h.n++
	h.sum += int64(days)
	h.count[days]++
}

func (h *histogram) mean() float64 {
	if h.n == 0 {
		return 0
	}
	return float64(h.sum) / float64(h.n)
}

// median is the middle value, or the mean of the two middle values of an
// even count.
func (h *histogram) median() float64 {
	if h.n == 0 {
		return 0
	}
	lo, hi := h.nth((h.n-1)/2), h.nth(h.n/2)
	return float64(lo+hi) / 2
}

// nth is the value at 0-based position i in ascending order.
func (h *histogram) nth(i int) int {
	seen := 0
	for _, v := range slices.Sorted(maps.Keys(h.count)) {
		seen += h.count[v]
		if i < seen {
			return v
		}
	}
	return 0
}
