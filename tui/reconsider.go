package tui

import (
	"errors"
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// Reconsideration (heroverweging) on screen: `h` records the insured's
// objection to a final rejection, `a` or `u` in state reconsideration
// approves it after all or upholds the rejection (the decision form's
// kinds formReconsider and formUphold), the request view shows the
// objection and its due, and the queue has a view of its own for it.
// Texts come from the catalogue's Reconsideration.

// reconsiderAsk reads the reconsideration form's fields: the day the
// objection arrived (empty: today) and the objection, or the motivation
// of an upheld rejection.
func (f *formModel) reconsiderAsk(ask authz.Ask) (authz.Ask, error) {
	ask.Reason = f.motivation.Value()
	if f.kind != formReconsider {
		return ask, nil
	}
	if s := strings.TrimSpace(f.received.Value()); s != "" {
		v, err := authz.ParseDate(s)
		if err != nil {
			tx := f.ctx.tx
			return ask, tx.notADate(tx.c.Reconsideration.FldObjectionReceived, s)
		}
		ask.Received = v
	}
	return ask, nil
}

// motivationLabel names the form's text area.
func (f *formModel) motivationLabel() string {
	if f.kind == formReconsider {
		return f.ctx.tx.c.Reconsideration.FldObjection
	}
	return f.ctx.tx.FldMotivation
}

// rejectionLines say, at the top of a reconsideration form, which
// rejection is reconsidered and, once objected to, the objection.
func (f *formModel) rejectionLines() []string {
	st, tx := f.ctx.st, f.ctx.tx
	rc := &tx.c.Reconsideration
	var lines []string
	if rej, ok := lastRejection(f.rec.Decisions); ok {
		lines = append(lines, st.Muted.Render(cut(rc.LblRejectedBy+" "+rejectionWho(rej)+textSep+tx.rejectWord(rej[len(rej)-1].ReasonCode), f.width)))
		if r := rej[len(rej)-1].Reason; r != "" {
			lines = append(lines, st.Muted.Render(cut(tx.LblReason+": "+clean(r), f.width)))
		}
	}
	if o, ok := objectionOf(f.rec); ok {
		due := tx.dueSentence(authz.ReconsiderationDue(o.ObjectionReceived), f.ctx.today)
		lines = append(lines, st.Muted.Render(cut(rc.LblObjectionReceived+" "+tx.date(o.ObjectionReceived)+textSep+tx.LblDue+" "+due+textSep+rc.LblObjection+": "+clean(o.Reason), f.width)))
	}
	return lines
}

// lastRejection is the final rejection on record: the one under
// reconsideration, or the latest when none was objected to yet.
func lastRejection(ds []authz.Decision) ([]authz.Decision, bool) {
	if rej, ok := authz.RejectionOnRecord(ds); ok {
		return rej, true
	}
	var proposal *authz.Decision
	var rej []authz.Decision
	for i := range ds {
		switch d := &ds[i]; d.Outcome {
		case authz.OutcomeRejectionProposed:
			proposal = d
		case authz.OutcomeRejected:
			rej = []authz.Decision{*d}
		case authz.OutcomeConcurred:
			rej = []authz.Decision{*d}
			if proposal != nil {
				rej = []authz.Decision{*proposal, *d}
			}
		}
	}
	return rej, len(rej) > 0
}

// rejectionWho names the advisers of a rejection.
func rejectionWho(rej []authz.Decision) string {
	names := make([]string, len(rej))
	for i, d := range rej {
		names[i] = clean(d.Adviser)
	}
	return strings.Join(names, ", ")
}

// objectionOf is the request's objection on record, if any.
func objectionOf(rec *store.Record) (authz.Decision, bool) {
	if rec == nil {
		return authz.Decision{}, false
	}
	for _, d := range rec.Decisions {
		if d.Outcome == authz.OutcomeReconsiderationRequested {
			return d, true
		}
	}
	return authz.Decision{}, false
}

// reconsiderationDue is the due of a request in reconsideration: six weeks
// after its objection arrived.
func reconsiderationDue(rec *store.Record) (authz.Date, bool) {
	if rec == nil || rec.State != authz.StateReconsideration {
		return 0, false
	}
	o, ok := objectionOf(rec)
	if !ok || o.ObjectionReceived.IsZero() {
		return 0, false
	}
	return authz.ReconsiderationDue(o.ObjectionReceived), true
}

// reconsiderationSection shows, in the request view, the objection: when
// it arrived, its due, what it says, who recorded it, who may not decide
// it, and how it ended.
func (r *requestModel) reconsiderationSection(b *block) {
	o, ok := objectionOf(r.rec)
	if !ok {
		return
	}
	tx := r.ctx.tx
	rc := &tx.c.Reconsideration
	b.blank()
	b.section(rc.Section)
	b.kv(2, labelWidth, rc.LblObjectionReceived, tx.date(o.ObjectionReceived))
	if r.rec.State == authz.StateReconsideration {
		b.kv(2, labelWidth, tx.LblDue, tx.dueSentence(authz.ReconsiderationDue(o.ObjectionReceived), r.ctx.today))
	}
	b.kv(2, labelWidth, rc.LblObjection, cleanBlock(o.Reason))
	b.kv(2, labelWidth, rc.LblRecordedBy, clean(o.Adviser)+", "+r.ctx.loc.format(o.DecidedAt))
	if rej, ok := authz.RejectionOnRecord(r.rec.Decisions); ok && r.rec.State == authz.StateReconsideration {
		b.kv(2, labelWidth, rc.LblRejectedBy, rejectionWho(rej)+" "+rc.MayNotDecide)
	}
	if last := r.rec.Decisions[len(r.rec.Decisions)-1]; last.Outcome == authz.OutcomeUpheld || last.Outcome == authz.OutcomeApprovedOnReconsideration {
		b.kv(2, labelWidth, rc.LblOutcome, tx.outcomeWord(last.Outcome)+", "+clean(last.Adviser)+", "+r.ctx.loc.format(last.DecidedAt))
	}
}

// refusal is a refusal in the session's language: the reconsideration
// rules' typed refusals from the catalogue, any other as it says itself.
func (tx *texts) refusal(err error) string {
	if s, ok := tx.reconsiderationRefusal(err); ok {
		return clean(s)
	}
	return tx.refusalText(err)
}

// reconsiderationRefusal words a refusal of the reconsideration rules.
func (tx *texts) reconsiderationRefusal(err error) (string, bool) {
	rc := &tx.c.Reconsideration
	var (
		notRejected  *authz.NotRejectedError
		again        *authz.AlreadyReconsideredError
		noObjection  *authz.ObjectionMissingError
		future       *authz.ObjectionInTheFutureError
		notIn        *authz.NotInReconsiderationError
		tookPart     *authz.TookPartInRejectionError
		items        *authz.ItemsNotAcceptableError
		identity     *authz.IdentityBarsApprovalError
		noMotivation *authz.UpholdReasonMissingError
		noRejection  *authz.NoRejectionOnRecordError
	)
	switch {
	case errors.As(err, &notRejected):
		return i18n.Fill(rc.NotRejected, "id", notRejected.ID, "state", tx.stateWord(notRejected.State)), true
	case errors.As(err, &again):
		return i18n.Fill(rc.AlreadyReconsidered, "id", again.ID, "date", tx.date(again.Received)), true
	case errors.As(err, &noObjection):
		return i18n.Fill(rc.ObjectionMissing, "id", noObjection.ID), true
	case errors.As(err, &future):
		return i18n.Fill(rc.ObjectionInFuture, "id", future.ID, "date", tx.date(future.Received), "today", tx.date(future.Today)), true
	case errors.As(err, &notIn):
		return i18n.Fill(rc.NotInReconsider, "id", notIn.ID, "state", tx.stateWord(notIn.State), "action", tx.w.Action(notIn.Action)), true
	case errors.As(err, &tookPart):
		text := rc.TookPartRejected
		switch tookPart.Part {
		case authz.OutcomeRejectionProposed:
			text = rc.TookPartProposed
		case authz.OutcomeConcurred:
			text = rc.TookPartConcurred
		}
		return i18n.Fill(text, "adviser", tookPart.Adviser, "action", tx.w.Action(tookPart.Action)), true
	case errors.As(err, &items):
		parts := make([]string, len(items.Items))
		for i, it := range items.Items {
			parts[i] = i18n.Fill(tx.w.ItemStatus, "item", tx.itemWord(it.Item), "status", tx.statusWord(it.Status))
		}
		return i18n.Fill(rc.ItemsNotAcceptable, "id", items.ID, "items", strings.Join(parts, ", ")), true
	case errors.As(err, &identity):
		return i18n.Fill(rc.IdentityBars, "id", identity.ID, "identity", tx.w.Identity(identity.Identity)), true
	case errors.As(err, &noMotivation):
		return i18n.Fill(rc.UpholdReasonMissing, "id", noMotivation.ID), true
	case errors.As(err, &noRejection):
		return i18n.Fill(rc.NoRejectionOnRecord, "id", noRejection.ID), true
	}
	return "", false
}

// forState fits a screen's short help to the request it is about: a
// rejected request offers reconsider, one in reconsideration approve and
// uphold, in place of the decisions of an undecided request. The full help
// lists every key regardless.
func (k *keyMap) forState(g keyGroups, st authz.State) keyGroups {
	var offer []key.Binding
	switch st {
	case authz.StateRejected:
		offer = []key.Binding{k.Reconsider}
	case authz.StateReconsideration:
		offer = []key.Binding{k.Approve, k.Uphold}
	default:
		return g
	}
	decisions := []key.Binding{k.Approve, k.Reject, k.RequestInfo, k.Concur, k.Overturn}
	short := make([]key.Binding, 0, len(g.short)+len(offer))
	placed := false
	for _, b := range g.short {
		if slices.ContainsFunc(decisions, func(d key.Binding) bool { return sameKeys(d, b) }) {
			if !placed {
				short = append(short, offer...)
				placed = true
			}
			continue
		}
		short = append(short, b)
	}
	if !placed {
		short = append(short, offer...)
	}
	g.short = short
	return g
}

func sameKeys(a, b key.Binding) bool { return slices.Equal(a.Keys(), b.Keys()) }
