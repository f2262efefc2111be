package importfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"machtiging/authz"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// NDJSON and an array give the same requests; a BOM at the start and CR LF
// line ends are accepted; an empty array is zero records.
func TestDecodeArrayAndNDJSONAgree(t *testing.T) {
	file := string(readFile(t, exampleRequests))
	want, err := decodeAll(file)
	if err != nil {
		t.Fatal(err)
	}
	recs := exampleRecords(t)
	bom := "\xEF\xBB\xBF"
	variants := map[string]string{
		"array compact":           asArray(recs...),
		"array CRLF":              strings.ReplaceAll(file, "\n", "\r\n"),
		"array BOM":               bom + file,
		"array BOM CRLF":          bom + strings.ReplaceAll(file, "\n", "\r\n"),
		"array one line":          "[" + strings.Join(recs, ",") + "]",
		"ndjson":                  asNDJSON(recs...),
		"ndjson no final newline": strings.Join(recs, "\n"),
		"ndjson CRLF":             strings.Join(recs, "\r\n") + "\r\n",
		"ndjson BOM":              bom + asNDJSON(recs...),
		"ndjson BOM CRLF":         bom + strings.Join(recs, "\r\n") + "\r\n",
		"ndjson leading blank":    "\n\r\n  " + asNDJSON(recs...),
	}
	for name, v := range variants {
		got, err := decodeAll(v)
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: the requests differ from the example file's", name)
		}
		// Readers that return little at a time give the same.
		for rname, r := range map[string]io.Reader{"one byte": iotest.OneByteReader(strings.NewReader(v)), "half": iotest.HalfReader(strings.NewReader(v)), "data+EOF": iotest.DataErrReader(strings.NewReader(v))} {
			var got []*authz.Request
			d := NewDecoder(r)
			for {
				req, err := d.Next()
				if errors.Is(err, io.EOF) {
					break
				}
				if err != nil {
					t.Fatalf("%s, %s reader: %v", name, rname, err)
				}
				got = append(got, req)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s, %s reader: the requests differ", name, rname)
			}
		}
	}
	for _, empty := range []string{"[]", "[]\n", "[ \r\n ]\r\n", bom + "[]", "\n[\n]\n", "", "\n", bom, "  \r\n"} {
		got, err := decodeAll(empty)
		if err != nil || len(got) != 0 {
			t.Errorf("%q: %d records, %v; want zero records", empty, len(got), err)
		}
	}
}

// NextRaw, authz.DecodeRecord and Unique in file order are what Next does.
func TestDecodeNextRawAgreesWithNext(t *testing.T) {
	file := string(readFile(t, exampleRequests))
	want, _ := decodeAll(file)
	d := NewDecoder(strings.NewReader(file))
	var got []*authz.Request
	for {
		raw, idx, err := d.NextRaw()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if idx != len(got) {
			t.Fatalf("index %d, want %d", idx, len(got))
		}
		r, err := authz.DecodeRecord(bytes.Clone(raw), idx)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.Unique(r.ID, idx); err != nil {
			t.Fatal(err)
		}
		got = append(got, r)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("NextRaw path differs from Next")
	}
	if err := d.Unique(want[3].ID, 13); err == nil || !strings.Contains(err.Error(), "first as record 3") {
		t.Errorf("Unique of a seen id: %v", err)
	}
}

// The same id twice in one file is an import error naming both records.
func TestDecodeDuplicateID(t *testing.T) {
	b := strings.Replace(baseRecord, `"id":"MA-1"`, `"id":"MA-B"`, 1)
	for form, file := range map[string]string{"array": asArray(baseRecord, b, baseRecord), "ndjson": asNDJSON(baseRecord, b, baseRecord)} {
		got, err := decodeAll(file)
		if len(got) != 2 {
			t.Errorf("%s: %d records before the error", form, len(got))
		}
		checkRecordError(t, err, 2, "MA-1", "id", "first as record 0")
	}
	// Ids differing only in case are different ids.
	lower := strings.Replace(baseRecord, `"id":"MA-1"`, `"id":"ma-1"`, 1)
	if got, err := decodeAll(asNDJSON(baseRecord, lower)); err != nil || len(got) != 2 {
		t.Errorf("MA-1 and ma-1: %d, %v", len(got), err)
	}
}

