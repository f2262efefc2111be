package authz

import (
	"encoding"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// RecordError is an import error in one record of a file.
type RecordError struct {
	Index int    // record index, from 0
	ID    string // the record's id when known and well formed
	Field string // dotted path of the field, such as "insured.bsn"
	Err   error
}

func (e *RecordError) Error() string {
	var b strings.Builder
	b.WriteString("record ")
	b.WriteString(strconv.Itoa(e.Index))
	if e.ID != "" {
		b.WriteString(" (" + e.ID + ")")
	}
	b.WriteString(": ")
	if e.Field != "" {
		b.WriteString(e.Field + ": ")
	}
	b.WriteString(e.Err.Error())
	return b.String()
}

func (e *RecordError) Unwrap() error { return e.Err }

var unmarshalOpts = json.JoinOptions(json.RejectUnknownMembers(true))

// DecodeRecord decodes and validates the raw JSON of one record.
func DecodeRecord(raw []byte, idx int) (*Request, error) {
	req := new(Request)
	if err := json.Unmarshal(raw, req, unmarshalOpts); err != nil {
		return nil, &RecordError{Index: idx, ID: idOf(raw), Field: fieldOf(err), Err: causeOf(err)}
	}
	if field, err := Validate(req); err != nil {
		id := ""
		if IsRequestID(req.ID) {
			id = req.ID
		}
		return nil, &RecordError{Index: idx, ID: id, Field: field, Err: err}
	}
	return req, nil
}

// idOf digs the id out of a record that failed to decode, when it is well formed.
func idOf(raw []byte) string {
	var v struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(raw, &v, jsontext.AllowDuplicateNames(true), jsontext.AllowInvalidUTF8(true))
	if IsRequestID(v.ID) {
		return v.ID
	}
	return ""
}

// fieldOf turns the JSON pointer of a decoding error into a dotted path.
func fieldOf(err error) string {
	var ptr jsontext.Pointer
	var se *json.SemanticError
	var ye *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		ptr = se.JSONPointer
	case errors.As(err, &ye):
		ptr = ye.JSONPointer
	}
	var b strings.Builder
	for tok := range ptr.Tokens() {
		if n, err := strconv.Atoi(tok); err == nil && b.Len() > 0 {
			b.WriteString("[" + strconv.Itoa(n) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(safeText(tok))
	}
	return b.String()
}

var textUnmarshaler = reflect.TypeFor[encoding.TextUnmarshaler]()

// causeOf says in words what a decoding error is, without Go type names.
func causeOf(err error) error {
	var se *json.SemanticError
	var ye *jsontext.SyntacticError
	switch {
	case errors.As(err, &se):
		switch {
		case errors.Is(se.Err, json.ErrUnknownName):
			return &Problem{Code: ProblemUnknownField}
		case se.JSONKind != 0 && se.JSONKind != '"' && se.GoType != nil && reflect.PointerTo(se.GoType).Implements(textUnmarshaler):
			return wrongType(se)
		case se.Err != nil && se.JSONKind == '0' && se.GoType != nil && se.GoType.Kind() == reflect.Int64 && !strings.Contains(se.Err.Error(), "out of range"):
			return &Problem{Code: ProblemNotWholeNumber, Value: safeText(string(se.JSONValue))}
		case se.Err != nil && strings.Contains(se.Err.Error(), "out of range"):
			return &Problem{Code: ProblemOutOfRange, Value: safeText(string(se.JSONValue))}
		case se.Err != nil:
			return se.Err
		case se.JSONKind != 0:
			return wrongType(se)
		}
		return &Problem{Code: ProblemUndecodable}
	case errors.As(err, &ye):
		msg := ye.Err.Error()
		if errors.Is(ye.Err, jsontext.ErrDuplicateName) {
			return &Problem{Code: ProblemDuplicateField}
		}
		if strings.Contains(msg, "UTF-8") {
			return &Problem{Code: ProblemInvalidUTF8}
		}
		return &Problem{Code: ProblemInvalidJSON, Value: safeText(msg), Offset: ye.ByteOffset}
	}
	return err
}

// wrongType says which JSON type a value has where another belongs.
func wrongType(se *json.SemanticError) *Problem {
	p := &Problem{Code: ProblemWrongType, Got: kindType(se.JSONKind), Want: wantType(se)}
	if p.Want == TypeOther {
		p.Value = se.GoType.Kind().String()
	}
	return p
}

func kindType(k jsontext.Kind) JSONType {
	switch k {
	case 'n':
		return TypeNull
	case 'f', 't':
		return TypeBool
	case '"':
		return TypeString
	case '0':
		return TypeNumber
	case '{':
		return TypeObject
	case '[':
		return TypeArray
	}
	return TypeValue
}

func wantType(se *json.SemanticError) JSONType {
	if se.GoType == nil {
		return TypeAnother
	}
	switch se.GoType.Kind().String() {
	case "string", "uint32", "uint8":
		if se.GoType.Name() == "Date" {
			return TypeDate
		}
		return TypeString
	case "bool":
		return TypeBool
	case "int64", "int":
		return TypeInteger
	case "slice":
		return TypeArray
	case "struct", "ptr":
		return TypeObject
	}
	return TypeOther
}

// safeText keeps outside text from carrying control characters into messages.
func safeText(s string) string {
	if ControlProblem(s) == "" && utf8.ValidString(s) && len(s) <= 80 {
		return s
	}
	q := strconv.QuoteToASCII(s)
	if len(q) > 80 {
		q = q[:77] + "..."
	}
	return q
}
