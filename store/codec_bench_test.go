package store

import (
	"bytes"
	"io"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"machtiging/authz"
	"machtiging/demo"
)

// sampleRows makes the queue rows of n generated requests, some of them
// decided or in second review, so that every field is used.
func sampleRows(n int) []Row {
	reqs := demo.Generate(n, day("2026-12-01"), 5)
	rows := make([]Row, len(reqs))
	for i, req := range reqs {
		rec := &stateRecord{State: authz.StateOpen, Version: 1 + i%3}
		switch i % 7 {
		case 3:
			rec.State, rec.DecidedAt = authz.StateApproved, time.Date(2026, 11, 30, 9, 12, 45, 123456789, time.UTC)
		case 5:
			rec.State, rec.ProposalSeq, rec.Proposer = authz.StateSecondReview, uint64(i), "m.bakker"
		}
		rows[i] = rowOf(req, rec)
		rows[i].Key = rows[i].queueKey()
	}
	return rows
}

// The binary row reads back as the row it was made of, and the JSON rows
// of older stores still read.
func TestRowCodecRoundTrip(t *testing.T) {
	for _, r := range sampleRows(500) {
		b, err := encodeRow(&r)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeRow(r.Key, b)
		if err != nil {
			t.Fatalf("%s: %v", r.ID, err)
		}
		if !reflect.DeepEqual(got, r) {
			t.Fatalf("%s: read back\n%+v\nwrote\n%+v", r.ID, got, r)
		}
		legacy, err := json.Marshal(legacyRow(&r))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := decodeRow(r.Key, legacy); err == nil {
			t.Fatalf("%s: the codec reads a row in JSON", r.ID)
		}
		old, err := decodeJSONRow(r.Key, legacy)
		if err != nil {
			t.Fatalf("%s as JSON: %v", r.ID, err)
		}
		// Older rows lack what the registers need: the check reads the
		// request for it.
		want := r
		want.RegisterFacts, want.BirthDate, want.PolicyNumber, want.AGB, want.Period = false, 0, "", "", authz.Period{}
		if !reflect.DeepEqual(old, want) {
			t.Fatalf("%s as JSON: read back\n%+v\nwrote\n%+v", r.ID, old, want)
		}
		bsn, st, p, ok := rowSibling(b)
		if !ok || bsn != BSNNumber(r.BSN) || st != r.State || p != r.Period {
			t.Fatalf("%s: rowSibling %d %s %+v %v", r.ID, bsn, st, p, ok)
		}
		for cut := 0; cut < len(b); cut++ {
			if _, err := decodeRow(r.Key, b[:cut]); err == nil {
				t.Fatalf("%s: a row cut to %d of %d bytes decodes", r.ID, cut, len(b))
			}
		}
	}
}

// legacyRow is a row as stores before the binary form wrote it.
func legacyRow(r *Row) *storedRow {
	sr := &storedRow{ID: r.ID, State: r.State, Due: r.Due, Urgent: r.Urgent, Received: r.Received,
		TreatmentStart: r.TreatmentStart, Setting: r.Setting, Contracted: r.Contracted, Name: r.Name,
		BSN: r.BSN, Provider: r.Provider, Version: r.Version, DecidedAt: r.DecidedAt, Proposer: r.Proposer}
	for i, f := range r.Facts {
		sr.Facts[i] = storedItemFacts{Applicable: f.Applicable, Present: f.Present, Problem: f.Problem, Date: f.Date}
	}
	return sr
}

func TestStateCodecRoundTrip(t *testing.T) {
	recs := []stateRecord{
		{State: authz.StateOpen, Version: 1, Queue: []byte{0, 1, 2, 'M', 'A'}},
		{State: authz.StateSecondReview, Version: 3, ProposalSeq: 1 << 40, Proposer: "a.devries", Queue: []byte("\x01abc")},
		{State: authz.StateRejected, Version: 2, DecidedAt: time.Date(2026, 12, 1, 23, 59, 59, 999999999, time.UTC), Queue: []byte("\x03k")},
	}
	for _, rec := range recs {
		var got stateRecord
		b := encodeState(&rec)
		if err := decodeState(b, &got); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, rec) {
			t.Fatalf("read back %+v, wrote %+v", got, rec)
		}
		legacy, _ := json.Marshal(&rec)
		got = stateRecord{}
		if err := decodeState(legacy, &got); err == nil {
			t.Fatalf("the codec reads a state record in JSON: %s", legacy)
		}
		got = stateRecord{}
		if err := decodeJSONState(legacy, &got); err != nil || !reflect.DeepEqual(got, rec) {
			t.Fatalf("as JSON: read back %+v (%v), wrote %+v", got, err, rec)
		}
		for cut := 0; cut < len(b)-len(rec.Queue); cut++ {
			if err := decodeState(b[:cut], &got); err == nil {
				t.Fatalf("a state record cut to %d of %d bytes decodes", cut, len(b))
			}
		}
	}
}

// The hand-written JSON of a VersionInfo is what json.Marshal writes.
func TestVersionInfoJSON(t *testing.T) {
	infos := []VersionInfo{
		{Version: 1, Received: day("2026-11-05"), ImportedAt: time.Date(2026, 11, 25, 10, 42, 55, 123456789, time.UTC), ImportedBy: "a.devries", Source: "requests.json"},
		{Version: 12, Received: day("0999-01-02"), ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC), ImportedBy: "ç\"\\<>&\u2028\t", Source: "-"},
		{Version: 2, ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 100, time.FixedZone("CET", 3600)), Source: "x"},
		{Version: 3, ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 100, time.UTC), ImportedBy: "bad\xffutf8"},
		{Version: 1234567, ImportedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)},
	}
	for _, info := range infos {
		want, wantErr := json.Marshal(&info)
		got, err := encode(&info)
		if !bytes.Equal(got, want) || (err == nil) != (wantErr == nil) {
			t.Errorf("encode wrote %s (%v), json.Marshal %s (%v)", got, err, want, wantErr)
		}
	}
}

func BenchmarkRowEncode(b *testing.B) {
	rows := sampleRows(1000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := encodeRow(&rows[i%len(rows)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRowDecode(b *testing.B) {
	rows := sampleRows(1000)
	vals := make([][]byte, len(rows))
	size := 0
	for i := range rows {
		vals[i], _ = encodeRow(&rows[i])
		size += len(vals[i])
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		j := i % len(rows)
		if _, err := decodeRow(rows[j].Key, vals[j]); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(size)/float64(len(rows)), "B/row")
}

// BenchmarkScan reads every row of a store of 20,000 requests in queue
// order, as check and the TUI's filter do.
func BenchmarkScan(b *testing.B) {
	const n = 20000
	s, err := Open(filepath.Join(b.TempDir(), "scan.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	reqs := demo.Generate(n, day("2026-12-01"), 5)
	i := 0
	if _, err := s.Import(alice, "bench", func() (Incoming, error) {
		if i == len(reqs) {
			return Incoming{}, io.EOF
		}
		i++
		return Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	rows := 0
	for i := 0; i < b.N; i++ {
		if err := s.Scan(ViewAll, func(*Row) bool { rows++; return true }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rows)/b.Elapsed().Seconds(), "rows/s")
}
