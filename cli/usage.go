package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

// A usage error is one of the command line itself: an unknown command or
// flag, a flag without its value or with a value that does not parse, too
// many or too few arguments. It is made where the command line is parsed,
// and it alone exits 2 (ExitUsage); every other error exits 1, whatever its
// message says. Errors are told apart by what they are, as Go's flag
// package does, never by their text.
//
// Commands make their own usage errors with usagef (or usageError{err});
// cobra's are made usage errors by typeUsageErrors, which Run applies to
// every command of the tree, so a command added later is covered without
// doing anything: its Args validator (cobra.NoArgs, cobra.ExactArgs(n),
// exactArgs, ...), its flags, its required flags and flag groups all make
// usage errors.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// usagef makes a usage error (exit 2) from a format, as fmt.Errorf does.
func usagef(format string, args ...any) error {
	return usageError{fmt.Errorf(format, args...)}
}

// IsUsage reports whether err is a usage error (exit 2).
func IsUsage(err error) bool {
	var ue usageError
	return errors.As(err, &ue)
}

// asUsage makes err a usage error; nil stays nil.
func asUsage(err error) error {
	if err == nil || IsUsage(err) {
		return err
	}
	return usageError{err}
}

// usageArgs wraps an argument validator so that what it refuses is a usage
// error; after the arguments it checks the required flags and the flag
// groups (cobra checks them later, with plain errors), so that those are
// usage errors too. typeUsageErrors wraps every command's Args with it.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if v != nil {
			if err := v(cmd, args); err != nil {
				return asUsage(err)
			}
		}
		if err := cmd.ValidateRequiredFlags(); err != nil {
			return asUsage(err)
		}
		return asUsage(cmd.ValidateFlagGroups())
	}
}

// typeUsageErrors makes every error cobra makes of the command line of
// root's tree a usage error: the flag errors, the argument validators, an
// unknown command under a command that only groups others, and an unknown
// help topic.
func typeUsageErrors(root *cobra.Command) {
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return asUsage(err) })
	root.SetHelpCommand(helpCommand())
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.HasSubCommands() && !c.Runnable() {
			c.RunE = groupRun
			if c.Args == nil {
				c.Args = cobra.ArbitraryArgs
			}
		}
		if c.Args == nil && c.HasSubCommands() && !c.HasParent() {
			c.Args = cobra.NoArgs // what cobra's legacy check of the root does
		}
		c.Args = usageArgs(c.Args)
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// groupRun runs a command that only groups others (key, adviser) when no
// command of the group is named, or one that does not exist.
func groupRun(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("unknown command %q for %q", args[0], cmd.CommandPath())
	}
	return usagef("%s needs a command: %s (see '%s --help')", cmd.CommandPath(), strings.Join(subcommandNames(cmd), ", "), cmd.CommandPath())
}

func subcommandNames(cmd *cobra.Command) []string {
	var names []string
	for _, c := range cmd.Commands() {
		if c.IsAvailableCommand() {
			names = append(names, c.Name())
		}
	}
	return names
}

// helpCommand is `help [command]`: cobra's prints a usage and succeeds
// on a topic that does not exist.
func helpCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "help [command]",
		Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := c.Root().Find(args)
			if err != nil {
				return asUsage(err)
			}
			if len(rest) > 0 && target.HasSubCommands() {
				return usagef("unknown help topic %q", strings.Join(args, " "))
			}
			return target.Help()
		},
	}
}
