package i18n

// Reconsideration holds the texts of reconsideration (heroverweging) on
// screen: its forms, the request view's section, its keys, and the words
// for the reconsideration rules' refusals (authz/reconsider.go), each with
// the refusal's facts as named placeholders.
type Reconsideration struct {
	FormReconsiderTitle  string
	FormUpholdTitle      string
	FldObjection         string
	FldObjectionReceived string
	LblObjectionReceived string
	LblObjection         string
	LblRecordedBy        string
	LblRejectedBy        string
	LblOutcome           string
	Section              string
	HelpReconsider       string
	HelpUphold           string
	// MayNotDecide follows the names of the rejection's advisers.
	MayNotDecide string

	// Refusals, one per rule.
	NotRejected         string // {id} {state}
	AlreadyReconsidered string // {id} {date}: the earlier objection's day
	ObjectionMissing    string // {id}
	ObjectionInFuture   string // {id} {date} {today}
	NotInReconsider     string // {id} {state} {action}
	TookPartRejected    string // {adviser} {action}
	TookPartProposed    string // {adviser} {action}
	TookPartConcurred   string // {adviser} {action}
	ItemsNotAcceptable  string // {id} {items}
	IdentityBars        string // {id} {identity}
	UpholdReasonMissing string // {id}
	NoRejectionOnRecord string // {id}
}
