package tui

import (
	"testing"

	"machtiging/authz"
	"machtiging/i18n"
)

// TestDueReadsAsTheLastDay: the due day is named first in Dutch, how it
// stands to today after it (uiterste beslisdatum 10 november 2026 (22
// dagen te laat)); English keeps its line.
func TestDueReadsAsTheLastDay(t *testing.T) {
	due := authz.NewDate(2026, 11, 10)
	for _, c := range []struct {
		today  authz.Date
		nl, en string
	}{
		{authz.NewDate(2026, 12, 2), "uiterste beslisdatum 10 november 2026 (22 dagen te laat)", "due overdue 22d (2026-11-10)"},
		{authz.NewDate(2026, 11, 7), "uiterste beslisdatum 10 november 2026 (over 3 dagen)", "due in 3d (2026-11-10)"},
		{due, "uiterste beslisdatum 10 november 2026 (vandaag)", "due today (2026-11-10)"},
	} {
		nl, en := newTexts(i18n.Dutch), newTexts(i18n.English)
		if got := nl.LblDue + " " + nl.dueSentence(due, c.today); got != c.nl {
			t.Errorf("Dutch: %q, want %q", got, c.nl)
		}
		if got := en.LblDue + " " + en.dueSentence(due, c.today); got != c.en {
			t.Errorf("English: %q, want %q", got, c.en)
		}
	}
}
