package tui

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/authz"
	"machtiging/store"
)

// formKind is which decision a form asks for.
type formKind uint8

const (
	formApprove formKind = iota + 1
	formReject
	formInfo
	formConcur
	formOverturn
)

func (k formKind) action() authz.Action {
	switch k {
	case formApprove:
		return authz.ActionApprove
	case formReject:
		return authz.ActionReject
	case formInfo:
		return authz.ActionRequestInfo
	case formConcur:
		return authz.ActionConcur
	case formOverturn:
		return authz.ActionOverturn
	}
	return 0
}

func (k formKind) title() string {
	switch k {
	case formApprove:
		return formApproveTitle
	case formReject:
		return formRejectTitle
	case formInfo:
		return formInfoTitle
	case formConcur:
		return formConcurTitle
	case formOverturn:
		return formOverturnTitle
	}
	return ""
}

// formStep is where the adviser is in a form.
type formStep uint8

const (
	stepEdit      formStep = iota // filling in the fields
	stepConfirm                   // reading what will be recorded
	stepRecording                 // waiting for the store
)

// fieldID names a field of a form.
type fieldID uint8

const (
	fieldMinutes fieldID = iota
	fieldFrom
	fieldUntil
	fieldReason // the reason, message or note: one line
	fieldCode
	fieldMotivation
	fieldItems
)

// formResult tells the root model what a key did to the form.
type formResult uint8

const (
	formStay   formResult = iota
	formCancel            // closed; nothing recorded
	formRecord            // confirmed: record f.ask
)

// formModel is a decision form: its fields, then a confirmation that shows
// exactly what will be recorded. The rules are authz's: they are applied to
// the loaded record before the confirmation, and again by the store.
type formModel struct {
	ctx       *programContext
	kind      formKind
	rec       *store.Record
	id        string
	fromQueue bool // esc returns to the queue rather than the request view

	step  formStep
	focus int

	minutes, from, until, reason textinput.Model
	code                         int // index in authz.RejectCodes
	motivation                   textarea.Model
	itemCursor                   int
	picked                       [authz.NumItems]bool
	results                      [authz.NumItems]authz.ItemResult

	problem  string // why the form cannot go on: a refusal or an input error
	lostTo   string // the adviser who took the request after this form's claim lapsed
	ask      authz.Ask
	preview  authz.Decision
	newState authz.State

	width, height int
}

func newForm(ctx *programContext, kind formKind, rec *store.Record, fromQueue bool, w, h int) *formModel {
	st := ctx.st
	f := &formModel{ctx: ctx, kind: kind, rec: rec, id: rec.Request.ID, fromQueue: fromQueue}
	f.minutes, f.from, f.until, f.reason = st.newTextInput(), st.newTextInput(), st.newTextInput(), st.newTextInput()
	f.minutes.CharLimit, f.from.CharLimit, f.until.CharLimit = 9, 10, 10
	f.minutes.Placeholder = phMinutes
	f.from.Placeholder, f.until.Placeholder = phDate, phDate
	f.motivation = st.newTextArea()
	f.motivation.KeyMap.InsertNewline = ctx.keys.Newline
	f.motivation.SetHeight(4)

	req := rec.Request
	res := authz.Check(req, rec.State, ctx.today)
	f.results = res.Items
	switch kind {
	case formApprove:
		if p := req.TreatmentPlan; p != nil {
			if p.TreatmentMinutes != nil {
				f.minutes.SetValue(strconv.FormatInt(*p.TreatmentMinutes, 10))
			}
			f.from.SetValue(p.PeriodStart.String())
			f.until.SetValue(p.PeriodEnd.String())
		}
	case formReject:
		f.code = len(authz.RejectCodes) - 1 // other
		if res.Verdict == authz.VerdictIncomplete {
			f.code = indexOfCode(authz.RejectIncomplete)
		}
		if res.Verdict == authz.VerdictStarted {
			f.code = indexOfCode(authz.RejectStarted)
		}
		if res.Verdict == authz.VerdictNotRequired {
			f.code = indexOfCode(authz.RejectNotRequired)
		}
	case formInfo:
		for i, it := range res.Items {
			f.picked[i] = !it.Status.Acceptable()
		}
	}
	f.setSize(w, h)
	f.focusField(0)
	f.precheckState()
	return f
}

