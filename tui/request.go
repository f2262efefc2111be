package tui

import (
	"slices"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/roles"
	"machtiging/store"
)

const (
	labelWidth     = 20 // labels of the request's fields
	itemLabelWidth = 16 // labels inside an item
	itemIndent     = 6
)

// requestModel is the request view: every field of one request, its items,
// versions, decisions and access log, in a scrolling viewport. A revealed
// BSN lives only here and is gone when the view closes.
type requestModel struct {
	ctx *programContext
	id  string

	rec    *store.Record
	log    []audit.Entry
	logErr error
	err    error

	bsn       string
	revealErr error

	// The other requests of the insured, and which one tab selected
	// (-1: none).
	others     []store.Row
	histLoaded bool
	histErr    error
	otherSel   int

	vp     viewport.Model
	width  int
	height int
}

// newRequest returns the request view of a request; it reads the request
// as it is pushed.
func newRequest(ctx *programContext, id string) *requestModel {
	r := &requestModel{ctx: ctx, id: id, otherSel: -1}
	r.vp = viewport.New(80, 20)
	r.vp.KeyMap = viewport.KeyMap{} // keys.go drives the scrolling
	r.vp.Style = ctx.st.r.NewStyle()
	return r
}

// Open reads the request (the store logs the read) and its access log.
func (r *requestModel) Open() tea.Cmd {
	return tea.Batch(loadRecord(r.ctx.s, r.ctx.actor, r.id), loadHistory(r.ctx.s, r.id))
}

func (r *requestModel) loading() bool { return r.rec == nil && r.err == nil }

// SetSize is the request view's part of Screen.
func (r *requestModel) SetSize(w, h int) tea.Cmd {
	r.width, r.height = w, h
	r.vp.Width = w
	r.vp.Height = max(1, h-2)
	r.rebuild()
	return nil
}

// Update takes the reads of this request, the store's changes and the
// view's keys.
func (r *requestModel) Update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case tea.KeyMsg:
		return r.handleKey(msg)
	case recordMsg:
		if msg.id == r.id {
			r.setRecord(msg)
		}
	case accessLogMsg:
		if msg.id == r.id {
			r.setLog(msg)
		}
	case revealMsg:
		if msg.id == r.id {
			r.setRevealed(msg)
		}
	case historyMsg:
		if msg.id == r.id {
			r.others, r.histErr, r.histLoaded = msg.others, msg.err, true
			if r.otherSel >= len(r.others) {
				r.otherSel = -1
			}
			r.rebuild()
		}
	case registersMsg:
		r.rebuild()
	case newDayMsg:
		r.rebuild()
	case decisionRecordedMsg:
		if msg.id == r.id {
			return tea.Batch(loadRecord(r.ctx.s, r.ctx.actor, r.id), loadHistory(r.ctx.s, r.id))
		}
	case changeMsg:
		return r.handleChange(msg.change)
	}
	return nil
}

// handleChange reads again what a write by anyone changed. A read only
// adds to the access log: then only the log is read again (reading the
// record would log another read, and so on).
func (r *requestModel) handleChange(c store.Change) tea.Cmd {
	if len(c.IDs) > 0 && !slices.Contains(c.IDs, r.id) {
		if !c.Claim && dataEvent(c.Event) && r.showsOther(c.IDs) {
			return loadHistory(r.ctx.s, r.id) // another request of the insured changed
		}
		return nil
	}
	switch {
	case c.Claim:
		// Claims live in memory and are looked up as the screen is drawn.
	case dataEvent(c.Event):
		if !r.loading() {
			return tea.Batch(loadRecord(r.ctx.s, r.ctx.actor, r.id), loadHistory(r.ctx.s, r.id))
		}
	case r.rec != nil:
		return loadAccessLog(r.ctx.s, r.id)
	}
	return nil
}

