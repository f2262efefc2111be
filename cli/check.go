package cli

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// checkLine is one line of `check --json`, in the contract's field order.
type checkLine struct {
	ID      string             `json:"id"`
	State   authz.State        `json:"state"`
	Verdict authz.Verdict      `json:"verdict"`
	Due     authz.Date         `json:"due"`
	Items   []authz.ItemResult `json:"items"`
	// Part 2: what the registers say, and the overlapping requests.
	Identity authz.Identity `json:"identity"`
	Contract authz.Contract `json:"contract"`
	Overlaps []string       `json:"overlaps"`
}

// registerJudge gives what check prints beside the items of a row: the
// verdict with the registers' findings, and the overlaps. It judges rows
// in batches, so that the registers look a batch of BSNs up side by side
// (store.FindingsBatch), and hands each line to write in the order the
// rows came.
type registerJudge struct {
	s      *store.Store
	regs   *store.Registers
	loaded bool // a register is loaded
	day    authz.Date
	write  func(*store.Row, *checkLine) error
	rows   []store.Row
	found  []authz.Findings
}

// judgeBatch is how many rows the check judges at a time.
const judgeBatch = 1024

// registerCheck reads the registers while the index of the insured's
// requests, which the overlaps need with or without registers, is built:
// the two take about as long at a million requests, on two cores at once.
func registerCheck(s *store.Store, day authz.Date, write func(*store.Row, *checkLine) error) (*registerJudge, error) {
	var regs *store.Registers
	var regErr error
	loaded := make(chan struct{})
	go func() {
		defer close(loaded)
		regs, regErr = s.Registers()
	}()
	overlapErr := s.PrepareOverlaps()
	<-loaded
	if err := cmp.Or(regErr, overlapErr); err != nil {
		return nil, err
	}
	return &registerJudge{s: s, regs: regs, loaded: regs.InsuredLoaded() || regs.ProvidersLoaded(), day: day, write: write,
		rows: make([]store.Row, 0, judgeBatch), found: make([]authz.Findings, judgeBatch)}, nil
}

// add takes a row to judge; its line is written when its batch is full
// or at flush.
func (j *registerJudge) add(r *store.Row) error {
	j.rows = append(j.rows, *r)
	if len(j.rows) == judgeBatch {
		return j.flush()
	}
	return nil
}

// flush judges the rows taken and writes their lines.
func (j *registerJudge) flush() error {
	if err := j.s.FindingsBatch(j.regs, j.rows, j.found); err != nil {
		return err
	}
	for i := range j.rows {
		r := &j.rows[i]
		overlaps, err := j.s.Overlaps(r)
		if err != nil {
			return err
		}
		f := j.found[i]
		items, verdict := r.CheckWith(f, j.day)
		c := checkLine{ID: r.ID, State: r.State, Verdict: verdict, Due: r.Due, Items: items[:],
			Identity: f.Identity, Contract: f.Contract, Overlaps: overlaps}
		if err := j.write(r, &c); err != nil {
			return err
		}
	}
	j.rows = j.rows[:0]
	return nil
}

