package importfile

import (
	"bytes"
	"errors"
	"flag"
	"io"
	"machtiging/authz"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"
)

// decodeParallel reads every record of data with the parallel decoder.
func decodeParallel(data []byte, workers int, r io.Reader) ([]*authz.Request, error) {
	if r == nil {
		r = bytes.NewReader(data)
	}
	p := NewParallelDecoder(r, workers)
	defer func() {
		p.Close()
		if fuzzing() {
			// Let the decoder's goroutines end (on one P they run in
			// turn), so that the coverage the fuzzer sees does not depend
			// on when they are scheduled: it takes coverage that changes
			// from run to run for new, and then spends its time
			// minimizing. A fixed number of yields keeps this loop's own
			// coverage fixed.
			for range 64 {
				runtime.Gosched()
			}
		}
	}()
	var out []*authz.Request
	for {
		rec, err := p.Next()
		if err != nil {
			return out, err
		}
		if !bytes.Equal(bytes.TrimSpace(rec.Raw), rec.Raw) || len(rec.Raw) == 0 || rec.Raw[0] != '{' || rec.Raw[len(rec.Raw)-1] != '}' {
			return out, errors.New("raw record is not an object's bytes: " + string(rec.Raw))
		}
		if rec.Index != len(out) {
			return out, errors.New("records out of order")
		}
		out = append(out, rec.Request)
	}
}

// fuzzing reports whether this process fuzzes (go test -fuzz), rather than
// running the seed corpus as a test.
func fuzzing() bool {
	f := flag.Lookup("test.fuzz")
	return f != nil && f.Value.String() != ""
}

// decodeSequential reads every record of data with the sequential decoder.
func decodeSequential(data []byte) ([]*authz.Request, error) {
	d := NewDecoder(bytes.NewReader(data))
	var out []*authz.Request
	for {
		req, err := d.Next()
		if err != nil {
			return out, err
		}
		out = append(out, req)
	}
}

// FuzzParallelDecoderAgrees: the parallel decoder that `machtiging import`
// uses hands out exactly the records of the sequential decoder, in file
// order, and stops at the same error, with any number of workers and any
// chunking of the input.
func FuzzParallelDecoderAgrees(f *testing.F) {
	if fuzzing() {
		// On one P the decoder's goroutines are scheduled the same way
		// every run (see decodeParallel); several workers take turns.
		defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	}
	// Small seeds: every new input is minimized before fuzzing goes on, and
	// a large one takes the minimizer's whole minute.
	recs := exampleRecords(f)
	f.Add([]byte(asNDJSON(recs[0], recs[1])))
	f.Add([]byte("[" + recs[2] + "," + recs[3] + "]"))
	f.Add([]byte(asNDJSON(baseRecord, baseRecord)))
	f.Add([]byte(strings.Replace(asNDJSON(baseRecord), `"MA-1"`, `"MA-2"`, 1) + asNDJSON(baseRecord, baseRecord)))
	for _, dir := range []string{"testdata/bad", "testdata/accepted"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && len(b) < 8<<10 {
				f.Add(b)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		want, wantErr := decodeSequential(data)
		for _, workers := range []int{1, 3} {
			got, err := decodeParallel(data, workers, nil)
			if errText(err) != errText(wantErr) {
				t.Fatalf("%d workers: error %v, sequential %v", workers, err, wantErr)
			}
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%d workers: %d records, sequential %d", workers, len(got), len(want))
			}
		}
		if len(data) <= 4<<10 {
			got, err := decodeParallel(data, 2, iotest.HalfReader(iotest.OneByteReader(bytes.NewReader(data))))
			if errText(err) != errText(wantErr) || !reflect.DeepEqual(got, want) {
				t.Fatalf("one-byte reads: %d records, %v; sequential %d, %v", len(got), err, len(want), wantErr)
			}
		}
	})
}

// TestBadFilesAreRefusedByBothDecoders: every file of testdata/bad fails
// in both decoders with the same *authz.RecordError, after the same records;
// every file of testdata/accepted decodes whole.
func TestBadFilesAreRefusedByBothDecoders(t *testing.T) {
	entries, err := os.ReadDir("testdata/bad")
	if err != nil || len(entries) == 0 {
		t.Fatalf("testdata/bad: %v", err)
	}
	for _, e := range entries {
		data := readFile(t, filepath.Join("testdata/bad", e.Name()))
		seq, serr := decodeSequential(data)
		par, perr := decodeParallel(data, 2, nil)
		var re *authz.RecordError
		if !errors.As(serr, &re) {
			t.Errorf("%s: %v, want a *authz.RecordError", e.Name(), serr)
			continue
		}
		if re.Index != len(seq) {
			t.Errorf("%s: the error names record %d after %d good ones", e.Name(), re.Index, len(seq))
		}
		if errText(perr) != errText(serr) || len(par) != len(seq) {
			t.Errorf("%s: parallel %v after %d, sequential %v after %d", e.Name(), perr, len(par), serr, len(seq))
		}
		if msg := serr.Error(); authz.ControlProblem(msg) != "" || strings.ContainsAny(msg, "\r\n") {
			t.Errorf("%s: the message is not one safe line: %q", e.Name(), msg)
		}
	}
	entries, err = os.ReadDir("testdata/accepted")
	if err != nil || len(entries) == 0 {
		t.Fatalf("testdata/accepted: %v", err)
	}
	for _, e := range entries {
		data := readFile(t, filepath.Join("testdata/accepted", e.Name()))
		if reqs, err := decodeSequential(data); err != io.EOF || len(reqs) == 0 {
			t.Errorf("%s: %d records, %v", e.Name(), len(reqs), err)
		}
		if reqs, err := decodeParallel(data, 2, nil); err != io.EOF || len(reqs) == 0 {
			t.Errorf("%s (parallel): %d records, %v", e.Name(), len(reqs), err)
		}
	}
}
