package roles

import (
	"fmt"
	"strings"
)

// Command is one row of the table: a command as it is typed, or the
// review screen.
type Command uint8

// The commands, in the order of the table.
const (
	ReviewScreen Command = iota + 1
	Import
	RegisterImport
	RegisterStatus
	Check
	Decide
	Letter
	Export
	Report
	AuditRequest
	Audit
	AuditVerify
	AuditCheckpoint
	Purge
	Backup
	Doctor
	AdviserAdd
	AdviserList
	AdviserRole
	AdviserRemove
	AdviserLang
	Compact
	KeyInit
	KeyRotate
	KeyProtect
	Serve
	Demo
	Generate
	numCommands = iota + 1 // one past the last
)

// Reach is where a command can run.
type Reach uint8

// The reaches of a command.
const (
	// Anywhere: at the store's machine and over SSH on the team server.
	Anywhere Reach = iota
	// Local: only at the store's machine, on the store file; the team
	// server does not offer it.
	Local
)

func (r Reach) String() string {
	if r == Local {
		return "local only"
	}
	return "local and over SSH"
}

// row is one line of the table.
type row struct {
	name  string // as typed after `machtiging`; "" is the review screen
	roles Set
	reach Reach
}

// table is every rule of who may run what. A command that is not in it
// runs only locally (as admin).
var table = [numCommands]row{
	//                  as typed              the roles that may run it          where
	ReviewScreen:    {"", Of(Adviser, Admin), Anywhere},
	Import:          {"import", Of(Intake, Admin), Anywhere},
	RegisterImport:  {"register import", Of(Intake, Admin), Anywhere},
	RegisterStatus:  {"register status", Of(Admin), Anywhere},
	Check:           {"check", Of(Adviser, Admin), Anywhere},
	Decide:          {"decide", Of(Adviser, Admin), Anywhere},
	Letter:          {"letter", Of(Adviser, Admin), Anywhere},
	Export:          {"export", Of(Adviser, Admin), Anywhere},
	Report:          {"report", Of(Adviser, Auditor, Admin), Anywhere},
	AuditRequest:    {"audit --request", Of(Adviser, Auditor, Admin), Anywhere},
	Audit:           {"audit", Of(Auditor, Admin), Anywhere},
	AuditVerify:     {"audit verify", Of(Auditor, Admin), Anywhere},
	AuditCheckpoint: {"audit checkpoint", Of(Auditor, Admin), Anywhere},
	Purge:           {"purge", Of(Admin), Anywhere},
	Backup:          {"backup", Of(Admin), Anywhere},
	Doctor:          {"doctor", Of(Admin), Anywhere},
	AdviserAdd:      {"adviser add", Of(Admin), Anywhere},
	AdviserList:     {"adviser list", Of(Admin), Anywhere},
	AdviserRole:     {"adviser role", Of(Admin), Anywhere},
	AdviserRemove:   {"adviser remove", Of(Admin), Anywhere},
	AdviserLang:     {"adviser lang", Of(Admin), Anywhere},
	Compact:         {"compact", Of(Admin), Local},
	KeyInit:         {"key init", Of(Admin), Local},
	KeyRotate:       {"key rotate", Of(Admin), Local},
	KeyProtect:      {"key protect", Of(Admin), Local},
	Serve:           {"serve", Of(Admin), Local},
	Demo:            {"demo", Of(Admin), Local},
	Generate:        {"generate", Of(Admin), Local},
}

// Commands lists every command of the table, in its order.
func Commands() []Command {
	out := make([]Command, 0, numCommands-1)
	for c := ReviewScreen; c < numCommands; c++ {
		out = append(out, c)
	}
	return out
}

// Valid reports whether c is a row of the table.
func (c Command) Valid() bool { return c >= ReviewScreen && c < numCommands }

// Name is the command as typed after `machtiging` ("audit verify"); the
// review screen's is "".
func (c Command) Name() string {
	if !c.Valid() {
		return ""
	}
	return table[c].name
}

