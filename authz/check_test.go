package authz

import (
	"reflect"
	"strings"
	"testing"
)

func TestBaseRecordIsValidRequest(t *testing.T) {
	got, err := DecodeRecord([]byte(baseRecord), 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, validRequest()) {
		t.Fatalf("baseRecord decodes to\n%+v\nwant validRequest()\n%+v", got, validRequest())
	}
	res := Check(got, StateOpen, checkDay)
	for _, it := range res.Items {
		if it.Status != StatusOK {
			t.Errorf("the fixture's %s is %s (%s), want ok", it.Item, it.Status, it.Detail)
		}
	}
	if res.Verdict != VerdictComplete {
		t.Errorf("the fixture's verdict is %s, want complete", res.Verdict)
	}
}

// Item status, first match wins: not_applicable, missing, invalid (format),
// late, invalid (future), ok.
func TestItemStatusFirstMatchWins(t *testing.T) {
	type tc struct {
		name   string
		item   Item
		mutate func(r *Request)
		today  Date // checkDay when zero
		want   Status
		detail string // a word the detail must hold
	}
	outpatient := func(r *Request) { r.Setting = SettingOutpatient }
	tests := []tc{
		// 1. not_applicable
		{"outpatient, indication present and ok", ItemAdmissionIndication, outpatient, 0, StatusNotApplicable, ""},
		{"outpatient, indication absent", ItemAdmissionIndication, func(r *Request) { outpatient(r); r.AdmissionIndication = nil }, 0, StatusNotApplicable, ""},
		{"outpatient, indication invalid", ItemAdmissionIndication, func(r *Request) { outpatient(r); r.AdmissionIndication.Summary = "" }, 0, StatusNotApplicable, ""},
		{"outpatient, indication late", ItemAdmissionIndication, func(r *Request) { outpatient(r); r.AdmissionIndication.Date = day("2026-12-20") }, 0, StatusNotApplicable, ""},
		{"outpatient, referral still applies", ItemReferral, func(r *Request) { outpatient(r); r.Referral = nil }, 0, StatusMissing, ""},
		{"clinical, indication applies", ItemAdmissionIndication, func(r *Request) { r.AdmissionIndication = nil }, 0, StatusMissing, ""},

		// 2. missing
		{"referral absent", ItemReferral, func(r *Request) { r.Referral = nil }, 0, StatusMissing, ""},
		{"treatment_plan absent", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan = nil }, 0, StatusMissing, ""},
		{"practitioners absent", ItemPractitioners, func(r *Request) { r.Practitioners = nil }, 0, StatusMissing, ""},
		{"codes absent", ItemCodes, func(r *Request) { r.Codes = nil }, 0, StatusMissing, ""},

		// 3. invalid: format of each item
		{"referral without date", ItemReferral, func(r *Request) { r.Referral.Date = 0 }, 0, StatusInvalid, "date"},
		{"referral empty object", ItemReferral, func(r *Request) { r.Referral = &Referral{} }, 0, StatusInvalid, "referrer_kind"},
		{"referrer kind absent", ItemReferral, func(r *Request) { r.Referral.ReferrerKind = "" }, 0, StatusInvalid, "referrer_kind"},
		{"referrer kind tandarts", ItemReferral, func(r *Request) { r.Referral.ReferrerKind = "tandarts" }, 0, StatusInvalid, "referrer_kind"},
		{"referrer kind capitalised", ItemReferral, func(r *Request) { r.Referral.ReferrerKind = "Huisarts" }, 0, StatusInvalid, "referrer_kind"},
		{"referrer kind huisarts ok", ItemReferral, func(r *Request) { r.Referral.ReferrerKind = "huisarts" }, 0, StatusOK, ""},
		{"referrer kind bedrijfsarts ok", ItemReferral, func(r *Request) { r.Referral.ReferrerKind = "bedrijfsarts" }, 0, StatusOK, ""},
		{"referrer name blank", ItemReferral, func(r *Request) { r.Referral.ReferrerName = " \t" }, 0, StatusInvalid, "referrer_name"},
		{"referrer name absent", ItemReferral, func(r *Request) { r.Referral.ReferrerName = "" }, 0, StatusInvalid, "referrer_name"},
		{"referrer agb absent is fine", ItemReferral, func(r *Request) { r.Referral.ReferrerAGB = nil }, 0, StatusOK, ""},
		{"referrer agb 7 digits", ItemReferral, func(r *Request) { r.Referral.ReferrerAGB = ptr("0301234") }, 0, StatusInvalid, "referrer_agb"},
		{"referrer agb 9 digits", ItemReferral, func(r *Request) { r.Referral.ReferrerAGB = ptr("030123456") }, 0, StatusInvalid, "referrer_agb"},
		{"referrer agb with a letter", ItemReferral, func(r *Request) { r.Referral.ReferrerAGB = ptr("0301234X") }, 0, StatusInvalid, "referrer_agb"},
		{"referrer agb present but blank", ItemReferral, func(r *Request) { r.Referral.ReferrerAGB = ptr("") }, 0, StatusInvalid, "referrer_agb"},

		{"indication without date", ItemAdmissionIndication, func(r *Request) { r.AdmissionIndication.Date = 0 }, 0, StatusInvalid, "date"},
		{"indication summary blank", ItemAdmissionIndication, func(r *Request) { r.AdmissionIndication.Summary = " \n " }, 0, StatusInvalid, "summary"},
		{"indication summary absent", ItemAdmissionIndication, func(r *Request) { r.AdmissionIndication.Summary = "" }, 0, StatusInvalid, "summary"},

		{"plan without date", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Date = 0 }, 0, StatusInvalid, "date"},
		{"plan without period_start", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodStart = 0 }, 0, StatusInvalid, "period"},
		{"plan without period_end", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodEnd = 0 }, 0, StatusInvalid, "period"},
		{"plan without both period dates", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodStart, r.TreatmentPlan.PeriodEnd = 0, 0 }, 0, StatusInvalid, "period"},
		{"period begins the day before treatment", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodStart = day("2026-12-13") }, 0, StatusInvalid, "before treatment"},
		{"period begins on the treatment start", ItemTreatmentPlan, nil, 0, StatusOK, ""},
		{"period begins after the treatment start", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodStart = day("2026-12-20") }, 0, StatusOK, ""},
		{"period ends the day before it begins", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodEnd = day("2026-12-13") }, 0, StatusInvalid, "ends"},
		{"period of one day", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.PeriodEnd = day("2026-12-14") }, 0, StatusOK, ""},
		{"minutes zero", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.TreatmentMinutes = ptr(int64(0)) }, 0, StatusInvalid, "minutes"},
		{"minutes negative", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.TreatmentMinutes = ptr(int64(-1)) }, 0, StatusInvalid, "minutes"},
		{"minutes absent", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.TreatmentMinutes = nil }, 0, StatusInvalid, "minutes"},
		{"minutes one", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.TreatmentMinutes = ptr(int64(1)) }, 0, StatusOK, ""},
		{"activities absent", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Activities = nil }, 0, StatusInvalid, "activities"},
		{"activities empty", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Activities = []string{} }, 0, StatusInvalid, "activities"},
		{"one activity blank", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Activities = []string{"intake", "  "} }, 0, StatusInvalid, "activity 2"},
		{"one activity empty", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Activities = []string{""} }, 0, StatusInvalid, "activity 1"},

		{"practitioners without date", ItemPractitioners, func(r *Request) { r.Practitioners.Date = 0 }, 0, StatusInvalid, "date"},
		{"no members", ItemPractitioners, func(r *Request) { r.Practitioners.Members = nil }, 0, StatusInvalid, "members"},
		{"empty members", ItemPractitioners, func(r *Request) { r.Practitioners.Members = []Member{} }, 0, StatusInvalid, "members"},
		{"member without name", ItemPractitioners, func(r *Request) { r.Practitioners.Members[1].Name = "" }, 0, StatusInvalid, "member 2 has no name"},
		{"member with blank name", ItemPractitioners, func(r *Request) { r.Practitioners.Members[0].Name = "  " }, 0, StatusInvalid, "member 1 has no name"},
		{"member without discipline", ItemPractitioners, func(r *Request) { r.Practitioners.Members[1].Discipline = "" }, 0, StatusInvalid, "discipline"},
		{"member without part_of_care", ItemPractitioners, func(r *Request) { r.Practitioners.Members[1].PartOfCare = "" }, 0, StatusInvalid, "part_of_care"},
		{"empty member", ItemPractitioners, func(r *Request) { r.Practitioners.Members = []Member{{}} }, 0, StatusInvalid, "name"},
		{"member agb malformed", ItemPractitioners, func(r *Request) { r.Practitioners.Members[0].AGB = ptr("3098765") }, 0, StatusInvalid, "agb"},
		{"member agb present but blank", ItemPractitioners, func(r *Request) { r.Practitioners.Members[0].AGB = ptr("") }, 0, StatusInvalid, "agb"},
		{"member agb absent is fine", ItemPractitioners, func(r *Request) { r.Practitioners.Members[0].AGB = nil }, 0, StatusOK, ""},

		{"codes without date", ItemCodes, func(r *Request) { r.Codes.Date = 0 }, 0, StatusInvalid, "date"},
		{"dbc code absent", ItemCodes, func(r *Request) { r.Codes.DBCDeclarationCode = "" }, 0, StatusInvalid, "dbc_declaration_code"},
		{"dbc code 5 digits", ItemCodes, func(r *Request) { r.Codes.DBCDeclarationCode = "17123" }, 0, StatusInvalid, "dbc_declaration_code"},
		{"dbc code 7 digits", ItemCodes, func(r *Request) { r.Codes.DBCDeclarationCode = "1712345" }, 0, StatusInvalid, "dbc_declaration_code"},
		{"dbc code with a letter", ItemCodes, func(r *Request) { r.Codes.DBCDeclarationCode = "17123A" }, 0, StatusInvalid, "dbc_declaration_code"},
		{"dbc code blank", ItemCodes, func(r *Request) { r.Codes.DBCDeclarationCode = "      " }, 0, StatusInvalid, "dbc_declaration_code"},
		{"prestatiecode absent", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "" }, 0, StatusInvalid, "prestatiecode"},
		{"prestatiecode 5 characters", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "99091" }, 0, StatusInvalid, "prestatiecode"},
		{"prestatiecode 6 characters", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "990916" }, 0, StatusOK, ""},
		{"prestatiecode 12 characters", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "ABCDEF123456" }, 0, StatusOK, ""},
		{"prestatiecode 13 characters", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "ABCDEF1234567" }, 0, StatusInvalid, "prestatiecode"},
		{"prestatiecode lowercase", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "abc123" }, 0, StatusInvalid, "prestatiecode"},
		{"prestatiecode with a hyphen", ItemCodes, func(r *Request) { r.Codes.Prestatiecode = "ABC-123" }, 0, StatusInvalid, "prestatiecode"},

		// 4. late and 5. invalid (future) and 6. ok, on the dates
		{"dated the day before the start", ItemReferral, func(r *Request) { r.Referral.Date = day("2026-12-13") }, day("2026-12-13"), StatusOK, ""},
		{"dated on the start day", ItemReferral, func(r *Request) { r.Referral.Date = day("2026-12-14") }, day("2026-12-20"), StatusLate, "2026-12-14"},
		{"dated after the start", ItemCodes, func(r *Request) { r.Codes.Date = day("2026-12-15") }, day("2026-12-20"), StatusLate, "treatment starts 2026-12-14"},
		{"dated exactly today", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Date = checkDay }, 0, StatusOK, ""},
		{"dated tomorrow (future)", ItemTreatmentPlan, func(r *Request) { r.TreatmentPlan.Date = checkDay.AddDays(1) }, 0, StatusInvalid, "today"},
		{"dated in the future and late: late wins", ItemPractitioners, func(r *Request) { r.Practitioners.Date = day("2026-12-20") }, 0, StatusLate, ""},
		{"format error and late: invalid wins", ItemCodes, func(r *Request) { r.Codes.Date, r.Codes.Prestatiecode = day("2026-12-20"), "x" }, day("2026-12-21"), StatusInvalid, "prestatiecode"},
		{"format error and future: invalid for the format", ItemReferral, func(r *Request) { r.Referral.Date, r.Referral.ReferrerName = checkDay.AddDays(2), "" }, 0, StatusInvalid, "referrer_name"},
		{"no date and everything else fine", ItemAdmissionIndication, func(r *Request) { r.AdmissionIndication.Date = 0 }, day("2027-01-01"), StatusInvalid, "no date"},
		{"all fine on the eve of treatment", ItemTreatmentPlan, nil, day("2026-12-13"), StatusOK, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := requestWith(tt.mutate)
			today := tt.today
			if today == 0 {
				today = checkDay
			}
			res := Check(r, StateOpen, today)
			for i, it := range res.Items {
				if it.Item != Items[i] {
					t.Fatalf("items[%d] is %s, want %s: the five items in the contract's order", i, it.Item, Items[i])
				}
			}
			got := res.Items[tt.item]
			if got.Status != tt.want {
				t.Fatalf("%s is %s (%q), want %s", tt.item, got.Status, got.Detail, tt.want)
			}
			if tt.want == StatusInvalid || tt.want == StatusLate {
				if got.Detail == "" {
					t.Errorf("%s is %s without a detail saying why", tt.item, got.Status)
				}
			}
			if tt.detail != "" && !strings.Contains(got.Detail, tt.detail) {
				t.Errorf("detail %q does not mention %q", got.Detail, tt.detail)
			}
			if ControlProblem(got.Detail) != "" {
				t.Errorf("detail %q is not safe text", got.Detail)
			}
			// The other items of the fixture are untouched.
			for _, other := range res.Items {
				if other.Item != tt.item && tt.mutate != nil && !touches(tt.name) && !other.Status.Acceptable() {
					t.Errorf("%s became %s (%s)", other.Item, other.Status, other.Detail)
				}
			}
		})
	}
}

