package keys

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The passphrase rule: at least MinPassphrase characters with at least one
// letter and one digit; every printable character is allowed, spaces and
// letters of any script included, up to MaxPassphrase characters (NIST SP
// 800-63B asks for at least 64 and forbids low maximums).
const (
	MinPassphrase = 8
	MaxPassphrase = 1024
)

// A passphrase that breaks the rule is one of these typed errors, one per
// part of the rule.
type (
	// ErrPassphraseTooShort: fewer than MinPassphrase characters.
	ErrPassphraseTooShort struct{ Length, Min int }
	// ErrPassphraseTooLong: more than MaxPassphrase characters.
	ErrPassphraseTooLong struct{ Length, Max int }
	// ErrPassphraseNoLetter: not a single letter.
	ErrPassphraseNoLetter struct{}
	// ErrPassphraseNoDigit: not a single digit.
	ErrPassphraseNoDigit struct{}
	// ErrPassphraseNotPrintable: a control or other unprintable character
	// at a position (1-based, in characters), or bytes that are not UTF-8
	// (Position 0).
	ErrPassphraseNotPrintable struct{ Position int }
)

func (e ErrPassphraseTooShort) Error() string {
	return fmt.Sprintf("the passphrase has %d characters; it needs at least %d", e.Length, e.Min)
}

func (e ErrPassphraseTooLong) Error() string {
	return fmt.Sprintf("the passphrase has %d characters; at most %d are allowed", e.Length, e.Max)
}

func (ErrPassphraseNoLetter) Error() string { return "the passphrase needs at least one letter" }

func (ErrPassphraseNoDigit) Error() string { return "the passphrase needs at least one digit" }

func (e ErrPassphraseNotPrintable) Error() string {
	if e.Position == 0 {
		return "the passphrase is not valid UTF-8 text"
	}
	return fmt.Sprintf("character %d of the passphrase is not printable", e.Position)
}

// Normalize puts a passphrase in Unicode normal form NFKC, so that the same
// letters typed on another terminal (é as one character or as e and an
// accent) give the same key.
func Normalize(p string) string { return norm.NFKC.String(p) }

// CheckPassphrase applies the passphrase rule to a new passphrase.
func CheckPassphrase(p string) error {
	if !utf8.ValidString(p) {
		return ErrPassphraseNotPrintable{}
	}
	p = Normalize(p)
	n, letter, digit := 0, false, false
	for _, r := range p {
		n++
		if !unicode.IsGraphic(r) {
			return ErrPassphraseNotPrintable{Position: n}
		}
		letter = letter || unicode.IsLetter(r)
		digit = digit || unicode.IsDigit(r)
	}
	switch {
	case n < MinPassphrase:
		return ErrPassphraseTooShort{Length: n, Min: MinPassphrase}
	case n > MaxPassphrase:
		return ErrPassphraseTooLong{Length: n, Max: MaxPassphrase}
	case !letter:
		return ErrPassphraseNoLetter{}
	case !digit:
		return ErrPassphraseNoDigit{}
	}
	return nil
}
