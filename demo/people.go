package demo

import (
	"unicode/utf8"

	"machtiging/authz"
)

func (g *generator) digits(n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + g.rng.IntN(10))
	}
	return string(b)
}

func (g *generator) agb(prefix string) string { return prefix + g.digits(8-len(prefix)) }

// bsn draws a burgerservicenummer that passes the 11-proef.
func (g *generator) bsn() string {
	for {
		b := make([]byte, 9)
		b[0] = byte('1' + g.rng.IntN(6))
		sum := int(b[0]-'0') * 9
		for i := 1; i < 8; i++ {
			d := g.rng.IntN(10)
			b[i] = byte('0' + d)
			sum += d * (9 - i)
		}
		if check := sum % 11; check < 10 {
			b[8] = byte('0' + check)
			return string(b)
		}
	}
}

// fullName writes a first name and surname, the tussenvoegsel in lower case:
// "Anna van der Meer"; sometimes a married name: "Anna Jansen-van der Meer".
func (g *generator) fullName() string {
	s := pick(g, surnames)
	name := pick(g, firstNames) + " " + joinSurname(s)
	if g.chance(0.08) {
		name = pick(g, firstNames) + " " + joinSurname(pick(g, surnames)) + "-" + joinSurname(s)
	}
	return name
}

func joinSurname(s surname) string {
	if s.prefix == "" {
		return s.main
	}
	return s.prefix + " " + s.main
}

// initialName writes an initial and surname: "T. van der Meer".
func (g *generator) initialName() string {
	first := pick(g, firstNames)
	r, _ := utf8.DecodeRuneInString(first)
	return string(r) + ". " + joinSurname(pick(g, surnames))
}

func (g *generator) insured(received authz.Date, clinical bool) authz.Insured {
	lo, hi := 18, 82
	if clinical {
		lo, hi = 30, 90
	}
	birth := received.AddDays(-(365*g.between(lo, hi) + g.between(0, 364)))
	in := authz.Insured{Name: g.fullName(), BSN: g.bsn(), BirthDate: birth}
	if g.chance(0.8) {
		in.PolicyNumber = "1" + g.digits(8)
	}
	return in
}

func (g *generator) referrerName(k authz.ReferrerKind) string {
	title := ""
	switch k {
	case authz.ReferrerSpecialist:
		title = pick(g, []string{"dr. ", "dr. ", "drs. ", ""})
	case authz.ReferrerCompanyDoc:
		title = pick(g, []string{"drs. ", ""})
	default:
		title = pick(g, []string{"", "", "dr. "})
	}
	return title + g.initialName()
}
