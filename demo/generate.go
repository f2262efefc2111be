// Package demo generates realistic requests for a machtiging, for
// demonstrations, load tests and the acceptance of the tool: Dutch insured
// persons with valid BSNs, invented revalidation ZBCs, treatment plans and
// teams, and a deliberate share of every flaw the check looks for. It also
// scripts decisions that bring some of the requests into every state.
//
// Everything is deterministic for a seed and a day.
package demo

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/go-json-experiment/json"

	"machtiging/authz"
)

// kind is the verdict a request is made for.
type kind uint8

const (
	kindNotRequired kind = iota // at a contracted provider
	kindStarted                 // treatment started, no decision yet
	kindComplete
	kindIncomplete
)

// flaw is how an item is made not ok.
type flaw uint8

const (
	flawMissing   flaw = iota
	flawLate           // dated on or after treatment starts
	flawMalformed      // a field absent, blank or out of format
	flawFuture         // dated after today (and before treatment starts)
)

type defect struct {
	item authz.Item
	flaw flaw
}

// scenario is what a request is made to be; the details are drawn.
type scenario struct {
	kind    kind
	setting authz.Setting // 0: drawn
	urgent  int8          // -1: drawn, 0: not urgent, 1: urgent
	defects []defect
}

// mustHave are placed at drawn positions in every block of requests, so that
// any sample of at least one block (and any of at least len(mustHave)
// requests) holds every verdict and every item status, urgent and not.
var mustHave = []scenario{
	{kind: kindNotRequired, urgent: -1},
	{kind: kindStarted, urgent: 0, defects: []defect{{authz.ItemTreatmentPlan, flawLate}}},
	{kind: kindComplete, setting: authz.SettingClinical, urgent: 1},
	{kind: kindComplete, setting: authz.SettingOutpatient, urgent: 0},
	{kind: kindIncomplete, setting: authz.SettingClinical, urgent: -1, defects: []defect{{authz.ItemCodes, flawMalformed}}},
	{kind: kindIncomplete, urgent: 0, defects: []defect{{authz.ItemTreatmentPlan, flawFuture}}},
	{kind: kindComplete, urgent: 0},
	{kind: kindIncomplete, setting: authz.SettingClinical, urgent: -1, defects: []defect{{authz.ItemAdmissionIndication, flawMissing}}},
	{kind: kindIncomplete, urgent: -1, defects: []defect{{authz.ItemReferral, flawMissing}}},
	{kind: kindIncomplete, urgent: -1, defects: []defect{{authz.ItemPractitioners, flawMalformed}, {authz.ItemCodes, flawMissing}}},
	{kind: kindIncomplete, setting: authz.SettingOutpatient, urgent: 1, defects: []defect{{authz.ItemReferral, flawLate}}},
}

// blockSize is the stretch of requests in which every mustHave appears.
const blockSize = 100

// The shares of the drawn requests (mustHave come on top): about 45% of all
// requests end up complete.
const (
	shareNotRequired = 0.07
	shareStarted     = 0.10
	shareComplete    = 0.57 // of the rest
)

// Each generates n requests one by one and hands each to fn, so that any
// number can be generated without holding them; it stops at fn's first
// error and returns it. Received dates lie mostly in the week up to today (a
// fifth in the three weeks before, overdue) and
// treatment starts from two weeks before today to two months after it.
func Each(n int, today authz.Date, seed int64, fn func(*authz.Request) error) error {
	if n < 0 {
		return fmt.Errorf("demo: cannot generate %d requests", n)
	}
	if _, err := authz.ParseDate(today.String()); err != nil {
		return errors.New("demo: today is not a day of the calendar")
	}
	g := &generator{rng: newRand(seed), today: today}
	plan := make([]*scenario, blockSize)
	for start := 0; start < n; start += blockSize {
		size := min(blockSize, n-start)
		clear(plan)
		for k, pos := range g.rng.Perm(size)[:min(size, len(mustHave))] {
			plan[pos] = &mustHave[k]
		}
		for i := range size {
			sc := plan[i]
			if sc == nil {
				drawn := g.drawScenario()
				sc = &drawn
			}
			if err := fn(g.request(start+i, sc)); err != nil {
				return err
			}
		}
	}
	return nil
}

