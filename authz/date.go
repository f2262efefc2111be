package authz

import (
	"fmt"
	"time"
)

// Date is a calendar day without a time zone, stored as yyyymmdd so that
// dates compare with < and sort as integers. The zero Date means "not given".
type Date uint32

// NewDate returns the Date for a year, month and day. It does not validate:
// use ParseDate for outside input.
func NewDate(y int, m time.Month, d int) Date {
	return Date(uint32(y)*10000 + uint32(m)*100 + uint32(d))
}

// DateOf returns the calendar day of t in t's location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return NewDate(y, m, d)
}

// ParseDate parses exactly YYYY-MM-DD and rejects impossible days such as
// 2026-02-30 and anything longer, such as a datetime.
func ParseDate(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return 0, &Problem{Code: ProblemNotDateForm, Value: s}
	}
	var y, m, d int
	for i, c := range []byte(s) {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, &Problem{Code: ProblemNotDateForm, Value: s}
		}
		n := int(c - '0')
		switch {
		case i < 4:
			y = y*10 + n
		case i < 7:
			m = m*10 + n
		default:
			d = d*10 + n
		}
	}
	if y < 1 || m < 1 || m > 12 || d < 1 || d > daysIn(y, time.Month(m)) {
		return 0, &Problem{Code: ProblemNotCalendarDay, Value: s}
	}
	return NewDate(y, time.Month(m), d), nil
}

func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// IsZero reports whether the date was not given.
func (d Date) IsZero() bool { return d == 0 }

// Year, Month and Day return the date's parts.
func (d Date) Year() int         { return int(d / 10000) }
func (d Date) Month() time.Month { return time.Month(d / 100 % 100) }
func (d Date) Day() int          { return int(d % 100) }

// Time returns midnight UTC of the day.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, time.UTC)
}

// AddDays returns the day n days later (earlier for negative n).
func (d Date) AddDays(n int) Date {
	if d == 0 {
		return 0
	}
	return DateOf(d.Time().AddDate(0, 0, n))
}

// DaysUntil returns how many days lie from d to e: positive when e is later.
func (d Date) DaysUntil(e Date) int {
	return int(e.Time().Sub(d.Time()).Hours() / 24)
}

// String formats the date as YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), int(d.Month()), d.Day())
}

// MarshalText writes YYYY-MM-DD.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText accepts YYYY-MM-DD, and the empty string as "not given".
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = 0
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}
