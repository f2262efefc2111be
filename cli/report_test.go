package cli

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// reportRequest is one import line: complete unless incomplete (then
// without practitioners), outpatient, for a provider without a contract.
func reportRequest(id, name, bsn, received string, urgent, incomplete bool) string {
	practitioners := `{"date":"2026-10-02","members":[{"name":"J. Behandelaar","discipline":"fysiotherapeut","part_of_care":"oefentherapie"}]}`
	if incomplete {
		practitioners = "null"
	}
	return fmt.Sprintf(`{"id":%q,"received":%q,"urgent":%t,`+
		`"insured":{"name":%q,"bsn":%q,"birth_date":"1970-05-06","policy_number":"P-77"},`+
		`"provider":{"name":"Revalidatie ZBC Noord","agb":"12345678","contracted":false},`+
		`"setting":"outpatient","treatment_start":"2027-01-11",`+
		`"referral":{"date":"2026-10-01","referrer_kind":"huisarts","referrer_name":"Dr. Huisarts"},`+
		`"admission_indication":null,`+
		`"treatment_plan":{"date":"2026-10-02","period_start":"2027-01-11","period_end":"2027-03-31","treatment_minutes":1800,"activities":["fysiotherapie"]},`+
		`"practitioners":%s,`+
		`"codes":{"date":"2026-10-02","dbc_declaration_code":"123456","prestatiecode":"ABC123"}}`,
		id, received, urgent, name, bsn, practitioners)
}

// patients of the report's store: what no report may show.
var reportPatients = []struct{ id, name, bsn string }{
	{"MA-2026-7001", "Anna de Vries-Testpersoon", "111222333"},
	{"MA-2026-7002", "Bram Bakker-Testpersoon", "123456782"},
	{"MA-2026-7003", "Chris Claassen-Testpersoon", "234567016"},
	{"MA-2026-7004", "Dirk Dekker-Testpersoon", "100000009"},
	{"MA-2026-7005", "Eva Evers-Testpersoon", "111111110"},
}

// reportDB: 7001 approved 11-05 (3 days, within due), 7002 urgent rejected
// as incomplete 11-06 (4 days, late: due 11-05), 7003 information
// requested 11-06, 7004 approved 11-10 for 900 minutes (partial; 8 days,
// late), 7005 open, due 11-09.
func reportDB(t *testing.T) string {
	t.Helper()
	db := newDB(t)
	var lines []string
	for i, p := range reportPatients {
		received := []string{"2026-11-02", "2026-11-02", "2026-11-02", "2026-11-02", "2026-11-02"}[i]
		lines = append(lines, reportRequest(p.id, p.name, p.bsn, received, i == 1, i == 1 || i == 2))
	}
	mustOK(t, cmd(t, db, "a.devries", strings.Join(lines, "\n"), "import", "-"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-7001", "approve", "--today", "2026-11-05"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-7002", "reject", "--code", "incomplete", "--reason", "Anna mist behandelaars", "--today", "2026-11-06"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-7003", "request-info", "--today", "2026-11-06"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-7004", "approve", "--minutes", "900", "--today", "2026-11-10"))
	return db
}

