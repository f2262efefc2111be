package cli

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"machtiging/audit"
	"machtiging/store"
)

// fuzzStore makes a store with the contract's examples and a few
// decisions, for the fuzz targets of the command line.
func fuzzStore(f *testing.F) string {
	f.Helper()
	f.Setenv("MACHTIGING_KEY_FILE", filepath.Join(f.TempDir(), "no.key"))
	db := filepath.Join(f.TempDir(), "m.db")
	run := func(args ...string) {
		var out, errb bytes.Buffer
		app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Actor: store.Actor{Adviser: "fuzz", AccessPoint: "test"}}
		if code := app.Run(append([]string{"--db", db}, args...)); code != 0 {
			f.Fatalf("%v: %s", args, errb.String())
		}
	}
	run("import", examples)
	run("decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "gecontracteerd", "--today", "2026-12-01")
	run("decide", "MA-2026-0003", "request-info", "--today", "2026-12-01")
	return db
}

// hazard names the first character of s that a terminal would act on.
func hazard(s string) string {
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], "\uFFFD"):
			return "invalid UTF-8"
		case r == '\n' || r == '\t':
		case r < 0x20 || r == 0x7f || r >= 0x80 && r < 0xa0:
			return "control character " + string(rune('0'+r%10))
		}
	}
	return ""
}

// runFuzzed runs one command line and checks the contract's form of what
// it prints: exit 0, 1 or 2; an error is one line (a usage error may add
// the line that points to --help); nothing a terminal would act on.
func runFuzzed(t *testing.T, db string, args []string) run {
	t.Helper()
	var out, errb bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Actor: store.Actor{Adviser: "fuzz", AccessPoint: "test"}}
	code := app.Run(append([]string{"--db", db}, args...))
	r := run{code, out.String(), errb.String()}
	lines := strings.Count(r.stderr, "\n")
	switch {
	case code == 0 && r.stderr != "":
		t.Fatalf("%q: exit 0 with stderr %q", args, r.stderr)
	case code == 1 && (lines != 1 || !strings.HasSuffix(r.stderr, "\n")):
		t.Fatalf("%q: exit 1 with stderr %q", args, r.stderr)
	case code == 2 && (lines < 1 || lines > 2):
		t.Fatalf("%q: exit 2 with stderr %q", args, r.stderr)
	case code < 0 || code > 2:
		t.Fatalf("%q: exit %d", args, code)
	}
	if h := hazard(r.stderr); h != "" {
		t.Fatalf("%q: stderr holds %s: %q", args, h, r.stderr)
	}
	if h := hazard(r.stdout); h != "" {
		t.Fatalf("%q: stdout holds %s: %q", args, h, r.stdout)
	}
	return r
}

// FuzzAuditVerifyCheckpoint: `audit verify --checkpoint S` with any S
// exits 0 only for a checkpoint the log holds, 2 for one that does not
// parse, and 1 for one the log does not hold; its messages are one safe
// line.
func FuzzAuditVerifyCheckpoint(f *testing.F) {
	db := fuzzStore(f)
	var out bytes.Buffer
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &out, Actor: store.Actor{Adviser: "fuzz", AccessPoint: "test"}}
	if app.Run([]string{"--db", db, "audit", "checkpoint"}) != 0 {
		f.Fatal(out.String())
	}
	head := strings.TrimSpace(out.String())
	f.Add(head)
	f.Add(" " + head + "\n")
	f.Add(strings.ToUpper(head))
	f.Add("1" + head)
	f.Add("0:" + strings.Repeat("0", 64))
	f.Add("1:" + strings.Repeat("0", 64))
	f.Add("18446744073709551616:" + strings.Repeat("a", 64))
	f.Add("3:\x1b[31m" + strings.Repeat("a", 59))
	f.Add("\x1b]52;c;aGk=\x07")
	f.Add("-1:" + strings.Repeat("f", 64))
	f.Add("")
	headCP, err := audit.ParseCheckpoint(head)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, cp string) {
		r := runFuzzed(t, db, []string{"audit", "verify", "--checkpoint", cp})
		parsed, perr := audit.ParseCheckpoint(cp)
		switch {
		case cp == "": // no checkpoint: the chain alone
			if r.code != 0 {
				t.Fatalf("plain verify: exit %d %s", r.code, r.stderr)
			}
		case perr != nil:
			if r.code != 2 {
				t.Fatalf("%q does not parse (%v), but exit %d", cp, perr, r.code)
			}
		case r.code == 2:
			t.Fatalf("%q parses, but exit 2: %s", cp, r.stderr)
		case parsed == headCP:
			if r.code != 0 || !strings.Contains(r.stdout, "checkpoint "+head+" holds") {
				t.Fatalf("the head %q: exit %d %q %q", cp, r.code, r.stdout, r.stderr)
			}
		case parsed.Seq >= headCP.Seq:
			if r.code != 1 {
				t.Fatalf("a checkpoint at or past the head that is not it holds: %q", cp)
			}
		}
	})
}

// FuzzCLIArguments runs check, decide, export and audit with fuzzed
// arguments (a NUL separates them) against a store: never a panic, and
// every message in the contract's form.
func FuzzCLIArguments(f *testing.F) {
	db := fuzzStore(f)
	for _, s := range []string{
		"check\x00--json\x00--today\x002026-12-01",
		"check\x00MA-2026-0001\x00MA-2026-0001",
		"check\x00MA-\x1b[31m",
		"check\x00--today\x002026-02-30",
		"decide\x00MA-2026-0001\x00approve\x00--minutes\x009223372036854775807\x00--today\x002026-12-01",
		"decide\x00MA-2026-0001\x00approve\x00--minutes\x00-5",
		"decide\x00MA-2026-0001\x00approve\x00--from\x002026-12-20\x00--until\x002026-12-19",
		"decide\x00MA-2026-0007\x00reject\x00--code\x00not_indicated\x00--reason\x00\x1b]52;c;aGk=\x07",
		"decide\x00MA-2026-0007\x00reject\x00--code\x00other\x00--reason\x00" + strings.Repeat("lang ", 3000),
		"decide\x00MA-2026-0007\x00request-info\x00--items\x00codes,,bogus",
		"decide\x00MA-2026-0003\x00concur",
		"decide\x00MA-2026-0003\x00overturn\x00--reason\x00\u009b2J",
		"export\x00--format\x00csv",
		"export\x00--format\x00xml",
		"audit\x00--request\x00MA-2026-0001\x00--since\x002026-13-01",
		"audit\x00verify\x00--checkpoint\x00x",
		"audit\x00--adviser\x00\x1b[2J\x00--json",
	} {
		f.Add(s)
	}
	allowed := map[string]bool{"check": true, "decide": true, "export": true, "audit": true}
	f.Fuzz(func(t *testing.T, line string) {
		args := strings.Split(line, "\x00")
		if !allowed[args[0]] || len(args) > 16 {
			return
		}
		for _, a := range args {
			// Another store, or the help text, are not what this is about.
			if strings.HasPrefix(a, "--db") || strings.HasPrefix(a, "--d=") {
				return
			}
		}
		runFuzzed(t, db, args)
	})
}
