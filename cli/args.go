package cli

import (
	"time"

	"github.com/spf13/cobra"

	"machtiging/authz"
)

// exactArgs takes exactly n arguments; msg says which when they are not.
func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s (see '%s --help')", msg, cmd.CommandPath())
		}
		return nil
	}
}

// dateFlag parses a --today, --from or --until value.
func dateFlag(name, v string) (authz.Date, error) {
	if v == "" {
		return 0, nil
	}
	d, err := authz.ParseDate(v)
	if err != nil {
		return 0, usagef("--%s: %v", name, err)
	}
	return d, nil
}

func today(flag string) (authz.Date, error) {
	if flag == "" {
		return authz.DateOf(time.Now()), nil
	}
	return dateFlag("today", flag)
}
