package audit

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"machtiging/authz"
)

// Logged is an entry as read back from the log, with its chain hash.
type Logged struct {
	Entry
	Hash [32]byte
}

// DecodeLogged reads a stored value into a Logged.
func DecodeLogged(value []byte) (Logged, error) {
	e, h, err := Decode(value)
	return Logged{Entry: e, Hash: h}, err
}

// entryJSON is the shape of one line of `machtiging audit --json`.
type entryJSON struct {
	Seq         uint64   `json:"seq"`
	Time        string   `json:"time"`
	Action      string   `json:"action"`
	Event       string   `json:"event"`
	Adviser     string   `json:"adviser"`
	AccessPoint string   `json:"access_point"`
	Requests    []string `json:"requests"`
	Count       int      `json:"count"`
	Outcome     string   `json:"outcome"`
	Detail      string   `json:"detail"`
	Hash        string   `json:"hash"`
}

// MarshalJSON writes the entry as an object with the fields seq, time (RFC
// 3339 in UTC, with nanoseconds when there are any), action (C, R, U, D or
// E), event (its name), adviser, access_point, requests (always an array),
// count, outcome (success or refused), detail and hash (64 hex digits).
func (l Logged) MarshalJSON() ([]byte, error) {
	if err := l.Validate(); err != nil {
		return nil, fmt.Errorf("audit entry %d: %w", l.Seq, err)
	}
	reqs := l.Requests
	if reqs == nil {
		reqs = []string{}
	}
	return json.Marshal(entryJSON{
		Seq:         l.Seq,
		Time:        l.Time.UTC().Format(time.RFC3339Nano),
		Action:      l.Action.String(),
		Event:       l.Event.String(),
		Adviser:     l.Adviser,
		AccessPoint: l.AccessPoint,
		Requests:    reqs,
		Count:       l.Count,
		Outcome:     l.Outcome.String(),
		Detail:      l.Detail,
		Hash:        hex.EncodeToString(l.Hash[:]),
	})
}

// UnmarshalJSON reads what MarshalJSON writes; every field is required and no
// other is allowed.
func (l *Logged) UnmarshalJSON(b []byte) error {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	for _, name := range []string{"seq", "time", "action", "event", "adviser", "access_point", "requests", "count", "outcome", "detail", "hash"} {
		if _, ok := raw[name]; !ok {
			return fmt.Errorf("audit entry: field %q is missing", name)
		}
	}
	var v entryJSON
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		return fmt.Errorf("audit entry: %w", err)
	}
	var out Logged
	var err error
	out.Seq, out.Adviser, out.AccessPoint, out.Count, out.Detail = v.Seq, v.Adviser, v.AccessPoint, v.Count, v.Detail
	if len(v.Requests) > 0 {
		out.Requests = v.Requests
	}
	if out.Time, err = time.Parse(time.RFC3339Nano, v.Time); err != nil {
		return fmt.Errorf("audit entry %d: time: %w", v.Seq, err)
	}
	out.Time = out.Time.UTC()
	if out.Action, err = ParseAction(v.Action); err != nil {
		return fmt.Errorf("audit entry %d: %w", v.Seq, err)
	}
	if out.Event, err = ParseEvent(v.Event); err != nil {
		return fmt.Errorf("audit entry %d: %w", v.Seq, err)
	}
	if out.Outcome, err = ParseOutcome(v.Outcome); err != nil {
		return fmt.Errorf("audit entry %d: %w", v.Seq, err)
	}
	if out.Count < 0 {
		return fmt.Errorf("audit entry %d: count %d is negative", v.Seq, out.Count)
	}
	if len(v.Hash) != 2*HashSize {
		return fmt.Errorf("audit entry %d: hash is not %d hex digits", v.Seq, 2*HashSize)
	}
	if _, err := hex.Decode(out.Hash[:], []byte(v.Hash)); err != nil {
		return fmt.Errorf("audit entry %d: hash is not hexadecimal", v.Seq)
	}
	*l = out
	return nil
}