func indexOfCode(c authz.RejectCode) int {
	for i, rc := range authz.RejectCodes {
		if rc == c {
			return i
		}
	}
	return 0
}

func (f *formModel) setSize(w, h int) {
	f.width, f.height = w, h
	fw := max(10, min(60, w-labelWidth-6))
	f.minutes.Width, f.from.Width, f.until.Width = 12, 12, 12
	f.reason.Width = fw
	f.motivation.SetWidth(max(20, min(72, w-4)))
}

func (f *formModel) fields() []fieldID {
	switch f.kind {
	case formApprove:
		return []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason}
	case formReject:
		return []fieldID{fieldCode, fieldMotivation}
	case formInfo:
		return []fieldID{fieldItems, fieldReason}
	}
	return []fieldID{fieldReason}
}

func (f *formModel) current() fieldID { return f.fields()[f.focus] }

func (f *formModel) input(id fieldID) *textinput.Model {
	switch id {
	case fieldMinutes:
		return &f.minutes
	case fieldFrom:
		return &f.from
	case fieldUntil:
		return &f.until
	case fieldReason:
		return &f.reason
	}
	return nil
}

// textFocused reports whether keys go into a text field, where q is a q.
func (f *formModel) textFocused() bool {
	if f.step != stepEdit {
		return false
	}
	c := f.current()
	return c != fieldCode && c != fieldItems
}

func (f *formModel) focusField(i int) tea.Cmd {
	n := len(f.fields())
	f.focus = ((i % n) + n) % n
	for _, id := range []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason} {
		f.input(id).Blur()
	}
	f.motivation.Blur()
	switch c := f.current(); c {
	case fieldMotivation:
		return f.motivation.Focus()
	case fieldCode, fieldItems:
		return nil
	default:
		in := f.input(c)
		in.CursorEnd()
		return in.Focus()
	}
}

// update handles a key and says what the root model must do.
func (f *formModel) update(msg tea.KeyMsg) (formResult, tea.Cmd) {
	k := f.ctx.keys
	switch f.step {
	case stepRecording:
		return formStay, nil
	case stepConfirm:
		switch {
		case key.Matches(msg, k.Record):
			f.step = stepRecording
			return formRecord, nil
		case key.Matches(msg, k.BackEdit):
			f.step = stepEdit
			return formStay, f.focusField(f.focus)
		}
		return formStay, nil
	}

	last := f.focus == len(f.fields())-1
	switch c := f.current(); {
	case key.Matches(msg, k.Back):
		return formCancel, nil
	case key.Matches(msg, k.NextField):
		return formStay, f.focusField(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return formStay, f.focusField(f.focus - 1)
	case key.Matches(msg, k.Submit):
		if last {
			f.confirm()
			return formStay, nil
		}
		return formStay, f.focusField(f.focus + 1)
	case c == fieldCode:
		switch {
		case key.Matches(msg, k.ListDown):
			f.code = min(f.code+1, len(authz.RejectCodes)-1)
		case key.Matches(msg, k.ListUp):
			f.code = max(f.code-1, 0)
		}
		return formStay, nil
	case c == fieldItems:
		switch {
		case key.Matches(msg, k.ListDown):
			f.itemCursor = min(f.itemCursor+1, authz.NumItems-1)
		case key.Matches(msg, k.ListUp):
			f.itemCursor = max(f.itemCursor-1, 0)
		case key.Matches(msg, k.Toggle):
			if f.results[f.itemCursor].Status != authz.StatusNotApplicable {
				f.picked[f.itemCursor] = !f.picked[f.itemCursor]
			}
		}
		return formStay, nil
	case c == fieldMotivation:
		var cmd tea.Cmd
		f.motivation, cmd = f.motivation.Update(msg)
		return formStay, cmd
	case msg.Type == tea.KeyDown:
		return formStay, f.focusField(f.focus + 1)
	case msg.Type == tea.KeyUp:
		return formStay, f.focusField(f.focus - 1)
	default:
		in := f.input(c)
		var cmd tea.Cmd
		*in, cmd = in.Update(msg)
		return formStay, cmd
	}
}

// buildAsk reads the fields into what will be asked of the store.
func (f *formModel) buildAsk() (authz.Ask, error) {
	ask := authz.Ask{Action: f.kind.action(), Adviser: f.ctx.actor.Adviser, Reason: f.reason.Value()}
	switch f.kind {
	case formApprove:
		if s := strings.TrimSpace(f.minutes.Value()); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return ask, fmt.Errorf(textMinutesNotNumber, s)
			}
			ask.Minutes = n
		}
		for _, d := range []struct {
			in    *textinput.Model
			label string
			out   *authz.Date
		}{{&f.from, fldFrom, &ask.From}, {&f.until, fldUntil, &ask.Until}} {
			if s := strings.TrimSpace(d.in.Value()); s != "" {
				v, err := authz.ParseDate(s)
				if err != nil {
					return ask, fmt.Errorf(textDateNotDate, d.label, err)
				}
				*d.out = v
			}
		}
	case formReject:
		ask.Code = authz.RejectCodes[f.code]
		ask.Reason = f.motivation.Value()
	case formInfo:
		ask.Items = make([]authz.Item, 0, authz.NumItems)
		for i, p := range f.picked {
			if p {
				ask.Items = append(ask.Items, authz.Item(i))
			}
		}
	}
	return ask, nil
}

