package demo

import (
	"bytes"
	"errors"
	"io"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"

	"machtiging/authz"
	"machtiging/importfile"
)

var today = authz.NewDate(2026, 12, 1)

var seeds = []int64{1, 2, 3, 42, 2026, -7}

func TestWriteNDJSONDecodes(t *testing.T) {
	for _, seed := range seeds[:3] {
		var buf bytes.Buffer
		if err := WriteNDJSON(&buf, 300, today, seed); err != nil {
			t.Fatal(err)
		}
		if lines := bytes.Count(buf.Bytes(), []byte("\n")); lines != 300 {
			t.Fatalf("seed %d: %d lines, want 300", seed, lines)
		}
		want := Generate(300, today, seed)
		dec := importfile.NewDecoder(&buf)
		for i := 0; ; i++ {
			r, err := dec.Next()
			if err == io.EOF {
				if i != len(want) {
					t.Fatalf("seed %d: decoded %d requests, want %d", seed, i, len(want))
				}
				break
			}
			if err != nil {
				t.Fatalf("seed %d: record %d: %v", seed, i, err)
			}
			if !reflect.DeepEqual(r, want[i]) {
				t.Fatalf("seed %d: record %d decodes to\n%+v\nwant\n%+v", seed, i, r, want[i])
			}
		}
	}
}

// The file leaves out what is absent rather than writing "" or null.
func TestWriteNDJSONOmitsAbsent(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteNDJSON(&buf, 400, today, 5); err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{`""`, `null`, `"urgent":false`} {
		if bytes.Contains(buf.Bytes(), []byte(bad)) {
			t.Errorf("the file holds %s", bad)
		}
	}
	if !bytes.Contains(buf.Bytes(), []byte(`"contracted":false`)) {
		t.Error("contracted false is left out, but it is required")
	}
}

type coverage struct {
	verdicts       map[authz.Verdict]int
	statuses       map[authz.Status]int
	invalidFuture  int
	invalidFormat  int
	urgent, normal int
	settings       map[authz.Setting]int
	referrers      map[authz.ReferrerKind]int
	disciplines    map[string]int
	tussenvoegsel  int
}

func cover(reqs []*authz.Request, day authz.Date) coverage {
	c := coverage{verdicts: map[authz.Verdict]int{}, statuses: map[authz.Status]int{}, settings: map[authz.Setting]int{},
		referrers: map[authz.ReferrerKind]int{}, disciplines: map[string]int{}}
	for _, r := range reqs {
		res := authz.Check(r, authz.StateOpen, day)
		c.verdicts[res.Verdict]++
		for _, it := range res.Items {
			c.statuses[it.Status]++
			if it.Status == authz.StatusInvalid {
				if strings.Contains(it.Detail, "after today") {
					c.invalidFuture++
				} else {
					c.invalidFormat++
				}
			}
		}
		if r.Urgent {
			c.urgent++
		} else {
			c.normal++
		}
		c.settings[r.Setting]++
		if r.Referral != nil {
			c.referrers[r.Referral.ReferrerKind]++
		}
		if r.Practitioners != nil {
			for _, m := range r.Practitioners.Members {
				c.disciplines[m.Discipline]++
			}
		}
		if regexp.MustCompile(` (van|de|ter|in 't|van 't)( |$)`).MatchString(r.Insured.Name) {
			c.tussenvoegsel++
		}
	}
	return c
}

func TestCoverage(t *testing.T) {
	days := []authz.Date{today, authz.NewDate(2027, 2, 28), authz.NewDate(2028, 1, 1)}
	for _, day := range days {
		for _, seed := range seeds {
			for _, n := range []int{200, 201, 257} {
				c := cover(Generate(n, day, seed), day)
				var missing []string
				for _, v := range []authz.Verdict{authz.VerdictNotRequired, authz.VerdictStarted, authz.VerdictComplete, authz.VerdictIncomplete} {
					if c.verdicts[v] == 0 {
						missing = append(missing, "verdict "+v.String())
					}
				}
				for _, s := range []authz.Status{authz.StatusOK, authz.StatusMissing, authz.StatusLate, authz.StatusInvalid, authz.StatusNotApplicable} {
					if c.statuses[s] == 0 {
						missing = append(missing, "status "+s.String())
					}
				}
				for name, k := range map[string]int{
					"invalid dated after today": c.invalidFuture, "invalid by format": c.invalidFormat,
					"urgent": c.urgent, "not urgent": c.normal,
					"clinical": c.settings[authz.SettingClinical], "outpatient": c.settings[authz.SettingOutpatient],
					"huisarts": c.referrers[authz.ReferrerGP], "bedrijfsarts": c.referrers[authz.ReferrerCompanyDoc],
					"medisch_specialist": c.referrers[authz.ReferrerSpecialist], "tussenvoegsel": c.tussenvoegsel,
				} {
					if k == 0 {
						missing = append(missing, name)
					}
				}
				for _, d := range Disciplines {
					if c.disciplines[d] == 0 {
						missing = append(missing, "discipline "+d)
					}
				}
				if len(missing) > 0 {
					t.Errorf("today %s seed %d n %d lacks: %s", day, seed, n, strings.Join(missing, ", "))
				}
			}
		}
	}
	// Even a handful holds every verdict.
	c := cover(Generate(len(mustHave), today, 9), today)
	if len(c.verdicts) != 4 || len(c.statuses) != 5 {
		t.Errorf("%d requests cover %d verdicts and %d statuses", len(mustHave), len(c.verdicts), len(c.statuses))
	}
}

