package i18n

// Catalog is every text in one language. A package that shows text to a
// person takes a *Catalog (For(lang)) and never builds sentences itself.
//
// To add texts: add fields to the struct of your part (TUI, CLI, ...) or
// a struct of your own with a field here, fill them in for both languages
// in en_*.go and nl_*.go, and TestCatalogue checks that both are complete
// and hold the same placeholders.
type Catalog struct {
	Lang  Lang
	Words Words
	TUI   TUI
	Dates Dates
	// CLI is the command line's text for people.
	CLI CLI
	// Refusals say why authz refused a decision.
	Refusals Refusals
	// Report is `machtiging report`'s table and the TUI's dashboard.
	Report Report
	// Letters is the TUI's letter screen.
	Letters Letters
	// Reconsideration is heroverweging on screen and its refusals.
	Reconsideration Reconsideration
	// Registers is the insurer's registers on screen.
	Registers Registers
	// Roles are the team server's refusals by role.
	Roles Roles
	// Commands are the administration commands' human lines.
	Commands Commands
	// Errors say errors of outside input and of the command line.
	Errors Errors
	// Numbers write fractions for a person.
	Numbers Numbers
	// Refused are the command line's own refusals.
	Refused Refused
}

var catalogs = [...]*Catalog{
	English: {Lang: English, Words: enWords, TUI: enTUI, Dates: enDates, Report: enReport, Letters: enLetters, Reconsideration: enReconsideration, Refusals: enRefusals, CLI: enCLI, Registers: enRegisters, Roles: enRoles, Commands: enCommands, Errors: enErrors, Numbers: enNumbers, Refused: enRefused},
	Dutch:   {Lang: Dutch, Words: nlWords, TUI: nlTUI, Dates: nlDates, Report: nlReport, Letters: nlLetters, Reconsideration: nlReconsideration, Refusals: nlRefusals, CLI: nlCLI, Registers: nlRegisters, Roles: nlRoles, Commands: nlCommands, Errors: nlErrors, Numbers: nlNumbers, Refused: nlRefused},
}

// For returns the catalogue of a language; it is shared and must not be
// changed.
func For(l Lang) *Catalog {
	if int(l) < len(catalogs) {
		return catalogs[l]
	}
	return catalogs[English]
}
