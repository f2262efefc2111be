package letters

import "machtiging/authz"

// insuredAddress is where the insured's letter goes; nil: by name only.
func insuredAddress(r *authz.Request) *Address { return addressOf(r.Insured.Address) }

// providerAddress is where the provider's copy goes; nil: by name only.
func providerAddress(r *authz.Request) *Address { return addressOf(r.Provider.Address) }

func addressOf(a *authz.Address) *Address {
	if a == nil {
		return nil
	}
	return &Address{Street: a.Street, PostalCode: a.PostalCode, City: a.City}
}

// setSampleAddresses gives a sample request addresses for both parties.
func setSampleAddresses(r *authz.Request) {
	r.Insured.Address = &authz.Address{Street: "Kerkstraat 12 bis", PostalCode: "3811 AB", City: "Amersfoort"}
	r.Provider.Address = &authz.Address{Street: "Postbus 70", PostalCode: "3500 AA", City: "Utrecht"}
}
