package tui

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/viewport"
	tea "github.com/charmbracelet/bubbletea"

	"machtiging/audit"
	"machtiging/authz"
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

	vp     viewport.Model
	width  int
	height int
}

// newRequest returns the request view of a request; it reads the request
// as it is pushed.
func newRequest(ctx *programContext, id string) *requestModel {
	r := &requestModel{ctx: ctx, id: id}
	r.vp = viewport.New(80, 20)
	r.vp.KeyMap = viewport.KeyMap{} // keys.go drives the scrolling
	r.vp.Style = ctx.st.r.NewStyle()
	return r
}

// Open reads the request (the store logs the read) and its access log.
func (r *requestModel) Open() tea.Cmd { return loadRecord(r.ctx.s, r.ctx.actor, r.id) }

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
	case newDayMsg:
		r.rebuild()
	case decisionRecordedMsg:
		if msg.id == r.id {
			return loadRecord(r.ctx.s, r.ctx.actor, r.id)
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
		return nil
	}
	switch {
	case c.Claim:
		// Claims live in memory and are looked up as the screen is drawn.
	case dataEvent(c.Event):
		if !r.loading() {
			return loadRecord(r.ctx.s, r.ctx.actor, r.id)
		}
	case r.rec != nil:
		return loadAccessLog(r.ctx.s, r.id)
	}
	return nil
}

func (r *requestModel) handleKey(msg tea.KeyMsg) tea.Cmd {
	k := r.ctx.keys
	if kind, ok := formKeyKind(k, msg); ok {
		if r.rec == nil {
			r.ctx.nav.setStatus(textNeedRecord, true)
			return nil
		}
		return openForm(r.ctx, kind, r.id, r.rec)
	}
	switch {
	case key.Matches(msg, k.Back):
		r.ctx.nav.pop() // a revealed BSN goes with it
	case key.Matches(msg, k.Reveal):
		if r.rec != nil && r.bsn == "" {
			return revealBSN(r.ctx.s, r.ctx.actor, r.id)
		}
	default:
		r.scrollKey(msg)
	}
	return nil
}

// TextFocused is false: the request view has no text field.
func (r *requestModel) TextFocused() bool { return false }

// HelpKeys are the request view's keys.
func (r *requestModel) HelpKeys() keyGroups { return r.ctx.keys.requestHelp() }

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
	st := r.ctx.st
	var title, summary string
	switch {
	case r.rec != nil:
		req := r.rec.Request
		title = spread(st.Title.Render(formSubject(req.ID, req.Insured.Name)), st.state(r.rec.State).Render(stateWord(r.rec.State)), r.width)
		summary = st.Muted.Render(r.summary())
		if cl, held := r.ctx.otherClaim(r.id); held {
			summary = st.Warning.Render(textClaimMark+" "+inReviewBy(cl.Adviser)) + st.Muted.Render(textSep) + summary
		}
		summary = cut(summary, r.width)
	case r.err != nil:
		title = st.Title.Render(clean(r.id))
		summary = st.Error.Render(cut(errorLine(r.err), r.width))
	default:
		title = st.Title.Render(clean(r.id))
		summary = st.Muted.Render(fmt.Sprintf(textLoadingRec, clean(r.id)))
	}
	return title + "\n" + summary + "\n" + r.vp.View()
}

func (r *requestModel) check() authz.Result {
	return authz.Check(r.rec.Request, r.rec.State, r.ctx.today)
}

func (r *requestModel) summary() string {
	res := r.check()
	parts := []string{lblVerdict + " " + verdictWord(res.Verdict)}
	if !r.rec.State.Final() {
		parts = append(parts, lblDue+" "+dueSentence(res.Due, r.ctx.today))
	}
	if r.rec.Request.Urgent {
		parts = append(parts, lblUrgent)
	}
	if r.rec.State == authz.StateSecondReview && r.rec.Proposal != nil {
		parts = append(parts, awaitingSecondReview(r.rec.Proposal.Adviser))
	}
	return strings.Join(parts, textSep)
}

