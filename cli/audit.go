package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/i18n"
	"machtiging/store"
	"strconv"
)

func (app *App) auditCommand() *cobra.Command {
	var f audit.Filter
	var since, until string
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "audit [--request ID] [--adviser NAME] [--since D] [--until D] [--json]",
		Short: "Show the access log (NEN 7513), per request or per adviser",
		Long: `audit prints the access log chronologically: every import, view, BSN
reveal, decision (also refused ones), check, export and maintenance, with
who did it, from where, and which requests it concerned. Filter per patient
(--request), per adviser, and by period (--since/--until, whole days,
inclusive). --json prints one JSON object a line. Reading the log is itself
logged.

  audit verify [--checkpoint SEQ:HASH]   recompute the hash chain
  audit checkpoint                       print the head to keep elsewhere`,
		Example: `  machtiging audit --request MA-2026-0001
  machtiging audit --adviser a.devries --since 2026-11-01 --until 2026-11-30
  machtiging audit --json | jq .`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var err error
			if f.Since, err = dateFlag("since", since); err != nil {
				return err
			}
			if f.Until, err = dateFlag("until", until); err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			var entries []audit.Logged
			ids := map[string]bool{}
			jsonOut := &c1Escaper{w: app.Stdout}
			defer jsonOut.Flush()
			err = s.AuditEntries(f, func(l audit.Logged) error {
				for _, id := range l.Requests {
					ids[id] = true
				}
				if asJSON {
					return audit.WriteNDJSON(jsonOut, l)
				}
				entries = append(entries, l)
				return nil
			})
			if err != nil {
				return err
			}
			if !asJSON {
				if err := app.auditTable(entries); err != nil {
					return err
				}
			}
			var named []string
			if f.Request != "" {
				named = []string{f.Request}
			}
			detail := fmt.Sprintf("audit view: request=%q adviser=%q since=%s until=%s", f.Request, f.Adviser, f.Since, f.Until)
			return s.Log(app.actor(), audit.Entry{Action: audit.Read, Event: audit.EventAuditView, Count: len(ids), Detail: detail}, named)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.Request, "request", "", "only entries concerning this request id")
	fl.StringVar(&f.Adviser, "adviser", "", "only entries by this adviser")
	fl.StringVar(&since, "since", "", "only entries on or after this day (YYYY-MM-DD)")
	fl.StringVar(&until, "until", "", "only entries on or before this day (YYYY-MM-DD)")
	fl.BoolVar(&asJSON, "json", false, "one JSON object a line (NDJSON)")

	var checkpoint string
	verify := &cobra.Command{
		Use:   "verify [--checkpoint SEQ:HASH]",
		Short: "Recompute the access log's hash chain; name the first broken entry",
		Long: `verify recomputes the SHA-256 chain over the whole access log and names the
first entry that was changed or removed (exit 1). With --checkpoint (the
output of 'audit checkpoint', kept outside the store) it also proves that
the log still holds that entry with that hash, so truncation or rewriting of
the whole tail is caught.`,
		Example: `  machtiging audit verify
  machtiging audit verify --checkpoint "$(cat /secure/machtiging.head)"`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var cp *audit.Checkpoint
			if checkpoint != "" {
				c, err := audit.ParseCheckpoint(checkpoint)
				if err != nil {
					return usageSays(func(c *i18n.Catalog) string {
						return "--checkpoint: " + i18n.Fill(c.Refused.Checkpoint, "value", strconv.Quote(checkpoint))
					}, "--checkpoint: %w", err)
				}
				cp = &c
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			head, err := s.VerifyAudit(cp)
			if errors.Is(err, store.ErrChainBroken) {
				return fmt.Errorf("audit verify: %w", err)
			}
			if err != nil {
				return err
			}
			t := &app.catalog().Commands
			fmt.Fprintln(app.Stdout, i18n.Fill(t.AuditIntact, "n", head.Seq, "head", head))
			if cp != nil {
				fmt.Fprintln(app.Stdout, i18n.Fill(t.AuditCheckpointHolds, "checkpoint", cp))
			}
			return nil
		},
	}
	verify.Flags().StringVar(&checkpoint, "checkpoint", "", "a head printed earlier by 'audit checkpoint'")
	checkpointCmd := &cobra.Command{
		Use:     "checkpoint",
		Short:   "Print the head of the access log (sequence:hash) to keep outside the store",
		Example: `  machtiging audit checkpoint >> /secure/machtiging.heads`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			head, err := s.VerifyAudit(nil)
			if err != nil {
				if !strings.Contains(err.Error(), s.Path()) {
					err = fmt.Errorf("store %s: %w", s.Path(), err)
				}
				return fmt.Errorf("audit checkpoint: %w", err)
			}
			fmt.Fprintln(app.Stdout, head.String())
			return nil
		},
	}
	cmd.AddCommand(verify, checkpointCmd)
	return cmd
}
