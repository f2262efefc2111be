package i18n

// Help is --help in a language other than the one the commands are
// written in (English): per command, keyed by its path without the
// program's name ("" for the program itself, "register import"), and per
// flag, keyed by "path --name" ("decide --code", "--db" for the root).
// cli's TestDutchHelp checks that every command and flag has its text.
type Help struct {
	Commands map[string]CommandHelp
	Flags    map[string]string
	// Examples replace the examples that hold words (comments), keyed
	// like Commands.
	Examples map[string]string
	// Headings replace parts of cobra's usage template: its English
	// headings, and the words cobra and pflag write themselves ("[flags]",
	// "(default ...)") through the template function machtigingReplace
	// (text, old, new) that cli registers.
	Headings map[string]string
	// HelpFlag is the usage of -h/--help: {command} the command's name.
	HelpFlag string
}

// CommandHelp is one command's short and long description.
type CommandHelp struct {
	Short, Long string
}

// HelpFor returns the help of a language, or nil when the commands' own
// English texts are the help.
func HelpFor(l Lang) *Help {
	if l == Dutch {
		return &nlHelp
	}
	return nil
}
