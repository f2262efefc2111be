package i18n

import (
	"fmt"

	"machtiging/audit"
	"machtiging/authz"
)

// Words name the contract's values for people: the words the screens and
// the command line's tables show instead of the contract's identifiers.
type Words struct {
	States           map[authz.State]string
	Verdicts         map[authz.Verdict]string
	Statuses         map[authz.Status]string
	Items            map[authz.Item]string
	Settings         map[authz.Setting]string
	SettingSentences map[authz.Setting]string
	Referrers        map[authz.ReferrerKind]string
	RejectCodes      map[authz.RejectCode]string
	Outcomes         map[authz.Outcome]string
	Actions          map[authz.Action]string
	Identities       map[authz.Identity]string
	Contracts        map[authz.Contract]string
	Events           map[audit.Event]string
	// Legend explains the item strip's symbols in the help.
	Legend map[authz.Status]string
	// VerdictSentences say a verdict in a sentence: {date} is the start of
	// a treatment that started, {items} the items not in order.
	VerdictSentences map[authz.Verdict]string
	// ItemStatus is one item that is not in order, in a verdict sentence.
	ItemStatus string
	Yes, No    string
	Absent     string
	Unknown    string
}

// word looks a value up, or says it is unknown.
func word[K comparable](w *Words, m map[K]string, k K) string {
	if s, ok := m[k]; ok && s != "" {
		return s
	}
	return Fill(w.Unknown, "value", fmt.Sprint(k))
}

func (w *Words) State(s authz.State) string           { return word(w, w.States, s) }
func (w *Words) Verdict(v authz.Verdict) string       { return word(w, w.Verdicts, v) }
func (w *Words) Status(s authz.Status) string         { return word(w, w.Statuses, s) }
func (w *Words) Item(i authz.Item) string             { return word(w, w.Items, i) }
func (w *Words) Setting(s authz.Setting) string       { return word(w, w.Settings, s) }
func (w *Words) RejectCode(c authz.RejectCode) string { return word(w, w.RejectCodes, c) }
func (w *Words) Outcome(o authz.Outcome) string       { return word(w, w.Outcomes, o) }
func (w *Words) Action(a authz.Action) string         { return word(w, w.Actions, a) }
func (w *Words) Identity(i authz.Identity) string     { return word(w, w.Identities, i) }
func (w *Words) Contract(c authz.Contract) string     { return word(w, w.Contracts, c) }
func (w *Words) Event(e audit.Event) string           { return word(w, w.Events, e) }
func (w *Words) LegendOf(s authz.Status) string       { return word(w, w.Legend, s) }

// SettingSentence is the setting said in full.
func (w *Words) SettingSentence(s authz.Setting) string { return word(w, w.SettingSentences, s) }

// Referrer names the kind of doctor who referred; an unknown kind is shown
// as it came.
func (w *Words) Referrer(k authz.ReferrerKind) string {
	if s, ok := w.Referrers[k]; ok {
		return s
	}
	return string(k)
}

// YesNo is yes or no.
func (w *Words) YesNo(b bool) string {
	if b {
		return w.Yes
	}
	return w.No
}

// ItemList names items, joined with commas.
func (w *Words) ItemList(items []authz.Item) string {
	out := ""
	for i, it := range items {
		if i > 0 {
			out += ", "
		}
		out += w.Item(it)
	}
	return out
}
