package cli

import (
	"strings"
	"time"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/registers"
)

// The command line's human output in the run's language. In English it
// writes the contract's identifiers, as it always has; in Dutch the
// catalogue's words. Machine output never comes here.

func (app *App) stateText(s authz.State) string {
	if c := app.catalog(); !c.CLI.Identifiers {
		return c.Words.State(s)
	}
	return s.String()
}

func (app *App) verdictText(v authz.Verdict) string {
	if c := app.catalog(); !c.CLI.Identifiers {
		return c.Words.Verdict(v)
	}
	return v.String()
}

func (app *App) identityText(i authz.Identity) string {
	if c := app.catalog(); !c.CLI.Identifiers {
		return c.Words.Identity(i)
	}
	return i.String()
}

func (app *App) contractText(k authz.Contract) string {
	if c := app.catalog(); !c.CLI.Identifiers {
		return c.Words.Contract(k)
	}
	return k.String()
}

func (app *App) dayText(d authz.Date) string {
	if c := app.catalog(); !c.CLI.Identifiers {
		return c.Dates.Short(d)
	}
	return d.String()
}

// describeDecision is the one-line account of a recorded decision.
func (app *App) describeDecision(d *authz.Decision) string {
	c := app.catalog()
	if c.CLI.Identifiers {
		return DescribeDecision(d)
	}
	w, t := &c.Words, &c.CLI
	args := []any{"id", safe(d.ID), "outcome", w.Outcome(d.Outcome), "adviser", safe(d.Adviser)}
	text := t.DecidedOther
	switch d.Outcome {
	case authz.OutcomeApproved, authz.OutcomeApprovedOnReconsideration:
		text = t.DecidedApproved
		args = append(args, "minutes", d.ApprovedMinutes, "from", c.Dates.Date(d.ValidFrom), "until", c.Dates.Date(d.ValidUntil))
	case authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeUpheld:
		text = t.DecidedRejected
		args = append(args, "code", w.RejectCode(d.ReasonCode))
	case authz.OutcomeReconsiderationRequested:
		text = t.DecidedObjection
		args = append(args, "date", c.Dates.Date(d.ObjectionReceived), "due", c.Dates.Date(authz.ReconsiderationDue(d.ObjectionReceived)))
	case authz.OutcomeRejectionProposed:
		text = t.DecidedProposed
		args = append(args, "code", w.RejectCode(d.ReasonCode))
	case authz.OutcomeInfoRequested:
		text = t.DecidedInfo
		args = append(args, "items", w.ItemList(d.ItemsRequested))
	}
	return i18n.Fill(text, args...)
}

// registerName names a register: its identifier in English, a word in
// Dutch.
func (app *App) registerName(k registers.Kind) string {
	if w, ok := app.catalog().Commands.RegisterNames[k.String()]; ok {
		return w
	}
	return k.String()
}

// auditTable writes the access log's table: in English as it always was,
// in Dutch with the columns and events in words.
func (app *App) auditTable(entries []audit.Logged) error {
	c := app.catalog()
	if c.CLI.Identifiers {
		return audit.FormatTable(app.Stdout, time.Local, entries)
	}
	t := &c.Commands
	return audit.FormatTableIn(app.Stdout, time.Local, entries, audit.TableWords{
		Header: strings.Split(t.AuditHeader, "\t"),
		Event:  c.Words.Event,
		Outcome: func(o audit.Outcome) string {
			if o == audit.Refused {
				return t.AuditRefused
			}
			return t.AuditSuccess
		},
		Requests: func(n int) string { return t.AuditRequests.N(n) },
		More:     func(n int) string { return i18n.Fill(t.AuditMore, "n", n) },
	})
}

// noRequestError is "COMMAND: there is no request ID", as the English
// command line says it; it wraps the store's error, so that another
// language finds the unknown request by its type (i18n StoreError).
type noRequestError struct {
	command, id string
	err         error
}

func noRequest(command, id string, err error) error { return &noRequestError{command, id, err} }

func (e *noRequestError) Error() string {
	return e.command + ": there is no request " + safe(e.id)
}

func (e *noRequestError) Unwrap() error { return e.err }
