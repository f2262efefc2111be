package registers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"

	"machtiging/authz"
)

// lineReader yields the lines of a file without their line break (LF or
// CR LF), counting them from 1, refusing lines longer than MaxLine.
type lineReader struct {
	br   *bufio.Reader
	line int
}

// next returns the next line; io.EOF after the last. The bytes are valid
// until the next call.
func (l *lineReader) next() ([]byte, error) {
	b, err := l.br.ReadSlice('\n')
	switch {
	case errors.Is(err, bufio.ErrBufferFull) || len(b) > MaxLine+1:
		return nil, &Error{Line: l.line + 1, Problem: ProblemLineTooLong}
	case errors.Is(err, io.EOF) && len(b) == 0:
		return nil, io.EOF
	case err != nil && !errors.Is(err, io.EOF):
		return nil, err
	}
	l.line++
	b = bytes.TrimSuffix(b, []byte("\n"))
	return bytes.TrimSuffix(b, []byte("\r")), nil
}

// blank reports whether a line holds nothing but spaces and tabs.
func blank(b []byte) bool { return len(bytes.Trim(b, " \t")) == 0 }

// csvSource reads RFC 4180 CSV: cells separated by commas, a cell that
// holds a comma or a quote quoted, a quote inside doubled. A register's
// values hold no line breaks, so a quoted cell closes on its line.
type csvSource struct {
	lines lineReader
	// byPos is the column index of each position in the header.
	byPos  []int
	names  []string
	fields [][]byte
}

func newCSVSource(br *bufio.Reader, cols []column) (*csvSource, error) {
	s := &csvSource{lines: lineReader{br: br}}
	var header []byte
	for {
		b, err := s.lines.next()
		if errors.Is(err, io.EOF) {
			return nil, &Error{Line: 1, Problem: ProblemEmpty}
		}
		if err != nil {
			return nil, err
		}
		if !blank(b) {
			header = b
			break
		}
	}
	line := s.lines.line
	fields, err := s.split(header, line)
	if err != nil {
		return nil, err
	}
	seen := make([]bool, len(cols))
	for pos, f := range fields {
		name := string(f)
		if e := slowText(line, position(pos), f); e != nil {
			return nil, e
		}
		idx := -1
		for i, c := range cols {
			if c.name == name {
				idx = i
			}
		}
		if idx < 0 {
			return nil, &Error{Line: line, Column: position(pos), Problem: ProblemUnknownColumn, Value: name}
		}
		if seen[idx] {
			return nil, &Error{Line: line, Column: name, Problem: ProblemDuplicateColumn}
		}
		seen[idx] = true
		s.byPos = append(s.byPos, idx)
		s.names = append(s.names, name)
	}
	for i, c := range cols {
		if c.required && !seen[i] {
			return nil, &Error{Line: line, Column: c.name, Problem: ProblemMissingColumn}
		}
	}
	return s, nil
}

func position(pos int) string { return strconv.Itoa(pos + 1) }

func (s *csvSource) next(cells [][]byte) (int, error) {
	for {
		b, err := s.lines.next()
		if err != nil {
			return s.lines.line, err
		}
		if len(b) == 0 {
			continue // an empty line is no record
		}
		line := s.lines.line
		fields, err := s.split(b, line)
		if err != nil {
			return line, err
		}
		if len(fields) != len(s.byPos) {
			return line, &Error{Line: line, Problem: ProblemCellCount,
				Detail: fmt.Sprintf("the row has %d cells, the header names %d columns", len(fields), len(s.byPos)),
				Cells:  len(fields), Columns: len(s.byPos)}
		}
		for pos, f := range fields {
			if len(f) > 0 {
				cells[s.byPos[pos]] = f
			}
		}
		return line, nil
	}
}