// touches names the cases whose change reaches beyond one item.
func touches(name string) bool {
	return strings.HasPrefix(name, "outpatient") || strings.HasPrefix(name, "clinical")
}

// A missing item may be absent from the JSON or null: both are data, not an
// import error, and the check reports them as missing.
func TestItemMissingWhenAbsentOrNull(t *testing.T) {
	for _, name := range itemNames {
		for _, how := range []string{"absent", "null"} {
			var js string
			if how == "absent" {
				js = without(t, baseRecord, name)
			} else {
				js = withRaw(t, baseRecord, name, "null")
			}
			r, err := DecodeRecord([]byte(js), 0)
			if err != nil {
				t.Errorf("%s %s: import error %v, want data", name, how, err)
				continue
			}
			it, _ := ParseItem(name)
			res := Check(r, StateOpen, checkDay)
			if res.Items[it].Status != StatusMissing {
				t.Errorf("%s %s: status %s, want missing", name, how, res.Items[it].Status)
			}
			if res.Verdict != VerdictIncomplete {
				t.Errorf("%s %s: verdict %s, want incomplete", name, how, res.Verdict)
			}
		}
	}
}

// Verdict, first match wins: not_required, started, complete, incomplete.
func TestVerdictFirstMatchWins(t *testing.T) {
	start := day("2026-12-14")
	contracted := func(r *Request) { r.Provider.Contracted = ptr(true) }
	incomplete := func(r *Request) { r.Codes = nil }
	tests := []struct {
		name   string
		mutate func(r *Request)
		state  State
		today  Date
		want   Verdict
	}{
		{"contracted and complete", contracted, StateOpen, checkDay, VerdictNotRequired},
		{"contracted even when started", contracted, StateOpen, start, VerdictNotRequired},
		{"contracted even when incomplete and started", func(r *Request) { contracted(r); incomplete(r) }, StateWaiting, start.AddDays(5), VerdictNotRequired},
		{"contracted and approved", contracted, StateApproved, checkDay, VerdictNotRequired},
		{"contracted false is not contracted", func(r *Request) { r.Provider.Contracted = ptr(false) }, StateOpen, checkDay, VerdictComplete},
		{"started: treatment starts today", nil, StateOpen, start, VerdictStarted},
		{"started: treatment started yesterday", nil, StateOpen, start.AddDays(1), VerdictStarted},
		{"started beats incomplete", incomplete, StateOpen, start, VerdictStarted},
		{"not started the day before", nil, StateOpen, start.AddDays(-1), VerdictComplete},
		{"started while waiting", nil, StateWaiting, start, VerdictStarted},
		{"started while in second review", nil, StateSecondReview, start.AddDays(3), VerdictStarted},
		{"not started once approved", nil, StateApproved, start.AddDays(3), VerdictComplete},
		{"not started once rejected", incomplete, StateRejected, start.AddDays(3), VerdictIncomplete},
		{"not started once approved, on the start day", nil, StateApproved, start, VerdictComplete},
		{"complete", nil, StateOpen, checkDay, VerdictComplete},
		{"complete outpatient without indication", func(r *Request) { r.Setting = SettingOutpatient; r.AdmissionIndication = nil }, StateOpen, checkDay, VerdictComplete},
		{"incomplete: one item missing", incomplete, StateOpen, checkDay, VerdictIncomplete},
		{"incomplete: one item invalid", func(r *Request) { r.Codes.Prestatiecode = "x" }, StateOpen, checkDay, VerdictIncomplete},
		{"incomplete: one item late", func(r *Request) { r.Referral.Date = start }, StateOpen, checkDay, VerdictIncomplete},
		{"incomplete: one item from the future", func(r *Request) { r.Referral.Date = checkDay.AddDays(1) }, StateOpen, checkDay, VerdictIncomplete},
		{"incomplete clinical without indication", func(r *Request) { r.AdmissionIndication = nil }, StateOpen, checkDay, VerdictIncomplete},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := Check(requestWith(tt.mutate), tt.state, tt.today)
			if res.Verdict != tt.want {
				t.Errorf("verdict %s, want %s (items %+v)", res.Verdict, tt.want, res.Items)
			}
		})
	}
}

