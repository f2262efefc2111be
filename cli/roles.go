package cli

import (
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/roles"
)

// role is the role a command runs with: the key's over SSH, admin on the
// store's own machine (where the file's mode guards the store).
func (app *App) role() roles.Role {
	if !app.Remote {
		return roles.Admin
	}
	return app.Role
}

// commandName is a command as typed after `machtiging`: "audit verify".
func commandName(c *cobra.Command) string {
	var parts []string
	for ; c != nil && c.HasParent(); c = c.Parent() {
		parts = append(parts, c.Name())
	}
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, " ")
}

// rowOf is the table's row for a command about to run. A command with a
// flag that makes it a variant ("audit --request ID") has a row of its
// own.
func rowOf(c *cobra.Command) (roles.Command, bool) {
	name := commandName(c)
	for _, row := range roles.Commands() {
		if row.Flag() == "" || row.Base() != name {
			continue
		}
		if f := c.Flags().Lookup(row.Flag()); f != nil && f.Value.String() != "" && f.Value.String() != "false" {
			return row, true
		}
	}
	return roles.Lookup(name)
}

// gate puts the roles table in front of every command that runs: each
// first asks the table whether the role may run it (and, over SSH, whether
// the team server runs it at all).
func (app *App) gate(root *cobra.Command) {
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			walk(sub)
		}
		switch {
		case c.RunE != nil:
			run := c.RunE
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if err := app.authorize(cmd); err != nil {
					return err
				}
				return run(cmd, args)
			}
		case c.Run != nil:
			run := c.Run
			c.Run = nil
			c.RunE = func(cmd *cobra.Command, args []string) error {
				if err := app.authorize(cmd); err != nil {
					return err
				}
				run(cmd, args)
				return nil
			}
		}
	}
	walk(root)
}

// authorize lets a command run when the table allows it to the role. A
// refusal names the role it needs and, over SSH, is logged as refused.
func (app *App) authorize(c *cobra.Command) error {
	if !app.Remote {
		return nil // locally every command runs, as admin
	}
	row, ok := rowOf(c)
	var refusal error
	var detail string
	switch {
	case !ok:
		refusal = &roles.Unlisted{Name: commandName(c)}
		detail = fmt.Sprintf("%s refused: not offered over SSH", commandName(c))
	default:
		refusal = roles.AuthorizeRemote(app.role(), row)
		if refusal == nil {
			return nil
		}
		detail = fmt.Sprintf("%s refused to the role %s: it needs the role %s", row, app.role(), row.Roles())
		if roles.Allows(app.role(), row) {
			detail = fmt.Sprintf("%s refused: it runs only on the store's own machine", row)
		}
	}
	said := &said{err: refusal, text: app.catalog().ErrorText(refusal)}
	if app.Shared != nil {
		e := audit.Entry{Action: audit.Execute, Event: audit.EventSession, Outcome: audit.Refused, Detail: detail}
		if err := app.Shared.Log(app.actor(), e, nil); err != nil {
			return fmt.Errorf("%w (and the refusal could not be logged: %v)", said, err)
		}
	}
	return said
}

// said is an error in the run's language that still is the typed error
// it says (errors.As finds the *roles.Refusal).
type said struct {
	err  error
	text string
}

func (e *said) Error() string { return e.text }
func (e *said) Unwrap() error { return e.err }

// allowedNames lists, for a usage message, the commands the role may run.
func (app *App) allowedNames() string {
	var names []string
	for _, c := range roles.Allowed(app.role()) {
		if c != roles.ReviewScreen && (!app.Remote || c.Reach() == roles.Anywhere) {
			names = append(names, c.String())
		}
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// Commands lists every command as typed after `machtiging` ("audit
// verify"; "" is the review screen); the roles table has a row for each.
func Commands() []string {
	var out []string
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Runnable() {
			out = append(out, commandName(c))
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk((&App{}).rootCommand())
	return out
}
