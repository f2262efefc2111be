package tui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textarea"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/authz"
	"machtiging/i18n"
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
	formReconsider // reconsider.go
	formUphold     // reconsider.go
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
	case formReconsider:
		return authz.ActionReconsider
	case formUphold:
		return authz.ActionUphold
	}
	return 0
}

func (k formKind) title(tx *texts) string {
	switch k {
	case formApprove:
		return tx.FormApproveTitle
	case formReject:
		return tx.FormRejectTitle
	case formInfo:
		return tx.FormInfoTitle
	case formConcur:
		return tx.FormConcurTitle
	case formOverturn:
		return tx.FormOverturnTitle
	case formReconsider:
		return tx.c.Reconsideration.FormReconsiderTitle
	case formUphold:
		return tx.c.Reconsideration.FormUpholdTitle
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
	fieldReceived // the day an objection arrived (reconsider)
)

// formModel is a decision form: its fields, then a confirmation that shows
// exactly what will be recorded. The rules are authz's: they are applied to
// the loaded record before the confirmation, and again by the store. The
// form holds the claim on its request from the moment it is pushed until
// it leaves the stack.
type formModel struct {
	ctx       *programContext
	kind      formKind
	rec       *store.Record // nil until the record has loaded
	id        string
	fromQueue bool // opened from the queue: no request view under it
	claimed   bool // the form holds the claim on its request

	step  formStep
	focus int

	minutes, from, until, reason textinput.Model
	received                     textinput.Model // reconsider: the objection's day
	code                         int             // index in authz.RejectCodes
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

func newForm(ctx *programContext, kind formKind, id string, rec *store.Record) *formModel {
	tx := ctx.tx
	st := ctx.st
	f := &formModel{ctx: ctx, kind: kind, id: id, fromQueue: rec == nil}
	f.minutes, f.from, f.until, f.reason = st.newTextInput(), st.newTextInput(), st.newTextInput(), st.newTextInput()
	f.received = st.newTextInput()
	f.minutes.CharLimit, f.from.CharLimit, f.until.CharLimit, f.received.CharLimit = 9, 10, 10, 10
	f.minutes.Placeholder = tx.PhMinutes
	f.from.Placeholder, f.until.Placeholder, f.received.Placeholder = tx.PhDate, tx.PhDate, tx.PhDate
	f.motivation = st.newTextArea()
	f.motivation.KeyMap.InsertNewline = ctx.keys.Newline
	f.motivation.SetHeight(4)
	f.SetSize(80, 20)
	if rec != nil {
		f.setRecord(rec)
	}
	return f
}

// setRecord fills the form in from the record as it has loaded.
func (f *formModel) setRecord(rec *store.Record) {
	f.rec = rec
	req := rec.Request
	res := authz.Check(req, rec.State, f.ctx.today)
	f.results = res.Items
	switch f.kind {
	case formApprove:
		if p := req.TreatmentPlan; p != nil {
			if p.TreatmentMinutes != nil {
				f.minutes.SetValue(strconv.FormatInt(*p.TreatmentMinutes, 10))
			}
			f.from.SetValue(p.PeriodStart.String())
			f.until.SetValue(p.PeriodEnd.String())
		}
	case formReject:
		f.code = indexOfCode(authz.RejectOther)
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
	case formReconsider:
		f.received.SetValue(f.ctx.today.String())
	}
	f.focusField(0)
	f.precheckState()
}

func indexOfCode(c authz.RejectCode) int {
	for i, rc := range authz.RejectCodes {
		if rc == c {
			return i
		}
	}
	return 0
}

// SetSize is the form's part of Screen.
func (f *formModel) SetSize(w, h int) tea.Cmd {
	f.width, f.height = w, h
	fw := max(10, min(60, w-labelWidth-6))
	f.minutes.Width, f.from.Width, f.until.Width = 12, 12, 12
	f.reason.Width = fw
	f.motivation.SetWidth(max(20, min(72, w-4)))
	return nil
}

func (f *formModel) fields() []fieldID {
	switch f.kind {
	case formApprove:
		return []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason}
	case formReject:
		return []fieldID{fieldCode, fieldMotivation}
	case formInfo:
		return []fieldID{fieldItems, fieldReason}
	case formReconsider:
		return []fieldID{fieldReceived, fieldMotivation}
	case formUphold:
		return []fieldID{fieldMotivation}
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
	case fieldReceived:
		return &f.received
	}
	return nil
}

// TextFocused reports whether keys go into a text field, where q is a q.
func (f *formModel) TextFocused() bool {
	if f.step != stepEdit || f.rec == nil {
		return false
	}
	c := f.current()
	return c != fieldCode && c != fieldItems
}

func (f *formModel) focusField(i int) tea.Cmd {
	n := len(f.fields())
	f.focus = ((i % n) + n) % n
	for _, id := range []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason, fieldReceived} {
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

// handleKey handles a key of the loaded form.
func (f *formModel) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := f.ctx.keys
	switch f.step {
	case stepRecording:
		return nil
	case stepConfirm:
		switch {
		case key.Matches(msg, k.Record):
			f.step = stepRecording
			return decide(f.ctx.s, f.ctx.actor, f.id, f.ask, f.ctx.today)
		case key.Matches(msg, k.BackEdit):
			f.step = stepEdit
			return f.focusField(f.focus)
		}
		return nil
	}

	last := f.focus == len(f.fields())-1
	switch c := f.current(); {
	case key.Matches(msg, k.Back):
		f.ctx.nav.pop() // Close lets go of the claim
		return nil
	case key.Matches(msg, k.NextField):
		return f.focusField(f.focus + 1)
	case key.Matches(msg, k.PrevField):
		return f.focusField(f.focus - 1)
	case key.Matches(msg, k.Submit):
		if last {
			f.confirm()
			return nil
		}
		return f.focusField(f.focus + 1)
	case c == fieldCode:
		switch {
		case key.Matches(msg, k.ListDown):
			f.code = min(f.code+1, len(authz.RejectCodes)-1)
		case key.Matches(msg, k.ListUp):
			f.code = max(f.code-1, 0)
		}
		return nil
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
		return nil
	case c == fieldMotivation:
		var cmd tea.Cmd
		f.motivation, cmd = f.motivation.Update(msg)
		return cmd
	case msg.Type == tea.KeyDown:
		return f.focusField(f.focus + 1)
	case msg.Type == tea.KeyUp:
		return f.focusField(f.focus - 1)
	default:
		in := f.input(c)
		var cmd tea.Cmd
		*in, cmd = in.Update(msg)
		return cmd
	}
}

// buildAsk reads the fields into what will be asked of the store.
func (f *formModel) buildAsk() (authz.Ask, error) {
	tx := f.ctx.tx
	ask := authz.Ask{Action: f.kind.action(), Adviser: f.ctx.actor.Adviser, Reason: f.reason.Value()}
	switch f.kind {
	case formApprove:
		if s := strings.TrimSpace(f.minutes.Value()); s != "" {
			n, err := strconv.ParseInt(s, 10, 64)
			if err != nil {
				return ask, errors.New(i18n.Fill(tx.TextMinutesNotNumber, "value", s))
			}
			ask.Minutes = n
		}
		for _, d := range []struct {
			in    *textinput.Model
			label string
			out   *authz.Date
		}{{&f.from, tx.FldFrom, &ask.From}, {&f.until, tx.FldUntil, &ask.Until}} {
			if s := strings.TrimSpace(d.in.Value()); s != "" {
				v, err := authz.ParseDate(s)
				if err != nil {
					return ask, tx.notADate(d.label, s)
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
	case formReconsider, formUphold:
		return f.reconsiderAsk(ask)
	}
	return ask, nil
}

// authzCase is the loaded record as authz's rules read it.
func (f *formModel) authzCase() authz.Case {
	return authz.Case{Request: f.rec.Request, State: f.rec.State, Proposal: f.rec.Proposal, Decisions: f.rec.Decisions}
}

// check applies authz's rules to an ask against the loaded record.
func (f *formModel) check(ask authz.Ask) (authz.Decision, authz.State, error) {
	return authz.Decide(f.authzCase(), ask, f.ctx.today, f.ctx.now())
}

// precheckState asks authz, as the form opens, whether the decision is
// allowed now, before anything is filled in: by the request's state, its
// verdict and who took part before.
func (f *formModel) precheckState() {
	if err := authz.Allowed(f.authzCase(), f.kind.action(), f.ctx.actor.Adviser, f.ctx.today); err != nil {
		f.problem = i18n.Fill(f.ctx.tx.TextNotAllowed, "reason", f.ctx.tx.refusal(err))
	}
}

// confirm checks the form and moves to the confirmation, or shows why not.
func (f *formModel) confirm() {
	tx := f.ctx.tx
	ask, err := f.buildAsk()
	if err != nil {
		f.problem = clean(err.Error())
		return
	}
	d, st, err := f.check(ask)
	if err != nil {
		f.problem = i18n.Fill(tx.TextRefused, "reason", tx.refusal(err))
		return
	}
	f.ask, f.preview, f.newState = ask, d, st
	f.problem = ""
	f.step = stepConfirm
	for _, id := range []fieldID{fieldMinutes, fieldFrom, fieldUntil, fieldReason, fieldReceived} {
		f.input(id).Blur()
	}
	f.motivation.Blur()
}

// failed takes the store's refusal or error: nothing was recorded.
func (f *formModel) failed(err error) {
	tx := f.ctx.tx
	if errors.Is(err, authz.ErrRefused) {
		f.problem = i18n.Fill(tx.TextRefused, "reason", tx.refusal(err))
		f.step = stepEdit
		f.focusField(f.focus)
		return
	}
	f.problem = i18n.Fill(tx.TextFailed, "error", clean(err.Error()))
	f.step = stepConfirm
}

// claimProblem says that another adviser took the request after this
// form's claim lapsed, or nothing.
func (f *formModel) claimProblem() string {
	tx := f.ctx.tx
	if f.lostTo == "" {
		return ""
	}
	return tx.claimLost(f.lostTo)
}

// refusalText is the one-line reason of a refusal, in words.
func (tx *texts) refusalText(err error) string { return clean(tx.c.ErrorText(err)) }
