package demo

import (
	"bytes"
	"testing"

	"machtiging/authz"
	"machtiging/registers"
)

// The demo's registers hold every identity and contract case, read back
// through the strict decoders, and a few insured have overlapping requests.
func TestRegistersHoldEveryCase(t *testing.T) {
	today := authz.NewDate(2026, 12, 1)
	reqs := Generate(240, today, 1)
	ShareInsured(reqs)
	ins, prov := Registers(reqs, today)
	var ib, pb bytes.Buffer
	if err := WriteInsuredCSV(&ib, ins); err != nil {
		t.Fatal(err)
	}
	if err := WriteProvidersCSV(&pb, prov); err != nil {
		t.Fatal(err)
	}
	insRows, err := registers.ReadInsured(&ib)
	if err != nil {
		t.Fatalf("the demo's insured register is refused: %v", err)
	}
	provRows, err := registers.ReadProviders(&pb)
	if err != nil {
		t.Fatalf("the demo's provider register is refused: %v", err)
	}
	byBSN := map[string][]authz.InsuredRow{}
	for _, r := range insRows.Rows {
		byBSN[r.BSN] = append(byBSN[r.BSN], r)
	}
	byAGB := map[string][]authz.ProviderRow{}
	for _, r := range provRows {
		byAGB[r.AGB] = append(byAGB[r.AGB], r)
	}
	identities := map[authz.Identity]int{}
	contracts := map[authz.Contract]int{}
	contradicted := 0
	for _, r := range reqs {
		id, _ := authz.IdentityOf(true, byBSN[r.Insured.BSN], r.Insured, r.TreatmentStart)
		identities[id]++
		c := authz.ContractOf(true, byAGB[r.Provider.AGB], r.TreatmentStart)
		contracts[c]++
		if authz.ContradictsRequest(c, r.Provider.IsContracted()) {
			contradicted++
		}
	}
	for _, id := range []authz.Identity{authz.IdentityVerified, authz.IdentityMismatch, authz.IdentityNotInsured} {
		if identities[id] == 0 {
			t.Errorf("no request is %s: %v", id, identities)
		}
	}
	for _, c := range []authz.Contract{authz.ContractContracted, authz.ContractNotContracted} {
		if contracts[c] == 0 {
			t.Errorf("no request is %s: %v", c, contracts)
		}
	}
	if contradicted == 0 {
		t.Error("the provider register never contradicts a request")
	}
	overlapping := 0
	bsn := map[string][]authz.Sibling{}
	for _, r := range reqs {
		bsn[r.Insured.BSN] = append(bsn[r.Insured.BSN], authz.Sibling{ID: r.ID, State: authz.StateOpen, Period: authz.RequestPeriod(authz.StateOpen, authz.Period{}, r.TreatmentPlan)})
	}
	for _, g := range bsn {
		for _, s := range g {
			if len(authz.Overlaps(s, g)) > 0 {
				overlapping++
			}
		}
	}
	if overlapping < 4 {
		t.Errorf("only %d requests overlap another of their insured", overlapping)
	}
}
