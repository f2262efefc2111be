package server

import (
	"encoding/json"
	"strings"
	"testing"

	"machtiging/audit"
	"machtiging/roles"
)

// The report over SSH is the report locally: the same JSON as the store
// gives, for an adviser and an auditor; intake may not run it. It is
// logged as an aggregate read by the key's adviser, naming no request.
func TestReportOverSSH(t *testing.T) {
	h := newHarness(t, "a.devries")
	h.keys["auditor"] = h.addWithRole("auditor", roles.Auditor)
	if r := h.run("a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	for _, who := range []string{"a.devries", "auditor"} {
		r := h.run(who, "", "report", "--json", "--today", "2026-12-01")
		var v struct {
			Decisions map[string]int `json:"decisions"`
			Backlog   map[string]int `json:"backlog"`
		}
		if r.code != 0 || json.Unmarshal([]byte(r.stdout), &v) != nil {
			t.Fatalf("report as %s: %+v", who, r)
		}
		if v.Decisions["approved"] != 1 || v.Backlog["open"] != 12 {
			t.Errorf("report as %s: %s", who, r.stdout)
		}
		for _, secret := range []string{"MA-2026-0001", "Anna de Vries"} {
			if strings.Contains(r.stdout, secret) {
				t.Errorf("report as %s holds %q", who, secret)
			}
		}
		e, ok := h.lastEntryBy(who)
		if !ok || e.Event != audit.EventReport || e.Action != audit.Read || len(e.Requests) != 0 || e.Outcome != audit.Success {
			t.Errorf("the access log's last entry by %s: %+v", who, e)
		}
	}
	if r := h.run(intake, "", "report", "--json"); r.code != 1 || !strings.Contains(r.stderr, "role") {
		t.Errorf("report as intake: %+v", r)
	}
}
