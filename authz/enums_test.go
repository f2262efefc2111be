package authz

import (
	"encoding"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

// The contract's names of every enumeration, in its order, survive a round
// trip through text; anything else is refused.
func TestContractNames(t *testing.T) {
	type textual interface {
		encoding.TextMarshaler
	}
	check := func(kind string, names []string, v func(i int) textual, parse func(s string) (textual, error)) {
		t.Helper()
		for i, name := range names {
			b, err := v(i).MarshalText()
			if err != nil || string(b) != name {
				t.Errorf("%s %d marshals as %q, want %q", kind, i, b, name)
			}
			got, err := parse(name)
			if err != nil {
				t.Errorf("%s %q: %v", kind, name, err)
				continue
			}
			if b, _ := got.MarshalText(); string(b) != name {
				t.Errorf("%s %q parses to %q", kind, name, b)
			}
		}
		for _, bad := range []string{"", "x", strings.ToUpper(names[len(names)-1]), names[0] + " "} {
			if _, err := parse(bad); err == nil {
				t.Errorf("%s %q accepted", kind, bad)
			}
		}
	}
	check("setting", []string{"clinical", "outpatient"},
		func(i int) textual { return Setting(i + 1) },
		func(s string) (textual, error) { var v Setting; err := v.UnmarshalText([]byte(s)); return v, err })
	check("item", []string{"referral", "admission_indication", "treatment_plan", "practitioners", "codes"},
		func(i int) textual { return Items[i] },
		func(s string) (textual, error) { v, err := ParseItem(s); return v, err })
	check("item (text)", []string{"referral", "admission_indication", "treatment_plan", "practitioners", "codes"},
		func(i int) textual { return Item(i) },
		func(s string) (textual, error) { var v Item; err := v.UnmarshalText([]byte(s)); return v, err })
	check("status", []string{"ok", "not_applicable", "missing", "invalid", "late"},
		func(i int) textual { return Status(i) },
		func(s string) (textual, error) { var v Status; err := v.UnmarshalText([]byte(s)); return v, err })
	check("verdict", []string{"not_required", "started", "complete", "incomplete"},
		func(i int) textual { return Verdict(i) },
		func(s string) (textual, error) { var v Verdict; err := v.UnmarshalText([]byte(s)); return v, err })
	check("state", []string{"open", "second_review", "waiting", "approved", "rejected"},
		func(i int) textual { return State(i) },
		func(s string) (textual, error) { var v State; err := v.UnmarshalText([]byte(s)); return v, err })
	check("reject code", []string{"not_required", "incomplete", "started", "not_indicated", "other"},
		func(i int) textual { return RejectCodes[i] },
		func(s string) (textual, error) { v, err := ParseRejectCode(s); return v, err })
	check("reject code (text)", []string{"not_required", "incomplete", "started", "not_indicated", "other"},
		func(i int) textual { return RejectCode(i + 1) },
		func(s string) (textual, error) {
			var v RejectCode
			if s == "" {
				return v, errors.New("empty") // UnmarshalText reads "" as RejectNone, checked below
			}
			err := v.UnmarshalText([]byte(s))
			return v, err
		})
	check("outcome", []string{"approved", "rejected", "info_requested", "rejection_proposed", "concurred", "overturned"},
		func(i int) textual { return Outcome(i + 1) },
		func(s string) (textual, error) { var v Outcome; err := v.UnmarshalText([]byte(s)); return v, err })
	var rc RejectCode = RejectOther
	if err := rc.UnmarshalText(nil); err != nil || rc != RejectNone {
		t.Errorf("an empty reason code reads as %v, %v", rc, err)
	}
	for i, name := range []string{"approve", "reject", "request-info", "concur", "overturn"} {
		a, err := ParseAction(name)
		if err != nil || a != Action(i+1) || a.String() != name {
			t.Errorf("action %q: %v %v", name, a, err)
		}
	}
	for _, bad := range []string{"", "approved", "request_info", "Approve"} {
		if _, err := ParseAction(bad); err == nil {
			t.Errorf("action %q accepted", bad)
		}
	}
	if s := State(42).String(); !strings.Contains(s, "42") {
		t.Errorf("an unknown state prints as %q", s)
	}
	if !StateApproved.Final() || !StateRejected.Final() || StateOpen.Final() || StateWaiting.Final() || StateSecondReview.Final() {
		t.Errorf("Final: only approved and rejected are final decisions")
	}
}

// A decision encodes with the contract's export names and values.
func TestDecisionJSONNames(t *testing.T) {
	d := Decision{
		ID: "MA-1", Outcome: OutcomeInfoRequested, Reason: "graag", ItemsRequested: []Item{ItemReferral, ItemCodes},
		Adviser: "alice", DecidedAt: testNow.UTC(), Today: checkDay,
	}
	b, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"id": "MA-1", "outcome": "info_requested", "reason": "graag", "items_requested": []any{"referral", "codes"},
		"adviser": "alice", "decided_at": "2026-12-01T08:30:00Z"}
	for k, v := range want {
		if got, ok := m[k]; !ok || !jsonEqual(got, v) {
			t.Errorf("%s = %v, want %v (in %s)", k, got, v, b)
		}
	}
	if _, err := time.Parse(time.RFC3339, m["decided_at"].(string)); err != nil {
		t.Errorf("decided_at is not RFC 3339: %v", err)
	}
	a := Decision{ID: "MA-1", Outcome: OutcomeApproved, ValidFrom: day("2026-12-14"), ValidUntil: day("2027-02-26"), ApprovedMinutes: 2400, Adviser: "bob"}
	b, _ = json.Marshal(a)
	for _, s := range []string{`"outcome":"approved"`, `"valid_from":"2026-12-14"`, `"valid_until":"2027-02-26"`, `"approved_minutes":2400`} {
		if !strings.Contains(string(b), s) {
			t.Errorf("%s lacks %s", b, s)
		}
	}
	r := Decision{ID: "MA-1", Outcome: OutcomeRejectionProposed, ReasonCode: RejectNotIndicated, Reason: "x", Adviser: "bob"}
	b, _ = json.Marshal(r)
	if !strings.Contains(string(b), `"reason_code":"not_indicated"`) || !strings.Contains(string(b), `"outcome":"rejection_proposed"`) {
		t.Errorf("%s", b)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}
