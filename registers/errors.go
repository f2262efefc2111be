// Package registers reads the insurer's own registers: the insured (the
// member administration) and the providers (the contracts). A register
// file is CSV with a header naming the columns in any order, or NDJSON with
// the same names as keys. Decoding is strict and streaming: the first thing
// wrong stops it with an Error naming the line (1-based; in CSV the header
// is line 1) and the column.
package registers

import (
	"fmt"

	"machtiging/authz"
)

// Kind is which register a file is.
type Kind uint8

// The two registers.
const (
	Insured Kind = iota + 1
	Providers
)

var kindNames = [...]string{"", "insured", "providers"}

func (k Kind) String() string {
	if int(k) < len(kindNames) {
		return kindNames[k]
	}
	return fmt.Sprintf("unknown(%d)", k)
}

// Kinds lists the registers in the contract's order.
var Kinds = []Kind{Insured, Providers}

// ParseKind reads "insured" or "providers".
func ParseKind(s string) (Kind, error) {
	for i, n := range kindNames {
		if i > 0 && n == s {
			return Kind(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a register (insured or providers)", s)
}

// Problem is what is wrong with a register file: a distinct typed value
// per rule, so that messages can be given in any language.
type Problem uint8

// The problems of a register file.
const (
	ProblemEmpty           Problem = iota + 1 // the file holds no header and no rows
	ProblemNoRows                             // a header but no rows
	ProblemUnknownColumn                      // a column or key the register does not have
	ProblemMissingColumn                      // a required column is not in the header
	ProblemDuplicateColumn                    // a column or key twice
	ProblemCellCount                          // a row with more or fewer cells than the header
	ProblemRequired                           // a required value is absent
	ProblemBSN                                // not 9 digits, all zeros, or fails the 11-proef
	ProblemAGB                                // not 8 digits
	ProblemDate                               // not YYYY-MM-DD, or not a day of the calendar
	ProblemUntilBeforeFrom                    // a period that ends before it begins
	ProblemOverlap                            // two periods of one BSN or AGB overlap
	ProblemOpenQuote                          // a quote that is not closed
	ProblemStrayQuote                         // a quote inside an unquoted cell or after a closing quote
	ProblemControl                            // a control, escape or bidirectional character
	ProblemUTF8                               // bytes that are not UTF-8
	ProblemLineTooLong                        // a line longer than MaxLine
	ProblemBlank                              // a name that is blank
	ProblemTooLong                            // a text longer than MaxText
	ProblemNotJSON                            // an NDJSON line that is not one JSON object
	ProblemType                               // a JSON value that is not a string
)

// MaxLine is the longest line of a register file, in bytes.
const MaxLine = 16 << 10

// MaxText is the longest name or policy number, in bytes.
const MaxText = 200

// Error is a refused register file: nothing of it is stored.
type Error struct {
	Line    int    // 1-based
	Column  string // the column's name, or its position ("column 3") when unknown
	Problem Problem
	Value   string // the offending value, when it helps (quoted on output)
	// OtherLine is the line of the other period of an overlap.
	OtherLine int
	// Detail is the underlying reason (a date's or a JSON decoder's words).
	Detail string
	// Reason is the underlying reason as data: which rule a BSN, a date or
	// a text broke (ProblemBSN, ProblemDate, ProblemControl).
	Reason *authz.Problem
	// Cells and Columns count a row's cells and the header's columns
	// (ProblemCellCount).
	Cells, Columns int
	// Got is the type of a JSON value that is not a string (ProblemType).
	Got authz.JSONType
}

func (e *Error) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Column != "" {
		where += " column " + e.Column
	}
	return where + ": " + e.says()
}

func (e *Error) says() string {
	v := fmt.Sprintf("%q", e.Value)
	switch e.Problem {
	case ProblemEmpty:
		return "the file is empty"
	case ProblemNoRows:
		return "the file has a header but no rows (a register is never emptied by import)"
	case ProblemUnknownColumn:
		return fmt.Sprintf("%s is not a column of this register", v)
	case ProblemMissingColumn:
		return "the header lacks this required column"
	case ProblemDuplicateColumn:
		return "the column appears twice"
	case ProblemCellCount:
		return e.Detail
	case ProblemRequired:
		return "the value is required but absent"
	case ProblemBSN:
		return "the BSN " + e.Detail
	case ProblemAGB:
		return fmt.Sprintf("AGB-code %s is not 8 digits", v)
	case ProblemDate:
		return e.Detail
	case ProblemUntilBeforeFrom:
		return fmt.Sprintf("the period ends %s, before it begins", e.Value)
	case ProblemOverlap:
		return fmt.Sprintf("this period of %s overlaps the one on line %d", e.Detail, e.OtherLine)
	case ProblemOpenQuote:
		return "a quote opened here is not closed on its line"
	case ProblemStrayQuote:
		return "a quote inside a cell that is not quoted, or after a closing quote"
	case ProblemControl:
		return "holds " + e.Detail
	case ProblemUTF8:
		return "is not valid UTF-8"
	case ProblemLineTooLong:
		return fmt.Sprintf("the line is longer than %d bytes", MaxLine)
	case ProblemBlank:
		return "the name is blank"
	case ProblemTooLong:
		return fmt.Sprintf("the value is longer than %d bytes", MaxText)
	case ProblemNotJSON:
		return "not one JSON object: " + e.Detail
	case ProblemType:
		return "the value must be a string (or null when absent), not " + e.Detail
	}
	return fmt.Sprintf("problem %d", e.Problem)
}
