package cli

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"machtiging/i18n"
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
			return usageError{&requiredFlagsError{err, cmd.CommandPath(), missingFlags(cmd)}}
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
			c.Args = noArgs // what cobra's legacy check of the root does
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
	e := &argsError{command: cmd.CommandPath(), args: args, group: true, commands: subcommandNames(cmd)}
	e.en = fmt.Errorf("unknown command %q for %q", e.arg(), e.command)
	if len(args) == 0 {
		e.en = fmt.Errorf("%s needs a command: %s (see '%s --help')", e.command, strings.Join(e.commands, ", "), e.command)
	}
	return usageError{e}
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
				topic := strings.Join(args, " ")
				return usageError{speak(fmt.Errorf("unknown help topic %q", topic), func(c *i18n.Catalog) string {
					return i18n.Fill(c.Errors.UnknownHelpTopic, "topic", strconv.Quote(topic))
				})}
			}
			return target.Help()
		},
	}
}

// requiredFlagsError is cobra's refusal of a command whose required flags
// are not given: its English line is cobra's, the flags are data.
type requiredFlagsError struct {
	en      error
	command string
	flags   []string
}

func (e *requiredFlagsError) Error() string { return e.en.Error() }

// missingFlags lists the required flags of cmd that were not given, as
// cobra finds them (its annotation), with their dashes.
func missingFlags(cmd *cobra.Command) []string {
	var names []string
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		if req, ok := f.Annotations[cobra.BashCompOneRequiredFlag]; ok && len(req) > 0 && req[0] == "true" && !f.Changed {
			names = append(names, "--"+f.Name)
		}
	})
	return names
}
