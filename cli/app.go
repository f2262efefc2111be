// Package cli is the command line of machtiging: the same subcommands run
// locally (main.go) and for a remote adviser over SSH (package server), with
// the same output and exit codes.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/user"
	"strings"

	"github.com/spf13/cobra"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/roles"
	"machtiging/store"
)

// Exit codes of the contract.
const (
	ExitOK    = 0
	ExitError = 1 // an error the user must act on
	ExitUsage = 2 // a usage error
)

// App is one run of the command line.
type App struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	// Actor is who runs the command; empty means the local login name.
	Actor store.Actor
	// Shared, when set, is the store that a server holds open; commands use
	// it instead of opening a file, and never close it.
	Shared *store.Store
	// Remote restricts the commands to those the team server offers, to
	// those the roles table allows Role.
	Remote bool
	// Role is the key's role over SSH; a local command acts as admin.
	Role roles.Role
	// AdvisersPath is the team server's advisers file, which `adviser`
	// edits over SSH.
	AdvisersPath string
	// RemoteTerminal reports whether a remote session has a terminal.
	RemoteTerminal bool
	// RunTUI opens the review TUI on a store in a language; main wires it
	// to package tui.
	RunTUI func(s *store.Store, a store.Actor, lang i18n.Lang) error
	// Getenv reads the environment that chooses the language
	// (MACHTIGING_LANG, LC_ALL, LC_MESSAGES, LANG); nil means os.Getenv.
	// The team server gives each session its client's environment.
	Getenv func(string) string
	// Serve runs the team server until ctx ends; main wires it to package
	// server.
	Serve func(ctx context.Context, o ServeOptions) error

	dbFlag   string
	langFlag string
	cat      *i18n.Catalog
}

// Run executes one command line and returns the exit code. Errors are one
// line on Stderr.
func (app *App) Run(args []string) int {
	root := app.rootCommand()
	typeUsageErrors(root)
	localizeHelp(root, i18n.HelpFor(app.earlyLang(args)))
	root.SetArgs(args)
	root.SetIn(app.Stdin)
	root.SetOut(app.Stdout)
	root.SetErr(app.Stderr)
	err := root.Execute()
	if err == nil {
		return ExitOK
	}
	msg := app.errorLine(err)
	fmt.Fprintf(app.Stderr, "machtiging: %s\n", msg)
	if IsUsage(err) {
		if !strings.Contains(msg, "--help") {
			fmt.Fprintln(app.Stderr, app.catalog().Commands.UsageHint)
		}
		return ExitUsage
	}
	return ExitError
}

// oneLine keeps an error message to one line and free of control characters.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' {
			return ' '
		}
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return '?'
		}
		return r
	}, s)
}

// actor returns who runs the command: the App's actor, else the local login
// name ($LOGNAME, $USER, then the account) at the local terminal.
func (app *App) actor() store.Actor {
	if app.Actor.Adviser != "" {
		return app.Actor
	}
	return LocalActor()
}

// LocalActor is the adviser at this machine's terminal.
func LocalActor() store.Actor {
	name := os.Getenv("LOGNAME")
	if name == "" {
		name = os.Getenv("USER")
	}
	if name == "" {
		if u, err := user.Current(); err == nil {
			name = u.Username
		}
	}
	if name == "" {
		name = "unknown"
	}
	point := "local terminal"
	if h, err := os.Hostname(); err == nil && h != "" {
		point += " on " + h
	}
	return store.Actor{Adviser: name, AccessPoint: point}
}

// StorePath is the store to use: --db, else $MACHTIGING_DB, else the
// default location.
func (app *App) StorePath() (string, error) {
	if app.dbFlag != "" {
		return app.dbFlag, nil
	}
	if p := os.Getenv("MACHTIGING_DB"); p != "" {
		return p, nil
	}
	return store.DefaultPath()
}

// open returns the store to use and a function that releases it.
func (app *App) open() (*store.Store, func(), error) {
	if app.Shared != nil {
		return app.Shared, func() {}, nil
	}
	path, err := app.StorePath()
	if err != nil {
		return nil, nil, err
	}
	s, _, err := app.newKeyLoader().open(path, app.actor())
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}