// check applies authz's rules to an ask against the loaded record.
func (f *formModel) check(ask authz.Ask) (authz.Decision, authz.State, error) {
	c := authz.Case{Request: f.rec.Request, State: f.rec.State, Proposal: f.rec.Proposal}
	return authz.Decide(c, ask, f.ctx.today, f.ctx.now())
}

// precheckState warns as the form opens when the request's state or verdict
// rules the decision out, whatever is filled in.
func (f *formModel) precheckState() {
	ask, err := f.buildAsk()
	if err != nil {
		return
	}
	if strings.TrimSpace(ask.Reason) == "" {
		ask.Reason = "-" // a reason is filled in later; only the rest is checked now
	}
	if f.kind == formInfo && len(ask.Items) == 0 {
		ask.Items = []authz.Item{authz.ItemReferral} // items are picked later
	}
	if _, _, err := f.check(ask); err != nil {
		f.problem = fmt.Sprintf(textNotAllowed, refusalText(err))
	}
}

// confirm checks the form and moves to the confirmation, or shows why not.
func (f *formModel) confirm() {
	ask, err := f.buildAsk()
	if err != nil {
		f.problem = clean(err.Error())
		return
	}
	d, st, err := f.check(ask)
	if err != nil {
		f.problem = fmt.Sprintf(textRefused, refusalText(err))
		return
	}
	f.ask, f.preview, f.newState = ask, d, st
	f.problem = ""
	f.step = stepConfirm
	for _, id := range []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason} {
		f.input(id).Blur()
	}
	f.motivation.Blur()
}

// failed takes the store's refusal or error: nothing was recorded.
func (f *formModel) failed(err error) {
	if errors.Is(err, authz.ErrRefused) {
		f.problem = fmt.Sprintf(textRefused, refusalText(err))
		f.step = stepEdit
		f.focusField(f.focus)
		return
	}
	f.problem = fmt.Sprintf(textFailed, clean(err.Error()))
	f.step = stepConfirm
}

// claimProblem says that another adviser took the request after this
// form's claim lapsed, or nothing.
func (f *formModel) claimProblem() string {
	if f.lostTo == "" {
		return ""
	}
	return claimLost(f.lostTo)
}

// refusalText is the one-line reason of a refusal.
func refusalText(err error) string {
	var r *authz.Refusal
	if errors.As(err, &r) {
		return clean(r.Reason)
	}
	return clean(err.Error())
}

func (f *formModel) helpKeys() keyGroups {
	k := f.ctx.keys
	if f.step != stepEdit {
		return k.confirmHelp()
	}
	c := f.current()
	return k.formHelp(c == fieldCode || c == fieldItems, c == fieldItems, c == fieldMotivation)
}

