package authz

import (
	"strings"
)

// IsAGB reports whether s is an AGB code: 8 digits.
func IsAGB(s string) bool { return len(s) == 8 && allDigits(s) }

// IsDBCDeclarationCode reports whether s is an NZa declaratiecode: 6 digits.
func IsDBCDeclarationCode(s string) bool { return len(s) == 6 && allDigits(s) }

// IsPrestatiecode reports whether s is 6 to 12 digits and capital letters.
func IsPrestatiecode(s string) bool {
	if len(s) < 6 || len(s) > 12 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// BSNProblem says why s is not a burgerservicenummer, or "" when it is: 9
// digits, not all zeros, passing the 11-proef (weights 9..2 and -1).
func BSNProblem(s string) string {
	if c := BSNProblemCode(s); c != 0 {
		return (&Problem{Code: c}).Error()
	}
	return ""
}

// MaskBSN shows only the last three digits of a BSN.
func MaskBSN(s string) string {
	if len(s) < 3 {
		return "******"
	}
	return "******" + s[len(s)-3:]
}

// IsRequestID reports whether s matches [A-Za-z0-9-]{1,40}.
func IsRequestID(s string) bool {
	if len(s) < 1 || len(s) > 40 {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-') {
			return false
		}
	}
	return true
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func isBlank(s string) bool { return strings.TrimSpace(s) == "" }

// ControlProblem says why text cannot be shown on a terminal: a control
// character other than tab and newline (C0, DEL, C1) or a Unicode format
// character that reorders text (bidi overrides). Empty when s is safe.
func ControlProblem(s string) string {
	if p := TextProblem(s); p != nil {
		return p.says()
	}
	return ""
}

func quoteRune(r rune) string {
	const hex = "0123456789ABCDEF"
	b := []byte("U+0000")
	for i := 0; i < 4; i++ {
		b[5-i] = hex[(r>>(4*i))&0xf]
	}
	return string(b)
}
