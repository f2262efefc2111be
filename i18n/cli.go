package i18n

// CLI holds the command line's texts for people: confirmations, tables'
// headings and errors. Machine output (--json, CSV, NDJSON) never uses it.
type CLI struct {
	// DecideRefused: {id} the request, {action} the decision in words,
	// {reason} the refusal in words.
	DecideRefused string
	// Refusal chooses how a refusal reads on the command line: when
	// FlagWords is true the English line of authz, which names the flags
	// to use (--reason), else the catalogue's words.
	FlagWords bool
}

var enCLI = CLI{
	DecideRefused: "decide {id} {action} refused: {reason}",
	FlagWords:     true,
}

var nlCLI = CLI{
	DecideRefused: "besluit {id} {action} geweigerd: {reason}",
}