// View draws the form, or the confirmation.
func (f *formModel) View() string {
	st := f.ctx.st
	req := f.rec.Request
	lines := []string{
		cut(st.Title.Render(f.kind.title())+"  "+st.Bold.Render(formSubject(req.ID, req.Insured.Name)), f.width),
	}
	res := authz.Check(req, f.rec.State, f.ctx.today)
	lines = append(lines, st.Muted.Render(cut(lblState+" "+stateWord(f.rec.State)+textSep+lblVerdict+" "+verdictSentence(res.Verdict, req, res.Items), f.width)))
	switch f.kind {
	case formApprove:
		lines = append(lines, st.Muted.Render(cut(approveSummary(req), f.width)))
	case formConcur, formOverturn:
		lines = append(lines, st.Muted.Render(cut(proposalSummary(f.rec.Proposal), f.width)))
		if p := f.rec.Proposal; p != nil && p.Reason != "" {
			lines = append(lines, st.Muted.Render(cut(lblReason+": "+clean(p.Reason), f.width)))
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
	st := f.ctx.st
	var lines []string
	for _, id := range f.fields() {
		switch id {
		case fieldMinutes:
			lines = append(lines, f.label(id, fldMinutes)+" "+f.minutes.View())
		case fieldFrom:
			lines = append(lines, f.label(id, fldFrom)+" "+f.from.View())
		case fieldUntil:
			lines = append(lines, f.label(id, fldUntil)+" "+f.until.View())
		case fieldReason:
			lines = append(lines, f.label(id, f.reasonLabel())+" "+f.reason.View())
		case fieldCode:
			lines = append(lines, f.label(id, fldCode))
			for i, c := range authz.RejectCodes {
				mark := textRadioOff
				if i == f.code {
					mark = textRadioOn
				}
				line := "    " + mark + " " + rejectWord(c)
				if i == f.code && f.current() == fieldCode {
					line = st.FieldFocused.Render(line)
				}
				lines = append(lines, cut(line, f.width))
			}
		case fieldMotivation:
			lines = append(lines, f.label(id, fldMotivation))
			for _, l := range strings.Split(f.motivation.View(), "\n") {
				lines = append(lines, "    "+l)
			}
		case fieldItems:
			lines = append(lines, f.label(id, fldItems))
			for i, r := range f.results {
				box := textCheckOff
				if f.picked[i] {
					box = textCheckOn
				}
				status := statusWord(r.Status)
				if r.Status == authz.StatusNotApplicable {
					box = "   "
					status = textItemNA
				}
				cursor := "  "
				if f.current() == fieldItems && i == f.itemCursor {
					cursor = textCursor + " "
				}
				line := "  " + cursor + box + " " + fit(itemWord(r.Item), 24) + " " + st.status(r.Status).Render(statusSymbol(r.Status)+" "+status)
				lines = append(lines, cut(line, f.width))
			}
		}
	}
	return lines
}

func (f *formModel) reasonLabel() string {
	switch f.kind {
	case formInfo:
		return fldMessage
	case formConcur:
		return fldNote
	case formOverturn:
		return fldOverturn
	}
	return fldReason
}

// confirmView shows exactly the decision the store will be asked to record.
func (f *formModel) confirmView() []string {
	st := f.ctx.st
	d := f.preview
	b := &block{st: st, width: max(20, f.width-4)}
	b.kv(0, labelWidth, lblRequest, formSubject(f.rec.Request.ID, f.rec.Request.Insured.Name))
	b.kv(0, labelWidth, lblOutcome, outcomeWord(d.Outcome))
	if d.ReasonCode != authz.RejectNone {
		b.kv(0, labelWidth, lblReasonCode, rejectWord(d.ReasonCode))
	}
	if d.Outcome == authz.OutcomeApproved {
		b.kv(0, labelWidth, lblMinutes, strconv.FormatInt(d.ApprovedMinutes, 10))
		b.kv(0, labelWidth, lblValidFrom, d.ValidFrom.String())
		b.kv(0, labelWidth, lblValidUntil, d.ValidUntil.String())
	}
	if len(d.ItemsRequested) > 0 {
		b.kv(0, labelWidth, lblItemsRequested, itemList(d.ItemsRequested))
	}
	if d.Reason != "" {
		b.kv(0, labelWidth, lblReason, cleanBlock(d.Reason))
	}
	b.kv(0, labelWidth, lblAdviser, clean(d.Adviser))
	b.kv(0, labelWidth, lblNewState, stateWord(f.newState))
	body := strings.Join(b.lines, "\n")
	var out []string
	out = append(out, st.Warning.Render(formConfirmTitle))
	out = append(out, strings.Split(st.Confirm.Render(body), "\n")...)
	switch f.step {
	case stepRecording:
		out = append(out, st.Muted.Render(textRecording))
	default:
		out = append(out, st.Muted.Render(cut(formConfirmHint, f.width)))
	}
	return out
}
