package store

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"machtiging/authz"
)

// Addresses are kept with the version that carried them, read back whole,
// and sealed like the rest of the request when the store has a key; raw
// imported JSON (the staged path) keeps them too.
func TestAddressesAreStoredAndSealed(t *testing.T) {
	for _, tt := range []struct {
		name string
		key  []byte
		raw  bool
	}{{"plain", nil, false}, {"plain, raw JSON kept", nil, true}, {"encrypted", bytes.Repeat([]byte{9}, KeySize), false}} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "m.db")
			s, err := Open(path, Options{Key: tt.key})
			if err != nil {
				t.Fatal(err)
			}
			reqs := exampleRequests(t)
			r := reqs[0]
			r.Insured.Address = &authz.Address{Street: "Kerkstraat 7", PostalCode: "3811 XY", City: "Çeşmeköy"}
			r.Provider.Address = &authz.Address{Street: "Postbus 4421", PostalCode: "3800 GA", City: "Amersfoort"}
			next := feed(reqs, nil)
			if tt.raw {
				plain := next
				next = func() (Incoming, error) {
					in, err := plain()
					if err == nil {
						in.Raw, err = encodeJSON(in.Request)
					}
					return in, err
				}
			}
			if _, err := s.Import(alice, "test", next); err != nil {
				t.Fatal(err)
			}
			got, _, err := s.Version(r.ID, 1)
			if err != nil {
				t.Fatal(err)
			}
			if *got.Insured.Address != *r.Insured.Address || *got.Provider.Address != *r.Provider.Address {
				t.Fatalf("addresses read back as %+v / %+v", got.Insured.Address, got.Provider.Address)
			}
			other, _, err := s.Version(reqs[1].ID, 1)
			if err != nil || other.Insured.Address != nil || other.Provider.Address != nil {
				t.Fatalf("a request without addresses reads back with %+v / %+v (%v)", other.Insured.Address, other.Provider.Address, err)
			}
			s.Close()
			file, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if in := bytes.Contains(file, []byte("Kerkstraat 7")); in != (tt.key == nil) {
				t.Errorf("street in the raw file: %v, encrypted: %v", in, tt.key != nil)
			}
		})
	}
}

func encodeJSON(r *authz.Request) ([]byte, error) { return encode(r) }
