package i18n

import (
	"errors"
	"strings"

	"machtiging/authz"
)

// Refusals say why authz refused a decision, in words: never a flag of the
// command line, never a contract identifier. Codes holds a text for each
// authz.RefusalCode; the other fields are the reconsideration rules'.
// Placeholders: {id} the request, {adviser}, {action}, {state},
// {allowed}, {verdict} (a verdict's sentence), {items}, {item}, {date},
// {limit}, {got}, {from}, {until}, {planfrom}, {planuntil}.
type Refusals struct {
	Codes map[authz.RefusalCode]string
	// Or joins the last two of a list of states.
	Or string

	NotRejected          string
	AlreadyReconsidered  string
	ObjectionMissing     string
	ObjectionInTheFuture string
	NotInReconsideration string
	TookPart             string
	// Parts say what an adviser did in a rejection, by the outcome of
	// their decision; PartOther for any other.
	Parts                map[authz.Outcome]string
	PartOther            string
	ItemsNotAcceptable   string
	IdentityBarsApproval string
	UpholdReasonMissing  string
	NoRejectionOnRecord  string
}

// Refusal says why a decision was refused, in the catalogue's language;
// ok is false when err is no refusal of authz's rules.
func (c *Catalog) Refusal(err error) (string, bool) {
	rf := &c.Refusals
	var r *authz.Refusal
	if errors.As(err, &r) {
		return c.refusal(r), true
	}
	var (
		notRejected *authz.NotRejectedError
		already     *authz.AlreadyReconsideredError
		missing     *authz.ObjectionMissingError
		future      *authz.ObjectionInTheFutureError
		notInRecon  *authz.NotInReconsiderationError
		tookPart    *authz.TookPartInRejectionError
		items       *authz.ItemsNotAcceptableError
		identity    *authz.IdentityBarsApprovalError
		noReason    *authz.UpholdReasonMissingError
		noRecord    *authz.NoRejectionOnRecordError
	)
	switch {
	case errors.As(err, &notRejected):
		return Fill(rf.NotRejected, "id", notRejected.ID, "state", c.Words.State(notRejected.State)), true
	case errors.As(err, &already):
		return Fill(rf.AlreadyReconsidered, "id", already.ID, "date", c.Dates.Date(already.Received)), true
	case errors.As(err, &missing):
		return Fill(rf.ObjectionMissing, "id", missing.ID), true
	case errors.As(err, &future):
		return Fill(rf.ObjectionInTheFuture, "id", future.ID, "date", c.Dates.Date(future.Received)), true
	case errors.As(err, &notInRecon):
		return Fill(rf.NotInReconsideration, "id", notInRecon.ID, "state", c.Words.State(notInRecon.State), "action", c.Words.Action(notInRecon.Action)), true
	case errors.As(err, &tookPart):
		part, ok := rf.Parts[tookPart.Part]
		if !ok {
			part = rf.PartOther
		}
		return Fill(rf.TookPart, "adviser", tookPart.Adviser, "part", part, "action", c.Words.Action(tookPart.Action)), true
	case errors.As(err, &items):
		return Fill(rf.ItemsNotAcceptable, "id", items.ID, "items", c.itemStatuses(items.Items)), true
	case errors.As(err, &identity):
		return Fill(rf.IdentityBarsApproval, "id", identity.ID, "identity", c.Words.Identity(identity.Identity)), true
	case errors.As(err, &noReason):
		return Fill(rf.UpholdReasonMissing, "id", noReason.ID), true
	case errors.As(err, &noRecord):
		return Fill(rf.NoRejectionOnRecord, "id", noRecord.ID), true
	}
	return "", false
}

func (c *Catalog) refusal(r *authz.Refusal) string {
	rf := &c.Refusals
	text, ok := rf.Codes[r.Code]
	if !ok {
		return r.Error()
	}
	allowed := make([]string, len(r.Allowed))
	for i, s := range r.Allowed {
		allowed[i] = c.Words.State(s)
	}
	list := strings.Join(allowed, ", ")
	if n := len(allowed); n > 1 {
		list = strings.Join(allowed[:n-1], ", ") + " " + rf.Or + " " + allowed[n-1]
	}
	d := &c.Dates
	return Fill(text,
		"id", r.ID, "adviser", r.Adviser, "action", c.Words.Action(r.Action),
		"state", c.Words.State(r.State), "allowed", list,
		"verdict", c.VerdictSentence(r.Verdict, r.Date, r.Items),
		"items", c.itemStatuses(r.Items), "item", c.Words.Item(r.Item),
		"limit", r.Limit, "got", r.Got,
		"from", d.Date(r.From), "until", d.Date(r.Until),
		"planfrom", d.Date(r.PlanFrom), "planuntil", d.Date(r.PlanUntil),
		"date", d.Date(r.Date))
}

// itemStatuses names items and their statuses: "treatment plan late,
// practitioners missing".
func (c *Catalog) itemStatuses(items []authz.ItemResult) string {
	parts := make([]string, len(items))
	for i, it := range items {
		parts[i] = Fill(c.Words.ItemStatus, "item", c.Words.Item(it.Item), "status", c.Words.Status(it.Status))
	}
	return strings.Join(parts, ", ")
}

// VerdictSentence says a verdict in a sentence; start is the treatment
// start, items the items that are not in order.
func (c *Catalog) VerdictSentence(v authz.Verdict, start authz.Date, items []authz.ItemResult) string {
	s, ok := c.Words.VerdictSentences[v]
	if !ok {
		return c.Words.Verdict(v)
	}
	return Fill(s, "date", c.Dates.Date(start), "items", c.itemStatuses(items))
}

// ErrorText is an error for a person: a refusal in words, any other error
// as it is.
func (c *Catalog) ErrorText(err error) string {
	if s, ok := c.Refusal(err); ok {
		return s
	}
	if s, ok := c.RoleRefusal(err); ok {
		return s
	}
	if s, ok := c.StoreError(err); ok && !c.CLI.Identifiers {
		return s
	}
	return err.Error()
}