func (r *requestModel) handleKey(msg tea.KeyMsg) tea.Cmd {
	tx := r.ctx.tx
	k := r.ctx.keys
	if kind, ok := formKeyKind(k, msg); ok {
		if r.rec == nil {
			r.ctx.nav.setStatus(tx.TextNeedRecord, true)
			return nil
		}
		return openForm(r.ctx, kind, r.id, r.rec)
	}
	switch {
	case key.Matches(msg, k.Back):
		r.ctx.nav.pop() // a revealed BSN goes with it
	case key.Matches(msg, k.Letter):
		if r.ctx.allowed(roles.Letter) {
			return r.ctx.nav.push(newLetter(r.ctx, r.id))
		}
	case key.Matches(msg, k.Reveal):
		if r.rec != nil && r.bsn == "" {
			return revealBSN(r.ctx.s, r.ctx.actor, r.id)
		}
	case key.Matches(msg, k.NextOther):
		if len(r.others) > 0 {
			r.otherSel = (r.otherSel + 1) % len(r.others)
			r.rebuild()
		}
	case key.Matches(msg, k.OpenOther):
		if r.otherSel >= 0 && r.otherSel < len(r.others) {
			return r.ctx.nav.push(newRequest(r.ctx, r.others[r.otherSel].ID))
		}
	default:
		r.scrollKey(msg)
	}
	return nil
}

// TextFocused is false: the request view has no text field.
func (r *requestModel) TextFocused() bool { return false }

// HelpKeys are the request view's keys.
func (r *requestModel) HelpKeys() keyGroups {
	if r.rec == nil {
		return r.ctx.keys.requestHelp()
	}
	return r.ctx.keys.forState(r.ctx.keys.requestHelp(), r.rec.State)
}

// ShownIDs is the request on screen, whose claim by another adviser is
// shown.
func (r *requestModel) ShownIDs() []string { return []string{r.id} }

func (r *requestModel) setRecord(msg recordMsg) {
	r.err = msg.err
	if msg.err != nil {
		r.rebuild()
		return
	}
	r.rec = msg.rec
	r.log, r.logErr = msg.log, msg.logErr
	r.rebuild()
}

func (r *requestModel) setLog(msg accessLogMsg) {
	if msg.err != nil {
		r.logErr = msg.err
	} else {
		r.log, r.logErr = msg.log, nil
	}
	r.rebuild()
}

func (r *requestModel) setRevealed(msg revealMsg) {
	if msg.err != nil {
		r.revealErr = msg.err
	} else {
		r.bsn, r.revealErr = msg.bsn, nil
	}
	r.rebuild()
}

// rebuild lays the content out again for the width; the scroll position
// stays where it was.
func (r *requestModel) rebuild() {
	y := r.vp.YOffset
	r.vp.SetContent(strings.Join(r.content(), "\n"))
	r.vp.SetYOffset(y)
}

func (r *requestModel) scrollKey(msg tea.KeyMsg) {
	k := r.ctx.keys
	switch {
	case key.Matches(msg, k.Down):
		r.vp.ScrollDown(1)
	case key.Matches(msg, k.Up):
		r.vp.ScrollUp(1)
	case key.Matches(msg, k.PageDown):
		r.vp.PageDown()
	case key.Matches(msg, k.PageUp):
		r.vp.PageUp()
	case key.Matches(msg, k.HalfDown):
		r.vp.HalfPageDown()
	case key.Matches(msg, k.HalfUp):
		r.vp.HalfPageUp()
	case key.Matches(msg, k.Top):
		r.vp.GotoTop()
	case key.Matches(msg, k.Bottom):
		r.vp.GotoBottom()
	}
}

