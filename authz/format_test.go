package authz

import (
	"strings"
	"testing"
)

// The BSN: 9 digits, not all zeros, 11-proef with weights 9..2 and -1.
func TestBSNElevenProef(t *testing.T) {
	tests := []struct {
		bsn  string
		want string // "" valid, else a word of the problem
	}{
		{"123456782", ""},
		{"249566758", ""},
		{"111222333", ""},
		{"123456781", "11-proef"},
		{"123456783", "11-proef"},
		{"249566757", "11-proef"},
		{"132456782", "11-proef"}, // two digits swapped
		{"000000000", "zeros"},
		{"12345678", "9 digits"},
		{"1234567823", "9 digits"},
		{"", "9 digits"},
		{"12345678a", "9 digits"},
		{"12345678 ", "9 digits"},
		{" 23456782", "9 digits"},
		{"-23456782", "9 digits"},
		{"１２３４５６７８２", "9 digits"}, // full-width digits
		{"123.456.782", "9 digits"},
	}
	for _, tt := range tests {
		got := BSNProblem(tt.bsn)
		if tt.want == "" && got != "" {
			t.Errorf("BSNProblem(%q) = %q, want valid", tt.bsn, got)
		}
		if tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("BSNProblem(%q) = %q, want a problem mentioning %q", tt.bsn, got, tt.want)
		}
	}
}

func TestMaskBSN(t *testing.T) {
	tests := []struct{ in, want string }{
		{"123456782", "******782"},
		{"249566758", "******758"},
		{"12", "******"},
		{"", "******"},
		{"123", "******123"},
	}
	for _, tt := range tests {
		got := MaskBSN(tt.in)
		if got != tt.want {
			t.Errorf("MaskBSN(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(tt.in) == 9 && strings.Contains(got, tt.in[:6]) {
			t.Errorf("MaskBSN(%q) = %q shows the first digits", tt.in, got)
		}
	}
}

// A request id is [A-Za-z0-9-]{1,40}: it names files and keys, so no path
// separators, dots or non-ASCII letters.
func TestIsRequestID(t *testing.T) {
	tests := []struct {
		id   string
		want bool
	}{
		{"MA-2026-0001", true},
		{"a", true},
		{"-", true},
		{"0", true},
		{strings.Repeat("x", 40), true},
		{strings.Repeat("x", 41), false},
		{"", false},
		{"a/b", false},
		{"../x", false},
		{"..", false},
		{".", false},
		{`a\b`, false},
		{"a b", false},
		{"a_b", false},
		{"a.b", false},
		{"é", false},
		{"MA-2026-０001", false},
		{"a\x00", false},
		{"a\n", false},
		{"MA-1\u202e", false},
	}
	for _, tt := range tests {
		if got := IsRequestID(tt.id); got != tt.want {
			t.Errorf("IsRequestID(%q) = %v, want %v", tt.id, got, tt.want)
		}
	}
}

// Text reaching a terminal: no control characters but tab and newline, no
// bidi overrides, valid UTF-8 (a literal U+FFFD is fine).
func TestControlProblem(t *testing.T) {
	tests := []struct {
		in   string
		want string // "" safe, else a word of the problem
	}{
		{"", ""},
		{"Anna de Vries", ""},
		{"geïndiceerd, één, ß, 中文, 😀", ""},
		{"line one\nline two\ttabbed", ""},
		{"replacement \uFFFD character", ""},
		{"\uFFFD", ""},
		{"zero width\u200bspace", ""},
		{"NBSP\u00a0here", ""},
		{"esc \x1b[31m red", "U+001B"},
		{"\x00", "U+0000"},
		{"bell\a", "U+0007"},
		{"carriage\rreturn", "U+000D"},
		{"vertical\vtab", "U+000B"},
		{"form\ffeed", "U+000C"},
		{"\x1f", "U+001F"},
		{"del\x7f", "U+007F"},
		{"c1 csi \u009b31m", "U+009B"},
		{"c1 \u0080", "U+0080"},
		{"c1 nel \u0085", "U+0085"},
		{"c1 \u009f", "U+009F"},
		{"rlo \u202e evil", "U+202E"},
		{"lre \u202a", "U+202A"},
		{"pdf \u202c", "U+202C"},
		{"lri \u2066", "U+2066"},
		{"pdi \u2069", "U+2069"},
		{"bad \xff utf-8", "UTF-8"},
		{"truncated \xe2\x82", "UTF-8"},
		{"overlong \xc0\xaf", "UTF-8"},
		{"surrogate \xed\xa0\x80", "UTF-8"},
	}
	for _, tt := range tests {
		got := ControlProblem(tt.in)
		if tt.want == "" && got != "" {
			t.Errorf("ControlProblem(%q) = %q, want safe", tt.in, got)
		}
		if tt.want != "" && !strings.Contains(got, tt.want) {
			t.Errorf("ControlProblem(%q) = %q, want a problem mentioning %q", tt.in, got, tt.want)
		}
		if ControlProblem(got) != "" {
			t.Errorf("ControlProblem(%q) message %q is itself unsafe", tt.in, got)
		}
	}
}

// The code formats of item 5 and the AGB code.
func TestCodeFormats(t *testing.T) {
	for _, tt := range []struct {
		s                   string
		agb, dbc, prestatie bool
	}{
		{"03012345", true, false, true},
		{"0301234", false, false, true},
		{"030123456", false, false, true},
		{"0301234a", false, false, false},
		{"171234", false, true, true},
		{"17123", false, false, false},
		{"1712345", false, false, true},
		{"17123a", false, false, false},
		{"990916034", false, false, true},
		{"ABC123", false, false, true},
		{"ABCDEF123456", false, false, true},
		{"ABCDEF1234567", false, false, false},
		{"abc123", false, false, false},
		{"AbC123", false, false, false},
		{"ABC-123", false, false, false},
		{"ABC 123", false, false, false},
		{"", false, false, false},
	} {
		if got := IsAGB(tt.s); got != tt.agb {
			t.Errorf("IsAGB(%q) = %v", tt.s, got)
		}
		if got := IsDBCDeclarationCode(tt.s); got != tt.dbc {
			t.Errorf("IsDBCDeclarationCode(%q) = %v", tt.s, got)
		}
		if got := IsPrestatiecode(tt.s); got != tt.prestatie {
			t.Errorf("IsPrestatiecode(%q) = %v", tt.s, got)
		}
	}
}
