package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"machtiging/internal/testfixture"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

const (
	badDir      = "../importfile/testdata/bad"
	acceptedDir = "../importfile/testdata/accepted"
)

// badFiles says, for every file of importfile/testdata/bad, what the one-line
// error of `machtiging import` must hold: the record (index, and id when
// it is well formed) and the field. Each file's bad record follows good
// ones, so a refusal has to undo them.
var badFiles = map[string]string{
	"truncated-ndjson.ndjson":          "record 2: truncated: the file ends inside the record",
	"truncated-array.json":             "record 2: truncated: the file ends inside the record",
	"unclosed-array.json":              "record 3: truncated: the array is not closed",
	"trailing-garbage.json":            "record 3: unexpected 'x' after the closing ]",
	"not-json.txt":                     "record 0: the file is neither a JSON array of request objects nor NDJSON",
	"deep-nesting.ndjson":              "record 2: nested deeper than 16 levels",
	"invalid-utf8-name.ndjson":         "record 2 (BAD-1): insured.name: text is not valid UTF-8",
	"invalid-utf8-c1-raw-byte.ndjson":  "record 2 (BAD-1): practitioners.members[0].part_of_care: text is not valid UTF-8",
	"lone-surrogate.ndjson":            "record 2 (BAD-1): referral.referrer_name: invalid JSON: invalid surrogate pair",
	"bom-mid-file.ndjson":              "record 2: is not a JSON object",
	"duplicate-key.ndjson":             "record 2 (BAD-1): urgent: duplicate field",
	"duplicate-key-nested.ndjson":      "record 2 (BAD-1): insured.bsn: duplicate field",
	"duplicate-id.ndjson":              "record 2 (OK-1): id: OK-1 appears twice in the file (first as record 0)",
	"int64-overflow.ndjson":            "record 2 (BAD-1): treatment_plan.treatment_minutes: number 9223372036854775808 is out of range",
	"huge-exponent.ndjson":             "record 2 (BAD-1): treatment_plan.treatment_minutes: ",
	"fraction.ndjson":                  "record 2 (BAD-1): treatment_plan.treatment_minutes: ",
	"date-feb-30.ndjson":               `record 2 (BAD-1): received: "2026-02-30" is not a day of the calendar`,
	"date-feb-30-in-item.ndjson":       `record 2 (BAD-1): treatment_plan.period_end: "2027-02-30" is not a day of the calendar`,
	"esc-csi-name.ndjson":              "record 2 (BAD-1): insured.name: text holds control character U+001B",
	"osc52-summary.ndjson":             "record 2 (BAD-1): admission_indication.summary: text holds control character U+001B",
	"c1-csi-escaped-provider.ndjson":   "record 2 (BAD-1): provider.name: text holds control character U+009B",
	"c1-csi-utf8-activity.ndjson":      "record 2 (BAD-1): treatment_plan.activities[1]: text holds control character U+009B",
	"raw-esc-byte.ndjson":              "record 2 (BAD-1): referral.referrer_name: invalid JSON: invalid character '\\x1b' in string",
	"nul-in-code.ndjson":               "record 2 (BAD-1): codes.prestatiecode: text holds control character U+0000",
	"bidi-override-name.ndjson":        "record 2 (BAD-1): practitioners.members[1].name: text holds bidirectional control U+202E",
	"id-path-dotdot.ndjson":            `record 2: id: "../../etc/passwd" is not 1 to 40 letters, digits and hyphens`,
	"id-slash.ndjson":                  `record 2: id: "MA/2026/1" is not 1 to 40 letters, digits and hyphens`,
	"id-backslash.ndjson":              `record 2: id: "MA\\2026" is not 1 to 40 letters, digits and hyphens`,
	"id-too-long.ndjson":               "record 2: id: 41 characters, longer than the limit of 40",
	"long-name.ndjson":                 "record 2 (BAD-1): insured.name: 205 characters, longer than the limit of 200",
	"long-summary.ndjson":              "record 2 (BAD-1): admission_indication.summary: 10001 characters, longer than the limit of 10000",
	"too-many-activities.ndjson":       "record 2 (BAD-1): treatment_plan.activities: 201 entries, more than the limit of 200",
	"unknown-field.ndjson":             "record 2 (BAD-1): remarks: unknown field",
	"wrong-type.ndjson":                "record 2 (BAD-1): provider.contracted: wrong JSON type: a string where a boolean belongs",
	"address-unknown-field.ndjson":     "record 2 (BAD-1): provider.address.country: unknown field",
	"address-blank-postal-code.ndjson": "record 2 (BAD-1): insured.address.postal_code: is required and may not be blank",
	"address-newline-city.ndjson":      "record 2 (BAD-1): insured.address.city: text holds a tab or a line break",
	"address-wrong-type.ndjson":        "record 2 (BAD-1): provider.address: wrong JSON type: a string where an object belongs",
	"address-esc-street.ndjson":        "record 2 (BAD-1): insured.address.street: text holds control character U+001B",
}

