package authz

import (
	"reflect"
	"strings"
	"testing"
)

// addressJSON is a well-formed address as raw JSON.
const addressJSON = `{"street":"Dorpsstraat 12","postal_code":"3811 AB","city":"Amersfoort"}`

// Addresses are optional, and decoded into the request when given.
func TestDecodeAddressesAccepted(t *testing.T) {
	want := &Address{Street: "Dorpsstraat 12", PostalCode: "3811 AB", City: "Amersfoort"}
	tests := []struct {
		name              string
		rec               string
		insured, provider *Address
	}{
		{"none", rec1, nil, nil},
		{"insured only", withRaw(t, rec1, "insured.address", addressJSON), want, nil},
		{"provider only", withRaw(t, rec1, "provider.address", addressJSON), nil, want},
		{"both", withRaw(t, withRaw(t, rec1, "insured.address", addressJSON), "provider.address", addressJSON), want, want},
		{"null is absent", withRaw(t, withRaw(t, rec1, "insured.address", `null`), "provider.address", `null`), nil, nil},
		{"foreign, Unicode, at the limit", with(t, rec1, "insured.address", map[string]string{
			"street": strings.Repeat("ş", MaxAddressLen), "postal_code": "D-10115", "city": "Çeşme-Öztürk"}),
			&Address{Street: strings.Repeat("ş", MaxAddressLen), PostalCode: "D-10115", City: "Çeşme-Öztürk"}, nil},
		{"no postal code format", with(t, rec1, "provider.address", map[string]string{
			"street": "1 Rue de la Paix", "postal_code": "x", "city": "Paris"}),
			nil, &Address{Street: "1 Rue de la Paix", PostalCode: "x", City: "Paris"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for form, file := range map[string]string{"array": asArray(baseRecord, tt.rec), "ndjson": asNDJSON(baseRecord, tt.rec)} {
				got, err := decodeAll(file)
				if err != nil || len(got) != 2 {
					t.Fatalf("%s: %d records, %v", form, len(got), err)
				}
				if !reflect.DeepEqual(got[1].Insured.Address, tt.insured) {
					t.Errorf("%s: insured.address %+v, want %+v", form, got[1].Insured.Address, tt.insured)
				}
				if !reflect.DeepEqual(got[1].Provider.Address, tt.provider) {
					t.Errorf("%s: provider.address %+v, want %+v", form, got[1].Provider.Address, tt.provider)
				}
			}
		})
	}
}

// Every kind of bad address is an import error naming record and field.
func TestDecodeAddressesRefused(t *testing.T) {
	var tests []recordErrorCase
	for _, p := range []string{"insured.address", "provider.address"} {
		good := withRaw(t, rec1, p, addressJSON)
		tests = append(tests,
			recordErrorCase{p + " a string", withRaw(t, rec1, p, `"Dorpsstraat 12, Amersfoort"`), "", p, "wrong JSON type: a string where an object belongs"},
			recordErrorCase{p + " an array", withRaw(t, rec1, p, `["Dorpsstraat 12"]`), "", p, "wrong JSON type: an array where an object belongs"},
			recordErrorCase{p + " a number", withRaw(t, rec1, p, `12`), "", p, "wrong JSON type"},
			recordErrorCase{p + " a boolean", withRaw(t, rec1, p, `true`), "", p, "wrong JSON type"},
			recordErrorCase{p + " empty object", withRaw(t, rec1, p, `{}`), "", p + ".street", "is required"},
			recordErrorCase{p + " unknown field", withRaw(t, good, p+".country", `"NL"`), "", p + ".country", "unknown field"},
			recordErrorCase{p + " unknown field: wrong case", withRaw(t, good, p+".Street", `"x"`), "", p + ".Street", "unknown field"},
			recordErrorCase{p + " duplicate field", replaceOnce(t, good, `"city":"Amersfoort"`, `"city":"Amersfoort","city":"Utrecht"`), "", p + ".city", "duplicate field"},
		)
		for _, f := range []string{"street", "postal_code", "city"} {
			field := p + "." + f
			tests = append(tests,
				recordErrorCase{field + " absent", without(t, good, field), "", field, "is required and may not be blank"},
				recordErrorCase{field + " null", withRaw(t, good, field, `null`), "", field, "is required and may not be blank"},
				recordErrorCase{field + " empty", with(t, good, field, ""), "", field, "is required and may not be blank"},
				recordErrorCase{field + " blank", with(t, good, field, " \u00a0 "), "", field, "is required and may not be blank"},
				recordErrorCase{field + " a number", withRaw(t, good, field, `3811`), "", field, "wrong JSON type: a number where a string belongs"},
				recordErrorCase{field + " an object", withRaw(t, good, field, `{}`), "", field, "wrong JSON type"},
				recordErrorCase{field + " a boolean", withRaw(t, good, field, `false`), "", field, "wrong JSON type"},
				recordErrorCase{field + " over the limit", with(t, good, field, strings.Repeat("é", MaxAddressLen+1)), "", field, "201 characters, longer than the limit of 200"},
				recordErrorCase{field + " ESC", withRaw(t, good, field, `"x\u001b[2Jy"`), "", field, "U+001B"},
				recordErrorCase{field + " C1", withRaw(t, good, field, "\"x\u009by\""), "", field, "U+009B"},
				recordErrorCase{field + " bidi", withRaw(t, good, field, "\"x\u202ey\""), "", field, "U+202E"},
				recordErrorCase{field + " DEL", withRaw(t, good, field, "\"x\x7fy\""), "", field, "U+007F"},
				recordErrorCase{field + " invalid UTF-8", withRaw(t, good, field, "\"x\xffy\""), "", field, "UTF-8"},
				recordErrorCase{field + " newline", withRaw(t, good, field, `"Dorpsstraat\n12"`), "", field, "one line"},
				recordErrorCase{field + " tab", withRaw(t, good, field, `"Dorpsstraat\t12"`), "", field, "one line"},
			)
		}
	}
	runRecordErrors(t, tests)
}
