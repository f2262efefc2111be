package i18n

var enLetters = Letters{
	HelpLetter:     "letter",
	HelpLetterCopy: "insured / provider copy",
	Offer:          " · l: its letter",
	NoLetter:       "{id} has no decision with a letter yet (approvals, final rejections, information requests and reconsiderations have one)",
	NoSuchRequest:  "there is no request {id}",
	Failed:         "the letter could not be read: {error}",
	TitleInsured:   "Letter of {id} to the insured",
	TitleProvider:  "Letter of {id}, the provider's copy",
	Of:             "{outcome} by {adviser} on {date}",
	Scroll:         "{pct}%  t: insured / provider copy",
}
