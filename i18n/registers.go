package i18n

// Registers holds the texts of the insurer's registers on screen: the
// request view's identity and contract lines, the other requests of the
// insured, and the header's word on when each register was loaded.
type Registers struct {
	Section     string
	LblIdentity string
	LblContract string

	IdentityVerified      string // {date}: the start day
	IdentityBirthDiffers  string // {request} {register}: the two birth dates
	IdentityPolicyDiffers string // {request} {register}: the two policy numbers
	IdentityNotInsured    string // {date}: the start day
	IdentityUnchecked     string

	ContractContracted    string // {date}
	ContractNotContracted string // {date}
	ContractUnchecked     string
	ContractContradicts   string // {request}: what the request says (yes/no)

	OthersSection string
	OthersNone    string
	OthersLoading string
	OthersFailed  string // {error}
	OverlapMark   string
	OthersHint    string
	HelpNextOther string
	HelpOpenOther string

	HeaderLoaded    string // {insured} {providers}: when each was loaded, or NotLoaded
	HeaderNotLoaded string
	HeaderNone      string
}
