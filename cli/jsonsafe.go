package cli

import (
	"bytes"
	"io"
)

// JSON leaves the C1 control characters (U+0080 to U+009F) raw, and some
// terminals obey them (U+009B is CSI, as ESC [ is), so JSON printed to a
// terminal could move its cursor or worse. Imports refuse them in every
// text of a request, but the name of an import file, an adviser's name, or
// a store written by an older version may hold them. The CLI's JSON outputs write them as \u escapes, which every JSON reader
// decodes to the same text. In UTF-8 they are 0xC2 followed by 0x80–0x9F;
// 0xC2 starts no other character with such a byte, so the rewrite is
// exact.

// appendEscapedC1 appends p to dst with every C1 character escaped; held
// says that the byte before p was a 0xC2 that is not yet in dst. It
// returns whether p ends in such a byte.
func appendEscapedC1(dst, p []byte, held bool) ([]byte, bool) {
	if held {
		if len(p) == 0 {
			return dst, true
		}
		if p[0] >= 0x80 && p[0] <= 0x9F {
			dst = appendC1Escape(dst, p[0])
		} else {
			dst = append(dst, 0xC2, p[0])
		}
		p = p[1:]
	}
	for {
		i := bytes.IndexByte(p, 0xC2)
		if i < 0 {
			return append(dst, p...), false
		}
		dst = append(dst, p[:i]...)
		if i+1 == len(p) {
			return dst, true
		}
		if c := p[i+1]; c >= 0x80 && c <= 0x9F {
			dst = appendC1Escape(dst, c)
		} else {
			dst = append(dst, 0xC2, c)
		}
		p = p[i+2:]
	}
}

func appendC1Escape(dst []byte, c byte) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
}

// escapeC1 returns line with every C1 character escaped; line itself when
// it holds none, as nearly every line does.
func escapeC1(line []byte) []byte {
	if bytes.IndexByte(line, 0xC2) < 0 {
		return line
	}
	out, held := appendEscapedC1(make([]byte, 0, len(line)+16), line, false)
	if held {
		out = append(out, 0xC2)
	}
	return out
}

// c1Escaper writes JSON text to w with every C1 character escaped, however
// the text is cut into writes. Flush passes on a last byte held back.
type c1Escaper struct {
	w    io.Writer
	buf  []byte
	held bool
}

func (e *c1Escaper) Write(p []byte) (int, error) {
	e.buf, e.held = appendEscapedC1(e.buf[:0], p, e.held)
	if _, err := e.w.Write(e.buf); err != nil {
		return 0, err
	}
	return len(p), nil
}

// Flush writes a held byte (which valid UTF-8 never ends on).
func (e *c1Escaper) Flush() error {
	if !e.held {
		return nil
	}
	e.held = false
	_, err := e.w.Write([]byte{0xC2})
	return err
}
