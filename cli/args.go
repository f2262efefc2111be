package cli

import (
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"machtiging/authz"
	"machtiging/i18n"
)

// argsError is a refusal of a command's arguments, as data: Error is the
// English line, as it always was (cobra's own, or the command's msg); a
// catalogue says it from the fields.
type argsError struct {
	en      error
	command string // the command's path
	args    []string
	want    int  // the number of arguments the command takes
	group   bool // the command groups others: an argument names one
	// commands are a group's commands, when none was named.
	commands []string
}

func (e *argsError) Error() string { return e.en.Error() }

// arg is the first argument, or nothing.
func (e *argsError) arg() string {
	if len(e.args) == 0 {
		return ""
	}
	return e.args[0]
}

// words says the refusal in a catalogue.
func (e *argsError) words(c *i18n.Catalog) string {
	t := &c.Errors
	arg := strconv.Quote(e.arg())
	switch {
	case e.group && len(e.args) == 0:
		return i18n.Fill(t.NeedsCommand, "command", e.command, "commands", strings.Join(e.commands, ", "))
	case e.group:
		return i18n.Fill(t.UnknownCommand, "command", e.command, "arg", arg)
	case e.want == 0:
		return i18n.Fill(t.NoArguments, "command", e.command, "arg", arg)
	}
	return t.ArgumentCount.N(e.want, "command", e.command, "got", len(e.args))
}

// exactArgs takes exactly n arguments; msg says which when they are not.
func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usageError{&argsError{en: usagef("%s (see '%s --help')", msg, cmd.CommandPath()),
				command: cmd.CommandPath(), args: args, want: n}}
		}
		return nil
	}
}

// noArgs is cobra.NoArgs, its refusal as data: under a command that groups
// others an argument is an unknown command.
func noArgs(cmd *cobra.Command, args []string) error {
	if err := cobra.NoArgs(cmd, args); err != nil {
		return usageError{&argsError{en: err, command: cmd.CommandPath(), args: args, group: cmd.HasSubCommands()}}
	}
	return nil
}

// dateFlag parses a --today, --from or --until value.
func dateFlag(name, v string) (authz.Date, error) {
	if v == "" {
		return 0, nil
	}
	d, err := authz.ParseDate(v)
	if err != nil {
		return 0, usagef("--%s: %w", name, err)
	}
	return d, nil
}

func today(flag string) (authz.Date, error) {
	if flag == "" {
		return authz.DateOf(time.Now()), nil
	}
	return dateFlag("today", flag)
}