// OpenLocal opens a store file with its key file, when there is one,
// asking on the terminal for the passphrase of a protected key. When a
// team server holds the store, the error says how to reach it.
func OpenLocal(path string) (*store.Store, func(), error) {
	app := &App{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
	s, _, err := app.newKeyLoader().open(path, LocalActor())
	if err != nil {
		return nil, nil, err
	}
	return s, func() { s.Close() }, nil
}

func (app *App) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "machtiging",
		Short: "Review prior-authorization requests (machtigingen) for rehabilitation care",
		Long: `machtiging is the medical adviser's tool for machtiging requests for
rehabilitation care at revalidation ZBCs the insurer has not contracted.

Without a subcommand it opens the review TUI on the store.`,
		Example: `  machtiging                       # open the review queue
  machtiging demo                  # try it on a generated sample
  machtiging import requests.json  # add requests
  machtiging check --json          # the completeness check, one JSON line a request`,
		SilenceUsage:  true,
		SilenceErrors: true,
		Args:          noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if app.Remote {
				names := app.allowedNames()
				return usageSays(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.NameACommand, "commands", names) },
					"name a command (yours: %s)", names)
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			return app.tui(s)
		},
	}
	root.PersistentFlags().StringVar(&app.langFlag, "lang", "", "the language of the screens and messages: en or nl (default $MACHTIGING_LANG, else the locale: LC_ALL, LC_MESSAGES, LANG)")
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		l, err := app.lang()
		if err != nil {
			return err
		}
		app.cat = i18n.For(l)
		return nil
	}
	root.PersistentFlags().StringVar(&app.dbFlag, "db", "", "the store file (default $MACHTIGING_DB, else $XDG_DATA_HOME/machtiging/machtiging.db)")
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddCommand(app.importCommand(), app.checkCommand(), app.decideCommand(), app.exportCommand(), app.auditCommand())
	root.AddCommand(app.reportCommand())
	root.AddCommand(app.letterCommand())
	root.AddCommand(app.purgeCommand())
	root.AddCommand(app.registerCommand())
	root.AddCommand(app.demoCommand(), app.generateCommand(), app.keyCommand())
	root.AddCommand(app.maintenanceCommands()...)
	root.AddCommand(app.serveCommand(), app.adviserCommand())
	// Last: the roles table decides what runs, and over SSH what is offered.
	app.gate(root)
	return root
}

func (app *App) tui(s *store.Store) error {
	if app.RunTUI == nil {
		return says(func(c *i18n.Catalog) string { return c.Refused.NoTUI }, "this build has no TUI")
	}
	lang, err := app.lang()
	if err != nil {
		return err
	}
	return app.RunTUI(s, app.actor(), lang)
}

// catalog is the catalogue in the run's language (--lang, else the
// environment) for every text a person reads; machine output (JSON, CSV,
// NDJSON) never uses it.
func (app *App) catalog() *i18n.Catalog {
	if app.cat == nil {
		l, _ := app.lang()
		app.cat = i18n.For(l)
	}
	return app.cat
}

// refused says that a decision was refused, and why, in the run's
// language: in English the rule's own line, which names the flags to use.
func (app *App) refused(id string, a authz.Action, err error) string {
	c := app.catalog()
	why, action := err.Error(), a.String()
	if !c.CLI.Identifiers {
		why, action = c.ErrorText(err), c.Words.Action(a)
	}
	return i18n.Fill(c.CLI.DecideRefused, "id", safe(id), "action", action, "reason", why)
}

// lang is the language of the run: --lang, else the environment.
func (app *App) lang() (i18n.Lang, error) {
	getenv := app.Getenv
	if getenv == nil {
		getenv = os.Getenv
	}
	l, err := i18n.Choose(app.langFlag, getenv)
	if err != nil {
		return l, usageError{err}
	}
	return l, nil
}

// readAllLimited reads at most limit bytes.
func readAllLimited(r io.Reader, limit int64) ([]byte, error) {
	if r == nil {
		return nil, errors.New("there is no standard input")
	}
	b, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err == nil && int64(len(b)) > limit {
		err = says(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.TooMuchInput, "n", limit) }, "more than %d bytes", limit)
	}
	return b, err
}