// View draws a title, a summary line (first, when another adviser has a
// decision form open on the request, who) and the scrolling content.
func (r *requestModel) View() string {
	tx := r.ctx.tx
	st := r.ctx.st
	var title, summary string
	switch {
	case r.rec != nil:
		req := r.rec.Request
		title = spread(st.Title.Render(formSubject(req.ID, req.Insured.Name)), st.state(r.rec.State).Render(tx.stateWord(r.rec.State)), r.width)
		summary = st.Muted.Render(r.summary())
		if cl, held := r.ctx.otherClaim(r.id); held {
			summary = st.Warning.Render(textClaimMark+" "+tx.inReviewBy(cl.Adviser)) + st.Muted.Render(textSep) + summary
		}
		summary = cut(summary, r.width)
	case r.err != nil:
		title = st.Title.Render(clean(r.id))
		summary = st.Error.Render(cut(tx.errorLine(r.err), r.width))
	default:
		title = st.Title.Render(clean(r.id))
		summary = st.Muted.Render(i18n.Fill(tx.TextLoadingRec, "id", clean(r.id)))
	}
	return title + "\n" + summary + "\n" + r.vp.View()
}

func (r *requestModel) check() authz.Result {
	var f authz.Findings
	if r.ctx.regs != nil {
		f = r.ctx.regs.FindingsOf(r.rec.Request)
	}
	res := authz.CheckWith(r.rec.Request, r.rec.State, f, r.ctx.today)
	if due, ok := reconsiderationDue(r.rec); ok {
		res.Due = due
	}
	return res
}

func (r *requestModel) summary() string {
	tx := r.ctx.tx
	res := r.check()
	parts := []string{tx.LblVerdict + " " + tx.verdictWord(res.Verdict)}
	if !r.rec.State.Final() {
		parts = append(parts, tx.LblDue+" "+tx.dueSentence(res.Due, r.ctx.today))
	}
	if r.rec.Request.Urgent {
		parts = append(parts, tx.LblUrgent)
	}
	if r.rec.State == authz.StateSecondReview && r.rec.Proposal != nil {
		parts = append(parts, tx.awaitingSecondReview(r.rec.Proposal.Adviser))
	}
	return strings.Join(parts, textSep)
}