func (app *App) checkCommand() *cobra.Command {
	var asJSON bool
	var todayFlag string
	cmd := &cobra.Command{
		Use:   "check [--json] [--today YYYY-MM-DD] [ID...]",
		Short: "Show the completeness check, verdict and due date of requests in queue order",
		Long: `Check applies the five-item check to every request (or just the IDs named,
in the order given) and prints, in queue order, its state, verdict and due
date with the status of each item: ok, missing, invalid, late or
not_applicable; what the registers say of the insured (identity:
verified, mismatch, not_insured, or unchecked without an insured register)
and of the provider (contract: contracted, not_contracted, or unchecked);
and the other requests of the same insured whose period overlaps.
--json prints one JSON object a line (NDJSON).`,
		Example: `  machtiging check
  machtiging check --json --today 2026-12-01
  machtiging check MA-2026-0003 MA-2026-0007`,
		RunE: func(cmd *cobra.Command, ids []string) error {
			day, err := today(todayFlag)
			if err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			var withRegs bool // a register is loaded: known once the judge is
			out := bufio.NewWriterSize(app.Stdout, 64<<10)
			var write func(*store.Row, *checkLine) error
			var tw *tabwriter.Writer
			if asJSON {
				var line []byte
				write = func(_ *store.Row, c *checkLine) error {
					line, err = appendCheckLine(line[:0], c)
					if err != nil {
						return err
					}
					_, err = out.Write(escapeC1(line))
					return err
				}
			} else {
				tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				write = func(r *store.Row, c *checkLine) error {
					var items [authz.NumItems]authz.ItemResult
					copy(items[:], c.Items)
					probs := problems(items)
					if !withRegs {
						_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(r.ID), app.stateText(r.State), app.verdictText(c.Verdict), app.dayText(r.Due), ItemStrip(items), probs)
						return err
					}
					if len(c.Overlaps) > 0 {
						probs = strings.TrimPrefix(probs+"; "+i18n.Fill(app.catalog().CLI.Overlaps, "ids", strings.Join(c.Overlaps, ", ")), "; ")
					}
					_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", safe(r.ID), app.stateText(r.State), app.verdictText(c.Verdict), app.dayText(r.Due), app.identityText(c.Identity), app.contractText(c.Contract), ItemStrip(items), probs)
					return err
				}
			}
			judge, err := registerCheck(s, day, write)
			if err != nil {
				return err
			}
			withRegs = judge.loaded
			if tw != nil {
				// Without registers the table is Part 1's; with one, it
				// shows what the registers say and the overlaps.
				if withRegs {
					fmt.Fprintln(tw, app.catalog().CLI.CheckHeaderRegisters)
				} else {
					fmt.Fprintln(tw, app.catalog().CLI.CheckHeader)
				}
			}
			emit := judge.add
			n, err := app.eachRow(s, ids, emit)
			if err != nil {
				return err
			}
			if err := judge.flush(); err != nil {
				return err
			}
			if tw != nil {
				if err := tw.Flush(); err != nil {
					return err
				}
			}
			if err := out.Flush(); err != nil {
				return err
			}
			return app.logRead(s, audit.EventCheck, n, ids, fmt.Sprintf("check of %d %s on %s", n, plural(n, "request", "requests"), day))
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON object a line (NDJSON)")
	cmd.Flags().StringVar(&todayFlag, "today", "", "judge as on this day (default: the local date)")
	return cmd
}

// eachRow calls emit for the named requests in the order given (all of
// them known first), or for every request in queue order.
func (app *App) eachRow(s *store.Store, ids []string, emit func(*store.Row) error) (int, error) {
	if len(ids) > 0 {
		rows := make([]store.Row, 0, len(ids))
		for _, id := range ids {
			row, err := s.Row(id)
			if errors.Is(err, store.ErrPurged) {
				return 0, fmt.Errorf("check: %w", err)
			}
			if errors.Is(err, store.ErrNotFound) {
				return 0, noRequest("check", id, err)
			}
			if err != nil {
				return 0, err
			}
			rows = append(rows, row)
		}
		for i := range rows {
			if err := emit(&rows[i]); err != nil {
				return 0, err
			}
		}
		return len(rows), nil
	}
	n := 0
	var emitErr error
	err := s.Scan(store.ViewAll, func(r *store.Row) bool {
		n++
		emitErr = emit(r)
		return emitErr == nil
	})
	if err == nil {
		err = emitErr
	}
	return n, err
}

// logRead writes the one access-log entry of a reading command.
func (app *App) logRead(s *store.Store, ev audit.Event, n int, ids []string, detail string) error {
	return s.Log(app.actor(), audit.Entry{Action: audit.Read, Event: ev, Count: n, Detail: detail}, ids)
}

// ItemStrip shows the five item statuses as five symbols.
func ItemStrip(items [authz.NumItems]authz.ItemResult) string {
	var b strings.Builder
	for _, it := range items {
		b.WriteString(StatusSymbol(it.Status))
	}
	return b.String()
}

// StatusSymbol is the one-character mark of an item status in plain text.
func StatusSymbol(s authz.Status) string {
	switch s {
	case authz.StatusOK:
		return "+"
	case authz.StatusNotApplicable:
		return "."
	case authz.StatusMissing:
		return "?"
	case authz.StatusLate:
		return "L"
	}
	return "!"
}

func problems(items [authz.NumItems]authz.ItemResult) string {
	var parts []string
	for _, it := range items {
		if !it.Status.Acceptable() {
			p := it.Item.String() + " " + it.Status.String()
			if it.Detail != "" {
				p += " (" + it.Detail + ")"
			}
			parts = append(parts, p)
		}
	}
	return safe(strings.Join(parts, "; "))
}
