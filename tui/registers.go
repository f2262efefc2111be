package tui

import (
	"strings"

	tea "github.com/charmbracelet/bubbletea"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/store"
)

// The insurer's registers on screen: what the header says of them, the
// queue's verdicts with them, and the request view's identity, contract
// and the other requests of the insured.

// registersMsg brings what is loaded of the registers.
type registersMsg struct {
	regs *store.Registers
	err  error
}

func loadRegisters(s Store) tea.Cmd {
	return func() tea.Msg {
		regs, err := s.Registers()
		return registersMsg{regs: regs, err: err}
	}
}

// prepareOverlaps has the store build the index of the insured's
// requests in the background, after the first frame and after every
// import, so that opening a request view never waits for it. An error
// shows when a view needs the index.
func prepareOverlaps(s Store) tea.Cmd {
	return func() tea.Msg {
		s.PrepareOverlaps() //nolint:errcheck // reported by the view that needs it
		return nil
	}
}

// historyMsg brings the other requests of a request's insured.
type historyMsg struct {
	id     string
	others []store.Row
	err    error
}

func loadHistory(s Store, id string) tea.Cmd {
	return func() tea.Msg {
		others, err := s.OtherRequests(id)
		return historyMsg{id: id, others: others, err: err}
	}
}

// findingsOf is what the registers say of a queue row; unchecked for a row
// written before rows held what the registers need (the request view
// reads the request itself).
func findingsOf(regs *store.Registers, r *store.Row) authz.Findings {
	if regs == nil || !r.RegisterFacts {
		return authz.Findings{}
	}
	id, _ := regs.Identity(authz.Insured{BSN: r.BSN, BirthDate: r.BirthDate, PolicyNumber: r.PolicyNumber}, r.TreatmentStart)
	return authz.Findings{Identity: id, Contract: regs.Contract(r.AGB, r.TreatmentStart)}
}

// registersHeader says when each register was loaded, or warns that none
// is.
func (tx *texts) registersHeader(regs *store.Registers, loc timeLoc) string {
	t := &tx.c.Registers
	if regs == nil {
		return ""
	}
	if !regs.InsuredLoaded() && !regs.ProvidersLoaded() {
		return t.HeaderNone
	}
	when := func(i int) string {
		if i >= len(regs.Status) || !regs.Status[i].Loaded() {
			return t.HeaderNotLoaded
		}
		return loc.format(regs.Status[i].LoadedAt)
	}
	return i18n.Fill(t.HeaderLoaded, "insured", when(0), "providers", when(1))
}

// identitySentence says what the insured register says of the insured,
// with both values side by side when they differ.
func (tx *texts) identitySentence(regs *store.Registers, req *authz.Request) (string, authz.Identity) {
	t := &tx.c.Registers
	if regs == nil {
		return t.IdentityUnchecked, authz.IdentityUnchecked
	}
	id, row := regs.Identity(req.Insured, req.TreatmentStart)
	switch id {
	case authz.IdentityVerified:
		return i18n.Fill(t.IdentityVerified, "date", tx.date(req.TreatmentStart)), id
	case authz.IdentityNotInsured:
		return i18n.Fill(t.IdentityNotInsured, "date", tx.date(req.TreatmentStart)), id
	case authz.IdentityMismatch:
		var parts []string
		if row.BirthDate != req.Insured.BirthDate {
			parts = append(parts, i18n.Fill(t.IdentityBirthDiffers, "request", tx.date(req.Insured.BirthDate), "register", tx.date(row.BirthDate)))
		}
		if row.PolicyNumber != "" && req.Insured.PolicyNumber != "" && row.PolicyNumber != req.Insured.PolicyNumber {
			parts = append(parts, i18n.Fill(t.IdentityPolicyDiffers, "request", clean(req.Insured.PolicyNumber), "register", clean(row.PolicyNumber)))
		}
		return strings.Join(parts, "; "), id
	}
	return t.IdentityUnchecked, id
}

