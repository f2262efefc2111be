package letters

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"machtiging/authz"
)

var update = flag.Bool("update", false, "rewrite the golden letters in testdata")

// goldenCase is one decision whose letters are kept in testdata.
type goldenCase struct {
	name string
	in   Input
}

func decision(o authz.Outcome, edit func(*authz.Decision)) *authz.Decision {
	d := &authz.Decision{Seq: 7, ID: "MA-2026-0001", Outcome: o, Adviser: "a.devries",
		DecidedAt: time.Date(2026, 12, 14, 9, 15, 0, 0, time.UTC), Today: authz.NewDate(2026, 12, 14)}
	if edit != nil {
		edit(d)
	}
	return d
}

func approval(minutes int64, from, until authz.Date, reason string) func(*authz.Decision) {
	return func(d *authz.Decision) {
		d.ApprovedMinutes, d.ValidFrom, d.ValidUntil, d.Reason = minutes, from, until, reason
	}
}

func rejection(code authz.RejectCode, reason string) func(*authz.Decision) {
	return func(d *authz.Decision) { d.ReasonCode, d.Reason = code, reason }
}

var (
	planStart = authz.NewDate(2026, 12, 14)
	planEnd   = authz.NewDate(2027, 2, 26)
)

func goldenCases() []goldenCase {
	req := SampleRequest
	return []goldenCase{
		{"approved_full_not_contracted_address", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, ""))}},
		{"approved_full_contracted_no_address", Input{Request: req(true, false),
			Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, ""))}},
		{"approved_full_register_says_contracted", Input{Request: req(false, false), Contract: authz.ContractContracted,
			Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, "Akkoord."))}},
		{"approved_partial_minutes", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeApproved, approval(1200, planStart, planEnd, "Na 1200 minuten is de doelstelling haalbaar; daarna evaluatie."))}},
		{"approved_partial_period_no_reason", Input{Request: req(false, false),
			Decision: decision(authz.OutcomeApproved, approval(1800, planStart, authz.NewDate(2027, 1, 31), ""))}},
		{"rejected_started_address", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeRejected, rejection(authz.RejectStarted, "De behandeling is op 1 december 2026 begonnen, vóór de aanvraag."))}},
		{"rejected_not_insured_no_address", Input{Request: req(false, false),
			Decision: decision(authz.OutcomeRejected, rejection(authz.RejectNotInsured, "Volgens onze administratie eindigde uw verzekering op 31 oktober 2026."))}},
		{"concurred_not_indicated", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeConcurred, rejection(authz.RejectNotIndicated, "Poliklinische fysiotherapie volstaat;\nklinische revalidatie is niet nodig."))}},
		{"info_requested_address", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeInfoRequested, func(d *authz.Decision) {
				d.ItemsRequested = []authz.Item{authz.ItemPractitioners, authz.ItemCodes}
				d.Reason = "Graag de behandelaars en de codes aanvullen."
			})}},
		{"info_requested_no_address", Input{Request: req(false, false),
			Decision: decision(authz.OutcomeInfoRequested, func(d *authz.Decision) {
				d.ItemsRequested = []authz.Item{authz.ItemReferral, authz.ItemAdmissionIndication, authz.ItemTreatmentPlan}
			})}},
		{"upheld_incomplete", Input{Request: req(false, true),
			Decision: decision(authz.OutcomeUpheld, rejection(authz.RejectIncomplete, "Ook na heroverweging ontbreekt het behandelplan."))}},
		{"approved_on_reconsideration", Input{Request: req(false, false),
			Decision: decision(authz.OutcomeApprovedOnReconsideration, approval(1800, planStart, planEnd, "Het nagezonden behandelplan is volledig."))}},
	}
}

