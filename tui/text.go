package tui

// Every text the TUI shows comes from the catalogue (package i18n) in the
// session's language, through ctx.tx; only the symbols below are the same
// in every language. Words from the interchange contract (item names,
// states, reason codes) are shown through the catalogue's words, never as
// raw names.

import (
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// Symbols: the same in every language.
const (
	appName        = "machtiging"
	textDash       = "–"
	textEllipsis   = "…"
	textCursor     = "›"
	textSep        = " · "
	textBullet     = "- "
	textRadioOn    = "(•)"
	textRadioOff   = "( )"
	textCheckOn    = "[x]"
	textCheckOff   = "[ ]"
	textUrgentMark = "!"
	textClaimMark  = "✎" // beside a row another adviser is reviewing
	colUrgent      = "!"
)

// texts is the catalogue in the session's language: the TUI's texts (its
// fields), the words for the contract's values and the way days are
// written, with the ways the screens put them together (text_lines.go).
type texts struct {
	*i18n.TUI
	c *i18n.Catalog
	w *i18n.Words
	d *i18n.Dates
}

func newTexts(l i18n.Lang) *texts {
	c := i18n.For(l)
	return &texts{TUI: &c.TUI, c: c, w: &c.Words, d: &c.Dates}
}

// statusSymbols are the cells of the item strip, by authz.Status.
var statusSymbols = [...]string{
	authz.StatusOK:            "✓",
	authz.StatusNotApplicable: "–",
	authz.StatusMissing:       "·",
	authz.StatusInvalid:       "✗",
	authz.StatusLate:          "≥",
}

func statusSymbol(s authz.Status) string {
	if int(s) < len(statusSymbols) {
		return statusSymbols[s]
	}
	return "?"
}

// legendOrder is the order of the statuses in the help's legend.
var legendOrder = []authz.Status{authz.StatusOK, authz.StatusMissing, authz.StatusLate, authz.StatusInvalid, authz.StatusNotApplicable}

// viewOrder is the order of the views on the tab bar and for keys 1 to 6:
// the queue's order, then all.
var viewOrder = []store.View{store.ViewOpen, store.ViewSecondReview, store.ViewReconsideration, store.ViewWaiting, store.ViewDecided, store.ViewAll}

func (tx *texts) viewWord(v store.View) string {
	switch v {
	case store.ViewOpen:
		return tx.ViewOpen
	case store.ViewSecondReview:
		return tx.ViewSecondReview
	case store.ViewWaiting:
		return tx.ViewWaiting
	case store.ViewReconsideration:
		return tx.ViewReconsideration
	case store.ViewDecided:
		return tx.ViewDecided
	}
	return tx.ViewAll
}

func (tx *texts) stateWord(s authz.State) string           { return tx.w.State(s) }
func (tx *texts) verdictWord(v authz.Verdict) string       { return tx.w.Verdict(v) }
func (tx *texts) statusWord(s authz.Status) string         { return tx.w.Status(s) }
func (tx *texts) legendWord(s authz.Status) string         { return tx.w.LegendOf(s) }
func (tx *texts) itemWord(i authz.Item) string             { return tx.w.Item(i) }
func (tx *texts) settingWord(s authz.Setting) string       { return tx.w.Setting(s) }
func (tx *texts) settingSentence(s authz.Setting) string   { return tx.w.SettingSentence(s) }
func (tx *texts) rejectWord(c authz.RejectCode) string     { return tx.w.RejectCode(c) }
func (tx *texts) outcomeWord(o authz.Outcome) string       { return tx.w.Outcome(o) }
func (tx *texts) referrerWord(k authz.ReferrerKind) string { return clean(tx.w.Referrer(k)) }
func (tx *texts) yesNo(b bool) string                      { return tx.w.YesNo(b) }
func (tx *texts) itemList(items []authz.Item) string       { return tx.w.ItemList(items) }

// date is a day in running text; short is a day in a table column.
func (tx *texts) date(d authz.Date) string  { return tx.d.Date(d) }
func (tx *texts) short(d authz.Date) string { return tx.d.Short(d) }

// dueWords says in a few cells how a due date stands to today.
func (tx *texts) dueWords(due, today authz.Date) string {
	if due.IsZero() || today.IsZero() {
		return textDash
	}
	switch n := today.DaysUntil(due); {
	case n < 0:
		return tx.DueLate.N(-n)
	case n == 0:
		return tx.DueToday
	default:
		return tx.DueIn.N(n)
	}
}

// dueSentence says how a due date stands to today, in words, with the date.
func (tx *texts) dueSentence(due, today authz.Date) string {
	if due.IsZero() || today.IsZero() {
		return textDash
	}
	var rel string
	switch n := today.DaysUntil(due); {
	case n < 0:
		rel = tx.DueLateLong.N(-n)
	case n == 0:
		rel = tx.DueToday
	default:
		rel = tx.DueInLong.N(n)
	}
	return i18n.Fill(tx.DueSentence, "due", rel, "date", tx.date(due))
}

// verdictSentence says the verdict in words.
func (tx *texts) verdictSentence(v authz.Verdict, r *authz.Request, items [authz.NumItems]authz.ItemResult) string {
	var parts string
	for _, it := range items {
		if !it.Status.Acceptable() {
			if parts != "" {
				parts += ", "
			}
			parts += i18n.Fill(tx.w.ItemStatus, "item", tx.itemWord(it.Item), "status", tx.statusWord(it.Status))
		}
	}
	s, ok := tx.w.VerdictSentences[v]
	if !ok {
		return tx.verdictWord(v)
	}
	return i18n.Fill(s, "date", tx.date(r.TreatmentStart), "items", parts)
}
