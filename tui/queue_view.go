package tui

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/lipgloss"

	"machtiging/authz"
	"machtiging/store"
)

// queueView draws the queue in q.width × q.height.
func (q *queueModel) queueView(stats string) string {
	tx := q.ctx.tx
	st := q.ctx.st
	w := q.width
	lines := make([]string, 0, q.height)
	lines = append(lines, cut(q.tabs(), w))

	var left string
	switch {
	case q.editing:
		left = st.Label.Render(tx.TextFilterLabel) + q.input.View()
	case q.filtered():
		left = st.Label.Render(tx.TextFilterLabel) + st.Bold.Render(clean(q.query))
	}
	if q.filtered() {
		left += "  " + st.Muted.Render(q.filterStatus())
	}
	lines = append(lines, spread(left, st.Muted.Render(stats), w))

	cols := layoutColumns(tx, w, q.view == store.ViewAll || q.view == store.ViewDecided, q.idWidth())
	lines = append(lines, cut(headerLine(st, cols), w))

	l := q.list()
	vis := q.visible()
	switch {
	case q.err != nil && !q.filtered():
		lines = append(lines, st.Error.Render(cut(tx.errorLine(q.err), w)))
	case q.filterErr != nil && q.filtered():
		lines = append(lines, st.Error.Render(cut(tx.errorLine(q.filterErr), w)))
	case !q.loaded && !q.filtered(), q.filtered() && !q.filterOK && len(l.rows) == 0:
		lines = append(lines, st.Muted.Render(tx.TextLoading))
	case len(l.rows) == 0 && q.filtered():
		lines = append(lines, st.Muted.Render(tx.TextNoMatches))
	case len(l.rows) == 0:
		lines = append(lines, st.Muted.Render(tx.TextNoRows))
	}
	end := min(len(l.rows), l.offset+vis)
	layout := colsKey(cols)
	for i := l.offset; i < end; i++ {
		lines = append(lines, cachedRowLine(q.ctx, cols, layout, &l.rows[i], i == l.cursor, w))
	}
	lines = fillLines(lines, q.height-1)
	lines = append(lines, q.detailLine())
	return strings.Join(lines, "\n")
}

func (q *queueModel) filterStatus() string {
	tx := q.ctx.tx
	switch {
	case !q.filterOK:
		return tx.TextFiltering
	case q.capped:
		return tx.filterCapped(len(q.matches.rows))
	}
	return tx.filterCount(len(q.matches.rows))
}

// idWidth fits the id column to the ids on screen.
func (q *queueModel) idWidth() int {
	l := q.list()
	w := 8
	end := min(len(l.rows), l.offset+q.visible())
	for i := l.offset; i < end; i++ {
		w = max(w, len(l.rows[i].ID))
	}
	return min(w, 20)
}

func (q *queueModel) tabs() string {
	tx := q.ctx.tx
	st := q.ctx.st
	render := func(short, tight bool) (string, int) {
		parts := make([]string, len(viewOrder))
		plain := 0
		for i, v := range viewOrder {
			label := tx.tabLabel(v, viewCount(q.counts, v), q.known)
			if v == q.view {
				parts[i] = st.TabActive.Render("[" + label + "]")
			} else {
				if short {
					// The first word of the view's name is enough
					// beside the others; the active tab says it whole.
					label = firstWord(label)
				}
				if !tight {
					label = " " + label + " "
				}
				parts[i] = st.Tab.Render(label)
			}
			plain += lipgloss.Width(parts[i]) + 1
		}
		return strings.Join(parts, " "), plain - 1
	}
	// The labels in full when they fit; else the inactive ones by their
	// first word; else without their padding too.
	bar, w := render(false, false)
	if w > q.width {
		bar, w = render(true, false)
	}
	if w > q.width {
		bar, _ = render(true, true)
	}
	return bar
}

// firstWord keeps a tab label's first word and its count.
func firstWord(label string) string {
	words := strings.Fields(label)
	if len(words) <= 2 {
		return label
	}
	if _, err := strconv.Atoi(words[len(words)-1]); err == nil {
		return words[0] + " " + words[len(words)-1]
	}
	return words[0]
}

// detailLine says more about the selected request: what did not fit in its
// row, for a request in second review who proposed the rejection, and who
// else is reviewing it.
func (q *queueModel) detailLine() string {
	tx := q.ctx.tx
	st := q.ctx.st
	r := q.selected()
	right := ""
	if pos, total, ok := q.position(); ok {
		right = positionLabel(pos, total)
	}
	if r == nil {
		return spread("", st.Muted.Render(right), q.width)
	}
	var left string
	if r.State == authz.StateSecondReview {
		left = clean(r.ID) + " " + st.Warning.Render(tx.awaitingSecondReview(r.Proposer))
		if cl, held := q.ctx.otherClaim(r.ID); held {
			left += textSep + st.Warning.Render(tx.inReviewBy(cl.Adviser))
		}
	} else {
		id := clean(r.ID)
		if cl, held := q.ctx.otherClaim(r.ID); held {
			id += " " + st.Warning.Render(textClaimMark+" "+tx.inReviewBy(cl.Adviser))
		}
		parts := []string{id, clean(r.Name), authz.MaskBSN(r.BSN), clean(r.Provider), tx.settingWord(r.Setting), tx.LblTreatmentStart + " " + tx.date(r.TreatmentStart)}
		left = strings.Join(parts, textSep)
	}
	room := q.width - len(right) - 2
	return spread(cut(left, room), st.Muted.Render(right), q.width)
}