// goodRecord is a request with every item ok; @ID@ is its id.
const goodRecord = `{"id":"@ID@","received":"2026-11-24",` +
	`"insured":{"name":"Anna de Vries","bsn":"123456782","birth_date":"1961-04-17","policy_number":"100234567"},` +
	`"provider":{"name":"Revalidatiekliniek Amersfoort","agb":"22012345","contracted":false},` +
	`"setting":"clinical","treatment_start":"2026-12-14","urgent":false,` +
	`"referral":{"date":"2026-11-10","referrer_kind":"medisch_specialist","referrer_name":"dr. M. Bakker","referrer_agb":"03012345"},` +
	`"admission_indication":{"date":"2026-11-18","summary":"Na CVA: opname geïndiceerd volgens VRA-criteria."},` +
	`"treatment_plan":{"date":"2026-11-20","period_start":"2026-12-14","period_end":"2027-02-26","treatment_minutes":2400,"activities":["intake revalidatiearts","loop- en balanstraining"]},` +
	`"practitioners":{"date":"2026-11-20","members":[` +
	`{"name":"dr. S. Visser","discipline":"revalidatiearts","agb":"03098765","part_of_care":"regie, medische behandeling"},` +
	`{"name":"T. Smit","discipline":"fysiotherapeut","part_of_care":"loop- en balanstraining"}]},` +
	`"codes":{"date":"2026-11-20","dbc_declaration_code":"171234","prestatiecode":"990916034"}}`

func record(id string) string { return strings.Replace(goodRecord, "@ID@", id, 1) }

// textFields are the text fields of a request: where each stands in
// goodRecord (the JSON member, whose string value the tests replace) and
// its length limit.
var textFields = []struct {
	field, member string
	limit         int
}{
	{"id", `"id":"BAD-1"`, 40},
	{"insured.name", `"name":"Anna de Vries"`, 200},
	{"insured.bsn", `"bsn":"123456782"`, 40},
	{"insured.policy_number", `"policy_number":"100234567"`, 40},
	{"provider.name", `"name":"Revalidatiekliniek Amersfoort"`, 200},
	{"provider.agb", `"agb":"22012345"`, 40},
	{"referral.referrer_kind", `"referrer_kind":"medisch_specialist"`, 40},
	{"referral.referrer_name", `"referrer_name":"dr. M. Bakker"`, 200},
	{"referral.referrer_agb", `"referrer_agb":"03012345"`, 40},
	{"admission_indication.summary", `"summary":"Na CVA: opname geïndiceerd volgens VRA-criteria."`, 10000},
	{"treatment_plan.activities[0]", `"activities":["intake revalidatiearts"`, 500},
	{"practitioners.members[0].name", `"name":"dr. S. Visser"`, 200},
	{"practitioners.members[0].discipline", `"discipline":"revalidatiearts"`, 200},
	{"practitioners.members[0].agb", `"agb":"03098765"`, 40},
	{"practitioners.members[0].part_of_care", `"part_of_care":"regie, medische behandeling"`, 1000},
	{"codes.dbc_declaration_code", `"dbc_declaration_code":"171234"`, 40},
	{"codes.prestatiecode", `"prestatiecode":"990916034"`, 40},
}

