package cli

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/authz"
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
				return errors.New("import -: there is no standard input")
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			// The decoders' workers also encode each request for the
			// store, so that the one goroutine that writes only writes.
			dec := authz.NewPreparingDecoder(r, 0, s.Stager(app.actor(), name))
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
			fmt.Fprintf(app.Stdout, "imported %d %s from %s: %d new, %d replaced", n, plural(n, "request", "requests"), safe(name), stats.New, stats.Replaced)
			if stats.Reopened > 0 {
				fmt.Fprintf(app.Stdout, " (%d waiting reopened)", stats.Reopened)
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

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func exactArgs(n int, msg string) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if len(args) != n {
			return usagef("%s (see 'machtiging %s --help')", msg, cmd.Name())
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

// checkLine is one line of `check --json`, in the contract's field order.
type checkLine struct {
	ID      string             `json:"id"`
	State   authz.State        `json:"state"`
	Verdict authz.Verdict      `json:"verdict"`
	Due     authz.Date         `json:"due"`
	Items   []authz.ItemResult `json:"items"`
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
not_applicable. --json prints one JSON object a line (NDJSON).`,
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
			out := bufio.NewWriterSize(app.Stdout, 64<<10)
			var emit func(*store.Row) error
			var tw *tabwriter.Writer
			if asJSON {
				var line []byte
				emit = func(r *store.Row) error {
					items, verdict := r.Check(day)
					var err error
					line, err = appendCheckLine(line[:0], &checkLine{ID: r.ID, State: r.State, Verdict: verdict, Due: r.Due, Items: items[:]})
					if err != nil {
						return err
					}
					_, err = out.Write(escapeC1(line))
					return err
				}
			} else {
				tw = tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
				fmt.Fprintln(tw, "ID\tSTATE\tVERDICT\tDUE\tITEMS\tPROBLEMS")
				emit = func(r *store.Row) error {
					items, verdict := r.Check(day)
					_, err := fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", safe(r.ID), r.State, verdict, r.Due, ItemStrip(items), problems(items))
					return err
				}
			}
			n, err := app.eachRow(s, ids, emit)
			if err != nil {
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
			if errors.Is(err, store.ErrNotFound) {
				return 0, fmt.Errorf("check: there is no request %s", safe(id))
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

// safe keeps stored text from carrying control characters to a terminal.
func safe(s string) string { return oneLine(s) }

func (app *App) decideCommand() *cobra.Command {
	var minutes int64
	var from, until, reason, code, items, todayFlag string
	cmd := &cobra.Command{
		Use:   "decide ID approve|reject|request-info|concur|overturn [flags]",
		Short: "Record a decision on a request",
		Long: `Decide records a decision. Decisions are permanent and attributed to you.

  approve       a complete open or waiting request, before treatment starts;
                --minutes (default all requested), --from/--until (default the
                plan period), optional --reason
  reject        an open or waiting request; --code and --reason are required.
                A rejection as not_indicated is proposed and waits for a
                second adviser (state second_review)
  request-info  an open request; --items (default every item not ok), --reason
  concur        a second adviser makes a proposed rejection final
  overturn      a second adviser sends it back to open; --reason is required

A refused decision prints the reason and changes nothing (exit 1).`,
		Example: `  machtiging decide MA-2026-0001 approve
  machtiging decide MA-2026-0001 approve --minutes 1800 --until 2027-01-31
  machtiging decide MA-2026-0004 reject --code not_required --reason "Gecontracteerde zorgaanbieder"
  machtiging decide MA-2026-0003 request-info --items practitioners,codes --reason "Graag aanvullen"
  machtiging decide MA-2026-0009 concur`,
		Args: exactArgs(2, "decide takes an ID and an outcome"),
		RunE: func(cmd *cobra.Command, args []string) error {
			id := args[0]
			action, err := authz.ParseAction(args[1])
			if err != nil {
				return usageError{err}
			}
			ask := authz.Ask{Action: action, Reason: reason, Minutes: minutes}
			if err := flagsFit(cmd, action); err != nil {
				return err
			}
			if cmd.Flags().Changed("minutes") && minutes < 1 {
				return usagef("--minutes must be 1 or more, not %d", minutes)
			}
			if ask.From, err = dateFlag("from", from); err != nil {
				return err
			}
			if ask.Until, err = dateFlag("until", until); err != nil {
				return err
			}
			if code != "" {
				if ask.Code, err = authz.ParseRejectCode(code); err != nil {
					return usagef("--code: %v", err)
				}
			}
			if cmd.Flags().Changed("items") {
				ask.Items = []authz.Item{}
				for _, name := range strings.Split(items, ",") {
					if name = strings.TrimSpace(name); name == "" {
						continue
					}
					it, err := authz.ParseItem(name)
					if err != nil {
						return usagef("--items: %v", err)
					}
					ask.Items = append(ask.Items, it)
				}
			}
			day, err := today(todayFlag)
			if err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			d, err := s.Decide(app.actor(), id, ask, day)
			if errors.Is(err, authz.ErrRefused) {
				return fmt.Errorf("decide %s %s refused: %v", safe(id), action, err)
			}
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("decide: there is no request %s", safe(id))
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(app.Stdout, DescribeDecision(&d))
			return nil
		},
	}
	f := cmd.Flags()
	f.Int64Var(&minutes, "minutes", 0, "approve: treatment minutes approved (default: all requested)")
	f.StringVar(&from, "from", "", "approve: first day of validity (default: the plan's period_start)")
	f.StringVar(&until, "until", "", "approve: last day of validity (default: the plan's period_end)")
	f.StringVar(&code, "code", "", "reject: not_required, incomplete, started, not_indicated or other")
	f.StringVar(&reason, "reason", "", "the motivation (required for reject and overturn)")
	f.StringVar(&items, "items", "", "request-info: comma list of items (default: every item not ok)")
	f.StringVar(&todayFlag, "today", "", "apply the rules as on this day (default: the local date)")
	return cmd
}

// flagsFit refuses flags that do not go with the outcome.
func flagsFit(cmd *cobra.Command, a authz.Action) error {
	allowed := map[authz.Action][]string{
		authz.ActionApprove:     {"minutes", "from", "until", "reason"},
		authz.ActionReject:      {"code", "reason"},
		authz.ActionRequestInfo: {"items", "reason"},
		authz.ActionConcur:      {"reason"},
		authz.ActionOverturn:    {"reason"},
	}[a]
	for _, name := range []string{"minutes", "from", "until", "code", "items"} {
		if cmd.Flags().Changed(name) && !contains(allowed, name) {
			return usagef("--%s does not go with %s", name, a)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// DescribeDecision is the one-line account of a recorded decision.
func DescribeDecision(d *authz.Decision) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", safe(d.ID), d.Outcome)
	switch d.Outcome {
	case authz.OutcomeApproved:
		fmt.Fprintf(&b, ": %d minutes, valid %s to %s", d.ApprovedMinutes, d.ValidFrom, d.ValidUntil)
	case authz.OutcomeRejected, authz.OutcomeConcurred:
		fmt.Fprintf(&b, ": %s", d.ReasonCode)
	case authz.OutcomeRejectionProposed:
		fmt.Fprintf(&b, ": %s, awaiting a second adviser (concur or overturn)", d.ReasonCode)
	case authz.OutcomeInfoRequested:
		names := make([]string, len(d.ItemsRequested))
		for i, it := range d.ItemsRequested {
			names[i] = it.String()
		}
		fmt.Fprintf(&b, ": %s", strings.Join(names, ", "))
	}
	fmt.Fprintf(&b, " (by %s)", safe(d.Adviser))
	return b.String()
}

// exportRecord is one decision as exported, in the contract's field order.
type exportRecord struct {
	ID              string      `json:"id"`
	Outcome         string      `json:"outcome"`
	ReasonCode      *string     `json:"reason_code"`
	Reason          *string     `json:"reason"`
	ItemsRequested  []string    `json:"items_requested"`
	ValidFrom       *authz.Date `json:"valid_from"`
	ValidUntil      *authz.Date `json:"valid_until"`
	ApprovedMinutes *int64      `json:"approved_minutes"`
	Adviser         string      `json:"adviser"`
	DecidedAt       string      `json:"decided_at"`
}

var exportHeader = []string{"id", "outcome", "reason_code", "reason", "items_requested", "valid_from", "valid_until", "approved_minutes", "adviser", "decided_at"}

func exportOf(d *authz.Decision) exportRecord {
	r := exportRecord{ID: d.ID, Outcome: d.Outcome.String(), Adviser: d.Adviser, DecidedAt: d.DecidedAt.UTC().Format(time.RFC3339)}
	if d.ReasonCode != authz.RejectNone {
		c := d.ReasonCode.String()
		r.ReasonCode = &c
	}
	if d.Reason != "" {
		r.Reason = &d.Reason
	}
	if d.Outcome == authz.OutcomeInfoRequested {
		r.ItemsRequested = make([]string, len(d.ItemsRequested))
		for i, it := range d.ItemsRequested {
			r.ItemsRequested[i] = it.String()
		}
	}
	if d.Outcome == authz.OutcomeApproved {
		r.ValidFrom, r.ValidUntil, r.ApprovedMinutes = &d.ValidFrom, &d.ValidUntil, &d.ApprovedMinutes
	}
	return r
}

func (r exportRecord) csvRow() []string {
	str := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	date := func(p *authz.Date) string {
		if p == nil {
			return ""
		}
		return p.String()
	}
	mins := ""
	if r.ApprovedMinutes != nil {
		mins = strconv.FormatInt(*r.ApprovedMinutes, 10)
	}
	return []string{r.ID, r.Outcome, str(r.ReasonCode), str(r.Reason), strings.Join(r.ItemsRequested, ","), date(r.ValidFrom), date(r.ValidUntil), mins, r.Adviser, r.DecidedAt}
}

func (app *App) exportCommand() *cobra.Command {
	var format string
	cmd := &cobra.Command{
		Use:   "export --format json|csv",
		Short: "Print every decision, oldest first, as JSON or CSV",
		Long: `Export prints one record per decision, oldest first, with the fields id,
outcome (approved, rejected, info_requested, rejection_proposed, concurred,
overturned), reason_code, reason, items_requested, valid_from, valid_until,
approved_minutes, adviser and decided_at (RFC 3339). JSON is an array, with
null where a field does not apply; CSV has a header row, and empty cells.`,
		Example: `  machtiging export --format json > decisions.json
  machtiging export --format csv > decisions.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "csv" {
				return usagef("--format must be json or csv")
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			out := bufio.NewWriterSize(app.Stdout, 64<<10)
			n := 0
			seen := map[string]bool{}
			var ids []string
			note := func(d *authz.Decision) {
				n++
				if !seen[d.ID] {
					seen[d.ID] = true
					ids = append(ids, d.ID)
				}
			}
			if format == "csv" {
				w := csv.NewWriter(out)
				if err := w.Write(exportHeader); err != nil {
					return err
				}
				err = s.Decisions(func(d *authz.Decision) error {
					note(d)
					return w.Write(exportOf(d).csvRow())
				})
				w.Flush()
				if err == nil {
					err = w.Error()
				}
			} else {
				safe := &c1Escaper{w: out}
				enc := jsontext.NewEncoder(safe, jsontext.Multiline(true), jsontext.WithIndent("  "))
				err = enc.WriteToken(jsontext.BeginArray)
				if err == nil {
					err = s.Decisions(func(d *authz.Decision) error {
						note(d)
						return json.MarshalEncode(enc, exportOf(d))
					})
				}
				if err == nil {
					err = enc.WriteToken(jsontext.EndArray)
				}
				if err == nil {
					err = safe.Flush()
				}
			}
			if err != nil {
				return err
			}
			if err := out.Flush(); err != nil {
				return err
			}
			detail := fmt.Sprintf("export of %d %s on %d %s as %s", n, plural(n, "decision", "decisions"), len(ids), plural(len(ids), "request", "requests"), format)
			return app.logRead(s, audit.EventExport, len(ids), ids, detail)
		},
	}
	cmd.Flags().StringVar(&format, "format", "", "json or csv (required)")
	return cmd
}
