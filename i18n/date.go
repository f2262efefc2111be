package i18n

import (
	"strconv"
	"time"

	"machtiging/authz"
)

// Dates are how a language writes days and times.
type Dates struct {
	// Months are the names of the months, January first; empty means a
	// day is written as the contract writes it, 2026-12-02.
	Months []string
	// Day is a day in running text: {day} {month} {year}.
	Day string
	// ShortDay is a day in a table column, ten cells wide.
	ShortDay string
	// Time is the layout (Go's) of an instant: a day and a time.
	Time string
	// Today, Tomorrow and Yesterday name the days next to today; Late and
	// In say how far another day is.
	Today, Tomorrow, Yesterday string
	Late, In                   Plural
}

var enDates = Dates{
	Day:       "{iso}",
	ShortDay:  "{iso}",
	Time:      "2006-01-02 15:04",
	Today:     "today",
	Tomorrow:  "tomorrow",
	Yesterday: "yesterday",
	Late:      Plural{One: "{n} day late", Other: "{n} days late"},
	In:        Plural{One: "in {n} day", Other: "in {n} days"},
}

var nlDates = Dates{
	Months:    []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober", "november", "december"},
	Day:       "{day} {month} {year}",
	ShortDay:  "{dd}-{mm}-{year}",
	Time:      "02-01-2006 15:04",
	Today:     "vandaag",
	Tomorrow:  "morgen",
	Yesterday: "gisteren",
	Late:      Plural{One: "{n} dag te laat", Other: "{n} dagen te laat"},
	In:        Plural{One: "over {n} dag", Other: "over {n} dagen"},
}

func (d *Dates) fill(text string, day authz.Date) string {
	if day.IsZero() {
		return ""
	}
	y, m, dd := day.Year(), day.Month(), day.Day()
	month := ""
	if int(m) >= 1 && int(m) <= len(d.Months) {
		month = d.Months[m-1]
	}
	pad := func(n int) string {
		if n < 10 {
			return "0" + strconv.Itoa(n)
		}
		return strconv.Itoa(n)
	}
	return Fill(text, "iso", day.String(), "day", dd, "month", month, "year", y, "dd", pad(dd), "mm", pad(int(m)))
}

// Date writes a day in running text: 2 december 2026 in Dutch, 2026-12-02
// in English. The zero day is empty.
func (d *Dates) Date(day authz.Date) string { return d.fill(d.Day, day) }

// Short writes a day in ten cells: 02-12-2026 in Dutch, 2026-12-02 in
// English.
func (d *Dates) Short(day authz.Date) string { return d.fill(d.ShortDay, day) }

// Instant writes a time in a location.
func (d *Dates) Instant(t time.Time, loc *time.Location) string {
	return t.In(loc).Format(d.Time)
}

// Relative says how a day stands to today: today, tomorrow, in 3 days,
// 2 days late (over 3 dagen, 2 dagen te laat).
func (d *Dates) Relative(day, today authz.Date) string {
	switch n := today.DaysUntil(day); {
	case n == 0:
		return d.Today
	case n == 1:
		return d.Tomorrow
	case n < 0:
		return d.Late.N(-n)
	default:
		return d.In.N(n)
	}
}
