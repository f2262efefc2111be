package e2e

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"machtiging/internal/testfixture"
	"machtiging/store"
)

// damageCommands are the commands run on a damaged store: every command
// that reads or writes it. {dir} becomes a fresh folder.
var damageCommands = [][]string{
	{"check", "--today", checkDay},
	{"check", "--json", "--today", checkDay},
	{"check", "--json", "--today", checkDay, "MA-2026-0003", "MA-2026-0001"},
	{"export", "--format", "json"},
	{"export", "--format", "csv"},
	{"audit"},
	{"audit", "--request", "MA-2026-0001", "--json"},
	{"audit", "verify"},
	{"audit", "checkpoint"},
	{"decide", "MA-2026-0007", "request-info", "--today", checkDay},
	{"import", "{gen}"},
	{"backup", "{dir}/copy.db"},
	{"compact"},
	{"doctor"},
}

// damagedStore builds the store the damage tests damage: the contract's
// examples and 300 generated requests (so that buckets have branch pages),
// with decisions of every kind, and a check as the last write.
func damagedStore(t *testing.T, dir string) string {
	t.Helper()
	db := filepath.Join(dir, "healthy.db")
	gen := filepath.Join(dir, "gen.ndjson")
	mustRun(t, "generate", "--n", "300", "--today", checkDay, "-o", gen)
	mustRun(t, "--db", db, "import", examples)
	mustRun(t, "--db", db, "import", gen)
	mustRun(t, "--db", db, "decide", "MA-2026-0001", "approve", "--today", checkDay)
	mustRun(t, "--db", db, "decide", "MA-2026-0004", "reject", "--code", "not_required", "--reason", "gecontracteerd", "--today", checkDay)
	mustRun(t, "--db", db, "decide", "MA-2026-0003", "request-info", "--today", checkDay)
	mustRun(t, "--db", db, "decide", "MA-2026-0009", "reject", "--code", "not_indicated", "--reason", "niet geindiceerd", "--today", checkDay)
	mustRun(t, "--db", db, "check", "--today", checkDay)
	return db
}

