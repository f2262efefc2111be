package i18n

var nlLetters = Letters{
	HelpLetter:     "brief",
	HelpLetterCopy: "verzekerde / kopie zorgaanbieder",
	Offer:          " · l: de brief",
	NoLetter:       "{id} heeft nog geen besluit met een brief (goedkeuringen, definitieve afwijzingen, verzoeken om informatie en heroverwegingen hebben er een)",
	NoSuchRequest:  "er is geen aanvraag {id}",
	Failed:         "de brief kon niet worden gelezen: {error}",
	TitleInsured:   "Brief over {id} aan de verzekerde",
	TitleProvider:  "Brief over {id}, kopie voor de zorgaanbieder",
	Of:             "{outcome} door {adviser} op {date}",
	Scroll:         "{pct}%  t: verzekerde / kopie zorgaanbieder",
}
