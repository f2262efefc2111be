package advisers

import (
	"fmt"
	"strconv"

	"machtiging/roles"
)

// ProblemCode is what is wrong with an adviser's name, role, language or
// key: a code per rule, so that it can be said in any language.
type ProblemCode uint8

// The problems of an advisers file's line or of an adviser to add.
const (
	ProblemNameLength    ProblemCode = iota + 1 // Value: a name not 1 to 64 characters
	ProblemNameChars                            // Value: a name with other characters
	ProblemNotARole                             // Value: not a role (Name: whose)
	ProblemNotALang                             // Value: not nl or en (Name: whose, when known)
	ProblemAfterName                            // Value: what follows Name that is no role= or lang=
	ProblemAfterNameMany                        // likewise, after more than one field
	ProblemUnreadableKey                        // Err: the public key cannot be read
	ProblemNameListed                           // Name is listed already
	ProblemKeyListed                            // the key is listed already, as Name
)

// Problem is a refused adviser, as data; its text is the English line.
type Problem struct {
	Code        ProblemCode
	Name, Value string
	Err         error
}

func (p *Problem) Error() string {
	who := ""
	if p.Name != "" {
		who = "adviser " + p.Name + ": "
	}
	switch p.Code {
	case ProblemNameLength:
		return fmt.Sprintf("adviser name %q must be 1 to 64 characters", p.Value)
	case ProblemNameChars:
		return fmt.Sprintf("adviser name %q may hold only letters, digits and . _ - @", p.Value)
	case ProblemNotARole:
		return who + fmt.Sprintf("%q is not a role (one of %s)", p.Value, roles.Names())
	case ProblemNotALang:
		return who + fmt.Sprintf("lang=%s is not a language (nl or en)", p.Value)
	case ProblemAfterName:
		return fmt.Sprintf("after the name %s comes role=ROLE or lang=LANG, not %s", p.Name, strconv.Quote(p.Value))
	case ProblemAfterNameMany:
		return fmt.Sprintf("after the name %s comes at most role=ROLE and lang=LANG, not %s", p.Name, strconv.Quote(p.Value))
	case ProblemUnreadableKey:
		return fmt.Sprintf("the public key cannot be read: %v", p.Err)
	case ProblemNameListed:
		return fmt.Sprintf("adviser %s is listed already; remove them first to change their key", p.Name)
	case ProblemKeyListed:
		return fmt.Sprintf("this key is listed already, as adviser %s", p.Name)
	}
	return fmt.Sprintf("problem %d", p.Code)
}

// FileError is an advisers file that cannot be read, written or parsed:
// Line is the line (from 1) that does not parse, 0 for the whole file.
type FileError struct {
	Path string
	Line int
	Err  error
}

func (e *FileError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("advisers file %s line %d: %v", e.Path, e.Line, e.Err)
	}
	return fmt.Sprintf("advisers file %s: %v", e.Path, e.Err)
}

func (e *FileError) Unwrap() error { return e.Err }
