package authz

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// ProblemCode is what is wrong with one value of outside input: a field of
// an imported record, a day or a name typed on the command line. Each rule
// has its own code, so that a catalogue can say it in any language; the
// English sentence is Problem.Error.
type ProblemCode uint8

// The problems of outside input.
const (
	ProblemRequired              ProblemCode = iota + 1 // the field is absent
	ProblemBlank                                        // a name that is absent or blank
	ProblemNotRequestID                                 // Value: an id that is not [A-Za-z0-9-]{1,40}
	ProblemBSNNotNineDigits                             // a BSN that is not 9 digits
	ProblemBSNAllZeros                                  // a BSN of nine zeros
	ProblemBSNElevenTest                                // a BSN that fails the 11-proef
	ProblemBornAfterReceived                            // Value the birth date, Other the day received
	ProblemAGBNotEightDigits                            // Value: an AGB-code that is not 8 digits
	ProblemInvalidUTF8                                  // text that is not UTF-8
	ProblemControlChar                                  // Rune: a control character in text
	ProblemBidiControl                                  // Rune: a bidirectional control in text
	ProblemLineBreak                                    // a tab or line break in a one-line field
	ProblemTooLong                                      // N characters, more than Limit
	ProblemTooMany                                      // N entries, more than Limit
	ProblemUnknownField                                 // a member the contract does not have
	ProblemDuplicateField                               // a member twice in one object
	ProblemWrongType                                    // Got where Want belongs (Value: Go's kind for TypeOther)
	ProblemNotWholeNumber                               // Value: a number that is not whole
	ProblemOutOfRange                                   // Value: a number out of range
	ProblemUndecodable                                  // a value that cannot be decoded
	ProblemInvalidJSON                                  // Value: the JSON decoder's words; Offset in the record
	ProblemDuplicateID                                  // Value: the id; N: the record that had it first
	ProblemNeitherArrayNorNDJSON                        // the file is not a JSON array nor NDJSON
	ProblemArrayNotClosed                               // the file ends inside the array
	ProblemNoSeparator                                  // Rune: what follows record N instead of , or ]
	ProblemNotObject                                    // Rune: what a record starts with
	ProblemAfterArray                                   // Rune: what follows the closing ]
	ProblemTooDeep                                      // nested deeper than Limit levels
	ProblemTooBig                                       // a record longer than Limit bytes
	ProblemRecordCutShort                               // the file ends inside a record
	ProblemNotDateForm                                  // Value: not of the form YYYY-MM-DD
	ProblemNotCalendarDay                               // Value: a day the calendar does not have
	ProblemNotOneOf                                     // Value: not a name of Kind
	ProblemZeroByte                                     // an id that holds a 0 byte
	ProblemPurgedID                                     // Value: an id purged by retention
	ProblemNotChangeable                                // Value: an id in State, which import never changes
)

// ValueKind is which list of names a value was looked up in
// (ProblemNotOneOf).
type ValueKind uint8

// The lists of names.
const (
	KindSetting ValueKind = iota + 1
	KindItem
	KindItemStatus
	KindVerdict
	KindState
	KindReasonCode
	KindOutcome
	KindAction
	KindIdentity
	KindContract
)

// JSONType is a type of JSON value, or what a field takes
// (ProblemWrongType).
type JSONType uint8

// The JSON types.
const (
	TypeValue JSONType = iota // any value, or another type
	TypeNull
	TypeBool
	TypeString
	TypeNumber
	TypeInteger
	TypeDate
	TypeObject
	TypeArray
	TypeOther   // Go's name of the kind is in Problem.Value
	TypeAnother // a type the decoder did not name
)

// Problem is what is wrong with one value of outside input, as data.
type Problem struct {
	Code      ProblemCode
	Value     string
	N, Limit  int
	Rune      rune
	Kind      ValueKind
	Got, Want JSONType
	Offset    int64
	State     State
	Other     Date
}

