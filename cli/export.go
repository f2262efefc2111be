package cli

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
)

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
	if d.Reason != "" || d.Purged {
		r.Reason = &d.Reason // a purged decision's reason is there, and empty
	}
	if d.Outcome == authz.OutcomeInfoRequested {
		r.ItemsRequested = make([]string, len(d.ItemsRequested))
		for i, it := range d.ItemsRequested {
			r.ItemsRequested[i] = it.String()
		}
	}
	if d.Outcome == authz.OutcomeApproved || d.Outcome == authz.OutcomeApprovedOnReconsideration {
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
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "csv" {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.MustBe, "flag", "--format", "choices", choices(c, "json", "csv"))
				}, "--format must be json or csv")
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