// Generate returns n requests, as Each makes them; nil when n is negative or
// today is not a day of the calendar.
func Generate(n int, today authz.Date, seed int64) []*authz.Request {
	reqs := make([]*authz.Request, 0, max(n, 0))
	if err := Each(n, today, seed, func(r *authz.Request) error {
		reqs = append(reqs, r)
		return nil
	}); err != nil {
		return nil
	}
	return reqs
}

// marshalOpts leaves out what is absent (no date, no item) rather than
// writing an empty string or null.
var marshalOpts = json.OmitZeroStructFields(true)

// WriteNDJSON writes n requests as an import file, one JSON object a line.
func WriteNDJSON(w io.Writer, n int, today authz.Date, seed int64) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	err := Each(n, today, seed, func(r *authz.Request) error {
		if err := json.MarshalWrite(bw, r, marshalOpts); err != nil {
			return fmt.Errorf("demo: request %s: %w", r.ID, err)
		}
		return bw.WriteByte('\n')
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

func newRand(seed int64) *rand.Rand { return rand.New(rand.NewPCG(uint64(seed), 0x6d616368746967)) }

type generator struct {
	rng   *rand.Rand
	today authz.Date
}

// between returns a number from lo to hi, both included.
func (g *generator) between(lo, hi int) int { return lo + g.rng.IntN(hi-lo+1) }

func (g *generator) chance(p float64) bool { return g.rng.Float64() < p }

func pick[T any](g *generator, s []T) T { return s[g.rng.IntN(len(s))] }

func (g *generator) drawScenario() scenario {
	sc := scenario{urgent: -1}
	switch u := g.rng.Float64(); {
	case u < shareNotRequired:
		sc.kind = kindNotRequired
		if g.chance(0.3) {
			sc.defects = g.drawDefects()
		}
	case u < shareNotRequired+shareStarted:
		sc.kind = kindStarted
		if g.chance(0.4) {
			sc.defects = []defect{{pick(g, []authz.Item{authz.ItemTreatmentPlan, authz.ItemPractitioners, authz.ItemCodes}), flawLate}}
		}
		if g.chance(0.2) {
			sc.defects = append(sc.defects, g.drawDefects()...)
		}
	case g.chance(shareComplete):
		sc.kind = kindComplete
	default:
		sc.kind = kindIncomplete
		sc.defects = g.drawDefects()
	}
	return sc
}

// drawDefects draws one to three flaws on distinct items (a flaw drawn for
// the admission indication of an outpatient request goes to the codes).
func (g *generator) drawDefects() []defect {
	n := 1
	switch u := g.rng.Float64(); {
	case u < 0.10:
		n = 3
	case u < 0.35:
		n = 2
	}
	var out []defect
	for _, pos := range g.rng.Perm(authz.NumItems)[:n] {
		var f flaw
		switch u := g.rng.Float64(); {
		case u < 0.45:
			f = flawMissing
		case u < 0.78:
			f = flawMalformed
		case u < 0.88:
			f = flawFuture
		default:
			f = flawLate
		}
		out = append(out, defect{authz.Items[pos], f})
	}
	return out
}

func (g *generator) request(i int, sc *scenario) *authz.Request {
	today := g.today
	setting := sc.setting
	var prof profile
	if setting != 0 {
		prof = g.profileFor(setting)
	} else {
		prof = pick(g, profiles)
		setting = pick(g, prof.settings)
		if len(prof.settings) == 2 && g.chance(0.3) {
			setting = authz.SettingOutpatient // most of the mixed care is outpatient
		}
	}
	clinical := setting == authz.SettingClinical

	urgent := sc.urgent == 1
	if sc.urgent < 0 {
		// Urgency is asked for mostly at discharge from hospital.
		urgent = clinical && g.chance(0.25) || !clinical && g.chance(0.08)
	}

	prov := g.provider(sc.kind == kindNotRequired)
	// Most requests arrived this week; some have waited longer and are
	// overdue, as in a queue that is kept up with.
	received := today.AddDays(-g.between(0, 6))
	if g.chance(0.2) {
		received = today.AddDays(-g.between(7, 27))
	}
	var start authz.Date
	switch sc.kind {
	case kindStarted:
		start = today.AddDays(-g.between(0, 14))
	case kindNotRequired:
		start = today.AddDays(g.between(-14, 60))
	default:
		start = today.AddDays(g.between(1, 30) + g.between(0, 30))
	}
	needFuture := false
	for _, d := range sc.defects {
		needFuture = needFuture || d.flaw == flawFuture
	}
	if needFuture && start <= today.AddDays(1) {
		start = today.AddDays(g.between(2, 60))
	}

	r := &authz.Request{
		ID:             fmt.Sprintf("MA-%04d-%06d", today.Year(), i+1),
		Received:       received,
		Insured:        g.insured(received, clinical),
		Provider:       authz.Provider{Name: prov.name, AGB: prov.agb, Contracted: &prov.contracted},
		Setting:        setting,
		TreatmentStart: start,
		Urgent:         urgent,
	}
	// A document is dated some days before the request was received, and
	// before treatment starts (a request can arrive after it started).
	docDate := func(lo, hi int) authz.Date {
		d := received.AddDays(-g.between(lo, hi))
		if d >= start {
			d = start.AddDays(-g.between(1, 10))
		}
		return d
	}

	refKind := pick(g, prof.referrers)
	r.Referral = &authz.Referral{
		Date:         docDate(7, 75),
		ReferrerKind: refKind,
		ReferrerName: g.referrerName(refKind),
	}
	if refKind != authz.ReferrerCompanyDoc && g.chance(0.7) {
		prefix := "03"
		if refKind == authz.ReferrerGP {
			prefix = "01"
		}
		agb := g.agb(prefix)
		r.Referral.ReferrerAGB = &agb
	}
	if clinical {
		r.AdmissionIndication = &authz.AdmissionIndication{Date: docDate(1, 14), Summary: prof.indication}
	} else if g.chance(0.05) {
		r.AdmissionIndication = &authz.AdmissionIndication{Date: docDate(1, 14),
			Summary: "Geen opname nodig: poliklinische behandeling volstaat, de thuissituatie is veilig."}
	}

	planDate := docDate(0, 12)
	periodStart := start
	if g.chance(0.15) {
		periodStart = start.AddDays(g.between(1, 7))
	}
	weeks := g.between(8, 20)
	minutes := int64(30 * g.between(20, 80))
	if clinical {
		weeks = g.between(6, 14)
		minutes = int64(60 * g.between(40, 100))
	}
	r.TreatmentPlan = &authz.TreatmentPlan{
		Date:             planDate,
		PeriodStart:      periodStart,
		PeriodEnd:        periodStart.AddDays(7*weeks - 1),
		TreatmentMinutes: &minutes,
		Activities:       g.activities(prof),
	}
	r.Practitioners = &authz.Practitioners{Date: planDate, Members: g.team(prof)}
	if g.chance(0.3) {
		r.Practitioners.Date = docDate(0, 12)
	}
	r.Codes = &authz.Codes{
		Date:               planDate,
		DBCDeclarationCode: prof.dbcPrefix + g.digits(4),
		Prestatiecode:      "99091" + g.digits(4),
	}

	var spoiled [authz.NumItems]bool
	for _, d := range sc.defects {
		if d.item == authz.ItemAdmissionIndication && !clinical {
			d.item = authz.ItemCodes // not needed for outpatient care: spoil the codes instead
		}
		if !spoiled[d.item] {
			spoiled[d.item] = true
			g.spoil(r, d)
		}
	}
	return r
}
