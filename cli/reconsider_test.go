package cli

import (
	"encoding/json"
	"strings"
	"testing"
)

// state of the store as the commands show it: every check line and every
// exported decision.
func visible(t *testing.T, db string) string {
	t.Helper()
	c := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", "2026-12-01")).stdout
	e := mustOK(t, cmd(t, db, "x", "", "export", "--format", "json")).stdout
	return c + e
}

// checkLineOf returns the check --json line of one request.
func checkLineOf(t *testing.T, db, id, today string) map[string]any {
	t.Helper()
	out := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", today, id)).stdout
	var v map[string]any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("%s: %v", out, err)
	}
	return v
}

// Reconsideration through the command line: reconsider, its state and due
// in check --json, its place in the queue, approve or uphold by another
// adviser, and the export's outcomes.
func TestReconsiderationCommands(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0002", "reject", "--code", "other", "--reason", "anders", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "reject", "--code", "not_indicated", "--reason", "niet", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0012", "concur", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "request-info", "--today", "2026-12-01"))

	r := mustOK(t, cmd(t, db, "intake", "", "decide", "MA-2026-0002", "reconsider", "--reason", "Verzekerde maakt bezwaar", "--received", "2026-11-30", "--today", "2026-12-01"))
	if got := strings.TrimSpace(r.stdout); got != "MA-2026-0002 reconsideration_requested: objection received 2026-11-30, due 2027-01-11 (by intake)" {
		t.Fatalf("stdout %q", got)
	}
	mustOK(t, cmd(t, db, "intake", "", "decide", "MA-2026-0012", "reconsider", "--reason", "bezwaar", "--today", "2026-12-01"))

	line := checkLineOf(t, db, "MA-2026-0002", "2026-12-01")
	if line["state"] != "reconsideration" || line["due"] != "2027-01-11" || line["verdict"] != "complete" {
		t.Fatalf("check: %v", line)
	}
	if line := checkLineOf(t, db, "MA-2026-0012", "2026-12-01"); line["state"] != "reconsideration" || line["due"] != "2027-01-12" {
		t.Fatalf("check (received by default today): %v", line)
	}
	// In reconsideration the verdict is as for an undecided request.
	if line := checkLineOf(t, db, "MA-2026-0002", "2027-01-05"); line["verdict"] != "started" {
		t.Fatalf("check after the start: %v", line)
	}

	// Queue order: open, second_review, reconsideration, waiting, decided.
	out := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", "2026-12-01")).stdout
	var states, order []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var v struct{ ID, State string }
		if err := json.Unmarshal([]byte(l), &v); err != nil {
			t.Fatal(err)
		}
		order = append(order, v.ID)
		if len(states) == 0 || states[len(states)-1] != v.State {
			states = append(states, v.State)
		}
	}
	if got := strings.Join(states, " "); got != "open reconsideration waiting" {
		t.Fatalf("states in order: %s", got)
	}
	if i := indexOf(order, "MA-2026-0002"); i < 0 || order[i+1] != "MA-2026-0012" {
		t.Fatalf("reconsiderations by due: %v", order)
	}

	mustOK(t, cmd(t, db, "c.jansen", "", "decide", "MA-2026-0002", "approve", "--minutes", "100", "--today", "2026-12-02"))
	mustOK(t, cmd(t, db, "c.jansen", "", "decide", "MA-2026-0012", "uphold", "--reason", "Blijft niet geïndiceerd", "--today", "2026-12-02"))
	if line := checkLineOf(t, db, "MA-2026-0002", "2026-12-02"); line["state"] != "approved" {
		t.Fatalf("after approval: %v", line)
	}
	if line := checkLineOf(t, db, "MA-2026-0012", "2026-12-02"); line["state"] != "rejected" {
		t.Fatalf("after uphold: %v", line)
	}

	var recs []map[string]any
	if err := json.Unmarshal([]byte(mustOK(t, cmd(t, db, "x", "", "export", "--format", "json")).stdout), &recs); err != nil {
		t.Fatal(err)
	}
	var outcomes []string
	for _, r := range recs {
		outcomes = append(outcomes, r["id"].(string)+" "+r["outcome"].(string))
		switch r["outcome"] {
		case "approved_on_reconsideration":
			if r["approved_minutes"] != 100.0 || r["valid_from"] == nil || r["reason_code"] != nil {
				t.Errorf("approval on reconsideration exported as %v", r)
			}
		case "upheld":
			if r["reason_code"] != "not_indicated" || r["reason"] != "Blijft niet geïndiceerd" || r["adviser"] != "c.jansen" {
				t.Errorf("upheld exported as %v", r)
			}
		case "reconsideration_requested":
			if r["reason_code"] != nil || r["approved_minutes"] != nil || r["adviser"] != "intake" {
				t.Errorf("reconsideration request exported as %v", r)
			}
		}
	}
	want := "MA-2026-0002 rejected,MA-2026-0012 rejection_proposed,MA-2026-0012 concurred,MA-2026-0003 info_requested," +
		"MA-2026-0002 reconsideration_requested,MA-2026-0012 reconsideration_requested,MA-2026-0002 approved_on_reconsideration,MA-2026-0012 upheld"
	if got := strings.Join(outcomes, ","); got != want {
		t.Fatalf("export:\n%s\nwant\n%s", got, want)
	}
	csv := mustOK(t, cmd(t, db, "x", "", "export", "--format", "csv")).stdout
	if !strings.Contains(csv, "\nMA-2026-0012,upheld,not_indicated,Blijft niet geïndiceerd,,,,,c.jansen,") {
		t.Fatalf("csv:\n%s", csv)
	}
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// Every refusal of the reconsideration rules, through the command line:
// exit 1, one line on stderr naming the request, nothing on stdout, and
// nothing changes.
func TestReconsiderationRefusals(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0002", "reject", "--code", "other", "--reason", "anders", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0012", "reject", "--code", "not_indicated", "--reason", "niet", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0012", "concur", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0013", "reject", "--code", "other", "--reason", "anders", "--today", "2026-12-01"))

	type refusal struct {
		name, adviser string
		args          []string
		says          string
	}
	refuse := func(t *testing.T, tests []refusal) {
		t.Helper()
		for _, tt := range tests {
			before := visible(t, db)
			r := cmd(t, db, tt.adviser, "", append([]string{"decide"}, tt.args...)...)
			if r.code != 1 || r.stdout != "" || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 || !strings.HasSuffix(r.stderr, "\n") {
				t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 1 and one line", tt.name, r.code, r.stdout, r.stderr)
				continue
			}
			if !strings.Contains(r.stderr, tt.args[0]) || !strings.Contains(r.stderr, tt.says) {
				t.Errorf("%s: %q does not name %s and say %q", tt.name, r.stderr, tt.args[0], tt.says)
			}
			if after := visible(t, db); after != before {
				t.Errorf("%s: a refusal changed the store", tt.name)
			}
		}
	}
	refuse(t, []refusal{
		{"reconsider an open request", "x", []string{"MA-2026-0001", "reconsider", "--reason", "b", "--today", "2026-12-01"}, "only a final rejection"},
		{"reconsider without the objection", "x", []string{"MA-2026-0002", "reconsider", "--today", "2026-12-01"}, "--reason"},
		{"reconsider with a blank objection", "x", []string{"MA-2026-0002", "reconsider", "--reason", "  ", "--today", "2026-12-01"}, "--reason"},
		{"objection received tomorrow", "x", []string{"MA-2026-0002", "reconsider", "--reason", "b", "--received", "2026-12-02", "--today", "2026-12-01"}, "after today"},
		{"uphold a rejection not reconsidered", "m.bakker", []string{"MA-2026-0002", "uphold", "--reason", "b", "--today", "2026-12-01"}, "only when reconsideration"},
		{"approve a rejection not reconsidered", "m.bakker", []string{"MA-2026-0002", "approve", "--today", "2026-12-01"}, "rejected"},
	})

	mustOK(t, cmd(t, db, "intake", "", "decide", "MA-2026-0002", "reconsider", "--reason", "bezwaar", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "intake", "", "decide", "MA-2026-0012", "reconsider", "--reason", "bezwaar", "--today", "2026-12-01"))
	refuse(t, []refusal{
		{"reconsider twice", "x", []string{"MA-2026-0002", "reconsider", "--reason", "nog eens", "--today", "2026-12-01"}, "once only"},
		{"approve by the adviser who rejected", "a.devries", []string{"MA-2026-0002", "approve", "--today", "2026-12-01"}, "took no part"},
		{"uphold by the adviser who rejected", "a.devries", []string{"MA-2026-0002", "uphold", "--reason", "b", "--today", "2026-12-01"}, "took no part"},
		{"approve by the proposer", "a.devries", []string{"MA-2026-0012", "approve", "--today", "2026-12-01"}, "proposed the rejection"},
		{"uphold by the one who concurred", "m.bakker", []string{"MA-2026-0012", "uphold", "--reason", "b", "--today", "2026-12-01"}, "concurred"},
		{"uphold without a motivation", "c.jansen", []string{"MA-2026-0002", "uphold", "--today", "2026-12-01"}, "--reason"},
		{"approve more minutes than requested", "c.jansen", []string{"MA-2026-0002", "approve", "--minutes", "999999", "--today", "2026-12-01"}, "minutes"},
		{"concur with a reconsideration", "c.jansen", []string{"MA-2026-0002", "concur", "--today", "2026-12-01"}, "reconsideration"},
	})

	mustOK(t, cmd(t, db, "c.jansen", "", "decide", "MA-2026-0002", "uphold", "--reason", "blijft", "--today", "2026-12-01"))
	refuse(t, []refusal{
		{"reconsider after uphold", "x", []string{"MA-2026-0002", "reconsider", "--reason", "nog eens", "--today", "2026-12-01"}, "once only"},
		{"approve after uphold", "d.smit", []string{"MA-2026-0002", "approve", "--today", "2026-12-01"}, "rejected"},
	})
}

