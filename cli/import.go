package cli

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"machtiging/i18n"
	"machtiging/importfile"
	"machtiging/store"
)

func (app *App) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE|-",
		Short: "Add or replace requests from a JSON array or NDJSON file (- for standard input)",
		Long: `Import reads requests in the contract's format: a JSON array of request
objects, or one object a line (NDJSON). Decoding is strict, and the file is
one transaction: if any record is rejected, nothing of the file is stored and
the error names the record (index from 0, and id) and the field.

An id that exists replaces that request's content while it is open or
waiting (the earlier version stays in its history, and a waiting request
becomes open again). A request in second review or with a final decision is
never changed by import.`,
		Example: `  machtiging import requests.json
  intake-export | machtiging import -`,
		Args: exactArgs(1, "import takes one FILE, or - for standard input"),
		RunE: func(cmd *cobra.Command, args []string) error {
			name := args[0]
			var r io.Reader = app.Stdin
			if name != "-" {
				f, err := os.Open(name)
				if err != nil {
					return fmt.Errorf("import %s: %w", name, unwrapPath(err))
				}
				defer f.Close()
				r = f
			} else if r == nil {
				return says(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.NoStdin, "command", "import") }, "import -: there is no standard input")
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			// The decoders' workers also encode each request for the
			// store, so that the one goroutine that writes only writes.
			dec := importfile.NewPreparingDecoder(r, 0, s.Stager(app.actor(), name))
			defer dec.Close()
			stats, err := s.Import(app.actor(), name, func() (store.Incoming, error) {
				rec, err := dec.Next()
				staged, _ := rec.Prepared.(*store.Staged)
				return store.Incoming{Index: rec.Index, Request: rec.Request, Raw: rec.Raw, Staged: staged}, err
			})
			if err != nil {
				return fmt.Errorf("import %s %w", name, err)
			}
			n := stats.New + stats.Replaced
			t := &app.catalog().CLI
			fmt.Fprint(app.Stdout, t.Imported.N(n, "file", safe(name), "new", stats.New, "replaced", stats.Replaced))
			if stats.Reopened > 0 {
				fmt.Fprint(app.Stdout, i18n.Fill(t.Reopened, "n", stats.Reopened))
			}
			fmt.Fprintln(app.Stdout)
			return nil
		},
	}
}

// unwrapPath drops the repeated path from an *os.PathError.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
