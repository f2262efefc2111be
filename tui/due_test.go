package tui

import (
	"testing"

	"fmt"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
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

// TestDutchScreenSaysErrorsByType: a store error on a Dutch screen is said
// in Dutch from its type; English keeps the error's line.
func TestDutchScreenSaysErrorsByType(t *testing.T) {
	err := fmt.Errorf("claim: %w", &store.NotFoundError{ID: "MA-9"})
	if got := newTexts(i18n.Dutch).errorText(err); got != "aanvraag MA-9 bestaat niet" {
		t.Errorf("Dutch: %q", got)
	}
	if got := newTexts(i18n.English).errorText(err); got != err.Error() {
		t.Errorf("English: %q", got)
	}
}
