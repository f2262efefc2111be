package importfile

import (
	"bytes"
	"io"
	"strings"
	"testing"
)

// referenceEnd scans an object the plain way, a byte at a time, and
// returns the length of the object at the start of b, or -1.
func referenceEnd(b []byte) int {
	depth := 0
	inString, escaped := false, false
	for i, c := range b {
		if inString {
			switch {
			case escaped:
				escaped = false
			case c == '\\':
				escaped = true
			case c == '"':
				inString = false
			}
			continue
		}
		switch c {
		case '"':
			inString = true
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return i + 1
			}
		}
	}
	return -1
}

// splitAll cuts data into records with a splitter reading from r.
func splitAll(r io.Reader) ([]string, string) {
	s := newSplitter(r)
	var out []string
	for {
		raw, _, err := s.next()
		if err == io.EOF {
			return out, ""
		}
		if err != nil {
			return out, err.Error()
		}
		out = append(out, string(raw))
	}
}

// splitBoth splits data read whole with the usual buffer, and 1 and 7
// bytes at a time with a 16-byte buffer (so that strings and escapes
// straddle every refill, and the buffer is compacted and grown under a
// record that does not start it), and says where they differ
// from each other or from referenceEnd.
func splitBoth(t *testing.T, data []byte) []string {
	t.Helper()
	whole, wholeErr := splitAll(bytes.NewReader(data))
	defer func(n int) { splitBuffer = n }(splitBuffer)
	splitBuffer = 16
	for _, n := range []int{1, 7} {
		got, err := splitAll(&chunkReader{bytes.NewReader(data), n})
		if wholeErr != err || strings.Join(whole, "\x00") != strings.Join(got, "\x00") {
			t.Fatalf("read whole: %q %s\nread %d bytes at a time: %q %s", whole, wholeErr, n, got, err)
		}
	}
	for _, rec := range whole {
		if n := referenceEnd([]byte(rec)); n != len(rec) {
			t.Fatalf("record %q: the reference scan ends it at %d", rec, n)
		}
	}
	return whole
}

// TestSplitterStrings: quotes escaped by odd runs of backslashes stay in
// the string, even runs do not; brackets inside strings do not count.
func TestSplitterStrings(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []string
	}{
		{"plain", `{"a":"b"}` + "\n" + `{"c":1}`, []string{`{"a":"b"}`, `{"c":1}`}},
		{"escaped quote", `{"a":"x\"}"}` + "\n" + `{}`, []string{`{"a":"x\"}"}`, `{}`}},
		{"escaped backslash", `{"a":"x\\"}` + "\n" + `{}`, []string{`{"a":"x\\"}`, `{}`}},
		{"three backslashes", `{"a":"\\\"}"}`, []string{`{"a":"\\\"}"}`}},
		{"four backslashes", `{"a":"\\\\"}`, []string{`{"a":"\\\\"}`}},
		{"brackets in text", `[{"a":"]}{["},{"b":"}"}]`, []string{`{"a":"]}{["}`, `{"b":"}"}`}},
		{"escape in a later record", `{"a":1}` + "\n" + `{"b":"x\"}y"}`, []string{`{"a":1}`, `{"b":"x\"}y"}`}},
		{"empty strings", `{"":""}`, []string{`{"":""}`}},
		{"backslash before the closing quote of a key", `{"a\\":1}`, []string{`{"a\\":1}`}},
		{"long text", `{"a":"` + strings.Repeat(`x\"y\\`, 4000) + `"}`, []string{`{"a":"` + strings.Repeat(`x\"y\\`, 4000) + `"}`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := splitBoth(t, []byte(tc.in)); strings.Join(got, "\x00") != strings.Join(tc.want, "\x00") {
				t.Fatalf("got %q, want %q", got, tc.want)
			}
		})
	}
	for _, bad := range []string{`{"a":"x\"}`, `{"a":"x\\\"}`, `[{"a":"]"}`} {
		if _, err := splitAll(strings.NewReader(bad)); !strings.Contains(err, "truncated") {
			t.Errorf("%q: %s, want truncated", bad, err)
		}
	}
}

// FuzzSplitter: the splitter finds the same records however its input
// arrives, and each ends where a plain byte-by-byte scan ends it.
func FuzzSplitter(f *testing.F) {
	f.Add([]byte(`{"a":"x\"}"}` + "\n" + `{"b":"\\"}`))
	f.Add([]byte(`[{"a":"\\\\\"]"},{"c":[1,{"d":"}"}]}]`))
	f.Add([]byte("\xEF\xBB\xBF{\"a\":1}\r\n{\"b\":2}\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		splitBoth(t, data)
	})
}
