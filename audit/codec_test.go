package audit

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
)

var amsterdam = time.FixedZone("CET", 3600)

func sampleEntries() []Entry {
	return []Entry{
		{Seq: 1, Time: time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC), Action: Create, Event: EventImport,
			Adviser: "a.devries", AccessPoint: "local terminal", Requests: []string{"MA-2026-000001", "MA-2026-000002"}, Count: 2, Outcome: Success, Detail: "import requests.json"},
		{Seq: 2, Time: time.Date(2026, 12, 1, 10, 0, 0, 123456789, amsterdam), Action: Read, Event: EventRevealBSN,
			Adviser: "m.bakker", AccessPoint: "192.0.2.7:52144", Requests: []string{"MA-2026-000002"}, Count: 1, Outcome: Success},
		{Seq: 3, Time: time.Date(2026, 12, 1, 10, 1, 0, 1, time.UTC), Action: Update, Event: EventDecide,
			Adviser: "m.bakker", AccessPoint: "local terminal", Requests: []string{"MA-2026-000002"}, Count: 1, Outcome: Refused,
			Detail: "approve refused: verdict incomplete (codes missing)\nsecond line, tab\there, Zoë Müller"},
		{Seq: 4, Action: Execute, Event: EventMaintenance, Outcome: Success},                                                                         // zero time, empty text, no requests
		{Seq: 5, Time: time.Date(1950, 1, 1, 0, 0, 0, 999999999, time.UTC), Action: Delete, Event: EventKey, Outcome: Refused, Count: math.MaxInt64}, // before 1970
		{Seq: math.MaxUint64, Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), Action: Read, Event: EventCheck,
			Adviser: "\xff\xfe not UTF-8", Requests: []string{"", "x", strings.Repeat("y", 1000)}, Count: 500, Outcome: Success, Detail: "\x1b[31mred"},
	}
}

// sameEntry compares entries, times by instant.
func sameEntry(t *testing.T, got, want Entry) {
	t.Helper()
	if !got.Time.Equal(want.Time) {
		t.Errorf("time: got %v, want %v", got.Time, want.Time)
	}
	if got.Time.Location() != time.UTC {
		t.Errorf("time: got location %v, want UTC", got.Time.Location())
	}
	g, w := got, want
	g.Time, w.Time = time.Time{}, time.Time{}
	if len(w.Requests) == 0 {
		w.Requests = nil
	}
	if !reflect.DeepEqual(g, w) {
		t.Errorf("got %+v\nwant %+v", g, w)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	prev := sha256.Sum256([]byte("some earlier entry"))
	for _, e := range append(sampleEntries(), Entry{Seq: 9, Action: Read, Event: EventView, Requests: []string{}}) {
		t.Run(e.Event.String(), func(t *testing.T) {
			value, hash := Encode(prev, &e)
			got, stored, err := Decode(value)
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			sameEntry(t, got, e)
			if stored != hash {
				t.Errorf("stored hash %x, Encode returned %x", stored, hash)
			}
			canonical := value[:len(value)-HashSize]
			if want := sha256.Sum256(append(prev[:], canonical...)); want != hash {
				t.Errorf("hash %x is not SHA-256(prev || canonical) %x", hash, want)
			}
			again, _ := Encode(prev, &got)
			if !bytes.Equal(again, value) {
				t.Errorf("re-encoding the decoded entry gives other bytes")
			}
		})
	}
}

func TestEncodeDeterministic(t *testing.T) {
	var prev [32]byte
	for _, e := range sampleEntries() {
		a, ha := Encode(prev, &e)
		// The same instant in another zone, with a monotonic reading, is the same entry.
		f := e
		f.Time = e.Time.In(amsterdam)
		b, hb := Encode(prev, &f)
		if !bytes.Equal(a, b) || ha != hb {
			t.Errorf("entry %d: encodings differ for the same entry", e.Seq)
		}
	}
	now := time.Now()
	e1 := Entry{Seq: 1, Time: now, Action: Read, Event: EventView, Outcome: Success}
	e2 := e1
	e2.Time = now.Round(0) // strips the monotonic reading
	a, _ := Encode(prev, &e1)
	b, _ := Encode(prev, &e2)
	if !bytes.Equal(a, b) {
		t.Error("a monotonic clock reading changes the encoding")
	}
}

// Entries that differ in any way, including how text is split over fields,
// must have different canonical bytes.
func TestEncodeUnambiguous(t *testing.T) {
	base := Entry{Seq: 7, Time: time.Date(2026, 12, 1, 9, 0, 0, 5, time.UTC), Action: Read, Event: EventView,
		Adviser: "ab", AccessPoint: "c", Requests: []string{"a", "b"}, Count: 2, Outcome: Success, Detail: "d"}
	variants := map[string]func(e *Entry){
		"seq":            func(e *Entry) { e.Seq = 8 },
		"nanosecond":     func(e *Entry) { e.Time = e.Time.Add(1) },
		"action":         func(e *Entry) { e.Action = Update },
		"event":          func(e *Entry) { e.Event = EventRevealBSN },
		"outcome":        func(e *Entry) { e.Outcome = Refused },
		"count":          func(e *Entry) { e.Count = 3 },
		"adviser/access": func(e *Entry) { e.Adviser, e.AccessPoint = "a", "bc" },
		"access/request": func(e *Entry) { e.AccessPoint, e.Requests = "ca", []string{"b"} },
		"requests split": func(e *Entry) { e.Requests = []string{"ab"} },
		"requests more":  func(e *Entry) { e.Requests = []string{"a", "b", ""} },
		"detail":         func(e *Entry) { e.Detail = "d " },
		"request/detail": func(e *Entry) { e.Requests, e.Detail = []string{"a", "bd"}, "" },
	}
	var prev [32]byte
	baseValue, baseHash := Encode(prev, &base)
	for name, change := range variants {
		e := base
		e.Requests = slicesClone(base.Requests)
		change(&e)
		v, h := Encode(prev, &e)
		if bytes.Equal(v[:len(v)-HashSize], baseValue[:len(baseValue)-HashSize]) || h == baseHash {
			t.Errorf("%s: the changed entry encodes like the original", name)
		}
	}
	// The same entry after another previous entry has another hash.
	_, other := Encode(sha256.Sum256([]byte("x")), &base)
	if other == baseHash {
		t.Error("the hash does not depend on the previous hash")
	}
}

func slicesClone(s []string) []string { return append([]string(nil), s...) }

func TestEncodePanicsOnInvalidEntry(t *testing.T) {
	for name, e := range map[string]Entry{
		"no action":   {Event: EventView, Outcome: Success},
		"bad action":  {Action: 'X', Event: EventView},
		"no event":    {Action: Read},
		"bad event":   {Action: Read, Event: Event(len(Events) + 1)},
		"bad outcome": {Action: Read, Event: EventView, Outcome: 2},
		"neg count":   {Action: Read, Event: EventView, Count: -1},
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Error("Encode did not panic")
				}
			}()
			Encode([32]byte{}, &e)
		})
	}
}

