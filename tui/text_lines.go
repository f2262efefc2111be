package tui

import (
	"errors"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/roles"
	"machtiging/store"
)

// The sentences the screens put together from the catalogue's texts.

// titleBar names the program and the store, with the path shortened from
// the left to fit in width.
func (tx *texts) titleBar(path string, encrypted bool, width int) string {
	head, tail := appName+textSep, ""
	if !encrypted {
		tail = textSep + tx.TextUnencrypted
	}
	p := clean(path)
	if room := width - ansi.StringWidth(head+tail); ansi.StringWidth(p) > room {
		p = ansi.TruncateLeft(p, ansi.StringWidth(p)-max(room, 1)+1, textEllipsis)
	}
	return head + p + tail
}

func adviserLabel(a store.Actor) string { return clean(a.Adviser) }

func (tx *texts) tabLabel(v store.View, n int, known bool) string {
	if !known {
		return tx.viewWord(v)
	}
	return tx.viewWord(v) + " " + strconv.Itoa(n)
}

func (tx *texts) statsLine(overdue, decidedToday int, loaded bool) string {
	if !loaded {
		return tx.StatsLoading
	}
	return i18n.Fill(tx.Stats, "overdue", overdue, "today", decidedToday)
}

func positionLabel(pos, total int) string { return strconv.Itoa(pos) + "/" + strconv.Itoa(total) }

func (tx *texts) filterCapped(n int) string { return i18n.Fill(tx.FilterCapped, "n", n) }

func (tx *texts) filterCount(n int) string { return tx.FilterCount.N(n) }

func (tx *texts) awaitingSecondReview(proposer string) string {
	if proposer == "" {
		return tx.AwaitingSecondReview
	}
	return i18n.Fill(tx.AwaitingSecondReviewBy, "adviser", clean(proposer))
}

// inReviewBy says that another adviser has a decision form open on a
// request.
func (tx *texts) inReviewBy(adviser string) string {
	return i18n.Fill(tx.InReviewBy, "adviser", clean(adviser))
}

// claimRefused says why a decision form did not open.
func (tx *texts) claimRefused(id, adviser string) string {
	return i18n.Fill(tx.ClaimRefused, "id", clean(id), "adviser", clean(adviser))
}

// claimLost says, in an open form, that the adviser's claim lapsed and
// another adviser took the request.
func (tx *texts) claimLost(adviser string) string {
	return i18n.Fill(tx.ClaimLost, "adviser", clean(adviser), "minutes", int(store.ClaimIdle.Minutes()))
}

func (tx *texts) errorLine(err error) string {
	return i18n.Fill(tx.ErrorLine, "error", tx.errorText(err))
}

func (tx *texts) statsError(err error) string {
	return i18n.Fill(tx.StatsError, "error", tx.errorText(err))
}

func (tx *texts) versionLine(v store.VersionInfo, loc timeLoc) string {
	s := i18n.Fill(tx.VersionLine, "version", v.Version, "received", tx.date(v.Received), "imported", loc.format(v.ImportedAt))
	if v.ImportedBy != "" {
		s += i18n.Fill(tx.VersionBy, "adviser", clean(v.ImportedBy))
	}
	if v.Source != "" {
		s += i18n.Fill(tx.VersionFrom, "source", clean(v.Source))
	}
	return s
}

func (tx *texts) currentVersion(n int) string { return i18n.Fill(tx.CurrentVersion, "version", n) }

func (tx *texts) decisionLine(d authz.Decision, loc timeLoc) string {
	return i18n.Fill(tx.DecisionLine, "time", loc.format(d.DecidedAt), "outcome", tx.outcomeWord(d.Outcome), "adviser", clean(d.Adviser))
}

func (tx *texts) decisionDetails(d authz.Decision) []string {
	var lines []string
	if d.ReasonCode != authz.RejectNone {
		lines = append(lines, tx.LblReasonCode+": "+tx.rejectWord(d.ReasonCode))
	}
	if d.ApprovedMinutes != 0 {
		lines = append(lines, tx.LblMinutes+": "+strconv.FormatInt(d.ApprovedMinutes, 10))
	}
	if !d.ValidFrom.IsZero() || !d.ValidUntil.IsZero() {
		lines = append(lines, tx.LblPeriod+": "+tx.periodWords(d.ValidFrom, d.ValidUntil))
	}
	if len(d.ItemsRequested) > 0 {
		lines = append(lines, tx.LblItemsRequested+": "+tx.itemList(d.ItemsRequested))
	}
	if d.Reason != "" {
		lines = append(lines, tx.LblReason+": "+cleanBlock(d.Reason))
	}
	return lines
}

