package store

import (
	"time"

	"github.com/go-json-experiment/json"

	"machtiging/authz"
)

// The JSON forms of queue rows and state records, as stores before the
// binary forms kept them. Only the upgrade to schema 4 reads them
// (upgrade4.go); the codec reads the binary forms alone.

// storedRow is a row as stores before the binary form kept it.
type storedRow struct {
	ID             string                          `json:"id"`
	State          authz.State                     `json:"state"`
	Due            authz.Date                      `json:"due"`
	Urgent         bool                            `json:"urgent,omitempty"`
	Received       authz.Date                      `json:"received"`
	TreatmentStart authz.Date                      `json:"start"`
	Setting        authz.Setting                   `json:"setting"`
	Contracted     bool                            `json:"contracted,omitempty"`
	Name           string                          `json:"name"`
	BSN            string                          `json:"bsn"`
	Provider       string                          `json:"provider"`
	Facts          [authz.NumItems]storedItemFacts `json:"facts"`
	Version        int                             `json:"version"`
	DecidedAt      time.Time                       `json:"decided_at,omitzero"`
	Proposer       string                          `json:"proposer,omitempty"`
}

type storedItemFacts struct {
	Applicable bool       `json:"a,omitempty"`
	Present    bool       `json:"p,omitempty"`
	Problem    string     `json:"x,omitempty"`
	Date       authz.Date `json:"d,omitempty"`
}

func decodeJSONRow(key, b []byte) (Row, error) {
	var sr storedRow
	if err := json.Unmarshal(b, &sr); err != nil {
		return Row{}, err
	}
	r := Row{Key: append([]byte(nil), key...), ID: sr.ID, State: sr.State, Due: sr.Due, Urgent: sr.Urgent,
		Received: sr.Received, TreatmentStart: sr.TreatmentStart, Setting: sr.Setting, Contracted: sr.Contracted,
		Name: sr.Name, BSN: sr.BSN, Provider: sr.Provider, Version: sr.Version, DecidedAt: sr.DecidedAt, Proposer: sr.Proposer}
	for i, f := range sr.Facts {
		r.Facts[i] = authz.ItemFacts{Item: authz.Item(i), Applicable: f.Applicable, Present: f.Present, Problem: f.Problem, Date: f.Date}
	}
	return r, nil
}

// decodeJSONState reads a state record in the JSON form.
func decodeJSONState(b []byte, rec *stateRecord) error { return json.Unmarshal(b, rec) }
