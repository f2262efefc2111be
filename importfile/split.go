package importfile

import (
	"bytes"
	"io"
	"machtiging/authz"
)

// Limits on the shape of an import file, so that no file can exhaust memory.
const (
	MaxRecordBytes = 1 << 20 // one request, as JSON
	MaxDepth       = 16      // nesting of objects and arrays within a record
)

// splitter cuts an import file into the raw bytes of its records without
// decoding them: a JSON array of objects, or objects one a line (NDJSON). It
// validates only what it needs to find the records' ends; the decoder does
// the rest. A UTF-8 byte-order mark at the start and CR LF line ends are
// accepted.
type splitter struct {
	r     io.Reader
	buf   []byte
	pos   int // next unread byte in buf
	end   int // end of valid data in buf
	eof   bool
	err   error
	mode  byte // 0 unknown, '[' array, '{' NDJSON
	done  bool // the closing bracket of an array was read
	index int  // index of the next record
	off   int64
}

// splitBuffer is the size the splitter's buffer starts at; it grows to
// hold a record of up to MaxRecordBytes. Tests make it small.
var splitBuffer = 256 << 10

func newSplitter(r io.Reader) *splitter {
	return &splitter{r: r, buf: make([]byte, splitBuffer)}
}

// fill makes room and reads more; it reports whether new bytes arrived.
func (s *splitter) fill(keepFrom int) bool {
	if s.eof {
		return false
	}
	if keepFrom > 0 {
		n := copy(s.buf, s.buf[keepFrom:s.end])
		s.off += int64(keepFrom)
		s.pos -= keepFrom
		s.end = n
	}
	if s.end == len(s.buf) {
		if len(s.buf) >= 2*MaxRecordBytes+64<<10 {
			return false
		}
		nb := make([]byte, 2*len(s.buf))
		copy(nb, s.buf[:s.end])
		s.buf = nb
	}
	for {
		n, err := s.r.Read(s.buf[s.end:])
		s.end += n
		if err == io.EOF {
			s.eof = true
			return n > 0
		}
		if err != nil {
			s.err = err
			s.eof = true
			return n > 0
		}
		if n > 0 {
			return true
		}
	}
}

// skipSpace moves past white space; it reports false at the end of input.
func (s *splitter) skipSpace() bool {
	for {
		for s.pos < s.end {
			switch s.buf[s.pos] {
			case ' ', '\t', '\r', '\n':
				s.pos++
			default:
				return true
			}
		}
		if !s.fill(s.pos) {
			return false
		}
	}
}

var bom = []byte{0xEF, 0xBB, 0xBF}

// next returns the raw bytes of the next record, valid until the next call,
// and its index; io.EOF after the last.
func (s *splitter) next() ([]byte, int, error) {
	idx := s.index
	if s.mode == 0 {
		for s.end-s.pos < 3 && s.fill(s.pos) {
		}
		if bytes.HasPrefix(s.buf[s.pos:s.end], bom) {
			s.pos += 3
		}
		if !s.skipSpace() {
			return nil, idx, s.endErr()
		}
		switch s.buf[s.pos] {
		case '[':
			s.mode = '['
			s.pos++
		case '{':
			s.mode = '{'
		default:
			return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemNeitherArrayNorNDJSON})
		}
	}
	if s.done {
		return nil, idx, io.EOF
	}
	if !s.skipSpace() {
		if s.mode == '[' {
			if err := s.endErr(); err != io.EOF {
				return nil, idx, err
			}
			return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemArrayNotClosed})
		}
		return nil, idx, s.endErr()
	}
	if s.mode == '[' {
		c := s.buf[s.pos]
		if idx > 0 {
			switch c {
			case ',':
				s.pos++
				if !s.skipSpace() {
					return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemArrayNotClosed})
				}
			case ']':
				return s.closeArray(idx)
			default:
				return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemNoSeparator, N: idx - 1, Rune: rune(c)})
			}
		} else if c == ']' {
			return s.closeArray(idx)
		}
	}
	if s.buf[s.pos] != '{' {
		return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemNotObject, Rune: rune(s.buf[s.pos])})
	}
	raw, err := s.object(idx)
	if err != nil {
		return nil, idx, err
	}
	s.index++
	return raw, idx, nil
}

func (s *splitter) closeArray(idx int) ([]byte, int, error) {
	s.pos++
	s.done = true
	if s.skipSpace() {
		return nil, idx, s.recordErr(idx, &authz.Problem{Code: authz.ProblemAfterArray, Rune: rune(s.buf[s.pos])})
	}
	return nil, idx, s.endErr()
}

// object scans one object from s.pos and returns its bytes.
func (s *splitter) object(idx int) ([]byte, error) {
	start := s.pos
	i := s.pos
	depth := 0
	inString := false
	open := 0 // where the string being scanned opens
	for {
		for ; i < s.end; i++ {
			if inString {
				// Most of a record is text: jump to the next quote, which
				// ends the string unless an odd run of backslashes escapes
				// it. The whole record stays in the buffer (fill keeps it
				// from start), so the run is there to count.
				j := bytes.IndexByte(s.buf[i:s.end], '"')
				if j < 0 {
					i = s.end - 1
					continue
				}
				i += j
				k := i
				for k > open+1 && s.buf[k-1] == '\\' {
					k--
				}
				inString = (i-k)%2 == 1
				continue
			}
			switch s.buf[i] {
			case '"':
				inString = true
				open = i
			case '{', '[':
				depth++
				if depth > MaxDepth {
					return nil, s.recordErr(idx, &authz.Problem{Code: authz.ProblemTooDeep, Limit: MaxDepth})
				}
			case '}', ']':
				depth--
				if depth == 0 {
					if i+1-start > MaxRecordBytes {
						return nil, s.recordErr(idx, &authz.Problem{Code: authz.ProblemTooBig, Limit: MaxRecordBytes})
					}
					s.pos = i + 1
					return s.buf[start:s.pos], nil
				}
			}
		}
		if i-start > MaxRecordBytes {
			return nil, s.recordErr(idx, &authz.Problem{Code: authz.ProblemTooBig, Limit: MaxRecordBytes})
		}
		n := start
		if !s.fill(start) {
			if s.err != nil {
				return nil, s.err
			}
			return nil, s.recordErr(idx, &authz.Problem{Code: authz.ProblemRecordCutShort})
		}
		i -= n
		open -= n
		start = 0
	}
}

func (s *splitter) endErr() error {
	if s.err != nil {
		return s.err
	}
	return io.EOF
}

func (s *splitter) recordErr(idx int, err error) error {
	return &authz.RecordError{Index: idx, Err: err}
}
