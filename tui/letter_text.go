package tui

import (
	"errors"
	"fmt"

	"machtiging/i18n"
	"machtiging/letters"
	"machtiging/store"
)

// letterTitle heads the letter screen.
func (tx *texts) letterTitle(id string, to letters.Recipient) string {
	if to == letters.ToProvider {
		return i18n.Fill(tx.c.Letters.TitleProvider, "id", id)
	}
	return i18n.Fill(tx.c.Letters.TitleInsured, "id", id)
}

// letterOf says which decision wrote the letter.
func (tx *texts) letterOf(l *store.Letter) string {
	return i18n.Fill(tx.c.Letters.Of, "outcome", tx.outcomeWord(l.Decision.Outcome), "adviser", l.Decision.Adviser,
		"date", tx.d.Date(letters.DecisionDay(&l.Decision)))
}

// letterScroll says how far down the letter the view is.
func (tx *texts) letterScroll(pct float64) string {
	return i18n.Fill(tx.c.Letters.Scroll, "pct", fmt.Sprintf("%3.0f", pct*100))
}

// letterError says why there is no letter to show.
func (tx *texts) letterError(id string, err error) string {
	switch {
	case errors.Is(err, store.ErrPurged):
		return clean(err.Error()) // it says the request was purged, and when
	case errors.Is(err, store.ErrNoLetter):
		return i18n.Fill(tx.c.Letters.NoLetter, "id", clean(id))
	case errors.Is(err, store.ErrNotFound):
		return i18n.Fill(tx.c.Letters.NoSuchRequest, "id", clean(id))
	}
	return i18n.Fill(tx.c.Letters.Failed, "error", clean(err.Error()))
}