// Errors of the file's shape name the record they occur in.
func TestDecodeFileShapeErrors(t *testing.T) {
	bom := "\xEF\xBB\xBF"
	half := rec1[:len(rec1)/2]
	deep := func(n int) string {
		return withRaw(t, rec1, "remarks", strings.Repeat("[", n-1)+strings.Repeat("]", n-1))
	}
	tests := []struct {
		name  string
		file  string
		good  int // records decoded before the error
		index int
		msg   string
	}{
		{"not JSON", "hello", 0, 0, "neither a JSON array"},
		{"a string", `"x"`, 0, 0, "neither a JSON array"},
		{"a number", `42`, 0, 0, "neither a JSON array"},
		{"null", `null`, 0, 0, "neither a JSON array"},
		{"two BOMs", bom + bom + "[]", 0, 0, "neither a JSON array"},
		{"array truncated inside a record", "[" + baseRecord + "," + half, 1, 1, "truncated"},
		{"array truncated after a comma", "[" + baseRecord + ",", 1, 1, "truncated"},
		{"array not closed", "[" + baseRecord, 1, 1, "not closed"},
		{"array not closed, empty", "[", 0, 0, "not closed"},
		{"array not closed, white space", "[ \n", 0, 0, "not closed"},
		{"ndjson truncated", asNDJSON(baseRecord) + half, 1, 1, "truncated"},
		{"ndjson truncated inside a string", `{"id":"MA-1`, 0, 0, "truncated"},
		{"garbage after ]", "[" + baseRecord + "] x", 1, 1, "after the closing ]"},
		{"second array after ]", "[" + baseRecord + "]\n[" + rec1 + "]", 1, 1, "after the closing ]"},
		{"comma after ]", "[" + baseRecord + "],", 1, 1, "after the closing ]"},
		{"garbage after an empty array", "[]x", 0, 0, "after the closing ]"},
		{"array without a comma", "[" + baseRecord + " " + rec1 + "]", 1, 1, "expected , or ]"},
		{"array with a trailing comma", "[" + baseRecord + ",]", 1, 1, "not a JSON object"},
		{"array with a leading comma", "[," + baseRecord + "]", 0, 0, "not a JSON object"},
		{"array of a number", "[" + baseRecord + ",5]", 1, 1, "not a JSON object"},
		{"array of an array", "[[" + baseRecord + "]]", 0, 0, "not a JSON object"},
		{"array of null", "[null]", 0, 0, "not a JSON object"},
		{"ndjson garbage line", asNDJSON(baseRecord, "not json"), 1, 1, "not a JSON object"},
		{"ndjson with commas", baseRecord + ",\n" + rec1, 1, 1, "not a JSON object"},
		{"ndjson array line", asNDJSON(baseRecord, "["+rec1+"]"), 1, 1, "not a JSON object"},
		{"BOM in the middle of ndjson", asNDJSON(baseRecord) + bom + rec1, 1, 1, "not a JSON object"},
		{"BOM in the middle of an array", "[" + baseRecord + "," + bom + rec1 + "]", 1, 1, "not a JSON object"},
		{"BOM after [", "[" + bom + baseRecord + "]", 0, 0, "not a JSON object"},
		{"BOM after white space", " " + bom + "[]", 0, 0, "neither a JSON array"},
		{"nested deeper than MaxDepth", asNDJSON(baseRecord, deep(MaxDepth+1)), 1, 1, fmt.Sprintf("nested deeper than %d", MaxDepth)},
		{"nested far deeper", "[" + baseRecord + "," + deep(100000), 1, 1, fmt.Sprintf("nested deeper than %d", MaxDepth)},
		{"nested deep in an item", asArray(withRaw(t, rec1, "referral.x", strings.Repeat(`{"a":`, 20)+"1"+strings.Repeat("}", 20))), 0, 0, "nested deeper"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := decodeAll(tt.file)
			if len(got) != tt.good {
				t.Errorf("%d records before the error, want %d", len(got), tt.good)
			}
			checkRecordError(t, err, tt.index, "", "", tt.msg)
		})
	}

	// At MaxDepth exactly the splitter lets the record through; the decoder
	// then refuses the unknown field, not the depth.
	_, err := decodeAll(asNDJSON(deep(MaxDepth)))
	checkRecordError(t, err, 0, "MA-2", "remarks", "unknown field")
	// Brackets inside strings do not count as nesting.
	_, err = decodeAll(asNDJSON(with(t, rec1, "admission_indication.summary", strings.Repeat("[{", 50))))
	if err != nil {
		t.Errorf("brackets in a string: %v", err)
	}
	// Escaped quotes inside strings do not end them.
	if _, err = decodeAll(asArray(with(t, rec1, "admission_indication.summary", `he said "}]" \ ok`))); err != nil {
		t.Errorf("escaped quotes and brackets in a string: %v", err)
	}
}

