package tui

import (
	"errors"
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/roles"
	"machtiging/store"
)

// The decision form as a Screen: how it opens (with the claim), what it
// takes from the store, and how it leaves (letting go of the claim).

// openForm claims a request for a decision form and pushes the form; rec
// is the request view's record, or nil from the queue (the form reads it).
// When another adviser holds the request, the form does not open and
// nothing is read.
func openForm(ctx *programContext, kind formKind, id string, rec *store.Record) tea.Cmd {
	if !ctx.allowed(roles.Decide) {
		return nil
	}
	if err := ctx.s.Claim(id, ctx.actor.Adviser); err != nil {
		ctx.nav.setStatus(claimStatus(ctx.tx, id, err), true)
		return nil
	}
	f := newForm(ctx, kind, id, rec)
	f.claimed = true
	return ctx.nav.push(f)
}

// claimStatus is the status line when a form does not open because the
// request cannot be claimed.
func claimStatus(tx *texts, id string, err error) string {
	var held *store.ErrClaimed
	if errors.As(err, &held) {
		return tx.claimRefused(id, held.Claim.Adviser)
	}
	return tx.errorLine(err)
}

// formKeyKind tells which form a key opens.
func formKeyKind(k *keyMap, msg tea.KeyMsg) (formKind, bool) {
	switch {
	case key.Matches(msg, k.Approve):
		return formApprove, true
	case key.Matches(msg, k.Reject):
		return formReject, true
	case key.Matches(msg, k.RequestInfo):
		return formInfo, true
	case key.Matches(msg, k.Concur):
		return formConcur, true
	case key.Matches(msg, k.Overturn):
		return formOverturn, true
	case key.Matches(msg, k.Reconsider):
		return formReconsider, true
	case key.Matches(msg, k.Uphold):
		return formUphold, true
	}
	return 0, false
}

// Open reads the record when the form was opened from the queue.
func (f *formModel) Open() tea.Cmd {
	if f.rec != nil {
		return nil
	}
	return loadRecord(f.ctx.s, f.ctx.actor, f.id)
}

// Close lets go of the claim, on every way out of the form.
func (f *formModel) Close() {
	if f.claimed {
		f.ctx.s.Release(f.id, f.ctx.actor.Adviser)
		f.claimed = false
	}
}

// Update takes the form's keys, its request as read again, and the
// store's answer to the decision.
func (f *formModel) Update(msg tea.Msg) tea.Cmd {
	tx := f.ctx.tx
	switch msg := msg.(type) {
	case tea.KeyMsg:
		f.renewClaim()
		if f.rec == nil {
			if key.Matches(msg, f.ctx.keys.Back) {
				f.ctx.nav.pop()
			}
			return nil
		}
		return f.handleKey(msg)
	case recordMsg:
		if msg.id != f.id {
			return nil
		}
		switch {
		case msg.err != nil && f.rec == nil:
			f.ctx.nav.setStatus(tx.errorLine(msg.err), true)
			f.ctx.nav.pop()
		case msg.err != nil:
		case f.rec == nil:
			f.setRecord(msg.rec)
		default:
			f.rec = msg.rec // decide against the latest version
		}
	case decidedMsg:
		if msg.id == f.id {
			return f.decided(msg)
		}
	case changeMsg:
		// Opened from the queue, the form reads its request again itself.
		c := msg.change
		if f.fromQueue && f.rec != nil && !c.Claim && dataEvent(c.Event) && (len(c.IDs) == 0 || slices.Contains(c.IDs, f.id)) {
			return loadRecord(f.ctx.s, f.ctx.actor, f.id)
		}
	}
	return nil
}

// decided takes the store's answer: a refusal keeps the form open; a
// recorded decision closes it and is reported to the screens under it.
func (f *formModel) decided(msg decidedMsg) tea.Cmd {
	if msg.err != nil {
		f.failed(msg.err)
		return nil
	}
	f.claimed = false // the store ended the claim with the decision
	f.ctx.nav.pop()
	rec := decisionRecordedMsg{id: msg.id, d: msg.d, state: msg.state}
	return func() tea.Msg { return rec }
}

// renewClaim keeps the claim alive while the adviser works in the form.
// When it lapsed and another adviser took the request, the form says so,
// and keeps trying at every key.
func (f *formModel) renewClaim() {
	if !f.claimed {
		return
	}
	err := f.ctx.s.Claim(f.id, f.ctx.actor.Adviser)
	var held *store.ErrClaimed
	switch {
	case err == nil:
		f.lostTo = ""
	case errors.As(err, &held):
		f.lostTo = held.Claim.Adviser
	}
}

// HelpKeys are the keys of the form's step and field.
func (f *formModel) HelpKeys() keyGroups {
	k := f.ctx.keys
	if f.rec == nil {
		return keyGroups{short: []key.Binding{k.Back}, full: [][]key.Binding{{k.Back, k.Help, k.Quit}}}
	}
	if f.step != stepEdit {
		return k.confirmHelp()
	}
	c := f.current()
	return k.formHelp(c == fieldCode || c == fieldItems, c == fieldItems, c == fieldMotivation)
}
