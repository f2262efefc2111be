package tui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/store"
)

// titleBar names the program and the store, with the path shortened from
// the left to fit in width.
func titleBar(path string, encrypted bool, width int) string {
	head, tail := appName+" · ", ""
	if !encrypted {
		tail = " · " + textUnencrypted
	}
	p := clean(path)
	if room := width - ansi.StringWidth(head+tail); ansi.StringWidth(p) > room {
		p = ansi.TruncateLeft(p, ansi.StringWidth(p)-max(room, 1)+1, textEllipsis)
	}
	return head + p + tail
}

func adviserLabel(a store.Actor) string { return clean(a.Adviser) }

func tabLabel(v store.View, n int, known bool) string {
	if !known {
		return viewWords[v]
	}
	return fmt.Sprintf("%s %d", viewWords[v], n)
}

func statsLine(overdue, decidedToday int, loaded bool) string {
	if !loaded {
		return "overdue … · decided today …"
	}
	return fmt.Sprintf("overdue %d · decided today %d", overdue, decidedToday)
}

func positionLabel(pos, total int) string { return fmt.Sprintf("%d/%d", pos, total) }

func filterCapped(n int) string {
	return fmt.Sprintf("first %d matches shown; type more to narrow the filter", n)
}

func filterCount(n int) string {
	if n == 1 {
		return "1 match"
	}
	return fmt.Sprintf("%d matches", n)
}

func awaitingSecondReview(proposer string) string {
	if proposer == "" {
		return "awaiting second review"
	}
	return fmt.Sprintf("awaiting second review (proposed by %s)", clean(proposer))
}

// inReviewBy says that another adviser has a decision form open on a
// request.
func inReviewBy(adviser string) string { return "in review by " + clean(adviser) }

// claimRefused says why a decision form did not open.
func claimRefused(id, adviser string) string {
	return fmt.Sprintf("%s is %s: try again when they are done", clean(id), inReviewBy(adviser))
}

// claimLost says, in an open form, that the adviser's claim lapsed and
// another adviser took the request.
func claimLost(adviser string) string {
	return fmt.Sprintf("Now %s (your claim lapsed after %d idle minutes): recording is refused until they are done.", inReviewBy(adviser), int(store.ClaimIdle.Minutes()))
}

func errorLine(err error) string { return "error: " + clean(err.Error()) }

func statsError(err error) string { return "counting overdue requests failed: " + clean(err.Error()) }

func versionLine(v store.VersionInfo, loc timeLoc) string {
	s := fmt.Sprintf("version %d, received %s, imported %s", v.Version, v.Received, loc.format(v.ImportedAt))
	if v.ImportedBy != "" {
		s += " by " + clean(v.ImportedBy)
	}
	if v.Source != "" {
		s += " from " + clean(v.Source)
	}
	return s
}

func currentVersion(n int) string { return fmt.Sprintf("%d (current)", n) }

func decisionLine(d authz.Decision, loc timeLoc) string {
	s := fmt.Sprintf("%s  %s by %s", loc.format(d.DecidedAt), outcomeWord(d.Outcome), clean(d.Adviser))
	return s
}

func decisionDetails(d authz.Decision) []string {
	var lines []string
	if d.ReasonCode != authz.RejectNone {
		lines = append(lines, lblReasonCode+": "+rejectWord(d.ReasonCode))
	}
	if d.ApprovedMinutes != 0 {
		lines = append(lines, fmt.Sprintf("%s: %d", lblMinutes, d.ApprovedMinutes))
	}
	if !d.ValidFrom.IsZero() || !d.ValidUntil.IsZero() {
		lines = append(lines, fmt.Sprintf("%s: %s to %s", lblPeriod, d.ValidFrom, d.ValidUntil))
	}
	if len(d.ItemsRequested) > 0 {
		lines = append(lines, lblItemsRequested+": "+itemList(d.ItemsRequested))
	}
	if d.Reason != "" {
		lines = append(lines, lblReason+": "+cleanBlock(d.Reason))
	}
	return lines
}

func itemList(items []authz.Item) string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = itemWord(it)
	}
	return strings.Join(names, ", ")
}

func accessLine(e audit.Entry, loc timeLoc) string {
	s := fmt.Sprintf("%s  %s (%s) %s", loc.format(e.Time), clean(e.Adviser), clean(e.AccessPoint), eventWord(e.Event))
	if e.Outcome == audit.Refused {
		s += ", refused"
	}
	if e.Detail != "" {
		s += ": " + clean(e.Detail)
	}
	return s
}

func periodWords(from, until authz.Date) string { return fmt.Sprintf("%s to %s", from, until) }

func memberLine(m authz.Member) string {
	s := fmt.Sprintf("%s, %s", orAbsent(m.Name), orAbsent(m.Discipline))
	if m.AGB != nil {
		s += fmt.Sprintf(" (AGB %s)", clean(*m.AGB))
	}
	return s + ": " + orAbsent(m.PartOfCare)
}

func referrerLine(r *authz.Referral) string {
	s := referrerWord(r.ReferrerKind)
	if r.ReferrerKind == "" {
		s = textAbsent
	}
	return s + ", " + orAbsent(r.ReferrerName)
}

func orAbsent(s string) string {
	if strings.TrimSpace(s) == "" {
		return textAbsent
	}
	return clean(s)
}

func dateOrAbsent(d authz.Date) string {
	if d.IsZero() {
		return textAbsent
	}
	return d.String()
}

func itemHeading(n int, it authz.Item) string { return fmt.Sprintf("%d %s", n, itemWord(it)) }

func minutesWords(n int64) string { return fmt.Sprintf("%d minutes", n) }

func formSubject(id, name string) string { return clean(id) + " · " + clean(name) }

func approveSummary(r *authz.Request) string {
	p := r.TreatmentPlan
	if p == nil {
		return "no treatment plan: nothing to approve"
	}
	return fmt.Sprintf("requested %s in %s · treatment starts %s", minutesWords(p.Minutes()), periodWords(p.PeriodStart, p.PeriodEnd), r.TreatmentStart)
}

func proposalSummary(p *authz.Decision) string {
	if p == nil {
		return "no proposed rejection on record"
	}
	return fmt.Sprintf("proposed by %s: %s", clean(p.Adviser), rejectWord(p.ReasonCode))
}

func recordedStatus(id string, d authz.Decision, st authz.State) string {
	return fmt.Sprintf("%s: %s, now %s", clean(id), outcomeWord(d.Outcome), stateWord(st))
}

func revealFailed(err error) string { return "the BSN could not be revealed: " + clean(err.Error()) }