func TestReportJSON(t *testing.T) {
	db := reportDB(t)
	out := mustOK(t, cmd(t, db, "a.devries", "", "report", "--json", "--today", "2026-11-12")).stdout
	var v struct {
		Decisions        map[string]int `json:"decisions"`
		Final            map[string]map[string]float64
		PartialApprovals int            `json:"partial_approvals"`
		Backlog          map[string]int `json:"backlog"`
		ByReasonCode     map[string]int `json:"by_reason_code"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(v.Decisions) != 9 || v.Decisions["approved"] != 2 || v.Decisions["rejected"] != 1 || v.Decisions["info_requested"] != 1 || v.Decisions["upheld"] != 0 {
		t.Errorf("decisions: %v", v.Decisions)
	}
	std := map[string]float64{"decided": 2, "approved": 2, "rejected": 0, "within_due": 1, "mean_days": 5.5, "median_days": 5.5, "approved_on_reconsideration": 0, "upheld": 0}
	exp := map[string]float64{"decided": 1, "approved": 0, "rejected": 1, "within_due": 0, "mean_days": 4, "median_days": 4, "approved_on_reconsideration": 0, "upheld": 0}
	if fmt.Sprint(v.Final["standard"]) != fmt.Sprint(std) || fmt.Sprint(v.Final["expedited"]) != fmt.Sprint(exp) {
		t.Errorf("final: %v", v.Final)
	}
	if v.PartialApprovals != 1 {
		t.Errorf("partial approvals: %d", v.PartialApprovals)
	}
	if fmt.Sprint(v.Backlog) != fmt.Sprint(map[string]int{"open": 1, "second_review": 0, "reconsideration": 0, "waiting": 1, "overdue": 2}) {
		t.Errorf("backlog: %v", v.Backlog)
	}
	if len(v.ByReasonCode) != 6 || v.ByReasonCode["incomplete"] != 1 {
		t.Errorf("by reason code: %v", v.ByReasonCode)
	}

	// The day bounds are inclusive.
	for _, c := range []struct {
		from, until string
		approved    int
	}{{"2026-11-05", "2026-11-10", 2}, {"2026-11-06", "2026-11-10", 1}, {"2026-11-05", "2026-11-09", 1}, {"2026-11-06", "2026-11-09", 0}} {
		out := mustOK(t, cmd(t, db, "a.devries", "", "report", "--json", "--from", c.from, "--until", c.until, "--today", "2026-11-12")).stdout
		if err := json.Unmarshal([]byte(out), &v); err != nil {
			t.Fatal(err)
		}
		if v.Decisions["approved"] != c.approved {
			t.Errorf("%s..%s: %d approved, want %d", c.from, c.until, v.Decisions["approved"], c.approved)
		}
	}
}

// No report, in any form, holds a name, BSN or request id of an insured,
// nor the free text of a decision.
func TestReportHoldsNoPatientData(t *testing.T) {
	db := reportDB(t)
	t.Setenv("MACHTIGING_LANG", "nl")
	for _, format := range [][]string{nil, {"--json"}, {"--csv"}} {
		args := append([]string{"report", "--today", "2026-11-12"}, format...)
		out := mustOK(t, cmd(t, db, "a.devries", "", args...)).stdout
		if len(out) < 200 {
			t.Fatalf("%v printed too little: %q", format, out)
		}
		for _, p := range reportPatients {
			for _, secret := range []string{p.id, p.name, strings.Fields(p.name)[0], p.bsn, "P-77", "7001", "Anna mist"} {
				if strings.Contains(out, secret) {
					t.Errorf("report %v holds %q:\n%s", format, secret, out)
				}
			}
		}
	}
	// Logged as an aggregate read that names no request.
	log := mustOK(t, cmd(t, db, "a.devries", "", "audit", "--json")).stdout
	var last map[string]any
	for line := range strings.SplitSeq(strings.TrimSpace(log), "\n") {
		if err := json.Unmarshal([]byte(line), &last); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
	}
	if last["event"] != "report" || last["action"] != "R" || last["requests"] != nil && len(last["requests"].([]any)) != 0 {
		t.Errorf("the last access-log entry is %v", last)
	}
}

func TestReportCSVAndTable(t *testing.T) {
	db := reportDB(t)
	out := mustOK(t, cmd(t, db, "a.devries", "", "report", "--csv", "--today", "2026-11-12")).stdout
	rows, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "section,key,name,measure,value" {
		t.Errorf("header %v", rows[0])
	}
	found := map[string]string{}
	for _, r := range rows[1:] {
		found[r[0]+"/"+r[1]+"/"+r[3]] = r[4]
	}
	for k, want := range map[string]string{"decisions//approved": "2", "final/expedited/median_days": "4", "backlog//overdue": "2",
		"partial_approvals//partial_approvals": "1", "by_reason_code//incomplete": "1", "provider/12345678/requests": "4", "adviser/m.bakker/decisions": "2"} {
		if found[k] != want {
			t.Errorf("%s = %q, want %q", k, found[k], want)
		}
	}
	for _, c := range []struct {
		lang string
		want []string
	}{
		{"en", []string{"information requested", "median days", "Backlog on 2026-11-12", "Revalidatie ZBC Noord", "practitioners 2"}},
		{"nl", []string{"informatie opgevraagd", "mediaan aantal dagen", "Werkvoorraad op 12 november 2026", "Revalidatie ZBC Noord", "behandelaren 2"}},
	} {
		t.Setenv("MACHTIGING_LANG", c.lang)
		table := mustOK(t, cmd(t, db, "a.devries", "", "report", "--today", "2026-11-12")).stdout
		for _, want := range c.want {
			if !strings.Contains(table, want) {
				t.Errorf("the %s table lacks %q:\n%s", c.lang, want, table)
			}
		}
	}
}

func TestReportUsage(t *testing.T) {
	db := newDB(t)
	for _, args := range [][]string{
		{"report", "--json", "--csv"},
		{"report", "--from", "2026-13-01"},
		{"report", "--until", "yesterday"},
		{"report", "--today", "2026-02-30"},
		{"report", "--from", "2026-12-02", "--until", "2026-12-01"},
		{"report", "extra"},
	} {
		if r := cmd(t, db, "a.devries", "", args...); r.code != ExitUsage || strings.Count(r.stderr, "\n") > 2 {
			t.Errorf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
	// An empty store reports zeros.
	out := mustOK(t, cmd(t, db, "a.devries", "", "report", "--json", "--today", "2026-12-01")).stdout
	if !strings.Contains(out, `"decisions":{"approved":0,"rejected":0,`) || !strings.Contains(out, `"backlog":{"open":0,`) {
		t.Errorf("empty store: %s", out)
	}
}
