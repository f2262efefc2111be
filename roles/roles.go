// Package roles is least privilege on the team server: each listed key has
// one role, and one table of command × role says what each role may run.
// The command line (locally and over SSH) and the review screen read the
// same table; nothing else decides who may do what.
package roles

import (
	"fmt"
	"strings"
)

// Role is what a listed key may do.
type Role uint8

// The four roles. The zero Role is no role: it may do nothing.
const (
	// Intake delivers requests and registers, and sees no patient data.
	Intake Role = iota + 1
	// Adviser reviews: the review screen, check, decide, letters, export.
	Adviser
	// Auditor reads the access log and the figures, no request content.
	Auditor
	// Admin may do everything.
	Admin
)

// Default is the role of a key listed without one.
const Default = Adviser

// All lists the roles from least to most privileged.
var All = []Role{Intake, Adviser, Auditor, Admin}

var roleNames = [...]string{Intake: "intake", Adviser: "adviser", Auditor: "auditor", Admin: "admin"}

// Valid reports whether r is one of the four roles.
func (r Role) Valid() bool { return r >= Intake && r <= Admin }

// String returns the role's name, such as "intake".
func (r Role) String() string {
	if !r.Valid() {
		return fmt.Sprintf("no role (%d)", uint8(r))
	}
	return roleNames[r]
}

// Parse reads a role's name.
func Parse(s string) (Role, error) {
	for _, r := range All {
		if roleNames[r] == s {
			return r, nil
		}
	}
	return 0, fmt.Errorf("%q is not a role (one of %s)", s, Names())
}

// Names is the roles' names, comma-separated, for messages and help.
func Names() string {
	names := make([]string, len(All))
	for i, r := range All {
		names[i] = r.String()
	}
	return strings.Join(names, ", ")
}

// MarshalText writes the role's name.
func (r Role) MarshalText() ([]byte, error) {
	if !r.Valid() {
		return nil, fmt.Errorf("roles: %d is not a role", uint8(r))
	}
	return []byte(r.String()), nil
}

// UnmarshalText reads a role's name.
func (r *Role) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*r = v
	return nil
}

// Set is a set of roles.
type Set uint8

// Of is the set of the roles given.
func Of(rs ...Role) Set {
	var s Set
	for _, r := range rs {
		if r.Valid() {
			s |= 1 << r
		}
	}
	return s
}

// Has reports whether r is in the set.
func (s Set) Has(r Role) bool { return r.Valid() && s&(1<<r) != 0 }

// Roles lists the set's roles from least to most privileged.
func (s Set) Roles() []Role {
	var out []Role
	for _, r := range All {
		if s.Has(r) {
			out = append(out, r)
		}
	}
	return out
}

// String is the set in words: "adviser or admin".
func (s Set) String() string {
	rs := s.Roles()
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.String()
	}
	switch len(names) {
	case 0:
		return "no role"
	case 1:
		return names[0]
	}
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
}
