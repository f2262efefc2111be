package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"machtiging/authz"
)

// Scripted is one decision of a demonstration script: who decides what about
// which request.
type Scripted struct {
	ID      string
	Adviser string
	Ask     authz.Ask // Ask.Adviser is Adviser
}

// Decisions scripts decisions for requests as imported (all open) and judged
// on today: applied in order with authz.Decide, every step is allowed. It
// approves some complete requests (a few for fewer minutes or a shorter
// period), rejects some requests at contracted providers as not needing a
// machtiging and some started ones as started, asks information for some
// incomplete requests and rejects one of those later, rejects a few as
// incomplete, and proposes a few rejections as not indicated: a second
// adviser concurs with the first and overturns the second, and the rest wait
// in second review. Most requests stay open. Requests decided in the
// script's first round come in the order of reqs; the second round (second
// advisers, a rejection after waiting) follows.
func Decisions(reqs []*authz.Request, today authz.Date, seed int64) []Scripted {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x646563697369))
	byVerdict := make(map[authz.Verdict][]int)
	for i, r := range reqs {
		v := authz.Check(r, authz.StateOpen, today).Verdict
		byVerdict[v] = append(byVerdict[v], i)
	}
	// take removes a share of a shuffled list, at least least of them (as far
	// as the list goes), and returns them in request order.
	take := func(v authz.Verdict, share float64, least int) []int {
		list := byVerdict[v]
		rng.Shuffle(len(list), func(i, j int) { list[i], list[j] = list[j], list[i] })
		k := min(len(list), max(least, int(share*float64(len(list))+0.5)))
		out := slices.Clone(list[:k])
		byVerdict[v] = list[k:]
		slices.Sort(out)
		return out
	}
	adviser := func(not string) string {
		for {
			if a := advisers[rng.IntN(len(advisers))]; a != not {
				return a
			}
		}
	}

	first := make(map[int]Scripted) // by request index
	add := func(i int, ask authz.Ask) {
		ask.Adviser = adviser("")
		first[i] = Scripted{ID: reqs[i].ID, Adviser: ask.Adviser, Ask: ask}
	}

	for n, i := range take(authz.VerdictComplete, 0.10, 1) {
		ask := authz.Ask{Action: authz.ActionApprove}
		plan := reqs[i].TreatmentPlan
		switch n % 4 {
		case 1:
			ask.Minutes = plan.Minutes() * 3 / 4
			if ask.Minutes >= 30 {
				ask.Minutes = ask.Minutes / 30 * 30 // whole half hours
			}
			if ask.Minutes < 1 {
				ask.Minutes = plan.Minutes()
			}
			ask.Reason = "Omvang teruggebracht tot wat voor dit behandeldoel gebruikelijk is."
		case 3:
			ask.Until = plan.PeriodStart.AddDays(plan.PeriodStart.DaysUntil(plan.PeriodEnd) / 2)
			ask.Reason = "Machtiging voor de eerste helft van de periode; verlenging na evaluatie."
		}
		add(i, ask)
	}
	notRequired := take(authz.VerdictNotRequired, 0.40, 1)
	for _, i := range notRequired {
		add(i, authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotRequired,
			Reason: fmt.Sprintf("%s is gecontracteerd: voor deze zorg is geen machtiging nodig.", reqs[i].Provider.Name)})
	}
	started := take(authz.VerdictStarted, 0.30, 1)
	for _, i := range started {
		add(i, authz.Ask{Action: authz.ActionReject, Code: authz.RejectStarted,
			Reason: fmt.Sprintf("De behandeling is op %s begonnen, voordat een machtiging was afgegeven.", reqs[i].TreatmentStart)})
	}
	waiting := take(authz.VerdictIncomplete, 0.15, 2)
	for n, i := range waiting {
		ask := authz.Ask{Action: authz.ActionRequestInfo, Reason: "Graag de ontbrekende of onjuiste stukken aanvullen."}
		if n%2 == 1 {
			ask.Items = notAcceptable(reqs[i], today) // named, as the default would
		}
		add(i, ask)
	}
	for _, i := range take(authz.VerdictIncomplete, 0.03, 1) {
		add(i, authz.Ask{Action: authz.ActionReject, Code: authz.RejectIncomplete,
			Reason: "Aanvraag onvolledig: " + strings.Join(itemNames(notAcceptable(reqs[i], today)), ", ") + "."})
	}
	// Proposals come from what is left of the complete and incomplete
	// requests: a medical judgement does not depend on the paperwork.
	proposable := append(slices.Clone(byVerdict[authz.VerdictComplete]), byVerdict[authz.VerdictIncomplete]...)
	rng.Shuffle(len(proposable), func(i, j int) { proposable[i], proposable[j] = proposable[j], proposable[i] })
	proposed := proposable[:min(len(proposable), max(3, len(reqs)*3/100))]
	for _, i := range proposed {
		add(i, authz.Ask{Action: authz.ActionReject, Code: authz.RejectNotIndicated,
			Reason: "Geen indicatie voor medisch-specialistische revalidatie: de doelen zijn met eerstelijns fysiotherapie te bereiken."})
	}

	order := make([]int, 0, len(first))
	for i := range first {
		order = append(order, i)
	}
	slices.Sort(order)
	script := make([]Scripted, 0, len(first)+3)
	for _, i := range order {
		script = append(script, first[i])
	}

	second := func(i int, ask authz.Ask) {
		ask.Adviser = adviser(first[i].Adviser)
		script = append(script, Scripted{ID: reqs[i].ID, Adviser: ask.Adviser, Ask: ask})
	}
	if len(proposed) > 0 {
		second(proposed[0], authz.Ask{Action: authz.ActionConcur})
	}
	if len(proposed) > 1 {
		second(proposed[1], authz.Ask{Action: authz.ActionOverturn,
			Reason: "Wel geïndiceerd: de beperkingen vragen om behandeling door een multidisciplinair team."})
	}
	if len(waiting) > 0 {
		i := waiting[0]
		script = append(script, Scripted{ID: reqs[i].ID, Adviser: first[i].Adviser, Ask: authz.Ask{
			Action: authz.ActionReject, Adviser: first[i].Adviser, Code: authz.RejectIncomplete,
			Reason: "De gevraagde informatie is niet binnen de termijn ontvangen."}})
	}
	script = append(script, reconsiderations(reqs, today, first, notRequired, started, adviser)...)
	return script
}

