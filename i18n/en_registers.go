package i18n

var enRegisters = Registers{
	Section:     "Registers",
	LblIdentity: "identity",
	LblContract: "contract",

	IdentityVerified:      "verified: insured on {date}, birth date and policy number agree",
	IdentityBirthDiffers:  "birth date differs: request {request}, register {register}",
	IdentityPolicyDiffers: "policy number differs: request {request}, register {register}",
	IdentityNotInsured:    "not insured on the start day, {date}",
	IdentityUnchecked:     "not checked: no insured register is loaded",

	ContractContracted:    "contracted on {date}",
	ContractNotContracted: "no contract on {date}",
	ContractUnchecked:     "not checked: no provider register is loaded",
	ContractContradicts:   "the request says contracted: {request}; the register decides",

	OthersSection: "Other requests of this insured",
	OthersNone:    "none",
	OthersLoading: "reading…",
	OthersFailed:  "cannot read them: {error}",
	OverlapMark:   "overlaps",
	OthersHint:    "tab selects one, enter opens it",
	HelpNextOther: "next other request",
	HelpOpenOther: "open the selected request",

	HeaderLoaded:    "insured {insured} · providers {providers}",
	HeaderNotLoaded: "not loaded",
	HeaderNone:      "⚠ no registers loaded",
}