// contractSentence says what the provider register says of the provider,
// and the request's own word when the register contradicts it.
func (tx *texts) contractSentence(regs *store.Registers, req *authz.Request) (string, authz.Contract) {
	t := &tx.c.Registers
	c := authz.ContractUnchecked
	if regs != nil {
		c = regs.Contract(req.Provider.AGB, req.TreatmentStart)
	}
	var s string
	switch c {
	case authz.ContractContracted:
		s = i18n.Fill(t.ContractContracted, "date", tx.date(req.TreatmentStart))
	case authz.ContractNotContracted:
		s = i18n.Fill(t.ContractNotContracted, "date", tx.date(req.TreatmentStart))
	default:
		return t.ContractUnchecked, c
	}
	if authz.ContradictsRequest(c, req.Provider.IsContracted()) {
		s += "; " + i18n.Fill(t.ContractContradicts, "request", tx.yesNo(req.Provider.IsContracted()))
	}
	return s, c
}

// selfSibling is the request as the overlap rule sees it.
func selfSibling(rec *store.Record) authz.Sibling {
	var approved authz.Period
	for _, d := range rec.Decisions {
		if !d.ValidFrom.IsZero() {
			approved = authz.Period{From: d.ValidFrom, Until: d.ValidUntil}
		}
	}
	return authz.Sibling{ID: rec.Request.ID, State: rec.State, Period: authz.RequestPeriod(rec.State, approved, rec.Request.TreatmentPlan)}
}

// registersSection lays out identity and contract.
func (r *requestModel) registersSection(b *block) {
	tx := r.ctx.tx
	t := &tx.c.Registers
	req := r.rec.Request
	b.blank()
	b.section(t.Section)
	idText, _ := tx.identitySentence(r.ctx.regs, req)
	b.kv(2, labelWidth, t.LblIdentity, idText)
	cText, _ := tx.contractSentence(r.ctx.regs, req)
	b.kv(2, labelWidth, t.LblContract, cText)
}

// othersSection lists every other request of the insured: state,
// provider, period and decision, the overlapping ones marked; tab selects
// one and enter opens it.
func (r *requestModel) othersSection(b *block) {
	tx, st := r.ctx.tx, r.ctx.st
	t := &tx.c.Registers
	b.blank()
	b.section(t.OthersSection)
	switch {
	case r.histErr != nil:
		b.text(2, st.Error.Render(i18n.Fill(t.OthersFailed, "error", clean(r.histErr.Error()))))
		return
	case !r.histLoaded:
		b.text(2, st.Muted.Render(t.OthersLoading))
		return
	case len(r.others) == 0:
		b.text(2, st.Muted.Render(t.OthersNone))
		return
	}
	sibs := make([]authz.Sibling, len(r.others))
	for i, o := range r.others {
		sibs[i] = authz.Sibling{ID: o.ID, State: o.State, Period: o.Period}
	}
	overlaps := authz.Overlaps(selfSibling(r.rec), sibs)
	for i, o := range r.others {
		mark := "  "
		if slicesContains(overlaps, o.ID) {
			mark = "⚠ "
		}
		decision := textDash
		if o.State.Final() && !o.DecidedAt.IsZero() {
			decision = r.ctx.loc.format(o.DecidedAt)
		}
		period := textDash
		if !o.Period.IsZero() {
			period = tx.periodWords(o.Period.From, o.Period.Until)
		}
		line := mark + clean(o.ID)
		if mark != "  " {
			line += " " + t.OverlapMark
		}
		line += textSep + tx.stateWord(o.State) + textSep + period + textSep + decision + textSep + clean(o.Provider)
		switch {
		case i == r.otherSel:
			b.lines = append(b.lines, cut("  "+st.Selected.Render(line), b.width))
		case mark != "  ":
			b.lines = append(b.lines, cut("  "+st.Warning.Render(line), b.width))
		default:
			b.lines = append(b.lines, cut("  "+line, b.width))
		}
	}
	b.text(2, st.Muted.Render(t.OthersHint))
}

func slicesContains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
