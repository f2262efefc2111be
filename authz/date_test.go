package authz

import (
	"strings"
	"testing"
	"time"
)

// ParseDate accepts exactly YYYY-MM-DD of a real calendar day.
func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want Date // 0: must be refused
	}{
		{"2026-12-01", NewDate(2026, 12, 1)},
		{"2026-01-01", NewDate(2026, 1, 1)},
		{"2026-12-31", NewDate(2026, 12, 31)},
		{"2026-02-28", NewDate(2026, 2, 28)},
		{"2024-02-29", NewDate(2024, 2, 29)}, // leap year
		{"2000-02-29", NewDate(2000, 2, 29)}, // divisible by 400
		{"2026-04-30", NewDate(2026, 4, 30)},
		{"0001-01-01", NewDate(1, 1, 1)},
		{"9999-12-31", NewDate(9999, 12, 31)},
		{"1961-04-17", NewDate(1961, 4, 17)},

		{"2026-02-30", 0},
		{"2026-02-29", 0},
		{"2025-02-29", 0},
		{"1900-02-29", 0}, // divisible by 100, not 400
		{"2026-04-31", 0},
		{"2026-13-01", 0},
		{"2026-00-10", 0},
		{"2026-01-00", 0},
		{"2026-01-32", 0},
		{"0000-01-01", 0},
		{"", 0},
		{"2026-12-01T00:00:00Z", 0},
		{"2026-12-01 10:00", 0},
		{"2026-12-01Z", 0},
		{"2026-12-1", 0},
		{"2026-1-01", 0},
		{"26-12-01", 0},
		{"20261201", 0},
		{"2026/12/01", 0},
		{"2026-12-01 ", 0},
		{" 2026-12-01", 0},
		{"+2026-12-01", 0},
		{"-2026-12-01", 0},
		{"-026-12-01", 0},
		{"2026-+1-01", 0},
		{"2026--1-01", 0},
		{"2026-12-+1", 0},
		{"2026-12-0a", 0},
		{"２０２６-12-01", 0}, // full-width digits
		{"01-12-2026", 0},
		{"2026-12-01\n", 0},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.want == 0 {
			if err == nil {
				t.Errorf("ParseDate(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
		if got.String() != tt.in {
			t.Errorf("ParseDate(%q).String() = %q", tt.in, got.String())
		}
	}
}

func TestDateUnmarshalText(t *testing.T) {
	var d Date = 5
	if err := d.UnmarshalText(nil); err != nil || d != 0 {
		t.Errorf("UnmarshalText(empty) = %v, %v; want the zero Date (not given)", d, err)
	}
	if err := d.UnmarshalText([]byte("2026-02-30")); err == nil {
		t.Errorf("UnmarshalText(2026-02-30) accepted")
	}
	if err := d.UnmarshalText([]byte("2024-02-29")); err != nil || d != NewDate(2024, 2, 29) {
		t.Errorf("UnmarshalText(2024-02-29) = %v, %v", d, err)
	}
	b, _ := d.MarshalText()
	if string(b) != "2024-02-29" {
		t.Errorf("MarshalText = %q", b)
	}
	if Date(0).String() != "" || !Date(0).IsZero() {
		t.Errorf("the zero Date must format as \"\" and be IsZero")
	}
	if got := DateOf(time.Date(2026, 12, 1, 23, 59, 0, 0, time.FixedZone("X", 5*3600))); got != day("2026-12-01") {
		t.Errorf("DateOf uses the time's own location: got %v", got)
	}
}

// AddDays moves across months, years and leap days.
func TestDateAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-01", 0, "2026-12-01"},
		{"2026-11-24", 7, "2026-12-01"},
		{"2026-11-30", 1, "2026-12-01"},
		{"2026-01-31", 1, "2026-02-01"},
		{"2026-02-28", 1, "2026-03-01"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2024-02-29", 1, "2024-03-01"},
		{"2026-12-31", 1, "2027-01-01"},
		{"2026-12-29", 3, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2026-03-01", -1, "2026-02-28"},
		{"2024-03-01", -1, "2024-02-29"},
		{"2026-12-14", -1, "2026-12-13"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2024-01-01", 365, "2024-12-31"}, // leap year
		{"2026-03-29", 1, "2026-03-30"},   // DST change in Europe: still one day
		{"2026-10-25", 1, "2026-10-26"},
		{"2026-06-15", -200, "2025-11-27"},
	}
	for _, tt := range tests {
		if got := day(tt.from).AddDays(tt.n); got.String() != tt.want {
			t.Errorf("%s.AddDays(%d) = %s, want %s", tt.from, tt.n, got, tt.want)
		}
	}
	if got := Date(0).AddDays(3); got != 0 {
		t.Errorf("the zero Date plus days = %v, want the zero Date", got)
	}
}

// DaysUntil counts days, positive when the other day is later; it is the
// inverse of AddDays.
func TestDateDaysUntil(t *testing.T) {
	tests := []struct {
		from, to string
		want     int
	}{
		{"2026-12-01", "2026-12-01", 0},
		{"2026-12-01", "2026-12-02", 1},
		{"2026-12-02", "2026-12-01", -1},
		{"2026-11-24", "2026-12-14", 20},
		{"2026-12-31", "2027-01-01", 1},
		{"2024-02-28", "2024-03-01", 2},
		{"2025-02-28", "2025-03-01", 1},
		{"2026-01-01", "2027-01-01", 365},
		{"2024-01-01", "2025-01-01", 366},
		{"2027-01-01", "2026-01-01", -365},
		{"1961-04-17", "2026-12-01", 23969},
	}
	for _, tt := range tests {
		if got := day(tt.from).DaysUntil(day(tt.to)); got != tt.want {
			t.Errorf("%s.DaysUntil(%s) = %d, want %d", tt.from, tt.to, got, tt.want)
		}
	}
	start := day("2026-12-01")
	for n := -800; n <= 800; n += 7 {
		if got := start.DaysUntil(start.AddDays(n)); got != n {
			t.Errorf("DaysUntil(AddDays(%d)) = %d", n, got)
		}
	}
}

// FuzzParseDate: whatever ParseDate accepts round-trips through String and
// agrees with time.Parse; a date never has a time, sign or space.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{"2026-12-01", "2024-02-29", "2025-02-29", "2026-02-30", "0000-01-01", "9999-12-31",
		"2026-12-01T00:00:00Z", "+2026-12-01", "-026-12-01", "2026-1-01", "", "２０２６-12-01"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDate(s)
		tp, terr := time.Parse("2006-01-02", s)
		if err != nil {
			if d != 0 {
				t.Fatalf("ParseDate(%q) returned %v with an error", s, d)
			}
			if terr == nil && tp.Year() >= 1 && len(s) == 10 {
				t.Fatalf("ParseDate(%q) refused a day time.Parse accepts: %v", s, err)
			}
			return
		}
		if d.IsZero() {
			t.Fatalf("ParseDate(%q) returned the zero Date without an error", s)
		}
		if d.String() != s {
			t.Fatalf("ParseDate(%q).String() = %q", s, d.String())
		}
		if again, err := ParseDate(d.String()); err != nil || again != d {
			t.Fatalf("round trip of %q: %v, %v", s, again, err)
		}
		if terr != nil {
			t.Fatalf("ParseDate(%q) accepted what time.Parse refuses: %v", s, terr)
		}
		if DateOf(tp) != d || d.Time() != tp {
			t.Fatalf("ParseDate(%q) = %v, time.Parse = %v", s, d, tp)
		}
		if strings.ContainsAny(s, "+ T:Z\t\n") {
			t.Fatalf("ParseDate(%q) accepted a sign, space or time", s)
		}
		if next := d.AddDays(1); next <= d || d.DaysUntil(next) != 1 || next.AddDays(-1) != d {
			t.Fatalf("%v.AddDays(1) = %v", d, next)
		}
	})
}
