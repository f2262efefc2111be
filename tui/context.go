package tui

import (
	"time"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/roles"
	"machtiging/store"
)

// programContext is what every sub-model shares: styles, keys, the adviser,
// the clock and the time zone. The root model owns it and keeps it current.
type programContext struct {
	st   *Styles
	keys *keyMap
	// tx is the catalogue in the session's language.
	tx *texts
	// s is the store; nav is the root, for the stack and the status line.
	s     Store
	nav   navigator
	actor store.Actor
	role  roles.Role // zero: at the store's own machine, admin
	today authz.Date
	now   func() time.Time
	loc   timeLoc
	// claimOf tells whether another adviser has a decision form open on a
	// request; nil means nobody ever has.
	claimOf func(id string) (store.Claim, bool)
	// regs is what is loaded of the registers (nil until read).
	regs *store.Registers
	// lines caches drawn queue rows: a cursor move redraws two rows, so
	// the others come from here instead of lipgloss, which costs about
	// 10 µs a cell.
	lines map[lineKey]string
}

// lineKey is everything a drawn queue row depends on. A row's Key holds
// its state, dates and id, and its version changes with its content.
type lineKey struct {
	row      string
	version  int
	selected bool
	claimed  bool
	width    int
	today    authz.Date
	cols     string
}

// maxCachedLines bounds the cache: a few screens' worth.
const maxCachedLines = 1024

// otherClaim returns another adviser's live claim on a request. The
// adviser's own claims (from this or another of their sessions) are not
// shown as "in review".
func (c *programContext) otherClaim(id string) (store.Claim, bool) {
	if c.claimOf == nil {
		return store.Claim{}, false
	}
	cl, ok := c.claimOf(id)
	if !ok || cl.Adviser == c.actor.Adviser {
		return store.Claim{}, false
	}
	return cl, true
}

// authorize asks the roles table whether the session's role may do c.
func (c *programContext) authorize(cmd roles.Command) error {
	if c.role == 0 {
		return nil
	}
	return roles.Authorize(c.role, cmd)
}

// allowed asks the roles table whether the session's role may do c; when
// not, the status line names the role it needs.
func (c *programContext) allowed(cmd roles.Command) bool {
	if err := c.authorize(cmd); err != nil {
		c.nav.setStatus(i18n.Fill(c.tx.ErrorLine, "error", clean(c.tx.c.ErrorText(err))), true)
		return false
	}
	return true
}

// rowList is a list of rows with a cursor and the first row on screen.
type rowList struct {
	rows   []store.Row
	cursor int
	offset int
}

// clamp keeps the cursor on a row and on screen, with visible rows shown.
func (l *rowList) clamp(visible int) {
	if visible < 1 {
		visible = 1
	}
	if len(l.rows) == 0 {
		l.cursor, l.offset = 0, 0
		return
	}
	l.cursor = min(max(l.cursor, 0), len(l.rows)-1)
	if l.cursor < l.offset {
		l.offset = l.cursor
	}
	if l.cursor >= l.offset+visible {
		l.offset = l.cursor - visible + 1
	}
	l.offset = min(max(l.offset, 0), max(0, len(l.rows)-visible))
}

func (l *rowList) selected() *store.Row {
	if l.cursor < 0 || l.cursor >= len(l.rows) {
		return nil
	}
	return &l.rows[l.cursor]
}

// indexOf returns the position of the row with an id, or -1.
func (l *rowList) indexOf(id string) int {
	for i := range l.rows {
		if l.rows[i].ID == id {
			return i
		}
	}
	return -1
}
