package importfile

import (
	"errors"
	"fmt"
	"io"
	"machtiging/authz"
	"strings"
	"testing"
)

func ndjsonOf(t *testing.T, n int, bad map[int]string) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		if line, ok := bad[i]; ok {
			b.WriteString(line + "\n")
			continue
		}
		fmt.Fprintf(&b, `{"id":"R-%d","received":"2026-11-24","insured":{"name":"N","bsn":"123456782","birth_date":"1961-04-17"},"provider":{"name":"P","agb":"22012345","contracted":false},"setting":"outpatient","treatment_start":"2026-12-14"}`+"\n", i)
	}
	return b.String()
}

func TestParallelDecoderKeepsFileOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 7} {
		p := NewParallelDecoder(strings.NewReader(ndjsonOf(t, 3000, nil)), workers)
		for i := 0; ; i++ {
			rec, err := p.Next()
			if err == io.EOF {
				if i != 3000 {
					t.Fatalf("workers %d: %d records", workers, i)
				}
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if rec.Index != i || rec.Request.ID != fmt.Sprintf("R-%d", i) || !strings.Contains(string(rec.Raw), rec.Request.ID) {
				t.Fatalf("workers %d: record %d is %d %s", workers, i, rec.Index, rec.Request.ID)
			}
		}
		p.Close()
	}
}

// TestPreparingDecoderPreparesEveryRecord: prepare runs on every record,
// on the workers, and what it made comes out with that very record.
func TestPreparingDecoderPreparesEveryRecord(t *testing.T) {
	for _, workers := range []int{1, 3} {
		prepare := func(req *authz.Request, raw []byte) any { return req.ID + "/" + fmt.Sprint(len(raw)) }
		p := NewPreparingDecoder(strings.NewReader(ndjsonOf(t, 1000, nil)), workers, prepare)
		n := 0
		for ; ; n++ {
			rec, err := p.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := rec.Request.ID + "/" + fmt.Sprint(len(rec.Raw)); rec.Prepared != want {
				t.Fatalf("workers %d: record %d prepared as %v, want %s", workers, n, rec.Prepared, want)
			}
		}
		p.Close()
		if n != 1000 {
			t.Fatalf("workers %d: %d records", workers, n)
		}
	}
	plain := NewParallelDecoder(strings.NewReader(ndjsonOf(t, 1, nil)), 1)
	defer plain.Close()
	rec, err := plain.Next()
	if err != nil || rec.Prepared != nil {
		t.Fatalf("without prepare: %+v %v", rec, err)
	}
}

func TestParallelDecoderReportsTheFirstBadRecord(t *testing.T) {
	cases := []struct {
		name  string
		bad   map[int]string
		index int
		field string
	}{
		{"bad record mid chunk", map[int]string{1000: `{"id":"X","bogus":1}`, 2000: `{"id":"Y","bogus":1}`}, 1000, "bogus"},
		{"duplicate id", map[int]string{1500: `{"id":"R-7","received":"2026-11-24","insured":{"name":"N","bsn":"123456782","birth_date":"1961-04-17"},"provider":{"name":"P","agb":"22012345","contracted":false},"setting":"outpatient","treatment_start":"2026-12-14"}`}, 1500, "id"},
		{"truncated at the end", map[int]string{2999: `{"id":"Z"`}, 2999, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := NewParallelDecoder(strings.NewReader(ndjsonOf(t, 3000, tc.bad)), 2)
			defer p.Close()
			n := 0
			for {
				_, err := p.Next()
				if err == nil {
					n++
					continue
				}
				var re *authz.RecordError
				if !errors.As(err, &re) || re.Index != tc.index || re.Field != tc.field {
					t.Fatalf("error %v, want record %d field %q", err, tc.index, tc.field)
				}
				if n != tc.index {
					t.Fatalf("%d records before the error, want %d", n, tc.index)
				}
				if _, again := p.Next(); again != err {
					t.Fatalf("the error does not stick: %v", again)
				}
				return
			}
		})
	}
}

func TestParallelDecoderCloseEarlyDoesNotLeak(t *testing.T) {
	p := NewParallelDecoder(strings.NewReader(ndjsonOf(t, 5000, nil)), 2)
	if _, err := p.Next(); err != nil {
		t.Fatal(err)
	}
	p.Close() // the goroutines end; the race detector and -count catch misuse
}