// hostile are escape and control sequences as they may stand in a JSON
// string, and what the import error says of them.
var hostile = []struct{ name, json, says string }{
	{"ESC [ 31 m", `\u001b[31mrood\u001b[0m`, "text holds control character U+001B"},
	{"OSC 52", `\u001b]52;c;cm0gLXJmIH4=\u0007`, "text holds control character U+001B"},
	{"C1 CSI escaped", `\u009b2J`, "text holds control character U+009B"},
	{"C1 CSI in UTF-8", "\u009b2J", "text holds control character U+009B"},
	{"NUL", `a\u0000b`, "text holds control character U+0000"},
	{"DEL", `a\u007fb`, "text holds control character U+007F"},
	{"BEL", `a\u0007b`, "text holds control character U+0007"},
	{"bidi override", "a\u202eb", "text holds bidirectional control U+202E"},
}

// withValue returns a file of two good records and, as record 2, goodRecord
// with the string value of member replaced by value (raw JSON string
// content), then one more good record.
func withValue(t *testing.T, member, value string) string {
	t.Helper()
	r := record("BAD-1")
	if !strings.Contains(r, member) {
		t.Fatalf("%s is not in the record", member)
	}
	colon := strings.Index(member, ":")
	key, rest := member[:colon+1], member[colon+1:]
	repl := key + `"` + value + `"`
	if strings.HasPrefix(rest, `["`) { // the first element of an array
		repl = key + `["` + value + `"`
	}
	return record("OK-1") + "\n" + record("OK-2") + "\n" + strings.Replace(r, member, repl, 1) + "\n" + record("OK-3") + "\n"
}

// refusedWhole runs an import that must be refused and asserts that the
// error is one safe line holding want, and that nothing was stored.
func refusedWhole(t *testing.T, db, what string, want string, args []string, stdin string, before string) {
	t.Helper()
	r := machtiging(t, nil, stdin, append([]string{"--db", db}, args...)...)
	if !testfixture.OneLineError(t, what, r) {
		return
	}
	if !strings.Contains(r.Stderr, want) {
		t.Errorf("%s:\n got %q\nwant it to hold %q", what, r.Stderr, want)
	}
	if before != "" {
		if after, _ := checkSum(t, db); after != before {
			t.Errorf("%s: the refused import stored something", what)
		}
	}
}