// runOn runs one command on a copy of a store file (content) at a fixed
// path in its own folder, so that outputs compare.
func runOn(t *testing.T, dir string, content []byte, args []string) result {
	t.Helper()
	os.RemoveAll(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	db := filepath.Join(dir, "m.db")
	if err := os.WriteFile(db, content, 0o600); err != nil {
		t.Fatal(err)
	}
	full := []string{"--db", db}
	gen := filepath.Join(filepath.Dir(dir), "gen.ndjson")
	for _, a := range args {
		full = append(full, strings.NewReplacer("{dir}", dir, "{gen}", gen).Replace(a))
	}
	return machtiging(t, nil, "", full...)
}

type damage struct {
	name string
	file []byte
	// fallback: one meta page is damaged and bbolt runs on the other one,
	// a transaction older; outputs may show that state. A torn write of a
	// meta page when the machine loses power looks the same, and there
	// falling back is right, so neither the commands nor doctor can call
	// it damage; the first write replaces the bad copy.
	fallback bool
	// inUse: a page that the store's data lives in; doctor must see it.
	inUse bool
}

// pagesInUse lists the pages of a store file that its trees and freelist
// take, and the free ones, as bbolt sees them.
func pagesInUse(t *testing.T, file []byte) (used, free []int) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "pages.db")
	if err := os.WriteFile(path, file, 0o600); err != nil {
		t.Fatal(err)
	}
	db, err := bolt.Open(path, 0o600, &bolt.Options{Timeout: time.Second})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = db.Update(func(tx *bolt.Tx) error {
		for id := 2; ; id++ {
			p, err := tx.Page(id)
			if err != nil {
				return err
			}
			if p == nil {
				return nil
			}
			switch p.Type {
			case "free":
				free = append(free, id)
			case "branch", "leaf", "freelist":
				used = append(used, id)
				for o := 1; o <= p.OverflowCount; o++ {
					id++
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return used, free
}

// normalized makes outputs of runs in different folders compare: the
// folder becomes {dir}, and compact's file sizes go.
func normalized(r result, dir string) string {
	out := strings.ReplaceAll(r.Stdout+r.Stderr, dir, "{dir}")
	if strings.HasPrefix(out, "compacted ") {
		out = out[:strings.Index(out, ":")]
	}
	return out
}

// TestDamagedStoreIsAOneLineErrorForEveryCommand damages the store file
// (a page overwritten with garbage or zeros, one or both meta pages, the
// file truncated at several lengths, emptied, or lengthened) and runs
// every command on it. Each either gives exactly the healthy store's
// output (the damage is in a page it does not read, or in no page at all)
// or fails with exit 1 and one line that names the store and says it is
// damaged: never a panic, a fault, or other output. Whenever any command
// notices, doctor does too.
func TestDamagedStoreIsAOneLineErrorForEveryCommand(t *testing.T) {
	rng := rand.New(rand.NewPCG(testfixture.Seed(t), 3))
	dir := t.TempDir()
	healthyFile, err := os.ReadFile(damagedStore(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	ps := store.PageSize
	pages := len(healthyFile) / ps
	t.Logf("store of %d bytes, %d pages", len(healthyFile), pages)

	want := make([]string, len(damageCommands))
	for i, args := range damageCommands {
		r := runOn(t, filepath.Join(dir, "run"), healthyFile, args)
		if r.Code != 0 {
			t.Fatalf("on the healthy store, %v: %+v", args, r)
		}
		want[i] = normalized(r, filepath.Join(dir, "run"))
	}

	garbage := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	with := func(off int, patch []byte) []byte {
		b := append([]byte(nil), healthyFile...)
		copy(b[off:], patch)
		return b
	}
	var cases []damage
	// Pages in use (of the buckets' trees, the freelist) and free ones.
	used, free := pagesInUse(t, healthyFile)
	rng.Shuffle(len(used), func(i, j int) { used[i], used[j] = used[j], used[i] })
	rng.Shuffle(len(free), func(i, j int) { free[i], free[j] = free[j], free[i] })
	n := 12
	if testing.Short() || raceEnabled {
		n = 6
	}
	for _, p := range used[:min(n, len(used))] {
		cases = append(cases, damage{name: fmt.Sprintf("page %d garbage", p), file: with(p*ps, garbage(ps)), inUse: true})
	}
	for _, p := range used[min(n, len(used)):min(n+2, len(used))] {
		cases = append(cases, damage{name: fmt.Sprintf("page %d zeroed", p), file: with(p*ps, make([]byte, ps)), inUse: true})
	}
	for _, p := range free[:min(3, len(free))] {
		cases = append(cases, damage{name: fmt.Sprintf("free page %d garbage", p), file: with(p*ps, garbage(ps))})
	}
	t.Logf("%d pages in use, %d free", len(used), len(free))
	cases = append(cases,
		damage{name: "meta page 0 garbage", file: with(0, garbage(ps)), fallback: true},
		damage{name: "meta page 1 garbage", file: with(ps, garbage(ps)), fallback: true},
		damage{name: "both meta pages garbage", file: with(0, garbage(2*ps))},
		damage{name: "emptied", file: []byte{}},
		damage{name: "truncated to 100 bytes", file: healthyFile[:100]},
		damage{name: "truncated to one page", file: healthyFile[:ps]},
		damage{name: "truncated to the meta pages", file: healthyFile[:2*ps]},
		damage{name: "truncated to half", file: healthyFile[:len(healthyFile)/2/ps*ps]},
		damage{name: "truncated by a page", file: healthyFile[:len(healthyFile)-ps]},
		damage{name: "truncated mid-page", file: healthyFile[:len(healthyFile)-ps/2]},
		damage{name: "lengthened with garbage", file: append(append([]byte(nil), healthyFile...), garbage(3*ps)...)},
	)
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, 3)
	for ci, c := range cases {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			work := filepath.Join(dir, fmt.Sprintf("case%d", ci))
			noticed, doctorNoticed := []string{}, false
			for i, args := range damageCommands {
				what := fmt.Sprintf("%s: machtiging %s", c.name, strings.Join(args, " "))
				r := runOn(t, work, c.file, args)
				if !testfixture.NoCrash(t, what, r) {
					continue
				}
				if r.Code == 0 {
					if got := normalized(r, work); !c.fallback && got != want[i] {
						t.Errorf("%s: exit 0 with other output than on the healthy store:\n got %.500q\nwant %.500q", what, got, want[i])
					}
					continue
				}
				if !testfixture.OneLineError(t, what, r) {
					continue
				}
				db := filepath.Join(work, "m.db")
				if !strings.Contains(r.Stderr, "store "+db+" is damaged") {
					t.Errorf("%s: the error does not say that store %s is damaged: %q", what, db, r.Stderr)
				}
				if strings.Count(r.Stderr, db) != 1 {
					t.Errorf("%s: the error names the store more than once: %q", what, r.Stderr)
				}
				if args[0] == "doctor" {
					doctorNoticed = true
				} else {
					noticed = append(noticed, args[0])
				}
			}
			if len(noticed) > 0 && !doctorNoticed {
				t.Errorf("%s: doctor finds nothing, but %v failed on it", c.name, noticed)
			}
			if c.inUse && !doctorNoticed {
				t.Errorf("%s: doctor finds nothing wrong with a damaged page in use", c.name)
			}
			mu.Lock()
			t.Logf("%-28s noticed by %d commands%s", c.name, len(noticed), map[bool]string{true: " and doctor", false: ""}[doctorNoticed])
			mu.Unlock()
			os.RemoveAll(work)
		}()
	}
	wg.Wait()
}

// TestTUIOnADamagedStore: the TUI started on a damaged store says so and
// never crashes.
func TestTUIOnADamagedStore(t *testing.T) {
	x := testfixture.NewTmux(t)
	dir := t.TempDir()
	healthyFile, err := os.ReadFile(damagedStore(t, dir))
	if err != nil {
		t.Fatal(err)
	}
	ps := store.PageSize
	// Find a page whose damage the queue sees: the first that check
	// fails on.
	var queuePage []byte
	for p := 2; p < len(healthyFile)/ps && queuePage == nil; p++ {
		b := append([]byte(nil), healthyFile...)
		for i := p * ps; i < (p+1)*ps; i++ {
			b[i] = 0xA5
		}
		if r := runOn(t, filepath.Join(dir, "probe"), b, []string{"check", "--json"}); r.Code == 1 {
			queuePage = b
		}
	}
	if queuePage == nil {
		t.Fatal("no damaged page makes check fail")
	}
	for _, c := range []damage{
		{name: "truncated", file: healthyFile[:len(healthyFile)/2/ps*ps]},
		{name: "queue page damaged", file: queuePage},
		{name: "emptied", file: []byte{}},
	} {
		work := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "-"))
		os.MkdirAll(work, 0o700)
		db := filepath.Join(work, "m.db")
		if err := os.WriteFile(db, c.file, 0o600); err != nil {
			t.Fatal(err)
		}
		name := strings.ReplaceAll(c.name, " ", "-")
		x.Start(name, tuiCommand(t, "--db", db)+"; echo EXIT=$?; sleep 60")
		s, ok := x.WaitFor(name, "damaged", 10*time.Second)
		for _, bad := range []string{"panic", "goroutine", "fatal error", "SIGSEGV"} {
			if strings.Contains(s, bad) {
				t.Fatalf("%s: the TUI crashed:\n%s", c.name, s)
			}
		}
		if !ok {
			t.Fatalf("%s: the TUI does not say the store is damaged:\n%s", c.name, s)
		}
		if strings.Contains(s, "EXIT=") {
			if !strings.Contains(s, "EXIT=1") || !strings.Contains(s, "store "+db+" is damaged") {
				t.Fatalf("%s:\n%s", c.name, s)
			}
		} else {
			// The TUI runs and shows the error; it quits on q.
			x.Do("send-keys", "-t", name, "q")
			if s, ok := x.WaitFor(name, "EXIT=", 5*time.Second); !ok || !strings.Contains(s, "EXIT=0") && !strings.Contains(s, "EXIT=1") {
				t.Fatalf("%s: the TUI did not quit cleanly:\n%s", c.name, s)
			}
		}
	}
}