// A request whose items are not all ok cannot be approved on
// reconsideration; it can be upheld.
func TestReconsiderationOfAnIncompleteRequest(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "reject", "--code", "incomplete", "--reason", "onvolledig", "--today", "2026-12-01"))
	mustOK(t, cmd(t, db, "a.devries", "", "decide", "MA-2026-0003", "reconsider", "--reason", "bezwaar", "--today", "2026-12-01"))
	before := visible(t, db)
	r := cmd(t, db, "m.bakker", "", "decide", "MA-2026-0003", "approve", "--today", "2026-12-01")
	if r.code != 1 || !strings.Contains(r.stderr, "practitioners missing") || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("%+v", r)
	}
	if visible(t, db) != before {
		t.Fatal("a refusal changed the store")
	}
	mustOK(t, cmd(t, db, "m.bakker", "", "decide", "MA-2026-0003", "uphold", "--reason", "blijft onvolledig", "--today", "2026-12-01"))
}

// Flags that do not go with reconsideration are usage errors (exit 2).
func TestReconsiderationUsageErrors(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", "", "import", examples))
	for _, args := range [][]string{
		{"MA-2026-0002", "reconsider", "--reason", "b", "--received", "2026-13-01"},
		{"MA-2026-0002", "reconsider", "--reason", "b", "--code", "other"},
		{"MA-2026-0002", "reconsider", "--reason", "b", "--minutes", "10"},
		{"MA-2026-0002", "uphold", "--reason", "b", "--received", "2026-11-30"},
		{"MA-2026-0002", "approve", "--received", "2026-11-30"},
		{"MA-2026-0002", "reject", "--code", "other", "--reason", "b", "--received", "2026-11-30"},
	} {
		r := cmd(t, db, "x", "", append([]string{"decide"}, args...)...)
		if r.code != 2 || !strings.HasPrefix(r.stderr, "machtiging: --") || r.stdout != "" {
			t.Errorf("%v: exit %d, %q; want a usage error naming the flag", args, r.code, r.stderr)
		}
	}
}