// reconsiderations scripts a third round: the insured objects to a few
// final rejections. The objection to the last rejection as not required
// is upheld, the one to the first rejection as started is approved after
// all when its items are in order, and one more waits in reconsideration.
// Each is decided by an adviser who took no part in the rejection.
func reconsiderations(reqs []*authz.Request, today authz.Date, first map[int]Scripted,
	notRequired, started []int, adviser func(not string) string) []Scripted {
	var out []Scripted
	object := func(i int, daysAgo int) {
		a := adviser("")
		out = append(out, Scripted{ID: reqs[i].ID, Adviser: a, Ask: authz.Ask{Action: authz.ActionReconsider, Adviser: a,
			Received: today.AddDays(-daysAgo), Reason: "Verzekerde maakt bezwaar tegen de afwijzing en vraagt om heroverweging."}})
	}
	// other is an adviser who is none of the rejection's.
	other := func(not ...string) string {
		for {
			a := adviser("")
			if !slices.Contains(not, a) {
				return a
			}
		}
	}
	decide := func(i int, ask authz.Ask, not ...string) {
		ask.Adviser = other(not...)
		out = append(out, Scripted{ID: reqs[i].ID, Adviser: ask.Adviser, Ask: ask})
	}
	if n := len(notRequired); n >= 2 {
		i := notRequired[n-1]
		object(i, 10)
		decide(i, authz.Ask{Action: authz.ActionUphold,
			Reason: "Na heroverweging blijft de afwijzing: de zorgaanbieder is gecontracteerd, een machtiging is niet nodig."}, first[i].Adviser)
	}
	if len(started) > 0 {
		i := started[0]
		object(i, 3)
		if len(notAcceptable(reqs[i], today)) == 0 {
			decide(i, authz.Ask{Action: authz.ActionApprove,
				Reason: "Na heroverweging toegekend: de aanvraag was tijdig volledig."}, first[i].Adviser)
		}
	}
	switch n, m := len(started), len(notRequired); {
	case n >= 2:
		object(started[n-1], 1)
	case m >= 3:
		object(notRequired[m-2], 1)
	}
	return out
}

// notAcceptable lists the items of a request that are not ok or not
// applicable on a day.
func notAcceptable(r *authz.Request, today authz.Date) []authz.Item {
	var items []authz.Item
	for _, it := range authz.Check(r, authz.StateOpen, today).Items {
		if !it.Status.Acceptable() {
			items = append(items, it.Item)
		}
	}
	return items
}

func itemNames(items []authz.Item) []string {
	names := make([]string, len(items))
	for i, it := range items {
		names[i] = it.String()
	}
	return names
}