// The letters of every outcome are exactly the golden texts in testdata.
func TestGoldenLetters(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range goldenCases() {
		l, err := set.Write(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, r := range []Recipient{ToInsured, ToProvider} {
			path := filepath.Join("testdata", tc.name+"."+r.String()+".txt")
			got := l.To(r)
			if *update {
				if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				continue
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%s: %v (run go test ./letters -run TestGoldenLetters -update)", tc.name, err)
			}
			if got != string(want) {
				t.Errorf("%s to the %s differs from %s:\n%s", tc.name, r, path, got)
			}
		}
	}
}

// Every letter holds what the contract lists for its outcome; every
// rejection letter holds each element the regulator requires.
func TestLettersHoldRequiredElements(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	cases := append([]Input(nil), Samples()...)
	for _, tc := range goldenCases() {
		cases = append(cases, tc.in)
	}
	for _, in := range cases {
		l, err := set.Write(in)
		if err != nil {
			t.Fatal(err)
		}
		data, err := set.data(in)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []Recipient{ToInsured, ToProvider} {
			data.setRecipient(r)
			for _, e := range Missing(l.To(r), data) {
				t.Errorf("%s (code %s) to the %s lacks %s: %q", in.Decision.Outcome, in.Decision.ReasonCode, r, e.What, e.Text)
			}
		}
	}
}

// The regulator's elements, spelled out, for every reject code and for an
// upheld rejection.
func TestRejectionLettersHoldRegulatorElements(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	rules := map[authz.RejectCode]string{
		authz.RejectNotRequired:  "geen machtiging nodig",
		authz.RejectIncomplete:   "vijf gegevens",
		authz.RejectStarted:      "een machtiging moet zijn afgegeven vóór de start van de behandeling",
		authz.RejectNotIndicated: "medische gronden",
		authz.RejectOther:        "alle voorwaarden van de polis",
		authz.RejectNotInsured:   "bij ons verzekerd",
	}
	for _, o := range []authz.Outcome{authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeUpheld} {
		for _, code := range authz.RejectCodes {
			motivation := "Motivering: de adviseur schrijft dit zo, met  twee spaties."
			l, err := set.Write(Input{Request: SampleRequest(false, true), Decision: decision(o, rejection(code, motivation))})
			if err != nil {
				t.Fatal(err)
			}
			for _, r := range []Recipient{ToInsured, ToProvider} {
				text := l.To(r)
				for _, want := range []string{"Ayşe Çelik-Öztürk", "MA-2026-0001", "14 december 2026", "Revalidatiecentrum De Hoogstraat",
					motivation, "code " + code.String(), rules[code], "meer uitleg", "heroverweging", "zes weken", "SKGZ",
					"Stichting Klachten en Geschillen Zorgverzekeringen"} {
					if !strings.Contains(text, want) {
						t.Errorf("%s %s to the %s lacks %q", o, code, r, want)
					}
				}
			}
		}
	}
}

func TestApprovalLetters(t *testing.T) {
	set, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		in         Input
		want, not  []string
		partialWhy string
	}{
		{"full, not contracted", Input{Request: SampleRequest(false, false), Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, ""))},
			[]string{"machtiging", "1800 behandelminuten", "van 14 december 2026 tot en met 26 februari 2027", "polisvoorwaarden", "kenmerk van deze machtiging: MA-2026-0001"},
			[]string{"gedeeltelijk", "heroverweging", "SKGZ"}, ""},
		{"full, contracted", Input{Request: SampleRequest(true, false), Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, ""))},
			[]string{"heeft een contract met ons"}, []string{"polisvoorwaarden", "gedeeltelijk"}, ""},
		{"the register overrules the request: not contracted", Input{Request: SampleRequest(true, false), Contract: authz.ContractNotContracted,
			Decision: decision(authz.OutcomeApproved, approval(1800, planStart, planEnd, ""))},
			[]string{"polisvoorwaarden"}, nil, ""},
		{"fewer minutes", Input{Request: SampleRequest(false, false), Decision: decision(authz.OutcomeApproved, approval(900, planStart, planEnd, "Halve omvang volstaat."))},
			[]string{"gedeeltelijk", "900 behandelminuten", "Aangevraagd waren 1800", "Halve omvang volstaat."}, nil, ""},
		{"a later start", Input{Request: SampleRequest(false, false), Decision: decision(authz.OutcomeApproved, approval(1800, authz.NewDate(2026, 12, 21), planEnd, ""))},
			[]string{"gedeeltelijk", "van 21 december 2026 tot en met 26 februari 2027", "Aangevraagd was de periode van 14 december 2026"}, []string{"Aangevraagd waren"}, ""},
	}
	for _, tc := range tests {
		l, err := set.Write(tc.in)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for _, w := range tc.want {
			if !strings.Contains(l.Insured, w) || !strings.Contains(l.Provider, w) {
				t.Errorf("%s: the letter lacks %q", tc.name, w)
			}
		}
		for _, w := range tc.not {
			if strings.Contains(l.Insured, w) {
				t.Errorf("%s: the letter says %q", tc.name, w)
			}
		}
	}
}

func TestInfoRequestReplyDay(t *testing.T) {
	set, _ := Default()
	d := decision(authz.OutcomeInfoRequested, func(d *authz.Decision) {
		d.Today = authz.NewDate(2026, 12, 20)
		d.ItemsRequested = []authz.Item{authz.ItemCodes}
	})
	l, err := set.Write(Input{Request: SampleRequest(false, false), Decision: d})
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range []string{"20 december 2026", "uiterlijk 3 januari 2027", "- de DBC-declaratiecode en de prestatiecode"} {
		if !strings.Contains(l.Insured, w) {
			t.Errorf("the information request lacks %q:\n%s", w, l.Insured)
		}
	}
}