func TestDecodeRejectsDamage(t *testing.T) {
	good, _ := Encode([32]byte{}, &Entry{Seq: 1, Action: Read, Event: EventView, Adviser: "a", Requests: []string{"MA-1"}})
	canonical := good[:len(good)-HashSize]
	with := func(change func(c []byte) []byte) []byte {
		c := change(append([]byte(nil), canonical...))
		return append(c, make([]byte, HashSize)...)
	}
	cases := []struct {
		name  string
		value []byte
		want  string
	}{
		{"empty", nil, "shorter than the smallest entry"},
		{"short", good[:40], "shorter than the smallest entry"},
		{"version", with(func(c []byte) []byte { c[0] = 2; return c }), "format version 2"},
		{"nanoseconds", with(func(c []byte) []byte { binary.BigEndian.PutUint32(c[17:], 1e9); return c }), "nanoseconds"},
		{"action", with(func(c []byte) []byte { c[21] = 'X'; return c }), "action"},
		{"event", with(func(c []byte) []byte { c[22] = 0; return c }), "event 0"},
		{"outcome", with(func(c []byte) []byte { c[23] = 7; return c }), "outcome 7"},
		{"count", with(func(c []byte) []byte { binary.BigEndian.PutUint64(c[24:], math.MaxUint64); return c }), "count -1"},
		{"adviser length", with(func(c []byte) []byte { binary.BigEndian.PutUint32(c[fixedSize:], 1000); return c }), "adviser: length 1000"},
		{"too many requests", with(func(c []byte) []byte { binary.BigEndian.PutUint32(c[fixedSize+4+1+4:], math.MaxUint32); return c }), "cannot fit"},
		{"left over", with(func(c []byte) []byte { return append(c, 0) }), "left over"},
		{"cut inside a length", with(func(c []byte) []byte { return c[:len(c)-2] }), "ends inside its length"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := Decode(c.value)
			if err == nil {
				t.Fatal("Decode accepted damaged bytes")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %q does not mention %q", err, c.want)
			}
		})
	}
}

func FuzzDecode(f *testing.F) {
	var prev [32]byte
	for _, e := range sampleEntries() {
		v, h := Encode(prev, &e)
		f.Add(v)
		prev = h
	}
	f.Add([]byte{})
	f.Add(make([]byte, minCanonical+HashSize))
	f.Fuzz(func(t *testing.T, value []byte) {
		e, stored, err := Decode(value)
		if err != nil {
			return
		}
		// What Decode accepts, Encode writes back byte for byte: one
		// encoding per entry.
		v, _ := Encode([32]byte{}, &e)
		if !bytes.Equal(v[:len(v)-HashSize], value[:len(value)-HashSize]) {
			t.Fatalf("decoded entry re-encodes differently:\n in %x\nout %x", value, v)
		}
		if !bytes.Equal(stored[:], value[len(value)-HashSize:]) {
			t.Fatal("stored hash is not the last 32 bytes")
		}
	})
}
