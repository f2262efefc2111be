package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/i18n"
	"machtiging/registers"
	"machtiging/store"
	"strconv"
)

func (app *App) registerCommand() *cobra.Command {
	cmd := &cobra.Command{
		Use:     "register",
		Short:   "Load the insurer's registers of insured and of contracted providers, or show them",
		Example: "  machtiging register import insured insured.csv\n  machtiging register status --json",
		Long: `The registers are the insurer's own records, so that nothing the requester
asserts is taken on trust: the insured register (the member administration)
says who is insured when, with which birth date and policy number; the
provider register says which institutions have a contract when. With them,
check reports identity and contract for every request, and a request whose
insured does not check out cannot be approved. See docs/registers.md.`,
	}
	cmd.AddCommand(app.registerImportCommand(), app.registerStatusCommand())
	return cmd
}

func (app *App) registerImportCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import insured|providers FILE|-",
		Short: "Replace a register with the rows of a CSV or NDJSON file (- for standard input)",
		Long: `Import replaces the whole register with the file, all or nothing: a refused
file changes nothing and the error names its line (1-based; in CSV the
header is line 1) and column.

CSV: UTF-8, comma-separated, RFC 4180 quoting, a header naming the columns
in any order; a byte-order mark and CR LF are accepted; an empty cell is
absent. NDJSON: one object a line, the same names as keys.

insured:   bsn, birth_date, policy_number (optional), insured_from,
           insured_until (optional: open-ended)
providers: agb, name, contracted_from, contracted_until (optional)

Periods include both days; two periods of one BSN or AGB may not overlap.`,
		Example: `  machtiging register import insured insured.csv
  machtiging register import providers providers.ndjson
  member-export | machtiging register import insured -`,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 2 {
				return usageSays(func(c *i18n.Catalog) string { return c.Refused.RegisterImportArgs }, "register import takes a register (insured or providers) and one FILE, or - for standard input")
			}
			if _, err := registers.ParseKind(args[0]); err != nil {
				return usageSays(func(c *i18n.Catalog) string {
					return "register import: " + i18n.Fill(c.Refused.NotARegister, "value", strconv.Quote(args[0]))
				}, "register import: %w", err)
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, _ := registers.ParseKind(args[0])
			name := args[1]
			var r io.Reader = app.Stdin
			if name != "-" {
				f, err := os.Open(name)
				if err != nil {
					return fmt.Errorf("register import %s %s: %w", kind, name, unwrapPath(err))
				}
				defer f.Close()
				r = f
			} else if r == nil {
				return says(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.NoStdin, "command", "register import "+kind.String())
				}, "register import %s -: there is no standard input", kind)
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			// The binary's collector runs at GOGC=400 for the request
			// import's speed; a register of 625,000 rows is read whole
			// before it is written, so here memory counts more.
			defer debug.SetGCPercent(debug.SetGCPercent(100))
			n, err := s.ImportRegister(app.actor(), kind, name, r)
			if err != nil {
				var re *store.RegisterError
				if errors.As(err, &re) {
					return fmt.Errorf("register import %s %s %w", kind, safe(name), re.Err)
				}
				return fmt.Errorf("register import %s %s: %w", kind, safe(name), err)
			}
			t := &app.catalog().Commands
			fmt.Fprintln(app.Stdout, t.RegisterLoaded.N(n, "register", app.registerName(kind), "file", safe(name)))
			return nil
		},
	}
}

func (app *App) registerStatusCommand() *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "status [--json]",
		Short: "Show per register the number of rows and when and by whom it was loaded",
		Example: `  machtiging register status
  machtiging register status --json`,
		Args: exactArgs(0, "register status takes no arguments"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			sts, err := s.RegisterStatuses()
			if err != nil {
				return err
			}
			if asJSON {
				for _, st := range sts {
					b, err := json.Marshal(st)
					if err != nil {
						return err
					}
					fmt.Fprintf(app.Stdout, "%s\n", escapeC1(b))
				}
			} else {
				tw := tabwriter.NewWriter(app.Stdout, 0, 0, 2, ' ', 0)
				t := &app.catalog().Commands
				fmt.Fprintln(tw, t.RegisterHeader)
				for _, st := range sts {
					if !st.Loaded() {
						fmt.Fprintf(tw, "%s\t0\t%s\t\t\n", app.registerName(st.Register), t.RegisterNever)
						continue
					}
					fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\n", app.registerName(st.Register), st.Rows, st.LoadedAt.Local().Format("2006-01-02 15:04:05"), safe(st.LoadedBy), safe(st.Source))
				}
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			return s.Log(app.actor(), audit.Entry{Action: audit.Read, Event: audit.EventRegister, Detail: "register status"}, nil)
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object a line (NDJSON)")
	return cmd
}
