package cli

import (
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"machtiging/advisers"
	"machtiging/i18n"
	"machtiging/roles"
	"strconv"
)

// advisersFile is the advisers file to edit: over SSH always the team
// server's own (a remote admin names no file on the server), locally
// --advisers or the one beside the store.
func (app *App) advisersFile(flag string) (string, error) {
	if app.Remote {
		if flag != "" {
			return "", usageSays(func(c *i18n.Catalog) string { return c.Refused.AdvisersFlagRemote }, "--advisers is not taken over SSH: the team server's own advisers file is edited")
		}
		if app.AdvisersPath == "" {
			return "", says(func(c *i18n.Catalog) string { return c.Refused.NoAdvisersFile }, "this team server names no advisers file")
		}
		return app.AdvisersPath, nil
	}
	return app.defaultBeside(flag, "advisers")
}

// roleFlag reads --role; a bad role is a usage error.
func roleFlag(v string) (roles.Role, error) {
	r, err := roles.Parse(v)
	if err != nil {
		return 0, usageSays(func(c *i18n.Catalog) string {
			return "--role: " + i18n.Fill(c.Refused.NotARole, "value", strconv.Quote(v), "roles", roles.Names())
		}, "--role: %w", err)
	}
	return r, nil
}

func (app *App) adviserCommand() *cobra.Command {
	var file, role string
	path := func() (string, error) { return app.advisersFile(file) }
	cmd := &cobra.Command{
		Use:   "adviser add NAME PUBKEYFILE [--role ROLE] | list | role NAME ROLE | lang NAME nl|en|auto | remove NAME",
		Short: "Edit the team server's list of SSH keys, their names and roles",
		Long: `adviser edits the team server's advisers file: one SSH public key a line,
with the name it logs in as and its role (` + roles.Names() + `;
adviser when none is given). See docs/roles.md for what each role may run.
A change applies from the key's next command or login, without a restart.

Over SSH (admin only) the server's own advisers file is edited, and
'adviser add' reads the key from standard input (PUBKEYFILE -).`,
		Example: `  machtiging adviser add a.devries ~/keys/a.devries.pub
  machtiging adviser add intake-script intake.pub --role intake
  machtiging adviser role m.bakker auditor
  machtiging adviser lang m.bakker nl
  machtiging adviser list
  machtiging adviser remove a.devries
  ssh -p 23234 host adviser add k.smit - < k.smit.pub   # as admin, over SSH`,
	}
	cmd.PersistentFlags().StringVar(&file, "advisers", "", "the advisers file (default: advisers beside the store)")
	add := &cobra.Command{
		Use:   "add NAME PUBKEYFILE [--role " + roles.Names() + "]",
		Short: "List a public key under a name and a role (- reads the key from standard input)",
		Example: `  machtiging adviser add a.devries a.devries.pub
  machtiging adviser add auditor1 auditor1.pub --role auditor`,
		Args: exactArgs(2, "adviser add takes a NAME and a PUBKEYFILE"),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := roleFlag(role)
			if err != nil {
				return err
			}
			p, err := path()
			if err != nil {
				return err
			}
			var pub []byte
			switch {
			case args[1] == "-":
				pub, err = readAllLimited(app.Stdin, 16<<10)
			case app.Remote:
				return usageSays(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.AddKeyFromStdin, "name", args[0]) },
					"over SSH, adviser add reads the key from standard input: adviser add %s - < KEY.pub", args[0])
			default:
				pub, err = os.ReadFile(args[1])
			}
			if err != nil {
				return fmt.Errorf("adviser add: %w", err)
			}
			a, err := advisers.AddAs(p, args[0], r, pub)
			if err != nil {
				return fmt.Errorf("adviser add: %w", err)
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.AdviserAdded, "name", a.Name, "role", a.Role, "fingerprint", a.Fingerprint(), "file", p))
			return nil
		},
	}
	add.Flags().StringVar(&role, "role", roles.Default.String(), "what the key may do: "+roles.Names())
	cmd.AddCommand(add, app.adviserLangCommand(path), &cobra.Command{
		Use:     "list",
		Short:   "List the keys: name, role and key fingerprint",
		Example: `  machtiging adviser list`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := path()
			if err != nil {
				return err
			}
			list, err := advisers.Load(p)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
			t := &app.catalog().Commands
			fmt.Fprintln(tw, t.AdviserHeader)
			for _, a := range list {
				lang := a.Lang
				if lang == "" {
					lang = t.AdviserLangNone
				}
				fmt.Fprintf(tw, "%s\t%s\t%s %s\t%s\n", a.Name, a.Role, a.Key.Type(), a.Fingerprint(), lang)
			}
			return tw.Flush()
		},
	}, &cobra.Command{
		Use:     "role NAME ROLE",
		Short:   "Give a listed key another role; it applies from its next command or login",
		Example: `  machtiging adviser role m.bakker auditor`,
		Args:    exactArgs(2, "adviser role takes a NAME and a ROLE ("+roles.Names()+")"),
		RunE: func(cmd *cobra.Command, args []string) error {
			r, err := roles.Parse(args[1])
			if err != nil {
				return usageSays(func(c *i18n.Catalog) string {
					return "adviser role: " + i18n.Fill(c.Refused.NotARole, "value", strconv.Quote(args[1]), "roles", roles.Names())
				}, "adviser role: %w", err)
			}
			p, err := path()
			if err != nil {
				return err
			}
			a, err := advisers.SetRole(p, args[0], r)
			if err != nil {
				return fmt.Errorf("adviser role: %w", err)
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.AdviserRole, "name", a.Name, "role", a.Role))
			return nil
		},
	}, &cobra.Command{
		Use:     "remove NAME",
		Short:   "Take an adviser off the list; their next login is refused",
		Example: `  machtiging adviser remove a.devries`,
		Args:    exactArgs(1, "adviser remove takes a NAME"),
		RunE: func(cmd *cobra.Command, args []string) error {
			p, err := path()
			if err != nil {
				return err
			}
			if err := advisers.Remove(p, args[0]); err != nil {
				return fmt.Errorf("adviser remove: %w", err)
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.AdviserRemoved, "name", args[0], "file", p))
			return nil
		},
	})
	return cmd
}

// roleCounts says how many keys have each role: " (1 intake, 3 adviser)".
func roleCounts(list []advisers.Adviser) string {
	var parts []string
	for _, r := range roles.All {
		n := 0
		for _, a := range list {
			if a.Role == r {
				n++
			}
		}
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, r))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, ", ") + ")"
}