// split cuts a line into cells. Unquoted cells are slices of the line; a
// quoted one is a copy with its doubled quotes undone.
func (s *csvSource) split(b []byte, line int) ([][]byte, error) {
	s.fields = s.fields[:0]
	pos := 0
	for {
		col := s.colName(len(s.fields))
		if pos < len(b) && b[pos] == '"' {
			var out []byte
			j := pos + 1
			for {
				k := bytes.IndexByte(b[j:], '"')
				if k < 0 {
					return nil, &Error{Line: line, Column: col, Problem: ProblemOpenQuote}
				}
				out = append(out, b[j:j+k]...)
				j += k + 1
				if j < len(b) && b[j] == '"' {
					out = append(out, '"')
					j++
					continue
				}
				break
			}
			if out == nil {
				out = []byte{}
			}
			s.fields = append(s.fields, out)
			if j == len(b) {
				return s.fields, nil
			}
			if b[j] != ',' {
				return nil, &Error{Line: line, Column: col, Problem: ProblemStrayQuote}
			}
			pos = j + 1
			continue
		}
		k := bytes.IndexByte(b[pos:], ',')
		f := b[pos:]
		if k >= 0 {
			f = b[pos : pos+k]
		}
		if bytes.IndexByte(f, '"') >= 0 {
			return nil, &Error{Line: line, Column: col, Problem: ProblemStrayQuote}
		}
		s.fields = append(s.fields, f)
		if k < 0 {
			return s.fields, nil
		}
		pos += k + 1
	}
}

// colName names the cell at a position: its header name once the header
// is read, else its position.
func (s *csvSource) colName(pos int) string {
	if pos < len(s.names) {
		return s.names[pos]
	}
	return position(pos)
}

// ndjsonSource reads one JSON object a line, the column names as keys;
// each value a string, or null when absent. Blank lines are skipped.
type ndjsonSource struct {
	lines lineReader
	cols  []column
	dec   *jsontext.Decoder
	rd    bytes.Reader
	seen  []bool
}

func (s *ndjsonSource) next(cells [][]byte) (int, error) {
	for {
		b, err := s.lines.next()
		if err != nil {
			return s.lines.line, err
		}
		if blank(b) {
			continue
		}
		line := s.lines.line
		return line, s.object(b, line, cells)
	}
}

func (s *ndjsonSource) object(b []byte, line int, cells [][]byte) error {
	if !utf8.Valid(b) {
		return &Error{Line: line, Problem: ProblemUTF8}
	}
	s.rd.Reset(b)
	if s.dec == nil {
		s.dec = jsontext.NewDecoder(&s.rd, jsontext.AllowDuplicateNames(true))
		s.seen = make([]bool, len(s.cols))
	} else {
		s.dec.Reset(&s.rd, jsontext.AllowDuplicateNames(true))
	}
	clear(s.seen)
	notJSON := func(err error) error {
		return &Error{Line: line, Problem: ProblemNotJSON, Detail: jsonWords(err)}
	}
	tok, err := s.dec.ReadToken()
	if err != nil {
		return notJSON(err)
	}
	if tok.Kind() != '{' {
		return &Error{Line: line, Problem: ProblemNotJSON, Detail: "the line does not hold an object"}
	}
	for {
		tok, err := s.dec.ReadToken()
		if err != nil {
			return notJSON(err)
		}
		if tok.Kind() == '}' {
			break
		}
		key := tok.String()
		idx := -1
		for i, c := range s.cols {
			if c.name == key {
				idx = i
			}
		}
		if idx < 0 {
			if e := slowText(line, "", []byte(key)); e != nil {
				return e
			}
			return &Error{Line: line, Column: strconv.Quote(key), Problem: ProblemUnknownColumn, Value: key}
		}
		if s.seen[idx] {
			return &Error{Line: line, Column: key, Problem: ProblemDuplicateColumn}
		}
		s.seen[idx] = true
		val, err := s.dec.ReadToken()
		if err != nil {
			return notJSON(err)
		}
		switch val.Kind() {
		case 'n':
		case '"':
			if v := val.String(); v != "" {
				cells[idx] = []byte(v)
			}
		default:
			kind := map[jsontext.Kind]string{'t': "true", 'f': "false", '0': "a number", '{': "an object", '[': "an array"}[val.Kind()]
			got := map[jsontext.Kind]authz.JSONType{'t': authz.TypeBool, 'f': authz.TypeBool, '0': authz.TypeNumber, '{': authz.TypeObject, '[': authz.TypeArray}[val.Kind()]
			return &Error{Line: line, Column: key, Problem: ProblemType, Detail: kind, Got: got}
		}
	}
	if _, err := s.dec.ReadToken(); !errors.Is(err, io.EOF) {
		return &Error{Line: line, Problem: ProblemNotJSON, Detail: "more than one value on the line"}
	}
	return nil
}

// jsonWords is the decoder's complaint without its Go package prefix.
func jsonWords(err error) string {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return "the object ends too soon"
	}
	msg := err.Error()
	msg = trimPrefix(msg, "jsontext: ")
	return msg
}

func trimPrefix(s, p string) string {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):]
	}
	return s
}