// paddedRecord is rec1 with white space inside the object so that it is
// exactly n bytes long.
func paddedRecord(t testing.TB, n int) string {
	pad := n - len(rec1)
	if pad < 0 {
		t.Fatal("too short")
	}
	return "{" + strings.Repeat(" ", pad) + rec1[1:]
}

// A record longer than MaxRecordBytes is refused, however the reader
// delivers the bytes; one of exactly MaxRecordBytes is not.
func TestDecodeRecordSizeLimit(t *testing.T) {
	readers := map[string]func(s string) io.Reader{
		"strings.Reader": func(s string) io.Reader { return strings.NewReader(s) },
		"one byte":       func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) },
		"4 KiB chunks":   func(s string) io.Reader { return &chunkReader{r: strings.NewReader(s), n: 4096} },
		"half":           func(s string) io.Reader { return iotest.HalfReader(strings.NewReader(s)) },
	}
	for rname, mk := range readers {
		for _, size := range []int{MaxRecordBytes, MaxRecordBytes + 1, MaxRecordBytes + 4096, 3 * MaxRecordBytes / 2, 2 * MaxRecordBytes} {
			for form, file := range map[string]string{"ndjson": asNDJSON(baseRecord, paddedRecord(t, size)), "array": asArray(baseRecord, paddedRecord(t, size))} {
				d := NewDecoder(mk(file))
				if _, err := d.Next(); err != nil {
					t.Fatalf("%s %s: first record: %v", rname, form, err)
				}
				_, err := d.Next()
				if size <= MaxRecordBytes {
					if err != nil {
						t.Errorf("%s %s: a record of %d bytes: %v", rname, form, size, err)
					}
					continue
				}
				if err == nil {
					t.Errorf("%s %s: a record of %d bytes (MaxRecordBytes %d) was accepted", rname, form, size, MaxRecordBytes)
					continue
				}
				t.Run(fmt.Sprintf("%s/%s/%d", rname, form, size), func(t *testing.T) {
					checkRecordError(t, err, 1, "", "", fmt.Sprintf("longer than %d bytes", MaxRecordBytes))
				})
			}
		}
	}
}

type chunkReader struct {
	r io.Reader
	n int
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if len(p) > c.n {
		p = p[:c.n]
	}
	return c.r.Read(p)
}

// endless yields a prefix and then the same byte forever (up to a safety
// limit), counting what was read.
type endless struct {
	prefix string
	fill   byte
	read   int64
	limit  int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.read >= e.limit {
		return 0, io.EOF
	}
	n := 0
	for n < len(p) && e.read < e.limit {
		if e.read < int64(len(e.prefix)) {
			p[n] = e.prefix[e.read]
		} else {
			p[n] = e.fill
		}
		n++
		e.read++
	}
	return n, nil
}

// A huge single line is refused without reading (or holding) much more than
// a record's worth: the decoder streams.
func TestDecodeHugeLineIsBounded(t *testing.T) {
	const limit = 64 << 20
	const bound = 2*MaxRecordBytes + 128<<10 // the splitter's largest buffer and a read
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	defer func() {
		runtime.ReadMemStats(&after)
		if got := after.TotalAlloc - before.TotalAlloc; got > 4*(8<<20) {
			t.Errorf("allocated %d bytes for four refused records", got)
		}
	}()
	for _, tt := range []struct {
		name   string
		prefix string
		fill   byte
	}{
		{"long string in ndjson", `{"id":"MA-1","insured":{"name":"`, 'a'},
		{"long string in an array", `[{"id":"MA-1","remarks":"`, 'a'},
		{"white space in an object", `{"id":"MA-1",`, ' '},
		{"many members", `{"id":"MA-1","x":[`, '0'},
	} {
		e := &endless{prefix: tt.prefix, fill: tt.fill, limit: limit}
		_, err := NewDecoder(e).Next()
		checkRecordError(t, err, 0, "", "", "longer than")
		t.Logf("%s: refused after reading %d bytes", tt.name, e.read)
		if e.read > bound {
			t.Errorf("%s: read %d bytes before refusing, want at most %d", tt.name, e.read, bound)
		}
	}
}