// String names the command for people: "audit verify", "the review screen".
func (c Command) String() string {
	switch {
	case !c.Valid():
		return fmt.Sprintf("unknown command (%d)", uint8(c))
	case c == ReviewScreen:
		return "the review screen"
	case c == AuditRequest:
		return "audit --request ID"
	}
	return table[c].name
}

// Base is the command a row is a variant of: "audit" for "audit
// --request", else the row's own name.
func (c Command) Base() string {
	base, _, _ := strings.Cut(c.Name(), " --")
	return base
}

// Flag is the flag that makes a row a variant of its base command
// ("request" for "audit --request"), or "".
func (c Command) Flag() string {
	_, flag, _ := strings.Cut(c.Name(), " --")
	return flag
}

// Roles is the set of roles that may run c.
func (c Command) Roles() Set {
	if !c.Valid() {
		return 0
	}
	return table[c].roles
}

// Reach is where c can run.
func (c Command) Reach() Reach {
	if !c.Valid() {
		return Local
	}
	return table[c].reach
}

// Lookup finds a command by what is typed after `machtiging` ("" for the
// review screen, "audit --request" for the per-request access log).
// A variant is a row of its own: `audit` with --request is the
// per-request view.
func Lookup(name string) (Command, bool) {
	name = strings.Join(strings.Fields(name), " ")
	for _, c := range Commands() {
		if table[c].name == name {
			return c, true
		}
	}
	return 0, false
}

// Allows reports whether role r may run c.
func Allows(r Role, c Command) bool { return c.Roles().Has(r) }

// Refusal is a command refused for a role: the role it needs, and what
// the role may run instead.
type Refusal struct {
	Command Command
	Role    Role
}

// Error says what is needed: "check needs the role adviser or admin; the
// role intake may run import, register import".
func (e *Refusal) Error() string {
	may := Allowed(e.Role)
	names := make([]string, 0, len(may))
	for _, c := range may {
		if c != ReviewScreen {
			names = append(names, c.String())
		}
	}
	also := "nothing"
	if len(names) > 0 {
		also = strings.Join(names, ", ")
	}
	if Allows(e.Role, ReviewScreen) {
		also = "the review screen, " + also
	}
	return fmt.Sprintf("%s needs the role %s; the role %s may run %s", e.Command, e.Command.Roles(), e.Role, also)
}

// Authorize returns nil when r may run c, else a *Refusal.
func Authorize(r Role, c Command) error {
	if Allows(r, c) {
		return nil
	}
	return &Refusal{Command: c, Role: r}
}

// Allowed lists what r may run, in the table's order.
func Allowed(r Role) []Command {
	var out []Command
	for _, c := range Commands() {
		if Allows(r, c) {
			out = append(out, c)
		}
	}
	return out
}

// LocalOnly is a command the team server does not run: it runs only on the
// store's own machine.
type LocalOnly struct{ Command Command }

func (e *LocalOnly) Error() string {
	return fmt.Sprintf("%s runs only on the store's own machine, not over SSH", e.Command)
}

// Unlisted is a command over SSH that the table has no row for; the team
// server runs nothing the table does not name.
type Unlisted struct{ Name string }

func (e *Unlisted) Error() string {
	return fmt.Sprintf("%s is not offered over SSH", e.Name)
}

// AuthorizeRemote is Authorize for a command over SSH: the role must
// allow it, and it must be one the team server runs.
func AuthorizeRemote(r Role, c Command) error {
	if err := Authorize(r, c); err != nil {
		return err
	}
	if c.Reach() == Local {
		return &LocalOnly{Command: c}
	}
	return nil
}

// MarkdownRow is the command's row as docs/roles.md shows it.
func (c Command) MarkdownRow() string {
	var b strings.Builder
	if c == ReviewScreen {
		b.WriteString("| the review screen (TUI) |")
	} else {
		b.WriteString("| `" + c.String() + "` |")
	}
	for _, r := range All {
		mark := " – |"
		if Allows(r, c) {
			mark = " ✓ |"
		}
		b.WriteString(mark)
	}
	if c.Reach() == Local {
		b.WriteString(" no: local only |")
	} else {
		b.WriteString(" yes |")
	}
	return b.String()
}
