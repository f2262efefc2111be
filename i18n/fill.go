package i18n

import (
	"fmt"
	"strings"
)

// Fill puts values in a text's named placeholders: Fill("{id} is in review
// by {adviser}", "id", id, "adviser", who). A value is printed with %v.
// A placeholder without a value stays as it is, which the tests catch.
func Fill(text string, kv ...any) string {
	if len(kv) == 0 || !strings.Contains(text, "{") {
		return text
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		name, _ := kv[i].(string)
		pairs = append(pairs, "{"+name+"}", fmt.Sprint(kv[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// Plural is a text that depends on a count, {n} in it: One for 1, Other
// for every other count (Dutch and English agree on that rule).
type Plural struct {
	One, Other string
}

// N fills the form for n: {n} is n, kv fill the rest.
func (p Plural) N(n int, kv ...any) string {
	t := p.Other
	if n == 1 {
		t = p.One
	}
	return Fill(t, append([]any{"n", n}, kv...)...)
}

// Placeholders lists the names of a text's placeholders, in order of first
// appearance.
func Placeholders(text string) []string {
	var names []string
	seen := map[string]bool{}
	for {
		i := strings.IndexByte(text, '{')
		if i < 0 {
			return names
		}
		j := strings.IndexByte(text[i:], '}')
		if j < 0 {
			return names
		}
		name := text[i+1 : i+j]
		if name != "" && !strings.ContainsAny(name, " {") && !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
		text = text[i+j+1:]
	}
}
