package i18n

import "testing"

// TestDaysUseTheLanguagesDecimalSign: a number of days reads 5.5 in
// English and 5,5 in Dutch; a whole number has no fraction.
func TestDaysUseTheLanguagesDecimalSign(t *testing.T) {
	for _, c := range []struct {
		x      float64
		en, nl string
	}{
		{5.5, "5.5", "5,5"},
		{5, "5", "5"},
		{12.25, "12.2", "12,2"},
		{0.04, "0", "0"},
		{1234.5, "1234.5", "1234,5"},
	} {
		if got := For(English).Days(c.x); got != c.en {
			t.Errorf("English %v: %q, want %q", c.x, got, c.en)
		}
		if got := For(Dutch).Days(c.x); got != c.nl {
			t.Errorf("Dutch %v: %q, want %q", c.x, got, c.nl)
		}
	}
}