// content is the request laid out as lines of the view's width.
func (r *requestModel) content() []string {
	tx := r.ctx.tx
	if r.rec == nil {
		return nil
	}
	st := r.ctx.st
	req := r.rec.Request
	res := r.check()
	b := &block{st: st, width: r.width}

	b.section(tx.SecRequest)
	b.kv(2, labelWidth, tx.LblState, tx.stateWord(r.rec.State))
	b.kv(2, labelWidth, tx.LblVerdict, tx.verdictSentence(res.Verdict, req, res.Items))
	if !r.rec.State.Final() {
		b.kv(2, labelWidth, tx.LblDue, tx.dueSentence(res.Due, r.ctx.today))
	}
	b.kv(2, labelWidth, tx.LblReceived, tx.date(req.Received))
	b.kv(2, labelWidth, tx.LblVersion, tx.currentVersion(r.rec.Version))
	b.kv(2, labelWidth, tx.LblUrgent, tx.yesNo(req.Urgent))
	b.kv(2, labelWidth, tx.LblSetting, tx.settingSentence(req.Setting))
	b.kv(2, labelWidth, tx.LblTreatmentStart, tx.date(req.TreatmentStart))

	if p := r.rec.Proposal; p != nil && r.rec.State == authz.StateSecondReview {
		b.blank()
		b.section(tx.SecProposal)
		b.kv(2, labelWidth, tx.LblProposedBy, clean(p.Adviser)+", "+r.ctx.loc.format(p.DecidedAt))
		b.kv(2, labelWidth, tx.LblReasonCode, tx.rejectWord(p.ReasonCode))
		b.kv(2, labelWidth, tx.LblReason, cleanBlock(p.Reason))
	}

	r.reconsiderationSection(b)

	b.blank()
	b.section(tx.SecInsured)
	b.kv(2, labelWidth, tx.LblName, tx.orAbsent(req.Insured.Name))
	if r.bsn != "" {
		b.kvStyled(2, labelWidth, tx.LblBSN, st.Revealed.Render(clean(r.bsn))+" "+st.Muted.Render(tx.TextRevealedHint))
	} else {
		b.kvStyled(2, labelWidth, tx.LblBSN, authz.MaskBSN(req.Insured.BSN)+" "+st.Muted.Render(tx.TextRevealHint))
	}
	if r.revealErr != nil {
		b.kvStyled(2, labelWidth, "", st.Error.Render(tx.revealFailed(r.revealErr)))
	}
	b.kv(2, labelWidth, tx.LblBirthDate, tx.date(req.Insured.BirthDate))
	b.kv(2, labelWidth, tx.LblPolicy, tx.orAbsent(req.Insured.PolicyNumber))

	b.blank()
	b.section(tx.SecProvider)
	b.kv(2, labelWidth, tx.LblName, tx.orAbsent(req.Provider.Name))
	b.kv(2, labelWidth, tx.LblAGB, tx.orAbsent(req.Provider.AGB))
	b.kv(2, labelWidth, tx.LblContracted, tx.yesNo(req.Provider.IsContracted()))

	r.registersSection(b)

	b.blank()
	b.section(tx.SecItems)
	for i, it := range res.Items {
		r.item(b, i+1, it)
	}

	r.othersSection(b)

	b.blank()
	b.section(tx.SecVersions)
	for _, v := range r.rec.Versions {
		line := tx.versionLine(v, r.ctx.loc)
		if v.Version == r.rec.Version {
			line += " " + tx.TextCurrent
		}
		b.text(2, line)
	}

	b.blank()
	b.section(tx.SecDecisions)
	if len(r.rec.Decisions) == 0 {
		b.text(2, st.Muted.Render(tx.TextNoDecisions))
	}
	for _, d := range r.rec.Decisions {
		b.text(2, tx.decisionLine(d, r.ctx.loc))
		for _, l := range tx.decisionDetails(d) {
			b.text(itemIndent, l)
		}
	}

	b.blank()
	b.section(tx.SecAccess)
	switch {
	case r.logErr != nil:
		b.text(2, st.Error.Render(i18n.Fill(tx.TextAccessLogFail, "error", clean(r.logErr.Error()))))
	case len(r.log) == 0:
		b.text(2, st.Muted.Render(tx.TextNoAccess))
	}
	for _, e := range r.log {
		b.text(2, tx.accessLine(e, r.ctx.loc))
	}
	return b.lines
}

// block collects the lines of laid-out text.
type block struct {
	st    *Styles
	width int
	lines []string
}

func (b *block) blank() { b.lines = append(b.lines, "") }

func (b *block) section(title string) { b.lines = append(b.lines, b.st.Section.Render(title)) }

// text adds plain or styled text at an indent, wrapped when plain.
func (b *block) text(indent int, s string) {
	pad := strings.Repeat(" ", indent)
	for _, l := range wrap(s, b.width-indent) {
		b.lines = append(b.lines, pad+l)
	}
}

// kv adds a label and a plain value, the value wrapped beside the label.
func (b *block) kv(indent, lw int, label, value string) {
	pad := strings.Repeat(" ", indent)
	first := pad + b.st.Label.Render(fit(label, lw)) + " "
	rest := strings.Repeat(" ", indent+lw+1)
	for i, l := range wrap(value, b.width-indent-lw-1) {
		if i == 0 {
			b.lines = append(b.lines, first+l)
		} else {
			b.lines = append(b.lines, rest+l)
		}
	}
}

// kvStyled adds a label and a short styled value that is not wrapped.
func (b *block) kvStyled(indent, lw int, label, value string) {
	pad := strings.Repeat(" ", indent)
	b.lines = append(b.lines, cut(pad+b.st.Label.Render(fit(label, lw))+" "+value, b.width))
}

// showsOther reports whether one of ids is among the other requests shown.
func (r *requestModel) showsOther(ids []string) bool {
	for _, o := range r.others {
		if slices.Contains(ids, o.ID) {
			return true
		}
	}
	return false
}