func TestShares(t *testing.T) {
	const n = 4000
	reqs := Generate(n, today, 11)
	c := cover(reqs, today)
	share := func(k int) float64 { return float64(k) / n }
	checks := []struct {
		name   string
		got    float64
		lo, hi float64
	}{
		{"complete", share(c.verdicts[authz.VerdictComplete]), 0.40, 0.50},
		{"not_required", share(c.verdicts[authz.VerdictNotRequired]), 0.05, 0.12},
		{"started", share(c.verdicts[authz.VerdictStarted]), 0.07, 0.16},
		{"urgent", share(c.urgent), 0.08, 0.25},
		{"clinical", share(c.settings[authz.SettingClinical]), 0.25, 0.50},
	}
	for _, ch := range checks {
		if ch.got < ch.lo || ch.got > ch.hi {
			t.Errorf("%s: %.3f of the requests, want %.2f to %.2f", ch.name, ch.got, ch.lo, ch.hi)
		}
	}
}

var (
	idPattern    = regexp.MustCompile(`^MA-2026-\d{6}$`)
	agbPattern   = regexp.MustCompile(`^\d{8}$`)
	namePattern  = regexp.MustCompile(`^\p{Lu}\p{L}+ ((\p{Ll}+|'t) )*\p{Lu}`)
	initialsName = regexp.MustCompile(`^((dr|drs)\. )?\p{Lu}\. `)
)

func TestPlausible(t *testing.T) {
	reqs := Generate(1000, today, 3)
	ids := map[string]bool{}
	contracted := map[string]bool{}
	for _, r := range reqs {
		if field, err := authz.Validate(r); err != nil {
			t.Fatalf("%s: %s: %v", r.ID, field, err)
		}
		if !idPattern.MatchString(r.ID) || ids[r.ID] {
			t.Errorf("id %q is malformed or repeated", r.ID)
		}
		ids[r.ID] = true
		if p := authz.BSNProblem(r.Insured.BSN); p != "" {
			t.Errorf("%s: BSN %s %s", r.ID, r.Insured.BSN, p)
		}
		if age := r.Insured.BirthDate.DaysUntil(r.Received) / 365; age < 18 || age > 91 {
			t.Errorf("%s: insured is %d", r.ID, age)
		}
		if !namePattern.MatchString(r.Insured.Name) {
			t.Errorf("%s: name %q", r.ID, r.Insured.Name)
		}
		if !agbPattern.MatchString(r.Provider.AGB) || !strings.HasPrefix(r.Provider.AGB, "22") {
			t.Errorf("%s: provider AGB %q", r.ID, r.Provider.AGB)
		}
		if c, seen := contracted[r.Provider.Name]; seen && c != r.Provider.IsContracted() {
			t.Errorf("%s is contracted in one request and not in another", r.Provider.Name)
		}
		contracted[r.Provider.Name] = r.Provider.IsContracted()
		if d := r.Received.DaysUntil(today); d < 0 || d > 28 {
			t.Errorf("%s: received %s, %d days before today", r.ID, r.Received, d)
		}
		if d := today.DaysUntil(r.TreatmentStart); d < -14 || d > 60 {
			t.Errorf("%s: treatment starts %s, %d days from today", r.ID, r.TreatmentStart, d)
		}
		res := authz.Check(r, authz.StateOpen, today)
		if res.Items[authz.ItemCodes].Status == authz.StatusOK &&
			(!authz.IsDBCDeclarationCode(r.Codes.DBCDeclarationCode) || !authz.IsPrestatiecode(r.Codes.Prestatiecode)) {
			t.Errorf("%s: codes ok but %q %q", r.ID, r.Codes.DBCDeclarationCode, r.Codes.Prestatiecode)
		}
		if p := r.Practitioners; res.Items[authz.ItemPractitioners].Status == authz.StatusOK {
			if p.Members[0].Discipline != "revalidatiearts" {
				t.Errorf("%s: the team is not led by a revalidatiearts", r.ID)
			}
			for _, m := range p.Members {
				if !initialsName.MatchString(m.Name) || !slices.Contains(Disciplines, m.Discipline) {
					t.Errorf("%s: member %+v", r.ID, m)
				}
			}
		}
		if p := r.TreatmentPlan; res.Items[authz.ItemTreatmentPlan].Status == authz.StatusOK {
			if p.Minutes() < 600 || p.Minutes() > 6000 || len(p.Activities) < 4 || p.Activities[0] != "intake revalidatiearts" {
				t.Errorf("%s: plan %+v", r.ID, p)
			}
		}
		if ref := r.Referral; res.Items[authz.ItemReferral].Status == authz.StatusOK && !initialsName.MatchString(ref.ReferrerName) {
			t.Errorf("%s: referrer %q", r.ID, ref.ReferrerName)
		}
	}
	var nc, c int
	for _, v := range contracted {
		if v {
			c++
		} else {
			nc++
		}
	}
	if c < 2 || nc < 5 {
		t.Errorf("%d contracted and %d other providers", c, nc)
	}
}