func TestDutchDate(t *testing.T) {
	tests := []struct {
		d    authz.Date
		want string
	}{
		{authz.NewDate(2026, 12, 14), "14 december 2026"},
		{authz.NewDate(2027, 1, 1), "1 januari 2027"},
		{authz.NewDate(2028, 2, 29), "29 februari 2028"},
		{authz.NewDate(2026, 3, 5), "5 maart 2026"},
		{0, ""},
	}
	for _, tc := range tests {
		if got := DutchDate(tc.d); got != tc.want {
			t.Errorf("DutchDate(%s) = %q, want %q", tc.d, got, tc.want)
		}
	}
}

// Outcomes without a letter, and decisions without what their letter
// must quote, write nothing.
func TestNoLetter(t *testing.T) {
	set, _ := Default()
	for _, o := range []authz.Outcome{authz.OutcomeRejectionProposed, authz.OutcomeOverturned, authz.OutcomeReconsiderationRequested} {
		if HasLetter(o) {
			t.Errorf("HasLetter(%s) is true", o)
		}
		if _, err := set.Write(Input{Request: SampleRequest(false, false), Decision: decision(o, nil)}); err == nil {
			t.Errorf("a %s decision wrote a letter", o)
		}
	}
	for _, d := range []*authz.Decision{
		decision(authz.OutcomeRejected, rejection(authz.RejectNone, "x")),
		decision(authz.OutcomeUpheld, rejection(authz.RejectOther, "")),
		decision(authz.OutcomeInfoRequested, nil),
	} {
		if l, err := set.Write(Input{Request: SampleRequest(false, false), Decision: d}); err == nil {
			t.Errorf("%s with code %q reason %q wrote a letter:\n%s", d.Outcome, d.ReasonCode, d.Reason, l.Insured)
		}
	}
}

func TestParseRecipient(t *testing.T) {
	for _, r := range []Recipient{ToInsured, ToProvider} {
		got, err := ParseRecipient(r.String())
		if err != nil || got != r {
			t.Errorf("ParseRecipient(%q) = %v, %v", r, got, err)
		}
	}
	if _, err := ParseRecipient("verzekerde"); err == nil {
		t.Error("ParseRecipient accepted verzekerde")
	}
}

// The motivation is quoted word for word: its blank lines and spaces are
// the adviser's, whatever the tidying of the letter does.
func TestMotivationWordForWord(t *testing.T) {
	set, _ := Default()
	for _, m := range []string{"Eerste alinea.  \n\n\n\nTweede alinea,\tmet tab.", "Regel  met  spaties \nen een regel"} {
		for _, o := range []authz.Outcome{authz.OutcomeRejected, authz.OutcomeUpheld} {
			l, err := set.Write(Input{Request: SampleRequest(false, false), Decision: decision(o, rejection(authz.RejectOther, m))})
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(l.Insured, m) || !strings.Contains(l.Provider, m) {
				t.Errorf("%s: the motivation %q is not in the letter word for word:\n%s", o, m, l.Insured)
			}
			if strings.Contains(l.Insured, motivationMark) {
				t.Error("the mark is left in the letter")
			}
		}
	}
	d := decision(authz.OutcomeApproved, approval(1200, planStart, planEnd, "Minder.  \n\n\nVeel minder."))
	if l, _ := set.Write(Input{Request: SampleRequest(false, false), Decision: d}); !strings.Contains(l.Insured, d.Reason) {
		t.Errorf("the reason of a partial approval is not word for word:\n%s", l.Insured)
	}
}

// A concurrence quotes the proposer's motivation, and what the second
// adviser added, each word for word.
func TestConcurrenceQuotesBothAdvisers(t *testing.T) {
	set, _ := Default()
	proposal := decision(authz.OutcomeRejectionProposed, rejection(authz.RejectNotIndicated, "Opname is niet geïndiceerd."))
	for _, tc := range []struct{ own, second string }{
		{"Opname is niet geïndiceerd.", ""}, // concur without --reason copies the proposal's
		{"Eens; poliklinisch volstaat.", "Eens; poliklinisch volstaat."},
	} {
		d := decision(authz.OutcomeConcurred, rejection(authz.RejectNotIndicated, tc.own))
		l, err := set.Write(Input{Request: SampleRequest(false, false), Decision: d, Proposal: proposal})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(l.Insured, "De motivering van de medisch adviseur:\nOpname is niet geïndiceerd.") {
			t.Errorf("the proposer's motivation is not quoted:\n%s", l.Insured)
		}
		if has := strings.Contains(l.Insured, "voegt toe:"); has != (tc.second != "") || !strings.Contains(l.Insured, tc.second) {
			t.Errorf("second adviser's addition %q: letter\n%s", tc.second, l.Insured)
		}
	}
}
