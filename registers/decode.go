package registers

import (
	"bufio"
	"bytes"
	"errors"
	"io"

	"machtiging/authz"
)

// column is one column of a register.
type column struct {
	name     string
	required bool
}

// The columns of each register, in the contract's order.
var (
	insuredColumns = []column{
		{"bsn", true}, {"birth_date", true}, {"policy_number", false}, {"insured_from", true}, {"insured_until", false},
	}
	providerColumns = []column{
		{"agb", true}, {"name", true}, {"contracted_from", true}, {"contracted_until", false},
	}
)

// Columns lists the column names of a register in the contract's order.
func Columns(k Kind) []string {
	var out []string
	for _, c := range columnsOf(k) {
		out = append(out, c.name)
	}
	return out
}

func columnsOf(k Kind) []column {
	if k == Providers {
		return providerColumns
	}
	return insuredColumns
}

// Row is one decoded row of a register with the line it began on; only
// the field of the decoder's kind is filled in.
type Row struct {
	Line     int
	Insured  authz.InsuredRow
	Provider authz.ProviderRow
	// BSN and PolicyNumber are the insured row's as bytes, valid until the
	// next call of Next; a lean decoder (Lean) leaves the strings of
	// Insured empty and fills only these.
	BSN, PolicyNumber []byte
}

// source is a file format: it yields, per record, the cells by column
// index (nil when absent) and the record's line.
type source interface {
	next(cells [][]byte) (line int, err error)
}

// Decoder reads a register file one row at a time.
type Decoder struct {
	kind  Kind
	cols  []column
	br    *bufio.Reader
	src   source
	cells [][]byte
	rows  int
	err   error
	lean  bool
}

// Lean makes the decoder leave the insured row's BSN and policy number as
// bytes only (Row.BSN, Row.PolicyNumber), for a reader that keeps neither
// as text: it saves two allocations a row.
func (d *Decoder) Lean() *Decoder {
	d.lean = true
	return d
}

// NewDecoder reads a register of kind k from r, CSV or NDJSON (told apart
// by the first character after a byte-order mark).
func NewDecoder(k Kind, r io.Reader) *Decoder {
	cols := columnsOf(k)
	return &Decoder{kind: k, cols: cols, br: bufio.NewReaderSize(r, MaxLine+2), cells: make([][]byte, len(cols))}
}

// Next decodes the next row into row; io.EOF after the last. Any other
// error is an *Error (or the reader's own error) and sticks.
func (d *Decoder) Next(row *Row) error {
	if d.err != nil {
		return d.err
	}
	err := d.next(row)
	if err != nil {
		d.err = err
	}
	return err
}

func (d *Decoder) next(row *Row) error {
	if d.src == nil {
		src, err := d.open()
		if err != nil {
			return err
		}
		d.src = src
	}
	clear(d.cells)
	line, err := d.src.next(d.cells)
	if errors.Is(err, io.EOF) {
		if d.rows == 0 {
			return &Error{Line: max(line, 2), Problem: ProblemNoRows}
		}
		return io.EOF
	}
	if err != nil {
		return err
	}
	d.rows++
	*row = Row{Line: line}
	if d.kind == Providers {
		return d.provider(line, &row.Provider)
	}
	return d.insured(line, row)
}

// open skips a byte-order mark and tells CSV from NDJSON.
func (d *Decoder) open() (source, error) {
	if b, _ := d.br.Peek(3); bytes.Equal(b, []byte("\xEF\xBB\xBF")) {
		d.br.Discard(3)
	}
	for {
		b, err := d.br.Peek(1)
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, &Error{Line: 1, Problem: ProblemEmpty}
			}
			return nil, err
		}
		switch b[0] {
		case '{':
			return &ndjsonSource{lines: lineReader{br: d.br}, cols: d.cols}, nil
		case ' ', '\t', '\r', '\n':
			// Blank lines before anything: an NDJSON file may start so; a
			// CSV header may not, which the CSV reader says.
			peek, _ := d.br.Peek(MaxLine)
			i := bytes.IndexFunc(peek, func(r rune) bool { return r != ' ' && r != '\t' && r != '\r' && r != '\n' })
			if i < 0 && len(peek) < MaxLine {
				return nil, &Error{Line: 1, Problem: ProblemEmpty}
			}
			if i >= 0 && peek[i] == '{' {
				return &ndjsonSource{lines: lineReader{br: d.br}, cols: d.cols}, nil
			}
			return newCSVSource(d.br, d.cols)
		default:
			return newCSVSource(d.br, d.cols)
		}
	}
}

// cell names column i for an error.
func (d *Decoder) cell(line, i int, p Problem) *Error {
	return &Error{Line: line, Column: d.cols[i].name, Problem: p}
}

// text checks a cell's bytes: valid UTF-8 without control, escape or
// bidirectional characters (tab and line breaks included).
func (d *Decoder) text(line, i int) *Error {
	b := d.cells[i]
	for _, c := range b {
		if c < 0x20 || c >= 0x7f {
			return slowText(line, d.cols[i].name, b)
		}
	}
	return nil
}