func TestDeterministic(t *testing.T) {
	a := Generate(500, today, 42)
	b := Generate(500, today, 42)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two runs with one seed differ")
	}
	if reflect.DeepEqual(a, Generate(500, today, 43)) {
		t.Error("two seeds give the same requests")
	}
	var each []*authz.Request
	if err := Each(500, today, 42, func(r *authz.Request) error { each = append(each, r); return nil }); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(a, each) {
		t.Error("Each and Generate differ")
	}
	// A longer run begins with the shorter one's blocks.
	if !reflect.DeepEqual(a[:400], Generate(400, today, 42)) {
		t.Error("the first 400 of 500 differ from 400")
	}
	var x, y bytes.Buffer
	WriteNDJSON(&x, 300, today, 42)
	WriteNDJSON(&y, 300, today, 42)
	if !bytes.Equal(x.Bytes(), y.Bytes()) {
		t.Error("two files with one seed differ")
	}
}

func TestEachStops(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Each(1000, today, 1, func(*authz.Request) error {
		calls++
		if calls == 5 {
			return stop
		}
		return nil
	})
	if err != stop || calls != 5 {
		t.Errorf("Each returned %v after %d calls", err, calls)
	}
	if err := Each(-1, today, 1, func(*authz.Request) error { return nil }); err == nil {
		t.Error("Each accepts n = -1")
	}
	if err := Each(1, 0, 1, func(*authz.Request) error { return nil }); err == nil {
		t.Error("Each accepts no today")
	}
	if got := Generate(0, today, 1); len(got) != 0 {
		t.Errorf("Generate(0) = %d requests", len(got))
	}
	if err := WriteNDJSON(failingWriter{}, 10, today, 1); err == nil {
		t.Error("WriteNDJSON hides a write error")
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func BenchmarkGenerate(b *testing.B) {
	for b.Loop() {
		Generate(1000, today, 1)
	}
}

func BenchmarkWriteNDJSON(b *testing.B) {
	for b.Loop() {
		WriteNDJSON(io.Discard, 1000, today, 1)
	}
}

// Malforming an item, even again and again, leaves it present and invalid.
func TestMalformRepeated(t *testing.T) {
	g := &generator{rng: newRand(4), today: today}
	for _, r := range Generate(50, today, 4) {
		if r.Setting != authz.SettingClinical {
			continue
		}
		r.Referral, r.AdmissionIndication, r.TreatmentPlan, r.Practitioners, r.Codes = fullItems(g, r)
		for range 20 {
			for _, it := range authz.Items {
				g.malform(r, it)
			}
		}
		for _, it := range authz.Check(r, authz.StateOpen, today).Items {
			if it.Status != authz.StatusInvalid || strings.Contains(it.Detail, "after today") {
				t.Errorf("%s: %s is %s (%s) after malforming", r.ID, it.Item, it.Status, it.Detail)
			}
		}
	}
}

// fullItems gives a request a well-formed copy of every item.
func fullItems(g *generator, r *authz.Request) (*authz.Referral, *authz.AdmissionIndication, *authz.TreatmentPlan, *authz.Practitioners, *authz.Codes) {
	d := r.Received.AddDays(-1)
	minutes := int64(1200)
	return &authz.Referral{Date: d, ReferrerKind: authz.ReferrerGP, ReferrerName: "H. de Jong"},
		&authz.AdmissionIndication{Date: d, Summary: profiles[0].indication},
		&authz.TreatmentPlan{Date: d, PeriodStart: r.TreatmentStart, PeriodEnd: r.TreatmentStart.AddDays(50), TreatmentMinutes: &minutes, Activities: g.activities(profiles[0])},
		&authz.Practitioners{Date: d, Members: g.team(profiles[0])},
		&authz.Codes{Date: d, DBCDeclarationCode: "171234", Prestatiecode: "990916034"}
}

// A long run holds no request the decoder refuses.
func TestLongRun(t *testing.T) {
	if testing.Short() {
		t.Skip("long run")
	}
	err := Each(200000, today, 7, func(r *authz.Request) error {
		if field, err := authz.Validate(r); err != nil {
			t.Fatalf("%s: %s: %v", r.ID, field, err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