// WriteNDJSON writes entries as JSON, one a line.
func WriteNDJSON(w io.Writer, entries ...Logged) error {
	bw := bufio.NewWriter(w)
	for _, l := range entries {
		b, err := l.MarshalJSON()
		if err != nil {
			return err
		}
		bw.Write(b)
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// Filter selects entries for `machtiging audit`. A zero field does not
// filter.
type Filter struct {
	Request string     // entries concerning this request id
	Adviser string     // entries by this adviser (exact)
	Since   authz.Date // entries on or after this day
	Until   authz.Date // entries on or before this day, the whole day included
	// Loc is the time zone that decides an entry's day; nil is time.Local.
	Loc *time.Location
}

// Match reports whether the entry passes every part of the filter.
func (f Filter) Match(e Entry) bool {
	if f.Request != "" && !slices.Contains(e.Requests, f.Request) {
		return false
	}
	if f.Adviser != "" && e.Adviser != f.Adviser {
		return false
	}
	if f.Since.IsZero() && f.Until.IsZero() {
		return true
	}
	loc := f.Loc
	if loc == nil {
		loc = time.Local
	}
	day := authz.DateOf(e.Time.In(loc))
	if !f.Since.IsZero() && day < f.Since {
		return false
	}
	if !f.Until.IsZero() && day > f.Until {
		return false
	}
	return true
}

// tableTime is how FormatTable writes times.
const tableTime = "2006-01-02 15:04:05Z07:00"

// FormatTable writes a header and one aligned line per entry: sequence
// number, time in loc (nil is time.Local, as Filter), action, event, outcome, adviser, access
// point, the requests concerned and the detail. Text from outside is shown
// with control and bidirectional characters and invalid UTF-8 escaped, so
// that it cannot disturb the terminal or the columns.
func FormatTable(w io.Writer, loc *time.Location, entries []Logged) error {
	return FormatTableIn(w, loc, entries, TableWords{})
}

// TableWords are the access log table's words for a reader of another
// language; a nil or empty field keeps the English one.
type TableWords struct {
	Header   []string // the nine columns' names
	Event    func(Event) string
	Outcome  func(Outcome) string
	Requests func(n int) string // a count of requests without their ids
	More     func(n int) string // after the first ids: n more
}

// FormatTableIn is FormatTable in other words. The detail column is the
// log's own record and stays as it was written.
func FormatTableIn(w io.Writer, loc *time.Location, entries []Logged, tw TableWords) error {
	if loc == nil {
		loc = time.Local
	}
	header := tw.Header
	if len(header) != 9 {
		header = []string{"SEQ", "TIME", "A", "EVENT", "OUTCOME", "ADVISER", "ACCESS POINT", "REQUESTS", "DETAIL"}
	}
	event, outcome := tw.Event, tw.Outcome
	if event == nil {
		event = Event.String
	}
	if outcome == nil {
		outcome = Outcome.String
	}
	rows := make([][]string, 0, len(entries)+1)
	rows = append(rows, header)
	for _, l := range entries {
		rows = append(rows, []string{
			strconv.FormatUint(l.Seq, 10),
			l.Time.In(loc).Format(tableTime),
			l.Action.String(),
			event(l.Event),
			outcome(l.Outcome),
			orDash(printable(l.Adviser)),
			orDash(printable(l.AccessPoint)),
			requestsColumn(l.Entry, tw),
			printable(l.Detail),
		})
	}
	widths := make([]int, len(header))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	bw := bufio.NewWriter(w)
	var line strings.Builder
	for _, r := range rows {
		line.Reset()
		for i, c := range r {
			pad := widths[i] - utf8.RuneCountInString(c)
			switch {
			case i == 0: // numbers align right
				line.WriteString(strings.Repeat(" ", pad) + c)
			case i == len(r)-1:
				line.WriteString(c)
			default:
				line.WriteString(c + strings.Repeat(" ", pad))
			}
			if i < len(r)-1 {
				line.WriteString("  ")
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " "))
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// requestsColumn lists up to three request ids, and how many more there are.
func requestsColumn(e Entry, tw TableWords) string {
	const shown = 3
	total := max(e.Count, len(e.Requests))
	if len(e.Requests) == 0 {
		switch {
		case total == 0:
			return "-"
		case tw.Requests != nil:
			return tw.Requests(total)
		case total == 1:
			return "1 request"
		}
		return strconv.Itoa(total) + " requests"
	}
	ids := e.Requests[:min(shown, len(e.Requests))]
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = printable(id)
	}
	s := strings.Join(parts, ",")
	if total > len(ids) {
		if tw.More != nil {
			return s + tw.More(total-len(ids))
		}
		s += fmt.Sprintf(" +%d more", total-len(ids))
	}
	return s
}

// printable escapes what must not reach a terminal: invalid UTF-8, control
// characters (tab and newline too: they would break the line's columns) and
// bidirectional controls that reorder text.
func printable(s string) string {
	clean := true
	for _, r := range s {
		if r == utf8.RuneError || unsafeRune(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) ||
		r == 0x061c || r == 0x200e || r == 0x200f ||
		(r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069)
}
