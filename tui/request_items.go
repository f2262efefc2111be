package tui

import (
	"strconv"

	"github.com/charmbracelet/x/ansi"

	"machtiging/authz"
	"machtiging/i18n"
)

// item lays out one of the five items: its status and what it holds.
func (r *requestModel) item(b *block, n int, res authz.ItemResult) {
	tx := r.ctx.tx
	st := r.ctx.st
	req := r.rec.Request
	head := fit("  "+tx.itemHeading(n, res.Item), r.itemHeadWidth())
	b.lines = append(b.lines, cut(head+st.status(res.Status).Render(statusSymbol(res.Status)+" "+tx.statusWord(res.Status)), b.width))
	if d := r.itemDetail(res); d != "" {
		b.kv(itemIndent, itemLabelWidth, tx.LblDetail, d)
	}
	kv := func(label, value string) { b.kv(itemIndent, itemLabelWidth, label, value) }
	switch res.Item {
	case authz.ItemReferral:
		if v := req.Referral; v != nil {
			kv(tx.LblDate, tx.dateOrAbsent(v.Date))
			kv(tx.LblReferrer, tx.referrerLine(v))
			if v.ReferrerAGB != nil {
				kv(tx.LblReferrerAGB, clean(*v.ReferrerAGB))
			}
		}
	case authz.ItemAdmissionIndication:
		if v := req.AdmissionIndication; v != nil {
			kv(tx.LblDate, tx.dateOrAbsent(v.Date))
			kv(tx.LblSummary, tx.orAbsent(v.Summary))
		}
	case authz.ItemTreatmentPlan:
		if v := req.TreatmentPlan; v != nil {
			kv(tx.LblDate, tx.dateOrAbsent(v.Date))
			kv(tx.LblPeriod, tx.periodWords(v.PeriodStart, v.PeriodEnd))
			if v.TreatmentMinutes != nil {
				kv(tx.LblMinutes, strconv.FormatInt(*v.TreatmentMinutes, 10))
			} else {
				kv(tx.LblMinutes, tx.w.Absent)
			}
			if len(v.Activities) == 0 {
				kv(tx.LblActivities, tx.w.Absent)
			}
			for i, a := range v.Activities {
				label := ""
				if i == 0 {
					label = tx.LblActivities
				}
				kv(label, textBullet+tx.orAbsent(a))
			}
		}
	case authz.ItemPractitioners:
		if v := req.Practitioners; v != nil {
			kv(tx.LblDate, tx.dateOrAbsent(v.Date))
			if len(v.Members) == 0 {
				kv(tx.LblMembers, tx.w.Absent)
			}
			for i, m := range v.Members {
				label := ""
				if i == 0 {
					label = tx.LblMembers
				}
				kv(label, textBullet+tx.memberLine(m))
			}
		}
	case authz.ItemCodes:
		if v := req.Codes; v != nil {
			kv(tx.LblDate, tx.dateOrAbsent(v.Date))
			kv(tx.LblDBC, tx.orAbsent(v.DBCDeclarationCode))
			kv(tx.LblPrestatie, tx.orAbsent(v.Prestatiecode))
		}
	}
}

// itemDetail says why an item is not in order, in the session's
// language: late or in the future from its date, else what the check found.
func (r *requestModel) itemDetail(res authz.ItemResult) string {
	if res.Detail == "" {
		return ""
	}
	tx, req := r.ctx.tx, r.rec.Request
	date := itemDate(req, res.Item)
	switch {
	case res.Status == authz.StatusLate:
		return i18n.Fill(tx.DetailLate, "date", tx.date(date), "start", tx.date(req.TreatmentStart))
	case res.Status == authz.StatusInvalid && !date.IsZero() && date > r.ctx.today:
		return i18n.Fill(tx.DetailFuture, "date", tx.date(date))
	}
	return i18n.Fill(tx.DetailInvalid, "problem", clean(res.Detail))
}

// itemDate is the date an item of a request carries, or zero.
func itemDate(req *authz.Request, it authz.Item) authz.Date {
	switch {
	case it == authz.ItemReferral && req.Referral != nil:
		return req.Referral.Date
	case it == authz.ItemAdmissionIndication && req.AdmissionIndication != nil:
		return req.AdmissionIndication.Date
	case it == authz.ItemTreatmentPlan && req.TreatmentPlan != nil:
		return req.TreatmentPlan.Date
	case it == authz.ItemPractitioners && req.Practitioners != nil:
		return req.Practitioners.Date
	case it == authz.ItemCodes && req.Codes != nil:
		return req.Codes.Date
	}
	return 0
}

// itemHeadWidth is the width of the items' headings: wide enough for the
// longest item name in the session's language, and at least as wide as a
// label and a value's first cells.
func (r *requestModel) itemHeadWidth() int {
	w := 2 + labelWidth + 8
	for _, it := range authz.Items {
		w = max(w, 2+ansi.StringWidth(r.ctx.tx.itemHeading(9, it))+1)
	}
	return w
}
