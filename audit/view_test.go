package audit

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"machtiging/authz"
)

func TestEventNames(t *testing.T) {
	want := map[Event]string{
		EventImport: "import", EventView: "view_request", EventRevealBSN: "reveal_bsn", EventDecide: "decide",
		EventCheck: "check", EventExport: "export", EventAuditView: "audit_view", EventKey: "key",
		EventMaintenance: "store_maintenance", EventSession: "session", EventReport: "report", EventPurge: "purge", EventRegister: "register",
	}
	if len(Events) != len(want) {
		t.Fatalf("Events lists %d events, want %d", len(Events), len(want))
	}
	for _, e := range Events {
		if e.String() != want[e] {
			t.Errorf("Event %d is %q, want %q", e, e, want[e])
		}
		got, err := ParseEvent(want[e])
		if err != nil || got != e {
			t.Errorf("ParseEvent(%q) = %v, %v", want[e], got, err)
		}
	}
	for _, bad := range []string{"", "View_request", "unknown(0)", "imports"} {
		if _, err := ParseEvent(bad); err == nil {
			t.Errorf("ParseEvent(%q) accepted", bad)
		}
	}
	if s := Event(0).String(); s != "unknown(0)" {
		t.Errorf("Event(0) = %q", s)
	}
	if Success.String() != "success" || Refused.String() != "refused" {
		t.Errorf("outcomes are %q and %q", Success, Refused)
	}
	for _, o := range []Outcome{Success, Refused} {
		if got, err := ParseOutcome(o.String()); err != nil || got != o {
			t.Errorf("ParseOutcome(%q) = %v, %v", o, got, err)
		}
	}
	for _, a := range "CRUDE" {
		if got, err := ParseAction(string(a)); err != nil || got != Action(a) || got.String() != string(a) {
			t.Errorf("ParseAction(%q) = %v, %v", a, got, err)
		}
	}
	if _, err := ParseAction("X"); err == nil {
		t.Error("ParseAction(X) accepted")
	}
}

func TestJSON(t *testing.T) {
	e := sampleEntries()[1]
	value, hash := Encode([32]byte{}, &e)
	l, err := DecodeLogged(value)
	if err != nil {
		t.Fatal(err)
	}
	if l.Hash != hash {
		t.Fatal("DecodeLogged lost the hash")
	}
	got, err := json.Marshal(l)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"seq":2,"time":"2026-12-01T09:00:00.123456789Z","action":"R","event":"reveal_bsn","adviser":"m.bakker",` +
		`"access_point":"192.0.2.7:52144","requests":["MA-2026-000002"],"count":1,"outcome":"success","detail":"",` +
		`"hash":"` + strings.ToLower(Checkpoint{Hash: hash}.String()[2:]) + `"}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	var back Logged
	if err := json.Unmarshal(got, &back); err != nil {
		t.Fatal(err)
	}
	sameEntry(t, back.Entry, e)
	if back.Hash != hash {
		t.Error("hash lost in the round trip")
	}

	// No requests is an empty array, never null; a whole second has no fraction.
	none := Logged{Entry: Entry{Seq: 3, Time: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC), Action: Execute, Event: EventMaintenance, Outcome: Refused}}
	got, _ = json.Marshal(none)
	if !bytes.Contains(got, []byte(`"requests":[]`)) || !bytes.Contains(got, []byte(`"time":"2026-12-01T09:00:00Z"`)) || !bytes.Contains(got, []byte(`"outcome":"refused"`)) {
		t.Errorf("got %s", got)
	}

	if _, err := json.Marshal(Logged{Entry: Entry{Action: Read}}); err == nil {
		t.Error("an entry without an event marshals")
	}
	for _, bad := range []string{
		`{}`, `null`,
		strings.Replace(want, `"R"`, `"X"`, 1),
		strings.Replace(want, `"reveal_bsn"`, `"peek"`, 1),
		strings.Replace(want, `"success"`, `"ok"`, 1),
		strings.Replace(want, `"2026-12-01T09:00:00.123456789Z"`, `"2026-12-01"`, 1),
		strings.Replace(want, `"count":1`, `"count":-1`, 1),
		strings.Replace(want, `"hash":"`, `"hash":"0`, 1),
		strings.Replace(want, `"count":1`, `"count":1,"extra":1`, 1),
		strings.Replace(want, `"detail":"",`, ``, 1),
	} {
		var l Logged
		if err := json.Unmarshal([]byte(bad), &l); err == nil {
			t.Errorf("UnmarshalJSON accepted %s", bad)
		}
	}

	var buf bytes.Buffer
	if err := WriteNDJSON(&buf, l, none); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(buf.String(), "\n"), "\n")
	if len(lines) != 2 || lines[0] != want {
		t.Errorf("NDJSON:\n%s", buf.String())
	}
}

