// Package i18n is the catalogue of everything machtiging says to a person,
// in Dutch and English: the review screens, the command line's human
// output, the demo, and the words for authz's refusals. Machine output
// (JSON, CSV, NDJSON, exit codes) never goes through it.
//
// A text is a string field of a struct in this package, filled in once per
// language (en_*.go, nl_*.go). Placeholders are named, {id}, and filled by
// Fill; a text that depends on a count is a Plural. TestCatalogue checks
// that both languages hold every text, with the same placeholders.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is a language of the catalogue.
type Lang uint8

const (
	English Lang = iota
	Dutch
)

// Langs lists the languages, English first.
var Langs = []Lang{English, Dutch}

// String is the language's code: en or nl.
func (l Lang) String() string {
	if l == Dutch {
		return "nl"
	}
	return "en"
}

// ParseLang reads a language code (en, nl) or a locale (nl_NL.UTF-8,
// en-GB, C.UTF-8): a name that starts with nl is Dutch, one that starts
// with en, or C or POSIX, is English.
func ParseLang(s string) (Lang, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return English, false
	}
	base := s
	if i := strings.IndexAny(s, "_-.@"); i >= 0 {
		base = s[:i]
	}
	switch base {
	case "nl", "dutch", "nederlands":
		return Dutch, true
	case "en", "english", "c", "posix":
		return English, true
	}
	return English, false
}

// FromFlag reads the value of --lang: en or nl.
func FromFlag(s string) (Lang, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "en":
		return English, nil
	case "nl":
		return Dutch, nil
	}
	return English, fmt.Errorf("--lang %q: want en or nl", s)
}

// FromEnv chooses the language from the environment: MACHTIGING_LANG (en
// or nl), else the first of LC_ALL, LC_MESSAGES and LANG that is set, as
// POSIX orders them (a locale that starts with nl is Dutch); else English.
func FromEnv(getenv func(string) string) Lang {
	if l, ok := ParseLang(getenv("MACHTIGING_LANG")); ok {
		return l
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			l, _ := ParseLang(v)
			return l
		}
	}
	return English
}

// Choose is the language of a session: the --lang flag when given, else
// FromEnv.
func Choose(flag string, getenv func(string) string) (Lang, error) {
	if strings.TrimSpace(flag) != "" {
		return FromFlag(flag)
	}
	return FromEnv(getenv), nil
}
