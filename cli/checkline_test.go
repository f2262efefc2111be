package cli

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"

	"machtiging/authz"
	"machtiging/demo"
)

// The hand-written check line is what json.MarshalEncode writes.
func TestAppendCheckLineIsMarshalEncode(t *testing.T) {
	today := authz.NewDate(2026, 12, 1)
	var lines []checkLine
	for i, req := range demo.Generate(2000, today, 7) {
		var r = authz.Facts(req)
		var items [authz.NumItems]authz.ItemResult
		for j, f := range r {
			items[j] = f.Check(req.TreatmentStart, today)
		}
		f := authz.Findings{Identity: authz.Identity(i % 4), Contract: authz.Contract(i % 3)}
		verdict := authz.VerdictOf(req.Provider.IsContracted(), f, req.TreatmentStart, authz.State(i%5), items, today)
		var overlaps []string
		for j := range i % 3 {
			overlaps = append(overlaps, fmt.Sprintf("MA-%d", j))
		}
		lines = append(lines, checkLine{ID: req.ID, State: authz.State(i % 5), Verdict: verdict,
			Due: authz.DueDate(req.Received, req.Urgent, req.TreatmentStart), Items: items[:],
			Identity: f.Identity, Contract: f.Contract, Overlaps: overlaps})
	}
	lines = append(lines,
		checkLine{ID: "odd\"\\<>&\u2028", Items: []authz.ItemResult{{Detail: "tab\there \x01"}}},
		checkLine{ID: "none"},
		checkLine{ID: "far", Due: authz.NewDate(12345, 1, 2)})
	for _, c := range lines {
		var want bytes.Buffer
		if err := json.MarshalEncode(jsontext.NewEncoder(&want), &c); err != nil {
			t.Fatal(err)
		}
		got, err := appendCheckLine(nil, &c)
		if err != nil || !bytes.Equal(got, want.Bytes()) {
			t.Fatalf("appendCheckLine wrote\n%s (%v)\njson.MarshalEncode\n%s", got, err, want.Bytes())
		}
	}
}
