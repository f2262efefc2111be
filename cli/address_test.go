package cli

import (
	"strings"
	"testing"
)

// addressRecord is a valid import record with both addresses.
const addressRecord = `{"id":"MA-ADR-1","received":"2026-11-24",` +
	`"insured":{"name":"Ayşe Çelik-Öztürk","bsn":"123456782","birth_date":"1961-04-17",` +
	`"address":{"street":"Dorpsstraat 12","postal_code":"3811 AB","city":"Amersfoort"}},` +
	`"provider":{"name":"Revalidatiekliniek Amersfoort","agb":"22012345","contracted":false,` +
	`"address":{"street":"Postbus 4421","postal_code":"3800 GA","city":"Amersfoort"}},` +
	`"setting":"outpatient","treatment_start":"2026-12-14"}`

// Addresses through the command line: a file with them imports; a bad one
// is refused with one line naming record and field, and nothing is stored.
func TestImportAddresses(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "x", addressRecord+"\n", "import", "-"))
	r := mustOK(t, cmd(t, db, "x", "", "check", "--json", "--today", "2026-12-01", "MA-ADR-1"))
	if !strings.Contains(r.stdout, `"id":"MA-ADR-1"`) {
		t.Fatalf("check: %s", r.stdout)
	}
	for _, tt := range []struct{ name, from, to, field string }{
		{"unknown field", `"city":"Amersfoort"}},"setting"`, `"city":"Amersfoort","country":"NL"}},"setting"`, "provider.address.country"},
		{"blank street", `"street":"Dorpsstraat 12"`, `"street":"  "`, "insured.address.street"},
		{"wrong type", `"postal_code":"3800 GA"`, `"postal_code":3800`, "provider.address.postal_code"},
		{"control character", `"city":"Amersfoort"}},"provider"`, `"city":"Amers\u001b[2Jfoort"}},"provider"`, "insured.address.city"},
		{"too long", `"street":"Postbus 4421"`, `"street":"` + strings.Repeat("x", 201) + `"`, "provider.address.street"},
		{"not an object", `"address":{"street":"Dorpsstraat 12","postal_code":"3811 AB","city":"Amersfoort"}`, `"address":"Dorpsstraat 12"`, "insured.address"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := strings.Replace(addressRecord, tt.from, tt.to, 1)
			bad = strings.Replace(bad, "MA-ADR-1", "MA-ADR-2", 1)
			if bad == addressRecord {
				t.Fatal("the test did not change the record")
			}
			before := mustOK(t, cmd(t, db, "x", "", "export", "--format", "csv")).stdout
			r := cmd(t, db, "x", addressRecord+"\n"+bad+"\n", "import", "-")
			if r.code != 1 || r.stdout != "" || strings.Count(strings.TrimRight(r.stderr, "\n"), "\n") != 0 {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit 1 and one line", r.code, r.stdout, r.stderr)
			}
			if !strings.Contains(r.stderr, "record 1 (MA-ADR-2)") || !strings.Contains(r.stderr, tt.field+": ") {
				t.Errorf("%q does not name record 1 (MA-ADR-2) and field %s", r.stderr, tt.field)
			}
			if c := cmd(t, db, "x", "", "check", "--json", "MA-ADR-2"); c.code != 1 {
				t.Errorf("MA-ADR-2 was stored: %+v", c)
			}
			if after := mustOK(t, cmd(t, db, "x", "", "export", "--format", "csv")).stdout; after != before {
				t.Errorf("the export changed")
			}
		})
	}
}