// content is the request laid out as lines of the view's width.
func (r *requestModel) content() []string {
	if r.rec == nil {
		return nil
	}
	st := r.ctx.st
	req := r.rec.Request
	res := r.check()
	b := &block{st: st, width: r.width}

	b.section(secRequest)
	b.kv(2, labelWidth, lblState, stateWord(r.rec.State))
	b.kv(2, labelWidth, lblVerdict, verdictSentence(res.Verdict, req, res.Items))
	if !r.rec.State.Final() {
		b.kv(2, labelWidth, lblDue, dueSentence(res.Due, r.ctx.today))
	}
	b.kv(2, labelWidth, lblReceived, req.Received.String())
	b.kv(2, labelWidth, lblVersion, currentVersion(r.rec.Version))
	b.kv(2, labelWidth, lblUrgent, yesNo(req.Urgent))
	b.kv(2, labelWidth, lblSetting, settingSentence(req.Setting))
	b.kv(2, labelWidth, lblTreatmentStart, req.TreatmentStart.String())

	if p := r.rec.Proposal; p != nil && r.rec.State == authz.StateSecondReview {
		b.blank()
		b.section(secProposal)
		b.kv(2, labelWidth, lblProposedBy, clean(p.Adviser)+", "+r.ctx.loc.format(p.DecidedAt))
		b.kv(2, labelWidth, lblReasonCode, rejectWord(p.ReasonCode))
		b.kv(2, labelWidth, lblReason, cleanBlock(p.Reason))
	}

	b.blank()
	b.section(secInsured)
	b.kv(2, labelWidth, lblName, orAbsent(req.Insured.Name))
	if r.bsn != "" {
		b.kvStyled(2, labelWidth, lblBSN, st.Revealed.Render(clean(r.bsn))+" "+st.Muted.Render(textRevealedHint))
	} else {
		b.kvStyled(2, labelWidth, lblBSN, authz.MaskBSN(req.Insured.BSN)+" "+st.Muted.Render(textRevealHint))
	}
	if r.revealErr != nil {
		b.kvStyled(2, labelWidth, "", st.Error.Render(revealFailed(r.revealErr)))
	}
	b.kv(2, labelWidth, lblBirthDate, req.Insured.BirthDate.String())
	b.kv(2, labelWidth, lblPolicy, orAbsent(req.Insured.PolicyNumber))

	b.blank()
	b.section(secProvider)
	b.kv(2, labelWidth, lblName, orAbsent(req.Provider.Name))
	b.kv(2, labelWidth, lblAGB, orAbsent(req.Provider.AGB))
	b.kv(2, labelWidth, lblContracted, yesNo(req.Provider.IsContracted()))

	b.blank()
	b.section(secItems)
	for i, it := range res.Items {
		r.item(b, i+1, it)
	}

	b.blank()
	b.section(secVersions)
	for _, v := range r.rec.Versions {
		line := versionLine(v, r.ctx.loc)
		if v.Version == r.rec.Version {
			line += " " + textCurrent
		}
		b.text(2, line)
	}

	b.blank()
	b.section(secDecisions)
	if len(r.rec.Decisions) == 0 {
		b.text(2, st.Muted.Render(textNoDecisions))
	}
	for _, d := range r.rec.Decisions {
		b.text(2, decisionLine(d, r.ctx.loc))
		for _, l := range decisionDetails(d) {
			b.text(itemIndent, l)
		}
	}

	b.blank()
	b.section(secAccess)
	switch {
	case r.logErr != nil:
		b.text(2, st.Error.Render(fmt.Sprintf(textAccessLogFail, clean(r.logErr.Error()))))
	case len(r.log) == 0:
		b.text(2, st.Muted.Render(textNoAccess))
	}
	for _, e := range r.log {
		b.text(2, accessLine(e, r.ctx.loc))
	}
	return b.lines
}

// item lays out one of the five items: its status and what it holds.
func (r *requestModel) item(b *block, n int, res authz.ItemResult) {
	st := r.ctx.st
	req := r.rec.Request
	head := fit("  "+itemHeading(n, res.Item), 2+labelWidth+8)
	b.lines = append(b.lines, cut(head+st.status(res.Status).Render(statusSymbol(res.Status)+" "+statusWord(res.Status)), b.width))
	if res.Detail != "" {
		b.kv(itemIndent, itemLabelWidth, lblDetail, clean(res.Detail))
	}
	kv := func(label, value string) { b.kv(itemIndent, itemLabelWidth, label, value) }
	switch res.Item {
	case authz.ItemReferral:
		if v := req.Referral; v != nil {
			kv(lblDate, dateOrAbsent(v.Date))
			kv(lblReferrer, referrerLine(v))
			if v.ReferrerAGB != nil {
				kv(lblReferrerAGB, clean(*v.ReferrerAGB))
			}
		}
	case authz.ItemAdmissionIndication:
		if v := req.AdmissionIndication; v != nil {
			kv(lblDate, dateOrAbsent(v.Date))
			kv(lblSummary, orAbsent(v.Summary))
		}
	case authz.ItemTreatmentPlan:
		if v := req.TreatmentPlan; v != nil {
			kv(lblDate, dateOrAbsent(v.Date))
			kv(lblPeriod, periodWords(v.PeriodStart, v.PeriodEnd))
			if v.TreatmentMinutes != nil {
				kv(lblMinutes, strconv.FormatInt(*v.TreatmentMinutes, 10))
			} else {
				kv(lblMinutes, textAbsent)
			}
			if len(v.Activities) == 0 {
				kv(lblActivities, textAbsent)
			}
			for i, a := range v.Activities {
				label := ""
				if i == 0 {
					label = lblActivities
				}
				kv(label, textBullet+orAbsent(a))
			}
		}
	case authz.ItemPractitioners:
		if v := req.Practitioners; v != nil {
			kv(lblDate, dateOrAbsent(v.Date))
			if len(v.Members) == 0 {
				kv(lblMembers, textAbsent)
			}
			for i, m := range v.Members {
				label := ""
				if i == 0 {
					label = lblMembers
				}
				kv(label, textBullet+memberLine(m))
			}
		}
	case authz.ItemCodes:
		if v := req.Codes; v != nil {
			kv(lblDate, dateOrAbsent(v.Date))
			kv(lblDBC, orAbsent(v.DBCDeclarationCode))
			kv(lblPrestatie, orAbsent(v.Prestatiecode))
		}
	}
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
