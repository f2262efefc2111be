package tui

// Every text the TUI shows is in this file, so that a Dutch translation can
// replace it in one place. Words from the interchange contract (item names,
// states, reason codes) are shown through the words below, never as raw
// names; only the reasons that authz and the store give (a refusal, an
// error) are shown as they come, after clean.

import (
	"fmt"
	"strings"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/store"
)

const (
	appName         = "machtiging"
	textUnencrypted = "unencrypted"
	textLoading     = "loading…"
	textLoadingRec  = "loading %s…"
	textRecording   = "recording…"
	textYes         = "yes"
	textNo          = "no"
	textDash        = "–"
	textEllipsis    = "…"
	textCursor      = "›"
	textSep         = " · "
	textBullet      = "- "
	textRadioOn     = "(•)"
	textRadioOff    = "( )"
	textCheckOn     = "[x]"
	textCheckOff    = "[ ]"
	textUrgentMark  = "!"
	textClaimMark   = "✎" // beside a row another adviser is reviewing
	textNoRows      = "No requests in this view."
	textNoMatches   = "No requests match the filter."
	textFilterLabel = "filter: "
	textFilterHint  = "id, name, provider or full BSN"
	textFiltering   = "filtering…"

	helpUp          = "up"
	helpDown        = "down"
	helpMove        = "move"
	helpTop         = "first"
	helpBottom      = "last"
	helpPageUp      = "page up"
	helpPageDown    = "page down"
	helpHalfUp      = "half up"
	helpHalfDown    = "half down"
	helpOpen        = "open"
	helpBack        = "back"
	helpHelp        = "help"
	helpQuit        = "quit"
	helpFilter      = "filter"
	helpFilterKeep  = "keep filter"
	helpFilterClear = "clear filter"
	helpNextView    = "next view"
	helpPrevView    = "prev view"
	helpJumpView    = "jump to a view"
	helpApprove     = "approve"
	helpReject      = "reject"
	helpRequestInfo = "request info"
	helpConcur      = "concur"
	helpOverturn    = "overturn"
	helpReveal      = "reveal BSN"
	helpNextField   = "next field"
	helpPrevField   = "previous field"
	helpListUp      = "previous choice"
	helpListDown    = "next choice"
	helpToggle      = "select item"
	helpSubmit      = "next / confirm"
	helpNewline     = "new line"
	helpRecord      = "record"
	helpBackEdit    = "back to the form"
	helpClose       = "close help"

	helpTitle       = "Keys"
	helpLegendTitle = "Items: referral, admission indication, plan, practitioners, codes"
	helpDueTitle    = "Due"
	helpViewsTitle  = "Views (tab, shift+tab or 1-5)"

	emptyTitle   = "Welcome to machtiging"
	emptyStore   = "The store at %s holds no requests yet."
	emptyImport  = "To review real requests, import them:"
	emptyImport2 = "    machtiging import FILE"
	emptyImport3 = "FILE is a JSON array or NDJSON of requests (see the interchange contract); - reads standard input."
	emptyDemo    = "To look around first, fill a store with demo requests:"
	emptyDemo2   = "    machtiging demo"
	emptyQuit    = "This screen updates by itself once requests arrive. Press q to quit."

	secRequest   = "Request"
	secInsured   = "Insured"
	secProvider  = "Provider"
	secItems     = "Items"
	secVersions  = "Versions"
	secDecisions = "Decisions"
	secAccess    = "Access log"
	secProposal  = "Awaiting second review"

	lblState          = "state"
	lblVerdict        = "verdict"
	lblDue            = "due"
	lblReceived       = "received"
	lblVersion        = "version"
	lblUrgent         = "urgent"
	lblSetting        = "setting"
	lblTreatmentStart = "treatment start"
	lblName           = "name"
	lblBSN            = "BSN"
	lblBirthDate      = "birth date"
	lblPolicy         = "policy number"
	lblAGB            = "AGB"
	lblContracted     = "contracted"
	lblDate           = "date"
	lblDetail         = "detail"
	lblReferrer       = "referrer"
	lblReferrerAGB    = "referrer AGB"
	lblSummary        = "summary"
	lblPeriod         = "period"
	lblMinutes        = "minutes"
	lblActivities     = "activities"
	lblMembers        = "practitioners"
	lblDBC            = "DBC declaration code"
	lblPrestatie      = "prestatiecode"
	lblProposedBy     = "proposed by"
	lblReasonCode     = "reason code"
	lblReason         = "reason"
	lblAdviser        = "adviser"
	lblNewState       = "new state"
	lblItemsRequested = "items requested"
	lblValidFrom      = "valid from"
	lblValidUntil     = "valid until"
	lblOutcome        = "outcome"
	lblRequest        = "request"

	textRevealHint    = "(b reveals)"
	textRevealedHint  = "(revealed; hidden again when you leave)"
	textCurrent       = "(current)"
	textNoDecisions   = "No decisions yet."
	textNoAccess      = "No access recorded."
	textAbsent        = "(absent)"
	textNoRecord      = "the store returned no request"
	textAccessLogFail = "The access log could not be read: %s"

	formApproveTitle  = "Approve"
	formRejectTitle   = "Reject"
	formInfoTitle     = "Request information"
	formConcurTitle   = "Concur with the proposed rejection"
	formOverturnTitle = "Overturn the proposed rejection"
	formConfirmTitle  = "Confirm: this will be recorded"
	formConfirmHint   = "enter records it · esc goes back to the form and records nothing"

	fldMinutes    = "minutes"
	fldFrom       = "valid from"
	fldUntil      = "valid until"
	fldReason     = "reason (optional)"
	fldCode       = "reason code"
	fldMotivation = "motivation"
	fldItems      = "items to ask for"
	fldMessage    = "message (optional)"
	fldNote       = "note (optional)"
	fldOverturn   = "reason"

	phMinutes = "all requested"
	phDate    = "YYYY-MM-DD"

	textMinutesNotNumber = "minutes must be a whole number, not %q"
	textDateNotDate      = "%s: %s"
	textItemNA           = "does not apply"
	textNotAllowed       = "Not allowed: %s"
	textRefused          = "Refused, nothing recorded: %s"
	textFailed           = "Not recorded: %s"
	textNeedRecord       = "the request is not loaded yet"
)