func (p *Problem) Error() string {
	q := strconv.Quote(p.Value)
	switch p.Code {
	case ProblemRequired:
		return "is required"
	case ProblemBlank:
		return "is required and may not be blank"
	case ProblemNotRequestID:
		return safeText(q) + " is not 1 to 40 letters, digits and hyphens"
	case ProblemBSNNotNineDigits:
		return "is not 9 digits"
	case ProblemBSNAllZeros:
		return "is all zeros"
	case ProblemBSNElevenTest:
		return "fails the 11-proef"
	case ProblemBornAfterReceived:
		return p.Value + " is after received " + p.Other.String()
	case ProblemAGBNotEightDigits:
		return q + " is not 8 digits"
	case ProblemInvalidUTF8, ProblemControlChar, ProblemBidiControl:
		return "text " + p.says()
	case ProblemLineBreak:
		return "text holds a tab or a line break; an address field is one line"
	case ProblemTooLong:
		return fmt.Sprintf("%d characters, longer than the limit of %d", p.N, p.Limit)
	case ProblemTooMany:
		return fmt.Sprintf("%d entries, more than the limit of %d", p.N, p.Limit)
	case ProblemUnknownField:
		return "unknown field"
	case ProblemDuplicateField:
		return "duplicate field"
	case ProblemWrongType:
		return "wrong JSON type: " + typeNames[p.Got] + " where " + p.wantName() + " belongs"
	case ProblemNotWholeNumber:
		return p.Value + " is not a whole number"
	case ProblemOutOfRange:
		return "number " + p.Value + " is out of range"
	case ProblemUndecodable:
		return "cannot be decoded"
	case ProblemInvalidJSON:
		return "invalid JSON: " + p.Value
	case ProblemDuplicateID:
		return fmt.Sprintf("%s appears twice in the file (first as record %d)", p.Value, p.N)
	case ProblemNeitherArrayNorNDJSON:
		return "the file is neither a JSON array of request objects nor NDJSON"
	case ProblemArrayNotClosed:
		return "truncated: the array is not closed"
	case ProblemNoSeparator:
		return fmt.Sprintf("expected , or ] after record %d, found %s", p.N, strconv.QuoteRune(p.Rune))
	case ProblemNotObject:
		return fmt.Sprintf("is not a JSON object (starts with %s)", strconv.QuoteRune(p.Rune))
	case ProblemAfterArray:
		return fmt.Sprintf("unexpected %s after the closing ]", strconv.QuoteRune(p.Rune))
	case ProblemTooDeep:
		return fmt.Sprintf("nested deeper than %d levels", p.Limit)
	case ProblemTooBig:
		return fmt.Sprintf("longer than %d bytes", p.Limit)
	case ProblemRecordCutShort:
		return "truncated: the file ends inside the record"
	case ProblemNotDateForm:
		return q + " is not a date of the form YYYY-MM-DD"
	case ProblemNotCalendarDay:
		return q + " is not a day of the calendar"
	case ProblemNotOneOf:
		return q + kindSentences[p.Kind]
	case ProblemZeroByte:
		return "holds a 0 byte"
	case ProblemPurgedID:
		return p.Value + " was purged (retention) and its decisions stay on record: a purged id is not used again"
	case ProblemNotChangeable:
		why := "has a final decision"
		switch p.State {
		case StateSecondReview:
			why = "awaits a second review of a proposed rejection"
		case StateReconsideration:
			why = "is being reconsidered after an objection to its rejection"
		}
		return fmt.Sprintf("%s is %s: it %s and is never changed by import", p.Value, p.State, why)
	}
	return fmt.Sprintf("problem %d", p.Code)
}

// says is a text problem without the word "text", as ControlProblem says it.
func (p *Problem) says() string {
	switch p.Code {
	case ProblemControlChar:
		return "holds control character " + quoteRune(p.Rune)
	case ProblemBidiControl:
		return "holds bidirectional control " + quoteRune(p.Rune)
	}
	return "is not valid UTF-8"
}

func (p *Problem) wantName() string {
	if p.Want == TypeOther {
		return p.Value
	}
	return typeNames[p.Want]
}

var typeNames = [...]string{
	TypeValue: "a value", TypeNull: "null", TypeBool: "a boolean", TypeString: "a string",
	TypeNumber: "a number", TypeInteger: "an integer", TypeDate: "a date (YYYY-MM-DD)",
	TypeObject: "an object", TypeArray: "an array", TypeOther: "", TypeAnother: "another type",
}

var kindSentences = [...]string{
	0:              " is not a name",
	KindSetting:    ` is not "clinical" or "outpatient"`,
	KindItem:       " is not an item (one of referral, admission_indication, treatment_plan, practitioners, codes)",
	KindItemStatus: " is not an item status",
	KindVerdict:    " is not a verdict",
	KindState:      " is not a state",
	KindReasonCode: " is not a reason code (one of not_required, incomplete, started, not_indicated, other, not_insured)",
	KindOutcome:    " is not an outcome",
	KindAction:     " is not an outcome (one of approve, reject, request-info, concur, overturn, reconsider, uphold)",
	KindIdentity:   " is not an identity status",
	KindContract:   " is not a contract status",
}

func notOneOf(k ValueKind, s string) *Problem {
	return &Problem{Code: ProblemNotOneOf, Kind: k, Value: s}
}

// BSNProblemCode is BSNProblem as a code; 0 when s is a valid BSN.
func BSNProblemCode(s string) ProblemCode {
	if len(s) != 9 || !allDigits(s) {
		return ProblemBSNNotNineDigits
	}
	if s == "000000000" {
		return ProblemBSNAllZeros
	}
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(s[i]-'0') * (9 - i)
	}
	sum -= int(s[8] - '0')
	if sum%11 != 0 {
		return ProblemBSNElevenTest
	}
	return 0
}

// TextProblem is ControlProblem as data; nil when s is fit to show.
func TextProblem(s string) *Problem {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return &Problem{Code: ProblemInvalidUTF8}
		case r == '\t' || r == '\n':
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
			return &Problem{Code: ProblemControlChar, Rune: r}
		case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069:
			return &Problem{Code: ProblemBidiControl, Rune: r}
		}
	}
	return nil
}
