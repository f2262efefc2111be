package i18n

var nlRegisters = Registers{
	Section:     "Registers",
	LblIdentity: "identiteit",
	LblContract: "contract",

	IdentityVerified:      "geverifieerd: verzekerd op {date}, geboortedatum en polisnummer kloppen",
	IdentityBirthDiffers:  "geboortedatum wijkt af: aanvraag {request}, register {register}",
	IdentityPolicyDiffers: "polisnummer wijkt af: aanvraag {request}, register {register}",
	IdentityNotInsured:    "niet verzekerd op de startdatum, {date}",
	IdentityUnchecked:     "niet gecontroleerd: geen verzekerdenregister geladen",

	ContractContracted:    "gecontracteerd op {date}",
	ContractNotContracted: "geen contract op {date}",
	ContractUnchecked:     "niet gecontroleerd: geen zorgaanbiedersregister geladen",
	ContractContradicts:   "de aanvraag zegt gecontracteerd: {request}; het register beslist",

	OthersSection: "Andere aanvragen van deze verzekerde",
	OthersNone:    "geen",
	OthersLoading: "bezig met lezen…",
	OthersFailed:  "niet te lezen: {error}",
	OverlapMark:   "overlapt",
	OthersHint:    "tab kiest er een, enter opent hem",
	HelpNextOther: "volgende andere aanvraag",
	HelpOpenOther: "open de gekozen aanvraag",

	HeaderLoaded:    "verzekerden {insured} · zorgaanbieders {providers}",
	HeaderNotLoaded: "niet geladen",
	HeaderNone:      "⚠ geen registers geladen",
}