// Column titles of the queue.
const (
	colDue      = "due"
	colUrgent   = "!"
	colIdent    = "id"
	colName     = "insured"
	colBSN      = "BSN"
	colProvider = "provider"
	colSetting  = "setting"
	colStart    = "start"
	colVerdict  = "verdict"
	colState    = "state"
	colItems    = "items"
)

// statusSymbols are the cells of the item strip, by authz.Status.
var statusSymbols = [...]string{
	authz.StatusOK:            "✓",
	authz.StatusNotApplicable: "–",
	authz.StatusMissing:       "·",
	authz.StatusInvalid:       "✗",
	authz.StatusLate:          "≥",
}

// statusWords name the item statuses for people.
var statusWords = [...]string{
	authz.StatusOK:            "ok",
	authz.StatusNotApplicable: "not applicable",
	authz.StatusMissing:       "missing",
	authz.StatusInvalid:       "invalid",
	authz.StatusLate:          "late",
}

// helpDueText explains the due column, entry by entry.
var helpDueText = []string{"overdue 2d: due two days ago", "today: due today", "in 3d: due in three days", "! urgent", textClaimMark + " in review by another adviser"}

// helpViewsText explains the views, entry by entry.
var helpViewsText = []string{"1 open", "2 second review (four eyes)", "3 waiting for information", "4 decided", "5 all"}

// legendWords explain the item strip's symbols in the help.
var legendWords = [...]string{
	authz.StatusOK:            "ok",
	authz.StatusNotApplicable: "not applicable",
	authz.StatusMissing:       "missing",
	authz.StatusInvalid:       "invalid",
	authz.StatusLate:          "late: dated on or after treatment start",
}

func legendWord(s authz.Status) string { return word(legendWords[:], s) }

// legendOrder is the order of the statuses in the help's legend.
var legendOrder = []authz.Status{authz.StatusOK, authz.StatusMissing, authz.StatusLate, authz.StatusInvalid, authz.StatusNotApplicable}

var itemWords = [...]string{
	authz.ItemReferral:            "referral letter",
	authz.ItemAdmissionIndication: "admission indication",
	authz.ItemTreatmentPlan:       "treatment plan",
	authz.ItemPractitioners:       "practitioners",
	authz.ItemCodes:               "DBC and prestatiecode",
}

var stateWords = [...]string{
	authz.StateOpen:         "open",
	authz.StateSecondReview: "second review",
	authz.StateWaiting:      "waiting",
	authz.StateApproved:     "approved",
	authz.StateRejected:     "rejected",
}

var verdictWords = [...]string{
	authz.VerdictNotRequired: "not required",
	authz.VerdictStarted:     "started",
	authz.VerdictComplete:    "complete",
	authz.VerdictIncomplete:  "incomplete",
}

var verdictSentences = [...]string{
	authz.VerdictNotRequired: "not required: the provider is contracted, no machtiging is needed",
	authz.VerdictStarted:     "started: treatment began on %s without a final decision",
	authz.VerdictComplete:    "complete: every item is in order",
	authz.VerdictIncomplete:  "incomplete: %s",
}

var settingWords = [...]string{
	authz.SettingUnknown:    "unknown",
	authz.SettingClinical:   "clinical",
	authz.SettingOutpatient: "outpatient",
}

