package tui

import (
	"strconv"
	"strings"

	"machtiging/authz"
	"machtiging/i18n"
)

// View draws the form, or the confirmation.
func (f *formModel) View() string {
	tx := f.ctx.tx
	st := f.ctx.st
	if f.rec == nil {
		return st.Title.Render(clean(f.id)) + "\n" + st.Muted.Render(i18n.Fill(tx.TextLoadingRec, "id", clean(f.id)))
	}
	req := f.rec.Request
	lines := []string{
		cut(st.Title.Render(f.kind.title(tx))+"  "+st.Bold.Render(formSubject(req.ID, req.Insured.Name)), f.width),
	}
	res := authz.Check(req, f.rec.State, f.ctx.today)
	lines = append(lines, st.Muted.Render(cut(tx.LblState+" "+tx.stateWord(f.rec.State)+textSep+tx.LblVerdict+" "+tx.verdictSentence(res.Verdict, req, res.Items), f.width)))
	switch f.kind {
	case formApprove:
		lines = append(lines, st.Muted.Render(cut(tx.approveSummary(req), f.width)))
	case formReconsider, formUphold:
		lines = append(lines, f.rejectionLines()...)
	case formConcur, formOverturn:
		lines = append(lines, st.Muted.Render(cut(tx.proposalSummary(f.rec.Proposal), f.width)))
		if p := f.rec.Proposal; p != nil && p.Reason != "" {
			lines = append(lines, st.Muted.Render(cut(tx.LblReason+": "+clean(p.Reason), f.width)))
		}
	}
	lines = append(lines, "")
	if f.step == stepEdit {
		lines = append(lines, f.fieldsView()...)
	} else {
		lines = append(lines, f.confirmView()...)
	}
	for _, p := range []string{f.claimProblem(), f.problem} {
		if p == "" {
			continue
		}
		lines = append(lines, "")
		for _, l := range wrap(p, f.width) {
			lines = append(lines, st.Error.Render(l))
		}
	}
	return strings.Join(lines, "\n")
}

func (f *formModel) label(id fieldID, text string) string {
	st := f.ctx.st
	if f.step == stepEdit && f.current() == id {
		return st.FieldFocused.Render(textCursor + " " + fit(text, labelWidth))
	}
	return st.FieldBlurred.Render("  " + fit(text, labelWidth))
}

func (f *formModel) fieldsView() []string {
	tx := f.ctx.tx
	st := f.ctx.st
	var lines []string
	for _, id := range f.fields() {
		switch id {
		case fieldMinutes:
			lines = append(lines, f.label(id, tx.FldMinutes)+" "+f.minutes.View())
		case fieldFrom:
			lines = append(lines, f.label(id, tx.FldFrom)+" "+f.from.View())
		case fieldUntil:
			lines = append(lines, f.label(id, tx.FldUntil)+" "+f.until.View())
		case fieldReason:
			lines = append(lines, f.label(id, f.reasonLabel())+" "+f.reason.View())
		case fieldReceived:
			lines = append(lines, f.label(id, tx.c.Reconsideration.FldObjectionReceived)+" "+f.received.View())
		case fieldCode:
			lines = append(lines, f.label(id, tx.FldCode))
			for i, c := range authz.RejectCodes {
				mark := textRadioOff
				if i == f.code {
					mark = textRadioOn
				}
				line := "    " + mark + " " + tx.rejectWord(c)
				if i == f.code && f.current() == fieldCode {
					line = st.FieldFocused.Render(line)
				}
				lines = append(lines, cut(line, f.width))
			}
		case fieldMotivation:
			lines = append(lines, f.label(id, f.motivationLabel()))
			for _, l := range strings.Split(f.motivation.View(), "\n") {
				lines = append(lines, "    "+l)
			}
		case fieldItems:
			lines = append(lines, f.label(id, tx.FldItems))
			for i, r := range f.results {
				box := textCheckOff
				if f.picked[i] {
					box = textCheckOn
				}
				status := tx.statusWord(r.Status)
				if r.Status == authz.StatusNotApplicable {
					box = "   "
					status = tx.TextItemNA
				}
				cursor := "  "
				if f.current() == fieldItems && i == f.itemCursor {
					cursor = textCursor + " "
				}
				line := "  " + cursor + box + " " + fit(tx.itemWord(r.Item), 24) + " " + st.status(r.Status).Render(statusSymbol(r.Status)+" "+status)
				lines = append(lines, cut(line, f.width))
			}
		}
	}
	return lines
}

func (f *formModel) reasonLabel() string {
	tx := f.ctx.tx
	switch f.kind {
	case formInfo:
		return tx.FldMessage
	case formConcur:
		return tx.FldNote
	case formOverturn:
		return tx.FldOverturn
	}
	return tx.FldReason
}

// confirmView shows exactly the decision the store will be asked to record.
func (f *formModel) confirmView() []string {
	tx := f.ctx.tx
	st := f.ctx.st
	d := f.preview
	b := &block{st: st, width: max(20, f.width-4)}
	b.kv(0, labelWidth, tx.LblRequest, formSubject(f.rec.Request.ID, f.rec.Request.Insured.Name))
	b.kv(0, labelWidth, tx.LblOutcome, tx.outcomeWord(d.Outcome))
	if d.ReasonCode != authz.RejectNone {
		b.kv(0, labelWidth, tx.LblReasonCode, tx.rejectWord(d.ReasonCode))
	}
	if d.Outcome == authz.OutcomeApproved || d.Outcome == authz.OutcomeApprovedOnReconsideration {
		b.kv(0, labelWidth, tx.LblMinutes, strconv.FormatInt(d.ApprovedMinutes, 10))
		b.kv(0, labelWidth, tx.LblValidFrom, tx.date(d.ValidFrom))
		b.kv(0, labelWidth, tx.LblValidUntil, tx.date(d.ValidUntil))
	}
	if len(d.ItemsRequested) > 0 {
		b.kv(0, labelWidth, tx.LblItemsRequested, tx.itemList(d.ItemsRequested))
	}
	if !d.ObjectionReceived.IsZero() {
		b.kv(0, labelWidth, tx.c.Reconsideration.LblObjectionReceived, tx.date(d.ObjectionReceived))
		b.kv(0, labelWidth, tx.LblDue, tx.date(authz.ReconsiderationDue(d.ObjectionReceived)))
	}
	if d.Reason != "" {
		b.kv(0, labelWidth, tx.LblReason, cleanBlock(d.Reason))
	}
	b.kv(0, labelWidth, tx.LblAdviser, clean(d.Adviser))
	b.kv(0, labelWidth, tx.LblNewState, tx.stateWord(f.newState))
	body := strings.Join(b.lines, "\n")
	var out []string
	out = append(out, st.Warning.Render(tx.FormConfirmTitle))
	out = append(out, strings.Split(st.Confirm.Render(body), "\n")...)
	switch f.step {
	case stepRecording:
		out = append(out, st.Muted.Render(tx.TextRecording))
	default:
		out = append(out, st.Muted.Render(cut(tx.FormConfirmHint, f.width)))
	}
	return out
}
