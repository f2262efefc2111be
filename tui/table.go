package tui

import (
	"fmt"
	"github.com/charmbracelet/x/ansi"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"machtiging/authz"
	"machtiging/store"
)

// colID names a column of the queue table.
type colID uint8

const (
	colDueID colID = iota
	colUrgentID
	colIDID
	colNameID
	colBSNID
	colProviderID
	colSettingID
	colStartID
	colVerdictID
	colStateID
	colItemsID
	numCols
)

// column is one column of the queue table as laid out for a width.
type column struct {
	id    colID
	title string
	width int
	want  int // width wanted before less needed columns are kept
	max   int // > width: the column may grow to this
}

// columnSpecs lists the columns in screen order with their narrowest width.
// A fixed column is at least as wide as its title in the session's
// language.
func columnSpecs(tx *texts, idWidth int) []column {
	cols := []column{
		{id: colDueID, title: tx.ColDue, width: 11},
		{id: colUrgentID, title: colUrgent, width: 1},
		{id: colIDID, title: tx.ColIdent, width: idWidth},
		{id: colNameID, title: tx.ColName, width: 12, want: 16, max: 28},
		{id: colBSNID, title: tx.ColBSN, width: 9},
		{id: colProviderID, title: tx.ColProvider, width: 12, want: 16, max: 36},
		{id: colSettingID, title: tx.ColSetting, width: 10},
		{id: colStartID, title: tx.ColStart, width: 10},
		{id: colVerdictID, title: tx.ColVerdict, width: 12},
		{id: colStateID, title: tx.ColState, width: 13},
		{id: colItemsID, title: tx.ColItems, width: 5},
	}
	for i := range cols {
		if c := &cols[i]; c.max == 0 && c.id != colIDID {
			c.width = max(c.width, ansi.StringWidth(c.title))
		}
	}
	return cols
}

// dropOrder is the order in which columns give way on a narrow screen: the
// least needed first. The line under the table shows what was dropped for
// the selected request.
var dropOrder = []colID{colSettingID, colStartID, colProviderID, colStateID, colBSNID, colVerdictID, colItemsID, colNameID}

const (
	markerWidth = 2 // "› " before the selected row, "✎" in its second cell for a claimed one
	colGap      = 1
)

// layoutColumns chooses the columns that fit in width and their widths.
// The state column is shown only where a view holds more than one state.
func layoutColumns(tx *texts, width int, showState bool, idWidth int) []column {
	cols := columnSpecs(tx, idWidth)
	if !showState {
		cols = remove(cols, colStateID)
	}
	used := func(wanted bool) int {
		n := markerWidth
		for _, c := range cols {
			w := c.width
			if wanted && c.want > w {
				w = c.want
			}
			n += w + colGap
		}
		return n - colGap
	}
	for _, id := range dropOrder {
		if used(true) <= width {
			break
		}
		cols = remove(cols, id)
	}
	for _, id := range dropOrder {
		if used(false) <= width {
			break
		}
		cols = remove(cols, id)
	}
	extra := width - used(false)
	for i := range cols {
		if extra <= 0 {
			break
		}
		if grow := min(cols[i].max-cols[i].width, extra); grow > 0 {
			// Share between the growing columns: the name first, up to half.
			if cols[i].id == colNameID {
				grow = min(grow, max(extra/2, 1))
			}
			cols[i].width += grow
			extra -= grow
		}
	}
	for i := range cols {
		if extra <= 0 {
			break
		}
		if grow := min(cols[i].max-cols[i].width, extra); grow > 0 {
			cols[i].width += grow
			extra -= grow
		}
	}
	return cols
}

func remove(cols []column, id colID) []column {
	out := cols[:0:0]
	for _, c := range cols {
		if c.id != id {
			out = append(out, c)
		}
	}
	return out
}

func headerLine(st *Styles, cols []column) string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markerWidth))
	for i, c := range cols {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", colGap))
		}
		b.WriteString(fit(c.title, c.width))
	}
	return st.TableHeader.Render(strings.TrimRight(b.String(), " "))
}

// rowCells are the plain texts of a row's cells, before styling.
type rowCells struct {
	text    [numCols]string
	due     authz.Date
	verdict authz.Verdict
	items   [authz.NumItems]authz.ItemResult
}