func (tx *texts) accessLine(e audit.Entry, loc timeLoc) string {
	s := i18n.Fill(tx.AccessLine, "time", loc.format(e.Time), "adviser", clean(e.Adviser), "point", clean(e.AccessPoint), "event", tx.w.Event(e.Event))
	if e.Outcome == audit.Refused {
		s += tx.AccessRefused
	}
	if e.Detail != "" {
		s += ": " + clean(e.Detail)
	}
	return s
}

func (tx *texts) periodWords(from, until authz.Date) string {
	return i18n.Fill(tx.Period, "from", tx.date(from), "until", tx.date(until))
}

func (tx *texts) memberLine(m authz.Member) string {
	s := tx.orAbsent(m.Name) + ", " + tx.orAbsent(m.Discipline)
	if m.AGB != nil {
		s += i18n.Fill(tx.MemberAGB, "agb", clean(*m.AGB))
	}
	return s + ": " + tx.orAbsent(m.PartOfCare)
}

func (tx *texts) referrerLine(r *authz.Referral) string {
	s := tx.referrerWord(r.ReferrerKind)
	if r.ReferrerKind == "" {
		s = tx.w.Absent
	}
	return s + ", " + tx.orAbsent(r.ReferrerName)
}

func (tx *texts) orAbsent(s string) string {
	if strings.TrimSpace(s) == "" {
		return tx.w.Absent
	}
	return clean(s)
}

func (tx *texts) dateOrAbsent(d authz.Date) string {
	if d.IsZero() {
		return tx.w.Absent
	}
	return tx.date(d)
}

func (tx *texts) itemHeading(n int, it authz.Item) string {
	return strconv.Itoa(n) + " " + tx.itemWord(it)
}

func (tx *texts) minutesWords(n int64) string { return tx.Minutes.N(int(n)) }

func formSubject(id, name string) string { return clean(id) + textSep + clean(name) }

func (tx *texts) approveSummary(r *authz.Request) string {
	p := r.TreatmentPlan
	if p == nil {
		return tx.ApproveNoPlan
	}
	return i18n.Fill(tx.ApproveSummary, "minutes", tx.minutesWords(p.Minutes()), "period", tx.periodWords(p.PeriodStart, p.PeriodEnd), "start", tx.date(r.TreatmentStart))
}

func (tx *texts) proposalSummary(p *authz.Decision) string {
	if p == nil {
		return tx.ProposalNone
	}
	return i18n.Fill(tx.ProposalSummary, "adviser", clean(p.Adviser), "code", tx.rejectWord(p.ReasonCode))
}

func (tx *texts) recordedStatus(id string, d authz.Decision, st authz.State) string {
	return i18n.Fill(tx.RecordedStatus, "id", clean(id), "outcome", tx.outcomeWord(d.Outcome), "state", tx.stateWord(st))
}

func (tx *texts) revealFailed(err error) string {
	return i18n.Fill(tx.RevealFailed, "error", tx.errorText(err))
}

// notADate says that what was typed in a date field is no date: not of
// the form YYYY-MM-DD, or no day of the calendar.
func (tx *texts) notADate(field, value string) error {
	why := tx.TextNotADate
	if len(value) == 10 && strings.Trim(value[:4]+value[5:7]+value[8:], "0123456789") == "" && value[4] == '-' && value[7] == '-' {
		why = tx.TextNotADay
	}
	return errors.New(i18n.Fill(tx.TextDateNotDate, "field", field, "value", clean(value), "why", why))
}

// roleRefused says that the session's role may not do something here.
func (tx *texts) roleRefused(r *roles.Refusal) string {
	word := func(x roles.Role) string {
		if w, ok := tx.Roles[x.String()]; ok {
			return w
		}
		return x.String()
	}
	var names []string
	for _, x := range r.Command.Roles().Roles() {
		names = append(names, word(x))
	}
	list := strings.Join(names, ", ")
	if n := len(names); n > 1 {
		list = strings.Join(names[:n-1], ", ") + " " + tx.c.Refusals.Or + " " + names[n-1]
	}
	return i18n.Fill(tx.RoleRefused, "command", r.Command.String(), "roles", list, "role", word(r.Role))
}

// errorText is an error for the screen: the request that did not load in
// words, anything else as the store said it, cleaned.
func (tx *texts) errorText(err error) string {
	var role *roles.Refusal
	if errors.As(err, &role) {
		return tx.roleRefused(role)
	}
	if err == errNoRequest {
		return tx.TextNoRecord
	}
	if !tx.c.CLI.Identifiers {
		// A store's, a file's or an input's error, said from its type.
		if s, ok := tx.c.Explain(err); ok {
			return clean(s)
		}
	}
	return clean(err.Error())
}