// TestBadImportFilesAreRefusedWhole: every file of importfile/testdata/bad, and
// generated files with escape sequences and over-long text in each text
// field, is refused by `machtiging import` (exit 1, one line naming the
// record and the field), from a file and from standard input, and nothing
// of it is stored.
func TestBadImportFilesAreRefusedWhole(t *testing.T) {
	db := filepath.Join(t.TempDir(), "m.db")
	mustRun(t, "--db", db, "import", examples)
	before, n := checkSum(t, db)

	type job struct {
		what, want, stdin string
		args              []string
	}
	var jobs []job
	entries, err := os.ReadDir(badDir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	for _, name := range names {
		want, ok := badFiles[name]
		if !ok {
			t.Errorf("%s/%s has no expected error in badFiles", badDir, name)
			continue
		}
		path := filepath.Join(badDir, name)
		raw, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs,
			job{name, "import " + path + " " + want, "", []string{"import", path}},
			job{name + " from standard input", "import - " + want, string(raw), []string{"import", "-"}})
	}
	for name := range badFiles {
		if _, err := os.Stat(filepath.Join(badDir, name)); err != nil {
			t.Errorf("badFiles names %s, which is not in %s", name, badDir)
		}
	}
	// Escape sequences and over-long text in every text field, through
	// standard input.
	stdin := []string{"import", "-"}
	for _, f := range textFields {
		prefix := "record 2 (BAD-1): "
		if f.field == "id" {
			prefix = "record 2: "
		}
		for _, h := range hostile {
			jobs = append(jobs, job{fmt.Sprintf("%s in %s", h.name, f.field), prefix + f.field + ": " + h.says, withValue(t, f.member, h.json), stdin})
		}
		jobs = append(jobs, job{fmt.Sprintf("%d characters in %s", f.limit+1, f.field),
			fmt.Sprintf("%s%s: %d characters, longer than the limit of %d", prefix, f.field, f.limit+1, f.limit),
			withValue(t, f.member, strings.Repeat("x", f.limit+1)), stdin})
	}
	// A record over the 1 MiB limit (kept out of testdata for its size).
	jobs = append(jobs, job{"a record over 1 MiB", "record 2: longer than 1048576 bytes",
		withValue(t, `"summary":"Na CVA: opname geïndiceerd volgens VRA-criteria."`, strings.Repeat("x", 1<<20)), stdin})
	// Escape sequences in the fields that are not free text.
	for _, c := range []struct{ field, member string }{
		{"setting", `"setting":"clinical"`},
		{"received", `"received":"2026-11-24"`},
		{"referral.date", `"date":"2026-11-10"`},
	} {
		jobs = append(jobs, job{"ESC in " + c.field, "record 2 (BAD-1): " + c.field + ": ", withValue(t, c.member, `\u001b[31m`), stdin})
	}

	// A few workers, each on its own copy of the store.
	const workers = 3
	ch := make(chan job)
	var wg sync.WaitGroup
	for w := range workers {
		own := filepath.Join(t.TempDir(), fmt.Sprintf("w%d.db", w))
		testfixture.CopyFile(t, db, own)
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ch {
				refusedWhole(t, own, j.what, j.want, j.args, j.stdin, "")
			}
			if after, n2 := checkSum(t, own); after != before || n2 != n {
				t.Errorf("refused imports stored something: %d requests, %d before", n2, n)
			}
		}()
	}
	for _, j := range jobs {
		ch <- j
	}
	close(ch)
	wg.Wait()

	// A bad record after several batches (written under the journal) of
	// new requests and replacements: those batches are undone.
	big := filepath.Join(t.TempDir(), "big.ndjson")
	mustRun(t, "generate", "--n", "10000", "--today", checkDay, "-o", big)
	raw, err := os.ReadFile(big)
	if err != nil {
		t.Fatal(err)
	}
	ex, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	// The examples again (replacements), as NDJSON, then the generated ones.
	var recs []json.RawMessage
	if err := json.Unmarshal(ex, &recs); err != nil {
		t.Fatal(err)
	}
	var ndjson bytes.Buffer
	for _, r := range recs {
		json.Compact(&ndjson, r)
		ndjson.WriteByte('\n')
	}
	ndjson.Write(raw)
	ndjson.WriteString(withValue(t, `"name":"Anna de Vries"`, `\u001b]52;c;aGk=\u0007`))
	refusedWhole(t, db, "a bad record after 10000 good ones", "record 10015 (BAD-1): insured.name: text holds control character U+001B", []string{"import", "-"}, ndjson.String(), before)
	healthy(t, db)
}

// TestHarmlessImportFilesAreAccepted: a byte-order mark, CR LF line ends,
// and tab and newline in text are accepted.
func TestHarmlessImportFilesAreAccepted(t *testing.T) {
	entries, err := os.ReadDir(acceptedDir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) == 0 {
		t.Fatal("no accepted files")
	}
	for _, e := range entries {
		db := filepath.Join(t.TempDir(), "m.db")
		path := filepath.Join(acceptedDir, e.Name())
		r := machtiging(t, nil, "", "--db", db, "import", path)
		if r.Code != 0 || !strings.HasPrefix(r.Stdout, "imported ") {
			t.Errorf("%s: %+v", e.Name(), r)
			continue
		}
		raw, _ := os.ReadFile(path)
		if _, n := checkSum(t, db); n != bytes.Count(raw, []byte(`"id"`)) {
			t.Errorf("%s: %d requests stored", e.Name(), n)
		}
		if out := mustRun(t, "--db", db, "check", "--today", checkDay); testfixture.TerminalHazard(out) != "" {
			t.Errorf("%s: check prints %s", e.Name(), testfixture.TerminalHazard(out))
		}
	}
}