func cellsOf(ctx *programContext, r *store.Row) rowCells {
	tx := ctx.tx
	var c rowCells
	c.items, c.verdict = r.CheckWith(findingsOf(ctx.regs, r), ctx.today)
	if r.State.Final() {
		c.text[colDueID] = textDash
	} else {
		c.due = r.Due
		c.text[colDueID] = tx.dueWords(r.Due, ctx.today)
	}
	if r.Urgent {
		c.text[colUrgentID] = textUrgentMark
	}
	c.text[colIDID] = clean(r.ID)
	c.text[colNameID] = clean(r.Name)
	c.text[colBSNID] = authz.MaskBSN(r.BSN)
	c.text[colProviderID] = clean(r.Provider)
	c.text[colSettingID] = tx.settingWord(r.Setting)
	c.text[colStartID] = tx.short(r.TreatmentStart)
	c.text[colVerdictID] = tx.verdictWord(c.verdict)
	c.text[colStateID] = tx.stateWord(r.State)
	var strip strings.Builder
	for _, it := range c.items {
		strip.WriteString(statusSymbol(it.Status))
	}
	c.text[colItemsID] = strip.String()
	return c
}

// rowLine draws one row of the table. The selected row is drawn plain and
// then highlighted as a whole, with a marker that shows without colour. A
// request another adviser is reviewing has a mark beside the marker.
// colsKey identifies a column layout for the line cache.
func colsKey(cols []column) string {
	var b strings.Builder
	for _, c := range cols {
		fmt.Fprintf(&b, "%d:%d,", c.id, c.width)
	}
	return b.String()
}

// cachedRowLine draws a queue row, or takes it from the cache.
func cachedRowLine(ctx *programContext, cols []column, layout string, r *store.Row, selected bool, width int) string {
	_, claimed := ctx.otherClaim(r.ID)
	k := lineKey{row: string(r.Key), version: r.Version, selected: selected, claimed: claimed, width: width, today: ctx.today, cols: layout}
	if line, ok := ctx.lines[k]; ok {
		return line
	}
	if ctx.lines == nil || len(ctx.lines) >= maxCachedLines {
		ctx.lines = make(map[lineKey]string, maxCachedLines)
	}
	line := rowLine(ctx, cols, r, selected, claimed, width)
	ctx.lines[k] = line
	return line
}

func rowLine(ctx *programContext, cols []column, r *store.Row, selected, claimed bool, width int) string {
	st := ctx.st
	c := cellsOf(ctx, r)
	claim := " "
	if claimed {
		claim = textClaimMark
	}
	var b strings.Builder
	if selected {
		b.WriteString(textCursor + claim)
		for i, col := range cols {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", colGap))
			}
			b.WriteString(fit(c.text[col.id], col.width))
		}
		return st.Selected.Render(fit(b.String(), width))
	}
	if claim != " " {
		claim = st.Warning.Render(claim)
	}
	b.WriteString(" " + claim)
	for i, col := range cols {
		if i > 0 {
			b.WriteString(strings.Repeat(" ", colGap))
		}
		cell := fit(c.text[col.id], col.width)
		switch col.id {
		case colDueID:
			if !c.due.IsZero() {
				switch n := ctx.today.DaysUntil(c.due); {
				case n < 0:
					cell = st.Overdue.Render(cell)
				case n == 0:
					cell = st.DueToday.Render(cell)
				}
			}
		case colUrgentID:
			cell = st.Urgent.Render(cell)
		case colVerdictID:
			cell = verdictStyle(st, c.verdict).Render(cell)
		case colStateID:
			cell = st.state(r.State).Render(cell)
		case colItemsID:
			var strip strings.Builder
			for _, it := range c.items {
				strip.WriteString(st.status(it.Status).Render(statusSymbol(it.Status)))
			}
			cell = strip.String()
		}
		b.WriteString(cell)
	}
	return b.String()
}

func verdictStyle(st *Styles, v authz.Verdict) lipgloss.Style {
	switch v {
	case authz.VerdictComplete:
		return st.Success
	case authz.VerdictIncomplete:
		return st.Warning
	case authz.VerdictStarted, authz.VerdictNotInsured:
		return st.Error
	case authz.VerdictUnverified:
		return st.Warning
	}
	return st.Muted
}
