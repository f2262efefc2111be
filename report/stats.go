package report

import (
	"maps"
	"slices"

	"machtiging/authz"
)

// histogram counts whole days; the mean and the median come out exact
// without keeping every value (days to a decision take few values): the
// usual ones, 0 to a year and a half, in a slice, the others in a map.
type histogram struct {
	n     int
	sum   int64
	small []int
	count map[int]int
}

const histogramSmall = 550

func (h *histogram) add(days int) {
	h.n++
	h.sum += int64(days)
	if days >= 0 && days < histogramSmall {
		if h.small == nil {
			h.small = make([]int, histogramSmall)
		}
		h.small[days]++
		return
	}
	if h.count == nil {
		h.count = map[int]int{}
	}
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
	values := slices.Sorted(maps.Keys(h.count))
	for _, v := range values {
		if v >= 0 {
			break
		}
		if seen += h.count[v]; i < seen {
			return v
		}
	}
	for v, n := range h.small {
		if seen += n; i < seen {
			return v
		}
	}
	for _, v := range values {
		if v < 0 {
			continue
		}
		if seen += h.count[v]; i < seen {
			return v
		}
	}
	return 0
}

// dayNumber counts the days since 1 March of year 0 of the proleptic
// Gregorian calendar: two of them subtract to the days between, without
// the time package.
func dayNumber(d authz.Date) int {
	y, m, day := d.Year(), int(d.Month()), d.Day()
	if m <= 2 {
		y--
		m += 12
	}
	return 365*y + y/4 - y/100 + y/400 + (153*(m-3)+2)/5 + day - 1
}