var settingSentences = [...]string{
	authz.SettingUnknown:    "unknown",
	authz.SettingClinical:   "clinical (with admission)",
	authz.SettingOutpatient: "outpatient",
}

var referrerWords = map[authz.ReferrerKind]string{
	authz.ReferrerGP:         "GP (huisarts)",
	authz.ReferrerCompanyDoc: "company doctor (bedrijfsarts)",
	authz.ReferrerSpecialist: "medical specialist",
}

var rejectWords = [...]string{
	authz.RejectNone:         "",
	authz.RejectNotRequired:  "not required: the provider is contracted",
	authz.RejectIncomplete:   "incomplete: items are missing or unusable",
	authz.RejectStarted:      "started: treatment began before a decision",
	authz.RejectNotIndicated: "not indicated: a medical judgement, needs a second adviser",
	authz.RejectOther:        "other",
	authz.RejectNotInsured:   "not insured: no insurance on the treatment start",
}

var outcomeWords = [...]string{
	0:                              "",
	authz.OutcomeApproved:          "approved",
	authz.OutcomeRejected:          "rejected",
	authz.OutcomeInfoRequested:     "information requested",
	authz.OutcomeRejectionProposed: "rejection proposed (awaits a second adviser)",
	authz.OutcomeConcurred:         "rejection concurred (final)",
	authz.OutcomeOverturned:        "proposed rejection overturned",
}

var eventWords = map[audit.Event]string{
	audit.EventImport:      "imported",
	audit.EventView:        "viewed",
	audit.EventRevealBSN:   "revealed the BSN",
	audit.EventDecide:      "decided",
	audit.EventCheck:       "checked",
	audit.EventExport:      "exported",
	audit.EventAuditView:   "read the access log",
	audit.EventKey:         "key operation",
	audit.EventMaintenance: "maintenance",
	audit.EventSession:     "session",
}

// viewOrder is the order of the views on the tab bar and for keys 1 to 5.
var viewOrder = []store.View{store.ViewOpen, store.ViewSecondReview, store.ViewWaiting, store.ViewDecided, store.ViewAll}

var viewWords = map[store.View]string{
	store.ViewOpen:         "open",
	store.ViewSecondReview: "second review",
	store.ViewWaiting:      "waiting",
	store.ViewDecided:      "decided",
	store.ViewAll:          "all",
}

func word[T ~uint8](words []string, v T) string {
	if int(v) < len(words) && words[v] != "" {
		return words[v]
	}
	return fmt.Sprintf("unknown(%d)", v)
}

func stateWord(s authz.State) string     { return word(stateWords[:], s) }
func verdictWord(v authz.Verdict) string { return word(verdictWords[:], v) }
func statusWord(s authz.Status) string   { return word(statusWords[:], s) }
func statusSymbol(s authz.Status) string { return word(statusSymbols[:], s) }
func itemWord(i authz.Item) string       { return word(itemWords[:], i) }
func settingWord(s authz.Setting) string { return word(settingWords[:], s) }
func settingSentence(s authz.Setting) string {
	return word(settingSentences[:], s)
}
func rejectWord(c authz.RejectCode) string { return word(rejectWords[:], c) }
func outcomeWord(o authz.Outcome) string   { return word(outcomeWords[:], o) }

func referrerWord(k authz.ReferrerKind) string {
	if w, ok := referrerWords[k]; ok {
		return w
	}
	return clean(string(k))
}

func eventWord(e audit.Event) string {
	if w, ok := eventWords[e]; ok {
		return w
	}
	return fmt.Sprintf("event %d", e)
}

func yesNo(b bool) string {
	if b {
		return textYes
	}
	return textNo
}

// dueWords says when a decision is due relative to today: "overdue 2d",
// "today", "in 3d".
func dueWords(due, today authz.Date) string {
	if due.IsZero() || today.IsZero() {
		return textDash
	}
	switch n := today.DaysUntil(due); {
	case n < 0:
		return fmt.Sprintf("overdue %dd", -n)
	case n == 0:
		return "today"
	default:
		return fmt.Sprintf("in %dd", n)
	}
}

// dueSentence is dueWords with the date.
func dueSentence(due, today authz.Date) string {
	return fmt.Sprintf("%s (%s)", dueWords(due, today), due)
}

// verdictSentence says the verdict in words.
func verdictSentence(v authz.Verdict, r *authz.Request, items [authz.NumItems]authz.ItemResult) string {
	switch v {
	case authz.VerdictStarted:
		return fmt.Sprintf(verdictSentences[v], r.TreatmentStart)
	case authz.VerdictIncomplete:
		var parts []string
		for _, it := range items {
			if !it.Status.Acceptable() {
				parts = append(parts, itemWord(it.Item)+" "+statusWords[it.Status])
			}
		}
		return fmt.Sprintf(verdictSentences[v], strings.Join(parts, ", "))
	}
	return word(verdictSentences[:], v)
}
