package demo

import (
	"machtiging/authz"
)

func hasSetting(p profile, s authz.Setting) bool {
	for _, v := range p.settings {
		if v == s {
			return true
		}
	}
	return false
}

func (g *generator) profileFor(s authz.Setting) profile {
	for {
		if p := pick(g, profiles); hasSetting(p, s) {
			return p
		}
	}
}

func (g *generator) provider(contracted bool) provider {
	for {
		if p := pick(g, providers); p.contracted == contracted {
			return p
		}
	}
}

// activities keeps the intake and three to five more of the profile's
// activities, in the profile's order.
func (g *generator) activities(p profile) []string {
	rest := p.activities[1:]
	keep := g.between(min(3, len(rest)), min(5, len(rest)))
	chosen := make([]bool, len(rest))
	for _, i := range g.rng.Perm(len(rest))[:keep] {
		chosen[i] = true
	}
	out := []string{p.activities[0]}
	for i, a := range rest {
		if chosen[i] {
			out = append(out, a)
		}
	}
	if g.chance(0.2) {
		out = append(out, "multidisciplinair teamoverleg")
	}
	return out
}

// team is the revalidatiearts and two to five of the profile's disciplines.
func (g *generator) team(p profile) []authz.Member {
	agb := g.agb(agbPrefix[revalidatiearts])
	members := []authz.Member{{
		Name: "dr. " + g.initialName(), Discipline: revalidatiearts, AGB: &agb,
		PartOfCare: "regie, medische behandeling en coördinatie van het team",
	}}
	keep := g.between(min(2, len(p.team)), len(p.team))
	chosen := make([]bool, len(p.team))
	for _, i := range g.rng.Perm(len(p.team))[:keep] {
		chosen[i] = true
	}
	for i, rl := range p.team {
		if !chosen[i] {
			continue
		}
		m := authz.Member{Name: g.initialName(), Discipline: rl.discipline, PartOfCare: rl.part}
		if g.chance(0.4) {
			a := g.agb(agbPrefix[rl.discipline])
			m.AGB = &a
		}
		members = append(members, m)
	}
	return members
}
