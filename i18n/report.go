package i18n

import "machtiging/authz"

// Report holds the texts of `machtiging report`'s table and of the TUI's
// dashboard. Col… are column titles, Row… the labels of a table's rows,
// Dash… the dashboard's.
type Report struct {
	// Title heads the table: {period} is AllDays or Period, {today} the
	// day of the backlog.
	Title   string
	AllDays string
	Period  string // {from} {until}; an open end is OpenEnd
	OpenEnd string

	SecDecisions                 string
	SecFinal                     string
	ColStandard                  string
	ColExpedited                 string
	RowDecided                   string
	RowApproved                  string
	RowRejected                  string
	RowWithinDue                 string // {n} decided within due, {pct} their share
	RowLate                      string
	RowMean                      string
	RowMedian                    string
	RowApprovedOnReconsideration string
	RowUpheld                    string
	SecPartial                   string
	SecBacklog                   string // {today}
	RowTotal                     string
	RowOverdue                   string
	SecByReasonCode              string
	// Codes name the reason codes briefly, for a row label.
	Codes map[authz.RejectCode]string
	// WithoutFacts notes decisions of purged requests counted per outcome
	// and adviser only.
	WithoutFacts Plural

	SecMonths        string
	SecAdvisers      string
	SecProviders     string
	ColMonth         string
	ColDecisions     string
	ColDecided       string
	ColApproved      string
	ColRejected      string
	ColWithinDue     string
	ColMedian        string
	ColAdviser       string
	ColSecond        string
	ColReconsidered  string
	ColAGB           string
	ColProvider      string
	ColRequests      string
	ColIncomplete    string
	ColApprovalRate  string
	ColUndecided     string
	ColIncompleteNow string
	ColMostMissing   string
	ItemCount        string // {item} {n}: how often an item was missing, late or invalid
	None             string

	DashTitle     string // {today}, {weeks}: the dashboard's heading
	DashComputing string
	DashFailed    string // {err}
	DashBacklog   string
	DashWeeks     string // {weeks}
	DashTime      string
	DashMedian    string // {days}
	DashWithinDue string // {pct}
	DashDecided   Plural
	DashProviders string
	DashProvider  string // {incomplete} of {requests} incomplete, {now} incomplete in the queue now
	DashMissing   string // {items}
	DashNone      string
	DashNoFacts   string
	HelpDashboard string
	HelpRefresh   string
}