// Records are decoded one at a time: a long file of small records is fine.
func TestDecodeManyRecords(t *testing.T) {
	var b strings.Builder
	const n = 3000
	for i := range n {
		b.WriteString(strings.Replace(baseRecord, `"id":"MA-1"`, fmt.Sprintf(`"id":"MA-%d"`, i), 1))
		b.WriteString("\r\n")
	}
	got, err := decodeAll(b.String())
	if err != nil || len(got) != n {
		t.Fatalf("%d records, %v", len(got), err)
	}
}

// An error of the reader is returned as it is, not dressed up as a record
// error, wherever it happens.
func TestDecodeReaderErrors(t *testing.T) {
	boom := errors.New("disk on fire")
	file := asNDJSON(baseRecord, rec1)
	for _, cut := range []int{0, 1, 10, len(baseRecord) + 1, len(baseRecord) + 20, len(file)} {
		r := io.MultiReader(strings.NewReader(file[:cut]), iotest.ErrReader(boom))
		d := NewDecoder(r)
		var n int
		var err error
		for {
			_, err = d.Next()
			if err != nil {
				break
			}
			n++
		}
		if !errors.Is(err, boom) {
			t.Errorf("cut at %d: after %d records %v, want the reader's error", cut, n, err)
		}
		var re *authz.RecordError
		if errors.As(err, &re) {
			t.Errorf("cut at %d: the reader's error became a record error: %v", cut, err)
		}
	}
	// A timeout-style reader that returns data with its error still yields the data.
	d := NewDecoder(iotest.DataErrReader(strings.NewReader(asArray(baseRecord))))
	if _, err := d.Next(); err != nil {
		t.Errorf("data with EOF: %v", err)
	}
	if _, err := d.Next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last record: %v", err)
	}
}

// A bad record in a file, array or NDJSON, stops the file with the error
// authz.DecodeRecord gives that record at its index, after the records
// before it.
func TestRecordErrorsInEveryForm(t *testing.T) {
	bad := map[string]string{
		"unknown field":        withRaw(t, rec1, "remarks", `1`),
		"wrong type":           withRaw(t, rec1, "urgent", `"yes"`),
		"impossible date":      with(t, rec1, "received", "2026-11-31"),
		"11-proef":             with(t, rec1, "insured.bsn", "123456789"),
		"birth after received": with(t, rec1, "insured.birth_date", "2027-01-01"),
		"duplicate key":        strings.Replace(rec1, `"id":"MA-2"`, `"id":"MA-2","id":"MA-3"`, 1),
		"invalid UTF-8":        strings.Replace(rec1, "Anna", "An\xffna", 1),
		"raw control":          strings.Replace(rec1, "Anna", "An\x01na", 1),
		"escape sequence":      strings.Replace(rec1, "Anna", `An\u001b[31mna`, 1),
		"fraction":             withRaw(t, rec1, "treatment_plan.treatment_minutes", `1.5`),
		"out of range":         withRaw(t, rec1, "treatment_plan.treatment_minutes", `99999999999999999999`),
	}
	for name, rec := range bad {
		_, want := authz.DecodeRecord([]byte(rec), 1)
		if want == nil {
			t.Fatalf("%s: DecodeRecord accepts it", name)
		}
		for form, file := range map[string]string{"array": asArray(baseRecord, rec), "ndjson": asNDJSON(baseRecord, rec)} {
			got, err := decodeAll(file)
			if len(got) != 1 {
				t.Errorf("%s, %s: %d records before the error, want 1", name, form, len(got))
			}
			if err == nil || err.Error() != want.Error() {
				t.Errorf("%s, %s: %v, want %v", name, form, err, want)
			}
		}
	}
}
