package i18n

// Letters holds the texts of the decision letters' screen in the TUI (the
// letters themselves are Dutch, from the templates of package letters).
type Letters struct {
	HelpLetter     string // the key that opens the letter
	HelpLetterCopy string // the key that switches between the two copies
	Offer          string // after the status of a recorded decision: l opens its letter
	NoLetter       string // {id}
	NoSuchRequest  string // {id}
	Failed         string // {error}
	TitleInsured   string // {id}
	TitleProvider  string // {id}
	Of             string // {outcome} {adviser} {date}: which decision wrote it
	Scroll         string // {pct}: how far down the letter the view is, and the copy key
}
