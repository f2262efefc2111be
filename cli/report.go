package cli

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/report"
)

// reportCommand is `machtiging report`: the team's figures, from the
// decisions recorded on days --from..--until and the queue on --today.
func (app *App) reportCommand() *cobra.Command {
	var fromFlag, untilFlag, todayFlag string
	var asJSON, asCSV bool
	cmd := &cobra.Command{
		Use:   "report [--from D] [--until D] [--today D] [--json|--csv]",
		Short: "Figures for the team and for public reporting: outcomes, timeliness, backlog",
		Long: `Report counts the decisions recorded on days --from to --until (both
inclusive; default all) and the queue on --today (default the local date):
decisions per outcome; for final first decisions (approved, and rejections
that are final) split standard and expedited: how many, approved, rejected,
within the due day, and the mean and median days from the decided version's
received day to the decision; partial approvals; the backlog per undecided
state and how much of it is overdue; final rejections per reason code; and
figures per month, per adviser and per provider (requests, approval rate,
and the items most often missing or late).

Without flags it prints a table; --json prints one JSON object (the contract's
fields decisions, final, partial_approvals, backlog and by_reason_code, and
months, advisers and providers); --csv prints one figure a row for a
spreadsheet. A report holds no patient data: no names, BSNs or request ids.
It is logged in the access log as an aggregate read.`,
		Example: `  machtiging report
  machtiging report --from 2026-01-01 --until 2026-12-31 --json
  machtiging report --today 2026-12-01 --csv > figures.csv`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if asJSON && asCSV {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.ChooseOne, "a", "--json", "b", "--csv")
				}, "choose one of --json and --csv")
			}
			var o report.Options
			var err error
			if o.From, err = dateFlag("from", fromFlag); err != nil {
				return err
			}
			if o.Until, err = dateFlag("until", untilFlag); err != nil {
				return err
			}
			if !o.From.IsZero() && !o.Until.IsZero() && o.Until < o.From {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.UntilBeforeFrom, "until", o.Until, "from", o.From)
				}, "--until %s is before --from %s", o.Until, o.From)
			}
			if o.Today, err = today(todayFlag); err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			r, err := report.Build(s, o)
			if err != nil {
				return err
			}
			out := bufio.NewWriterSize(app.Stdout, 64<<10)
			format := "table"
			switch {
			case asJSON:
				format = "json"
				safe := &c1Escaper{w: out}
				if err = r.WriteJSON(safe); err == nil {
					err = safe.Flush()
				}
			case asCSV:
				format = "csv"
				err = r.WriteCSV(out)
			default:
				err = r.WriteTable(out, app.catalog())
			}
			if err == nil {
				err = out.Flush()
			}
			if err != nil {
				return err
			}
			return app.logRead(s, audit.EventReport, 0, nil, reportDetail(r, format))
		},
	}
	f := cmd.Flags()
	f.StringVar(&fromFlag, "from", "", "count decisions from this day (inclusive)")
	f.StringVar(&untilFlag, "until", "", "count decisions up to this day (inclusive)")
	f.StringVar(&todayFlag, "today", "", "judge the backlog as on this day (default: the local date)")
	f.BoolVar(&asJSON, "json", false, "print one JSON object")
	f.BoolVar(&asCSV, "csv", false, "print CSV, one figure a row")
	return cmd
}

// reportDetail says in the access log what a report covered: an aggregate
// read, which names no request.
func reportDetail(r *report.Report, format string) string {
	n := 0
	for _, c := range r.Decisions {
		n += c
	}
	period := "all days"
	if !r.From.IsZero() || !r.Until.IsZero() {
		period = fmt.Sprintf("%s to %s", orOpen(r.From), orOpen(r.Until))
	}
	return fmt.Sprintf("report (aggregate) as %s of %d %s on %s and %d undecided %s on %s",
		format, n, plural(n, "decision", "decisions"), period, r.Backlog.Total(), plural(r.Backlog.Total(), "request", "requests"), r.Today)
}

func orOpen(d authz.Date) string {
	if d.IsZero() {
		return "…"
	}
	return d.String()
}
