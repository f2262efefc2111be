package cli

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/cobra"

	"machtiging/authz"
	"machtiging/demo"
	"machtiging/i18n"
	"machtiging/registers"
	"machtiging/store"
)

// DemoPath is the demo's own store, beside the default store, so that a
// sample never mixes with real requests.
func DemoPath() (string, error) {
	p, err := store.DefaultPath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), "demo.db"), nil
}

func (app *App) demoCommand() *cobra.Command {
	var n int
	var seed int64
	var fresh, noTUI bool
	cmd := &cobra.Command{
		Use:   "demo [--n 240] [--fresh]",
		Short: "Open the TUI on a generated, realistic sample (its own store)",
		Long: `demo fills a store with a generated sample of requests (Dutch names,
plausible dates around today, every verdict, state and item status, and
decisions by several advisers) when it is empty, and opens the review TUI on
it. The demo store is demo.db beside the default store, unless --db or
$MACHTIGING_DB names another; --fresh starts it anew.`,
		Example: `  machtiging demo
  machtiging demo --fresh --n 1000`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path := app.dbFlag
			if path == "" {
				path = os.Getenv("MACHTIGING_DB")
			}
			if path == "" {
				var err error
				if path, err = DemoPath(); err != nil {
					return err
				}
			}
			if n < 1 {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.AtLeast, "flag", "--n", "min", 1)
				}, "--n must be 1 or more")
			}
			if fresh {
				if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
					return fmt.Errorf("demo: %w", err)
				}
			}
			s, done, err := OpenLocal(path)
			if err != nil {
				return err
			}
			defer done()
			if err := FillDemo(s, n, seed, app.actor()); err != nil {
				return err
			}
			if noTUI {
				c, _ := s.Counts()
				fmt.Fprintln(app.Stdout, app.catalog().CLI.DemoHolds.N(c.Total(), "path", path))
				return nil
			}
			return app.tui(s)
		},
	}
	cmd.Flags().IntVar(&n, "n", 240, "how many requests to generate")
	cmd.Flags().Int64Var(&seed, "seed", 1, "the generator's seed")
	cmd.Flags().BoolVar(&fresh, "fresh", false, "delete the demo store first")
	cmd.Flags().BoolVar(&noTUI, "no-tui", false, "fill the store and exit")
	return cmd
}

// FillDemo fills an empty store with n generated requests and the scripted
// decisions of several advisers; a store with requests is left as it is.
func FillDemo(s *store.Store, n int, seed int64, a store.Actor) error {
	c, err := s.Counts()
	if err != nil || c.Total() > 0 {
		return err
	}
	today := authz.DateOf(time.Now())
	reqs := demo.Generate(n, today, seed)
	demo.ShareInsured(reqs)
	i := 0
	gen := store.Actor{Adviser: "intake", AccessPoint: "demo generator"}
	if _, err := s.Import(gen, "demo", func() (store.Incoming, error) {
		if i == len(reqs) {
			return store.Incoming{}, io.EOF
		}
		i++
		return store.Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	}); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	for _, step := range demo.Decisions(reqs, today, seed) {
		actor := store.Actor{Adviser: step.Adviser, AccessPoint: "demo generator"}
		if _, err := s.Decide(actor, step.ID, step.Ask, today); err != nil {
			return fmt.Errorf("demo: decide %s: %w", step.ID, err)
		}
	}
	return fillDemoRegisters(s, reqs, today, gen)
}

// fillDemoRegisters loads an insured and a provider register with every
// identity and contract case (after the scripted decisions, which were
// made before the registers said otherwise).
func fillDemoRegisters(s *store.Store, reqs []*authz.Request, today authz.Date, a store.Actor) error {
	ins, prov := demo.Registers(reqs, today)
	var ib, pb bytes.Buffer
	if err := demo.WriteInsuredCSV(&ib, ins); err != nil {
		return err
	}
	if err := demo.WriteProvidersCSV(&pb, prov); err != nil {
		return err
	}
	if _, err := s.ImportRegister(a, registers.Insured, "demo insured register", &ib); err != nil {
		return fmt.Errorf("demo: insured register: %w", err)
	}
	if _, err := s.ImportRegister(a, registers.Providers, "demo provider register", &pb); err != nil {
		return fmt.Errorf("demo: provider register: %w", err)
	}
	return nil
}

func (app *App) generateCommand() *cobra.Command {
	var n int
	var seed int64
	var todayFlag, out string
	cmd := &cobra.Command{
		Use:   "generate --n N [--seed S] [--today D] [-o FILE]",
		Short: "Write N generated requests as an NDJSON import file",
		Long: `generate writes realistic requests (the demo's generator) in the import
format, one a line, for load tests and benchmarks.`,
		Example: `  machtiging generate --n 1000000 -o million.ndjson
  machtiging generate --n 50 | machtiging import -`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			day, err := today(todayFlag)
			if err != nil {
				return err
			}
			if n < 0 {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.AtLeast, "flag", "--n", "min", 0)
				}, "--n must be 0 or more")
			}
			var w io.Writer = app.Stdout
			if out != "" {
				f, err := os.Create(out)
				if err != nil {
					return fmt.Errorf("generate: %w", err)
				}
				defer f.Close()
				w = f
			}
			bw := bufio.NewWriterSize(w, 1<<20)
			if err := demo.WriteNDJSON(bw, n, day, seed); err != nil {
				return fmt.Errorf("generate: %w", err)
			}
			return bw.Flush()
		},
	}
	cmd.Flags().IntVar(&n, "n", 1000, "how many requests")
	cmd.Flags().Int64Var(&seed, "seed", 1, "the generator's seed")
	cmd.Flags().StringVar(&todayFlag, "today", "", "dates are around this day (default: today)")
	cmd.Flags().StringVarP(&out, "output", "o", "", "write to this file instead of standard output")
	return cmd
}