// Due: received + 7 days, + 3 when urgent, and not later than the day
// before treatment starts.
func TestDueDate(t *testing.T) {
	tests := []struct {
		name        string
		received    string
		urgent      bool
		start, want string
	}{
		{"seven days", "2026-11-24", false, "2026-12-14", "2026-12-01"},
		{"urgent three days", "2026-11-24", true, "2026-12-14", "2026-11-27"},
		{"across the year", "2026-12-28", false, "2027-02-01", "2027-01-04"},
		{"urgent across February", "2024-02-27", true, "2024-04-01", "2024-03-01"},
		{"capped by the day before the start", "2026-11-28", false, "2026-12-03", "2026-12-02"},
		{"cap equal to received + 7", "2026-11-24", false, "2026-12-02", "2026-12-01"},
		{"start one day after received + 7: not capped", "2026-11-24", false, "2026-12-03", "2026-12-01"},
		{"urgent cap equal to received + 3", "2026-11-24", true, "2026-11-28", "2026-11-27"},
		{"urgent capped", "2026-11-24", true, "2026-11-26", "2026-11-25"},
		{"start the day after receipt", "2026-11-24", false, "2026-11-25", "2026-11-24"},
		{"start on the day of receipt", "2026-11-24", true, "2026-11-24", "2026-11-23"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DueDate(day(tt.received), tt.urgent, day(tt.start))
			if got.String() != tt.want {
				t.Errorf("DueDate(%s, urgent=%v, start %s) = %s, want %s", tt.received, tt.urgent, tt.start, got, tt.want)
			}
			r := requestWith(func(r *Request) {
				r.Received, r.Urgent, r.TreatmentStart = day(tt.received), tt.urgent, day(tt.start)
			})
			if res := Check(r, StateOpen, checkDay); res.Due != got {
				t.Errorf("Check gives due %s, DueDate %s", res.Due, got)
			}
		})
	}
}

// Facts and ItemFacts.Check are the day-independent half of Check: checking
// the facts on any day gives what Check gives.
func TestItemFactsAgreeWithCheck(t *testing.T) {
	r := requestWith(func(r *Request) { r.Codes.Date = day("2026-12-10"); r.Referral.ReferrerName = "" })
	for d := day("2026-11-01"); d <= day("2026-12-31"); d = d.AddDays(1) {
		res := Check(r, StateOpen, d)
		for i, f := range Facts(r) {
			if got := f.Check(r.TreatmentStart, d); got != res.Items[i] {
				t.Fatalf("on %s Facts gives %+v, Check %+v", d, got, res.Items[i])
			}
		}
	}
}