func slowText(line int, col string, b []byte) *Error {
	s := string(b)
	if p := authz.TextProblem(s); p != nil {
		if p.Code == authz.ProblemInvalidUTF8 {
			return &Error{Line: line, Column: col, Problem: ProblemUTF8}
		}
		return &Error{Line: line, Column: col, Problem: ProblemControl, Detail: authz.ControlProblem(s)[len("holds "):], Reason: p}
	}
	for _, r := range s {
		switch {
		case r == '\t':
			return &Error{Line: line, Column: col, Problem: ProblemControl, Detail: "control character U+0009 (tab)", Reason: &authz.Problem{Code: authz.ProblemControlChar, Rune: r}}
		case r == '\n':
			return &Error{Line: line, Column: col, Problem: ProblemControl, Detail: "control character U+000A (line break)", Reason: &authz.Problem{Code: authz.ProblemControlChar, Rune: r}}
		case r == 0xFEFF:
			return &Error{Line: line, Column: col, Problem: ProblemControl, Detail: "a byte-order mark (U+FEFF)", Reason: &authz.Problem{Code: authz.ProblemControlChar, Rune: r}}
		}
	}
	return nil
}

// checkAll checks the text of every present cell.
func (d *Decoder) checkAll(line int) error {
	for i, c := range d.cells {
		if c == nil {
			continue
		}
		if err := d.text(line, i); err != nil {
			return err
		}
	}
	for i, c := range d.cols {
		if c.required && d.cells[i] == nil {
			return d.cell(line, i, ProblemRequired)
		}
	}
	return nil
}

// date reads the date in cell i; the zero Date when absent.
func (d *Decoder) date(line, i int) (authz.Date, error) {
	b := d.cells[i]
	if b == nil {
		return 0, nil
	}
	if v, ok := fastDate(b); ok {
		return v, nil
	}
	_, err := authz.ParseDate(string(b))
	detail := "not a date"
	var reason *authz.Problem
	if err != nil {
		detail = err.Error()
		errors.As(err, &reason)
	}
	return 0, &Error{Line: line, Column: d.cols[i].name, Problem: ProblemDate, Detail: detail, Reason: reason}
}

// period reads a from and an until column; until may be absent but not
// before from.
func (d *Decoder) period(line, from, until int) (authz.Cover, error) {
	var c authz.Cover
	var err error
	if c.From, err = d.date(line, from); err != nil {
		return c, err
	}
	if c.Until, err = d.date(line, until); err != nil {
		return c, err
	}
	if !c.Until.IsZero() && c.Until < c.From {
		return c, &Error{Line: line, Column: d.cols[until].name, Problem: ProblemUntilBeforeFrom, Value: c.Until.String()}
	}
	return c, nil
}

// The columns by index.
const (
	colBSN, colBirth, colPolicy, colInsFrom, colInsUntil = 0, 1, 2, 3, 4
	colAGB, colName, colConFrom, colConUntil             = 0, 1, 2, 3
)

func (d *Decoder) insured(line int, row *Row) error {
	if err := d.checkAll(line); err != nil {
		return err
	}
	r := &row.Insured
	raw := d.cells[colBSN]
	if !validBSN(raw) {
		return &Error{Line: line, Column: "bsn", Problem: ProblemBSN, Detail: authz.BSNProblem(string(raw)), Reason: &authz.Problem{Code: authz.BSNProblemCode(string(raw))}}
	}
	birth, err := d.date(line, colBirth)
	if err != nil {
		return err
	}
	cover, err := d.period(line, colInsFrom, colInsUntil)
	if err != nil {
		return err
	}
	p := d.cells[colPolicy]
	if len(p) > MaxText {
		return d.cell(line, colPolicy, ProblemTooLong)
	}
	row.BSN, row.PolicyNumber = raw, p
	*r = authz.InsuredRow{BirthDate: birth, Cover: cover}
	if !d.lean {
		r.BSN, r.PolicyNumber = string(raw), string(p)
	}
	return nil
}

// validBSN is authz.BSNProblem(string(b)) == "" without making a string.
func validBSN(b []byte) bool {
	if len(b) != 9 {
		return false
	}
	sum, zero := 0, true
	for i, c := range b {
		if c < '0' || c > '9' {
			return false
		}
		if c != '0' {
			zero = false
		}
		if i < 8 {
			sum += int(c-'0') * (9 - i)
		}
	}
	sum -= int(b[8] - '0')
	return !zero && sum%11 == 0
}

func (d *Decoder) provider(line int, r *authz.ProviderRow) error {
	if err := d.checkAll(line); err != nil {
		return err
	}
	agb := string(d.cells[colAGB])
	if !authz.IsAGB(agb) {
		return &Error{Line: line, Column: "agb", Problem: ProblemAGB, Value: agb}
	}
	name := d.cells[colName]
	if len(bytes.TrimSpace(name)) == 0 {
		return d.cell(line, colName, ProblemBlank)
	}
	if len(name) > MaxText {
		return d.cell(line, colName, ProblemTooLong)
	}
	cover, err := d.period(line, colConFrom, colConUntil)
	if err != nil {
		return err
	}
	*r = authz.ProviderRow{AGB: agb, Name: string(name), Cover: cover}
	return nil
}

// fastDate parses YYYY-MM-DD without allocating; ok is false for anything
// ParseDate would refuse (which then says why).
func fastDate(b []byte) (authz.Date, bool) {
	if len(b) != 10 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	n := 0
	for i, c := range b {
		if i == 4 || i == 7 {
			continue
		}
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	y, m, dd := n/10000, n/100%100, n%100
	if y < 1 || m < 1 || m > 12 || dd < 1 || dd > daysIn(y, m) {
		return 0, false
	}
	return authz.Date(n), true
}

func daysIn(y, m int) int {
	switch m {
	case 2:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}
