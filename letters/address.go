package letters

import "machtiging/authz"

// insuredAddress is where the insured's letter goes; nil: by name only.
func insuredAddress(r *authz.Request) *Address { return nil }

// providerAddress is where the provider's copy goes; nil: by name only.
func providerAddress(r *authz.Request) *Address { return nil }

// setSampleAddresses gives a sample request addresses for both parties.
func setSampleAddresses(r *authz.Request) {}