// watchHWM reads the peak resident memory (VmHWM) of a running process
// from /proc until the func it returns is called, which gives the largest
// value read, in bytes.
func watchHWM(pid int) func() int64 {
	stop := make(chan struct{})
	result := make(chan int64, 1)
	go func() {
		var peak int64
		path := fmt.Sprintf("/proc/%d/status", pid)
		for {
			if b, err := os.ReadFile(path); err == nil {
				for _, line := range strings.Split(string(b), "\n") {
					var kb int64
					if _, err := fmt.Sscanf(line, "VmHWM: %d kB", &kb); err == nil && kb<<10 > peak {
						peak = kb << 10
					}
				}
			}
			select {
			case <-stop:
				result <- peak
				return
			case <-time.After(500 * time.Microsecond):
			}
		}
	}()
	return func() int64 {
		close(stop)
		return <-result
	}
}

// TestHugeLineFailsFastInLittleMemory streams a single line of 1 GB to
// `machtiging import -`: the import fails as soon as the record passes the
// limit, having read a small part of it, and its peak memory stays small.
func TestHugeLineFailsFastInLittleMemory(t *testing.T) {
	const size = 1 << 30
	for _, c := range []struct{ name, head, fill, want string }{
		{"a string in an NDJSON record", `{"id":"`, "a", "record 0: longer than 1048576 bytes"},
		{"a string in an array", "[" + record("OK-1") + `,{"insured":{"name":"`, "a", "record 1: longer than 1048576 bytes"},
		{"a string as the second record", strings.Repeat(" ", 10) + record("OK-1") + "\n" + `{"id":"`, "b", "record 1: longer than 1048576 bytes"},
		{"a key", `{"`, "k", "record 0: longer than 1048576 bytes"},
		{"a number", `{"treatment_minutes":`, "9", "record 0: longer than 1048576 bytes"},
		{"nesting", `{"id":`, "[", "record 0: nested deeper than 16 levels"},
	} {
		t.Run(c.name, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "m.db")
			cmd := command(t, "--db", db, "import", "-")
			in, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			var out, errb bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &errb
			start := time.Now()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			wrote := make(chan int, 1)
			go func() {
				written := 0
				defer func() { wrote <- written }()
				defer in.Close()
				chunk := bytes.Repeat([]byte(c.fill), 64<<10)
				n, err := io.WriteString(in, c.head)
				written += n
				for err == nil && written < size {
					n, err = in.Write(chunk)
					written += n
				}
				if err == nil {
					io.WriteString(in, "\"}\n")
				}
			}()
			hwm := watchHWM(cmd.Process.Pid)
			werr := cmd.Wait()
			took := time.Since(start)
			polled := hwm()
			written := <-wrote
			code := testfixture.ExitCode(cmd)
			r := result{Code: code, Stdout: out.String(), Stderr: errb.String()}
			var ee interface{ ExitCode() int }
			if werr != nil && !errors.As(werr, &ee) {
				t.Fatal(werr)
			}
			testfixture.OneLineError(t, c.name, r)
			if !strings.Contains(r.Stderr, "import - "+c.want) {
				t.Errorf("got %q, want %q", r.Stderr, c.want)
			}
			// Peak memory: the high-water mark the kernel keeps of the
			// process's memory, read from /proc while it runs, and its
			// rusage. The latter counts the memory of the test process
			// that started it too (the kernel records it at exec), so it
			// only bounds the import's when this process is small: not
			// under the race detector.
			ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			if !ok {
				t.Fatal("no rusage")
			}
			peak := ru.Maxrss << 10 // kB on Linux
			t.Logf("refused after %v, %d MB written, peak RSS %d MB (rusage), %d MB (/proc, while running)", took.Round(time.Millisecond), written>>20, peak>>20, polled>>20)
			if polled > 100<<20 {
				t.Errorf("peak RSS %d MB, more than 100 MB", polled>>20)
			}
			if polled == 0 {
				t.Error("the import's memory was never read from /proc")
			}
			if !raceEnabled && peak > 100<<20 {
				t.Errorf("peak RSS %d MB, more than 100 MB", peak>>20)
			}
			if written > 64<<20 {
				t.Errorf("%d MB were read before the import gave up: it should stop near the 1 MiB record limit", written>>20)
			}
			if took > 10*time.Second {
				t.Errorf("the import took %v to give up", took)
			}
			if r := machtiging(t, nil, "", "--db", db, "check", "--json"); r.Code != 0 || r.Stdout != "" {
				t.Errorf("after the refusal: %+v", r)
			}
		})
	}
}
