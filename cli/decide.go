package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

func (app *App) decideCommand() *cobra.Command {
	var minutes int64
	var from, until, reason, code, items, todayFlag, received string
	cmd := &cobra.Command{
		Use:   "decide ID approve|reject|request-info|concur|overturn|reconsider|uphold [flags]",
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
  reconsider    the insured objects to a final rejection (heroverweging):
                --reason (the objection, in short) is required, --received the
                day it arrived (default today, not after today). Once per
                request; the reconsideration is due 42 days after --received
  approve       in state reconsideration: every item ok or not applicable, the
                insured not denied by the register; a started treatment is no
                bar. Same flags as approve
  uphold        in state reconsideration: the rejection stands (final);
                --reason is required

Only an adviser who took no part in the rejection (not who rejected, proposed
or concurred) may approve or uphold a reconsideration.

A refused decision prints the reason and changes nothing (exit 1).`,
		Example: `  machtiging decide MA-2026-0001 approve
  machtiging decide MA-2026-0001 approve --minutes 1800 --until 2027-01-31
  machtiging decide MA-2026-0004 reject --code not_required --reason "Gecontracteerde zorgaanbieder"
  machtiging decide MA-2026-0003 request-info --items practitioners,codes --reason "Graag aanvullen"
  machtiging decide MA-2026-0009 concur
  machtiging decide MA-2026-0004 reconsider --reason "Verzekerde maakt bezwaar" --received 2026-12-03
  machtiging decide MA-2026-0004 uphold --reason "De zorgaanbieder is gecontracteerd"`,
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
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.AtLeastNot, "flag", "--minutes", "min", 1, "got", minutes)
				}, "--minutes must be 1 or more, not %d", minutes)
			}
			if ask.From, err = dateFlag("from", from); err != nil {
				return err
			}
			if ask.Until, err = dateFlag("until", until); err != nil {
				return err
			}
			if ask.Received, err = dateFlag("received", received); err != nil {
				return err
			}
			if code != "" {
				if ask.Code, err = authz.ParseRejectCode(code); err != nil {
					return usagef("--code: %w", err)
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
						return usagef("--items: %w", err)
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
				return errors.New(app.refused(id, action, err))
			}
			if errors.Is(err, store.ErrPurged) {
				return fmt.Errorf("decide: %w", err)
			}
			if errors.Is(err, store.ErrNotFound) {
				return noRequest("decide", id, err)
			}
			if err != nil {
				return err
			}
			fmt.Fprintln(app.Stdout, app.describeDecision(&d))
			return nil
		},
	}
	f := cmd.Flags()
	f.Int64Var(&minutes, "minutes", 0, "approve: treatment minutes approved (default: all requested)")
	f.StringVar(&from, "from", "", "approve: first day of validity (default: the plan's period_start)")
	f.StringVar(&until, "until", "", "approve: last day of validity (default: the plan's period_end)")
	f.StringVar(&code, "code", "", "reject: not_required, incomplete, started, not_indicated or other")
	f.StringVar(&reason, "reason", "", "the motivation (required for reject, overturn and uphold; the objection for reconsider)")
	f.StringVar(&received, "received", "", "reconsider: the day the objection arrived (default: today)")
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
		authz.ActionReconsider:  {"reason", "received"},
		authz.ActionUphold:      {"reason"},
	}[a]
	for _, name := range []string{"minutes", "from", "until", "code", "items", "received"} {
		if cmd.Flags().Changed(name) && !contains(allowed, name) {
			return usageSays(func(c *i18n.Catalog) string {
				return i18n.Fill(c.Refused.FlagNotWith, "flag", "--"+name, "with", c.Words.Action(a))
			}, "--%s does not go with %s", name, a)
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
	case authz.OutcomeApproved, authz.OutcomeApprovedOnReconsideration:
		fmt.Fprintf(&b, ": %d minutes, valid %s to %s", d.ApprovedMinutes, d.ValidFrom, d.ValidUntil)
	case authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeUpheld:
		fmt.Fprintf(&b, ": %s", d.ReasonCode)
	case authz.OutcomeReconsiderationRequested:
		fmt.Fprintf(&b, ": objection received %s, due %s", d.ObjectionReceived, authz.ReconsiderationDue(d.ObjectionReceived))
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
