package tui

import (
	"errors"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"machtiging/authz"
)

var errNoRequest = errors.New("the store returned no request")

// timeLoc formats stored instants in the adviser's time zone.
type timeLoc struct {
	loc    *time.Location
	layout string // Go's layout of a day and a time; empty means ISO
}

func (l timeLoc) location() *time.Location {
	if l.loc == nil {
		return time.Local
	}
	return l.loc
}

func (l timeLoc) format(t time.Time) string {
	if t.IsZero() {
		return textDash
	}
	layout := l.layout
	if layout == "" {
		layout = "2006-01-02 15:04"
	}
	return t.In(l.location()).Format(layout)
}

// date is the calendar day of an instant in the adviser's time zone.
func (l timeLoc) date(t time.Time) authz.Date {
	if t.IsZero() {
		return 0
	}
	return authz.DateOf(t.In(l.location()))
}

// fit cuts s to width cells (with an ellipsis) or pads it with spaces. s
// holds no escape sequences: it is plain text, styled afterwards.
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		return ansi.Truncate(s, width, textEllipsis)
	}
	return s + strings.Repeat(" ", width-w)
}

// cut cuts s to width cells without padding; s may hold styles.
func cut(s string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(s) <= width {
		return s
	}
	return ansi.Truncate(s, width, textEllipsis)
}

// wrap breaks plain text into lines of at most width cells, keeping the
// newlines it holds.
func wrap(s string, width int) []string {
	if width < 10 {
		width = 10
	}
	return strings.Split(ansi.Wrap(s, width, ""), "\n")
}

// spread puts left and right on one line of width cells.
func spread(left, right string, width int) string {
	lw, rw := ansi.StringWidth(left), ansi.StringWidth(right)
	if lw+rw+1 > width {
		return cut(left, width)
	}
	return left + strings.Repeat(" ", width-lw-rw) + right
}

// fillLines makes text exactly height lines: cut when longer, padded with
// empty lines when shorter.
func fillLines(lines []string, height int) []string {
	if height < 0 {
		height = 0
	}
	if len(lines) > height {
		return lines[:height]
	}
	for len(lines) < height {
		lines = append(lines, "")
	}
	return lines
}
