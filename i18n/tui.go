package i18n

// TUI holds the texts of the review screens. Field names follow the
// constants they replaced: Text… for sentences, Help… for the keys' help,
// Sec… for section titles, Lbl… and Fld… for labels, Col… for column
// titles.
type TUI struct {
	TextUnencrypted string
	TextLoading     string
	TextLoadingRec  string
	TextRecording   string
	TextNoRows      string
	TextNoMatches   string
	TextFilterLabel string
	TextFilterHint  string
	TextFiltering   string

	HelpUp          string
	HelpDown        string
	HelpMove        string
	HelpTop         string
	HelpBottom      string
	HelpPageUp      string
	HelpPageDown    string
	HelpHalfUp      string
	HelpHalfDown    string
	HelpOpen        string
	HelpBack        string
	HelpHelp        string
	HelpQuit        string
	HelpFilter      string
	HelpFilterKeep  string
	HelpFilterClear string
	HelpNextView    string
	HelpPrevView    string
	HelpJumpView    string
	HelpApprove     string
	HelpReject      string
	HelpRequestInfo string
	HelpConcur      string
	HelpOverturn    string
	HelpReveal      string
	HelpNextField   string
	HelpPrevField   string
	HelpListUp      string
	HelpListDown    string
	HelpToggle      string
	HelpSubmit      string
	HelpNewline     string
	HelpRecord      string
	HelpBackEdit    string
	HelpClose       string

	HelpTitle       string
	HelpLegendTitle string
	HelpDueTitle    string
	HelpViewsTitle  string

	EmptyTitle   string
	EmptyStore   string
	EmptyImport  string
	EmptyImport2 string
	EmptyImport3 string
	EmptyDemo    string
	EmptyDemo2   string
	EmptyQuit    string

	SecRequest   string
	SecInsured   string
	SecProvider  string
	SecItems     string
	SecVersions  string
	SecDecisions string
	SecAccess    string
	SecProposal  string

	LblState          string
	LblVerdict        string
	LblDue            string
	LblReceived       string
	LblVersion        string
	LblUrgent         string
	LblSetting        string
	LblTreatmentStart string
	LblName           string
	LblBSN            string
	LblBirthDate      string
	LblPolicy         string
	LblAGB            string
	LblContracted     string
	LblDate           string
	LblDetail         string
	LblReferrer       string
	LblReferrerAGB    string
	LblSummary        string
	LblPeriod         string
	LblMinutes        string
	LblActivities     string
	LblMembers        string
	LblDBC            string
	LblPrestatie      string
	LblProposedBy     string
	LblReasonCode     string
	LblReason         string
	LblAdviser        string
	LblNewState       string
	LblItemsRequested string
	LblValidFrom      string
	LblValidUntil     string
	LblOutcome        string
	LblRequest        string

	TextRevealHint    string
	TextRevealedHint  string
	TextCurrent       string
	TextNoDecisions   string
	TextNoAccess      string
	TextNoRecord      string
	TextAccessLogFail string

	FormApproveTitle  string
	FormRejectTitle   string
	FormInfoTitle     string
	FormConcurTitle   string
	FormOverturnTitle string
	FormConfirmTitle  string
	FormConfirmHint   string

	FldMinutes    string
	FldFrom       string
	FldUntil      string
	FldReason     string
	FldCode       string
	FldMotivation string
	FldItems      string
	FldMessage    string
	FldNote       string
	FldOverturn   string

	PhMinutes string
	PhDate    string

	TextMinutesNotNumber string
	// TextDateNotDate: {field} the field, {value} what was typed, {why}
	// TextNotADate or TextNotADay.
	TextNotADate string
	TextNotADay  string
	// RoleRefused: the roles table does not let {role} do {command}; it
	// needs one of {roles}. Roles name the roles, by their names in the
	// advisers file.
	RoleRefused     string
	Roles           map[string]string
	TextDateNotDate string
	TextItemNA      string
	TextNotAllowed  string
	TextRefused     string
	TextFailed      string
	TextNeedRecord  string

	ColDue              string
	ColIdent            string
	ColName             string
	ColBSN              string
	ColProvider         string
	ColSetting          string
	ColStart            string
	ColVerdict          string
	ColState            string
	ColItems            string
	ViewOpen            string
	ViewSecondReview    string
	ViewWaiting         string
	ViewDecided         string
	ViewAll             string
	ViewReconsideration string

	StatsLoading           string
	Stats                  string
	FilterCapped           string
	FilterCount            Plural
	AwaitingSecondReview   string
	AwaitingSecondReviewBy string
	InReviewBy             string
	ClaimRefused           string
	ClaimLost              string
	ErrorLine              string
	StatsError             string
	VersionLine            string
	VersionBy              string
	VersionFrom            string
	CurrentVersion         string
	DecisionLine           string
	Period                 string
	AccessLine             string
	AccessRefused          string
	MemberAGB              string
	Minutes                Plural
	ApproveNoPlan          string
	ApproveSummary         string
	ProposalNone           string
	ProposalSummary        string
	RecordedStatus         string
	RevealFailed           string

	// DetailLate, DetailFuture and DetailInvalid say why an item is not in
	// order: {date} its date, {start} the treatment start, {problem} what
	// the check found wrong in it (as the check says it).
	DetailLate    string
	DetailFuture  string
	DetailInvalid string
	DueLate       Plural
	DueToday      string
	DueIn         Plural
	DueSentence   string
	DueLateLong   Plural
	DueInLong     Plural
	HelpDueText   []string
	HelpViewsText []string
}
