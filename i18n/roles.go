package i18n

import (
	"errors"
	"strings"

	"machtiging/roles"
)

// Roles are the team server's refusals of a command or the review screen
// to a key's role. Role names and commands stay as they are typed.
// Placeholders: {command} what was refused, {roles} the roles that may
// run it, {role} the key's role, {commands} what that role may run.
type Roles struct {
	Needs     string
	LocalOnly string
	Unlisted  string
	// ReviewScreen names the review screen in a list of commands.
	ReviewScreen string
	// Or joins the last two roles of a list.
	Or string
	// Nothing is what a role without any command may run.
	Nothing string
}

// RoleRefusal says, in the catalogue's language, why the roles table
// refused a command; ok is false when err is none of its refusals.
func (c *Catalog) RoleRefusal(err error) (string, bool) {
	var (
		refusal *roles.Refusal
		local   *roles.LocalOnly
		none    *roles.Unlisted
	)
	switch {
	case errors.As(err, &refusal):
		return Fill(c.Roles.Needs, "command", c.roleCommand(refusal.Command), "roles", c.roleSet(refusal.Command.Roles()),
			"role", refusal.Role.String(), "commands", c.mayRun(refusal.Role)), true
	case errors.As(err, &local):
		return Fill(c.Roles.LocalOnly, "command", c.roleCommand(local.Command)), true
	case errors.As(err, &none):
		return Fill(c.Roles.Unlisted, "command", none.Name), true
	}
	return "", false
}

func (c *Catalog) roleCommand(cmd roles.Command) string {
	if cmd == roles.ReviewScreen {
		return c.Roles.ReviewScreen
	}
	return cmd.String()
}

// roleSet is "adviser, auditor or admin".
func (c *Catalog) roleSet(s roles.Set) string {
	rs := s.Roles()
	names := make([]string, len(rs))
	for i, r := range rs {
		names[i] = r.String()
	}
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + c.Roles.Or + names[len(names)-1]
}

// mayRun lists what a role may run, the review screen first.
func (c *Catalog) mayRun(r roles.Role) string {
	var names []string
	for _, cmd := range roles.Allowed(r) {
		names = append(names, c.roleCommand(cmd))
	}
	if len(names) == 0 {
		return c.Roles.Nothing
	}
	return strings.Join(names, ", ")
}
