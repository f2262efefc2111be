package cli

import (
	"bufio"
	"fmt"

	"github.com/spf13/cobra"

	"machtiging/i18n"
)

// purgeCommand is `machtiging purge`: retention, the data of long-decided
// requests removed.
func (app *App) purgeCommand() *cobra.Command {
	var beforeFlag string
	var dryRun bool
	cmd := &cobra.Command{
		Use:   "purge --decided-before D [--dry-run]",
		Short: "Remove the patient data of requests decided before a day (retention)",
		Long: `purge removes, for every request whose last decision is final (approved or
rejected, not in reconsideration) and was made before day D: every version of
the request (name, BSN, address, plan and all), its letters, its place in the
queue, and the free text of its decisions (the reason becomes empty). What
stays: the decision records (export lists them), the report's figures, the
access log (it still verifies), and a tombstone saying that the request was
purged, when, and under which retention day, so that check, decide and
letter say it was purged. A purged id is not imported again.

The purge writes a fresh copy of the store and renames it into place, so it
is all or nothing even if the machine stops halfway, and the file keeps no
trace of the removed data in free pages. The access log records it.

--dry-run prints what would go, counts and ids, and changes nothing.

How long to keep a machtiging file is the insurer's decision; see
docs/retention.md. A yearly purge of what was decided more than seven
years ago, run on 1 January:
  machtiging purge --decided-before "$(date -d '7 years ago' +%Y-01-01)"`,
		Example: `  machtiging purge --decided-before 2019-01-01 --dry-run
  machtiging purge --decided-before 2019-01-01`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if beforeFlag == "" {
				return usageSays(func(c *i18n.Catalog) string { return c.Refused.PurgeNeedsDay }, "purge needs --decided-before D (a day, YYYY-MM-DD)")
			}
			before, err := dateFlag("decided-before", beforeFlag)
			if err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			res, err := s.Purge(app.actor(), before, dryRun)
			if err != nil {
				return fmt.Errorf("purge: %w", err)
			}
			out := bufio.NewWriter(app.Stdout)
			n := len(res.IDs)
			t := &app.catalog().Commands
			said := t.Purged
			if dryRun {
				said = t.PurgeDryRun
			}
			fmt.Fprintln(out, said.N(n, "date", app.catalog().Dates.Date(before), "versions", res.Versions, "letters", res.Letters, "reasons", res.Reasons, "kept", res.Kept))
			for _, id := range res.IDs {
				fmt.Fprintln(out, safe(id))
			}
			switch {
			case dryRun:
				fmt.Fprintln(out, t.PurgeNothing)
			case n > 0:
				fmt.Fprintln(out, i18n.Fill(t.PurgeRewritten, "store", safe(s.Path()), "before", res.SizeBefore, "after", res.SizeAfter))
			}
			return out.Flush()
		},
	}
	cmd.Flags().StringVar(&beforeFlag, "decided-before", "", "purge requests whose last decision was made before this day (YYYY-MM-DD)")
	cmd.Flags().BoolVar(&dryRun, "dry-run", false, "print what would be purged and change nothing")
	return cmd
}
