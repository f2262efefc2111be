package i18n

// CLI holds the command line's texts for people: confirmations, tables'
// headings and errors. Machine output (--json, CSV, NDJSON) never uses it.
type CLI struct {
	// Identifiers is true when the command line writes the contract's
	// identifiers (second_review, not_applicable) and names its flags
	// (--reason), as the English command line always has; false when it
	// says everything in the catalogue's words.
	Identifiers bool
	// DecideRefused: {id} the request, {action} the decision in words,
	// {reason} the refusal in words.
	DecideRefused string
	// CheckHeader and CheckHeaderRegisters are the check table's columns,
	// separated by tabs, without and with registers.
	CheckHeader, CheckHeaderRegisters string
	// Overlaps adds the overlapping requests to a check line's problems.
	Overlaps string
	// Imported: {n} requests imported from {file}, {new} new, {replaced}
	// replaced; Reopened: {n} waiting requests reopened.
	Imported Plural
	Reopened string
	// DemoHolds: the demo store {path} holds {n} requests.
	DemoHolds Plural
	// Decided… say what was recorded: {id}, {outcome}, {adviser}, and
	// {minutes} {from} {until} for an approval, {code} for a rejection,
	// {date} {due} for an objection, {items} for a request for information.
	DecidedApproved, DecidedRejected, DecidedObjection, DecidedProposed, DecidedInfo, DecidedOther string
}

var enCLI = CLI{
	Identifiers:          true,
	DecideRefused:        "decide {id} {action} refused: {reason}",
	CheckHeader:          "ID\tSTATE\tVERDICT\tDUE\tITEMS\tPROBLEMS",
	CheckHeaderRegisters: "ID\tSTATE\tVERDICT\tDUE\tIDENTITY\tCONTRACT\tITEMS\tPROBLEMS",
	Overlaps:             "overlaps {ids}",
	Imported:             Plural{One: "imported {n} request from {file}: {new} new, {replaced} replaced", Other: "imported {n} requests from {file}: {new} new, {replaced} replaced"},
	Reopened:             " ({n} waiting reopened)",
	DecidedApproved:      "{id} {outcome}: {minutes} minutes, valid {from} to {until} (by {adviser})",
	DecidedRejected:      "{id} {outcome}: {code} (by {adviser})",
	DecidedObjection:     "{id} {outcome}: objection received {date}, due {due} (by {adviser})",
	DecidedProposed:      "{id} {outcome}: {code}, awaiting a second adviser (concur or overturn) (by {adviser})",
	DecidedInfo:          "{id} {outcome}: {items} (by {adviser})",
	DecidedOther:         "{id} {outcome} (by {adviser})",
	DemoHolds:            Plural{One: "demo store {path} holds {n} request", Other: "demo store {path} holds {n} requests"},
}

var nlCLI = CLI{
	DecideRefused:        "besluit {id} {action} geweigerd: {reason}",
	CheckHeader:          "NUMMER\tSTATUS\tBEOORDELING\tUITERSTE BESLISDATUM\tSTUKKEN\tPROBLEMEN",
	CheckHeaderRegisters: "NUMMER\tSTATUS\tBEOORDELING\tUITERSTE BESLISDATUM\tIDENTITEIT\tCONTRACT\tSTUKKEN\tPROBLEMEN",
	Overlaps:             "overlapt met {ids}",
	Imported:             Plural{One: "{n} aanvraag geïmporteerd uit {file}: {new} nieuw, {replaced} vervangen", Other: "{n} aanvragen geïmporteerd uit {file}: {new} nieuw, {replaced} vervangen"},
	Reopened:             " ({n} wachtende heropend)",
	DecidedApproved:      "{id} {outcome}: {minutes} behandelminuten, geldig {from} tot en met {until} (door {adviser})",
	DecidedRejected:      "{id} {outcome}: {code} (door {adviser})",
	DecidedObjection:     "{id} {outcome}: bezwaar ontvangen {date}, uiterste beslisdatum {due} (door {adviser})",
	DecidedProposed:      "{id} {outcome}: {code}, wacht op een tweede adviseur (instemmen of herroepen) (door {adviser})",
	DecidedInfo:          "{id} {outcome}: {items} (door {adviser})",
	DecidedOther:         "{id} {outcome} (door {adviser})",
	DemoHolds:            Plural{One: "de demo-opslag {path} bevat {n} aanvraag", Other: "de demo-opslag {path} bevat {n} aanvragen"},
}