func TestFilterMatch(t *testing.T) {
	d := func(s string) authz.Date {
		v, err := authz.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	e := Entry{
		Seq: 1, Time: time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC), // 2026-12-01 00:30 in CET
		Action: Read, Event: EventView, Adviser: "m.bakker", Requests: []string{"MA-2026-000007", "MA-2026-000008"}, Outcome: Success,
	}
	utc := time.UTC
	cases := []struct {
		name string
		f    Filter
		want bool
	}{
		{"empty filter", Filter{}, true},
		{"request listed", Filter{Request: "MA-2026-000008"}, true},
		{"request not listed", Filter{Request: "MA-2026-000009"}, false},
		{"request prefix is not a match", Filter{Request: "MA-2026-00000"}, false},
		{"adviser", Filter{Adviser: "m.bakker"}, true},
		{"other adviser", Filter{Adviser: "a.devries"}, false},
		{"adviser is exact", Filter{Adviser: "M.Bakker"}, false},
		{"since the day itself", Filter{Since: d("2026-11-30"), Loc: utc}, true},
		{"since the next day", Filter{Since: d("2026-12-01"), Loc: utc}, false},
		{"until the day itself includes all of it", Filter{Until: d("2026-11-30"), Loc: utc}, true},
		{"until the day before", Filter{Until: d("2026-11-29"), Loc: utc}, false},
		{"the day is the local day", Filter{Since: d("2026-12-01"), Until: d("2026-12-01"), Loc: amsterdam}, true},
		{"and not the UTC day there", Filter{Until: d("2026-11-30"), Loc: amsterdam}, false},
		{"all parts", Filter{Request: "MA-2026-000007", Adviser: "m.bakker", Since: d("2026-11-01"), Until: d("2026-11-30"), Loc: utc}, true},
		{"all parts but one", Filter{Request: "MA-2026-000007", Adviser: "a.devries", Since: d("2026-11-01"), Until: d("2026-11-30"), Loc: utc}, false},
	}
	for _, c := range cases {
		if got := c.f.Match(e); got != c.want {
			t.Errorf("%s: Match = %v, want %v", c.name, got, c.want)
		}
	}
	// The last instant of the until day is in; the first of the next is not.
	f := Filter{Until: d("2026-11-30"), Loc: utc}
	last := e
	last.Time = time.Date(2026, 11, 30, 23, 59, 59, 999999999, utc)
	next := e
	next.Time = time.Date(2026, 12, 1, 0, 0, 0, 0, utc)
	if !f.Match(last) || f.Match(next) {
		t.Error("until does not hold exactly the whole day")
	}
}

func TestFormatTable(t *testing.T) {
	at := time.Date(2026, 12, 1, 9, 5, 0, 0, time.UTC)
	entries := []Logged{
		{Entry: Entry{Seq: 9, Time: at, Action: Create, Event: EventImport, Adviser: "a.devries", AccessPoint: "local terminal",
			Requests: []string{"MA-1", "MA-2", "MA-3", "MA-4"}, Count: 250, Outcome: Success, Detail: "requests.json"}},
		{Entry: Entry{Seq: 10, Time: at.Add(time.Minute), Action: Read, Event: EventCheck, Adviser: "m.bakker", AccessPoint: "192.0.2.7:52144",
			Count: 12, Outcome: Success}},
		{Entry: Entry{Seq: 11, Time: at.Add(2 * time.Minute), Action: Update, Event: EventDecide, Adviser: "m.bakker\x1b[2J",
			Requests: []string{"MA-2"}, Count: 1, Outcome: Refused, Detail: "line one\nline two \u202eevil\xff"}},
	}
	var buf bytes.Buffer
	if err := FormatTable(&buf, time.UTC, entries); err != nil {
		t.Fatal(err)
	}
	want := "" +
		"SEQ  TIME                  A  EVENT   OUTCOME  ADVISER            ACCESS POINT     REQUESTS                  DETAIL\n" +
		"  9  2026-12-01 09:05:00Z  C  import  success  a.devries          local terminal   MA-1,MA-2,MA-3 +247 more  requests.json\n" +
		" 10  2026-12-01 09:06:00Z  R  check   success  m.bakker           192.0.2.7:52144  12 requests\n" +
		" 11  2026-12-01 09:07:00Z  U  decide  refused  m.bakker\\u001b[2J  -                MA-2                      line one\\nline two \\u202eevil\\xff\n"
	if buf.String() != want {
		t.Errorf("got\n%s\nwant\n%s", buf.String(), want)
	}
	buf.Reset()
	if err := FormatTable(&buf, amsterdam, entries[:1]); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), "2026-12-01 10:05:00+01:00") {
		t.Errorf("times are not shown in the given zone:\n%s", buf.String())
	}
}
