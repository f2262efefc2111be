package tui

import (
	"strings"
	"unicode/utf8"
)

// replacement stands in for a character that must not reach the terminal.
const replacement = '\uFFFD'

// clean makes stored text safe to write to a terminal on one line: control
// characters (C0 including tab and newline, DEL, C1), bidirectional controls
// and invalid UTF-8 are replaced, so that no escape sequence in old or
// hostile data can move the cursor, change colours or retitle the window.
// Tabs and newlines become spaces.
func clean(s string) string { return sanitize(s, false) }

// cleanBlock is clean for text shown over several lines: newlines stay.
func cleanBlock(s string) string { return sanitize(s, true) }

func sanitize(s string, keepNewlines bool) string {
	if safeLine(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(replacement)
		case r == '\n' && keepNewlines:
			b.WriteByte('\n')
		case r == '\t' || r == '\n':
			b.WriteByte(' ')
		case unsafeRune(r):
			b.WriteRune(replacement)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// safeLine reports whether s needs no change, so that clean costs no
// allocation on ordinary data.
func safeLine(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x20 || c == 0x7f || c >= 0x80 {
			return false
		}
	}
	return true
}

// unsafeRune: C0 and C1 controls, DEL, and the Unicode controls that reorder
// or hide text (bidi embeddings, overrides and isolates, and the line and
// paragraph separators).
func unsafeRune(r rune) bool {
	switch {
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
		return true
	case r == 0x2028 || r == 0x2029 || r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	}
	return false
}
