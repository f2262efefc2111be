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
	"unicode/utf8"

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

// spoil gives an item its flaw.
func (g *generator) spoil(r *authz.Request, d defect) {
	today, start := g.today, r.TreatmentStart
	f := d.flaw
	if f == flawFuture && start <= today.AddDays(1) {
		f = flawMalformed // no day lies after today and before treatment starts
	}
	if f == flawMissing {
		switch d.item {
		case authz.ItemReferral:
			r.Referral = nil
		case authz.ItemAdmissionIndication:
			r.AdmissionIndication = nil
		case authz.ItemTreatmentPlan:
			r.TreatmentPlan = nil
		case authz.ItemPractitioners:
			r.Practitioners = nil
		case authz.ItemCodes:
			r.Codes = nil
		}
		return
	}
	date := itemDate(r, d.item)
	if date == nil {
		return // already missing through an earlier flaw
	}
	switch f {
	case flawLate:
		if start <= today {
			*date = start.AddDays(g.rng.IntN(start.DaysUntil(today) + 1)) // written after treatment began
		} else {
			*date = start.AddDays(g.rng.IntN(4)) // post-dated to the first day or after
		}
	case flawFuture:
		*date = today.AddDays(g.between(1, today.DaysUntil(start)-1))
	case flawMalformed:
		g.malform(r, d.item)
	}
}

func itemDate(r *authz.Request, it authz.Item) *authz.Date {
	switch it {
	case authz.ItemReferral:
		if r.Referral != nil {
			return &r.Referral.Date
		}
	case authz.ItemAdmissionIndication:
		if r.AdmissionIndication != nil {
			return &r.AdmissionIndication.Date
		}
	case authz.ItemTreatmentPlan:
		if r.TreatmentPlan != nil {
			return &r.TreatmentPlan.Date
		}
	case authz.ItemPractitioners:
		if r.Practitioners != nil {
			return &r.Practitioners.Date
		}
	case authz.ItemCodes:
		if r.Codes != nil {
			return &r.Codes.Date
		}
	}
	return nil
}

// malform makes a present item unusable in one of the ways seen in practice;
// it may be applied to an item more than once.
func (g *generator) malform(r *authz.Request, it authz.Item) {
	switch it {
	case authz.ItemReferral:
		v := r.Referral
		switch g.rng.IntN(5) {
		case 0:
			v.ReferrerKind = "fysiotherapeut" // direct access: no referral that counts
		case 1:
			agb := g.digits(7)
			v.ReferrerAGB = &agb
		case 2:
			v.ReferrerName = ""
		case 3:
			v.Date = 0
		default:
			v.ReferrerKind = ""
		}
	case authz.ItemAdmissionIndication:
		v := r.AdmissionIndication
		switch g.rng.IntN(3) {
		case 0:
			v.Summary = ""
		case 1:
			v.Summary = " "
		default:
			v.Date = 0
		}
	case authz.ItemTreatmentPlan:
		v := r.TreatmentPlan
		switch g.rng.IntN(8) {
		case 0:
			v.PeriodEnd = 0
		case 1:
			v.PeriodStart = r.TreatmentStart.AddDays(-g.between(7, 21))
		case 2:
			v.PeriodEnd = v.PeriodStart.AddDays(-g.between(1, 30))
		case 3:
			zero := int64(0)
			v.TreatmentMinutes = &zero
		case 4:
			v.TreatmentMinutes = nil
		case 5:
			v.Activities = []string{}
		case 6:
			v.Activities = append(v.Activities[:len(v.Activities):len(v.Activities)], " ")
		default:
			v.Date = 0
		}
	case authz.ItemPractitioners:
		v := r.Practitioners
		if len(v.Members) == 0 {
			v.Date = 0
			return
		}
		m := &v.Members[g.rng.IntN(len(v.Members))]
		switch g.rng.IntN(5) {
		case 0:
			v.Members = []authz.Member{}
		case 1:
			m.Discipline = ""
		case 2:
			m.PartOfCare = ""
		case 3:
			agb := agbPrefix[m.Discipline] + g.digits(5) // 7 digits
			m.AGB = &agb
		default:
			v.Date = 0
		}
	case authz.ItemCodes:
		v := r.Codes
		switch g.rng.IntN(6) {
		case 0:
			v.DBCDeclarationCode = g.digits(5)
		case 1:
			v.DBCDeclarationCode = "17A" + g.digits(3)
		case 2:
			v.Prestatiecode = "99091" + g.digits(4) + "a" // not a capital
		case 3:
			v.Prestatiecode = ""
		case 4:
			v.Prestatiecode = "9909 " + g.digits(4)
		default:
			v.Date = 0
		}
	}
}
