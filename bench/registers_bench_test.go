package bench

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/store"
)

var (
	regOnce          sync.Once
	regInsured       string
	regProviders     string
	regRows, regProv int
	regErr           error
)

// registerFiles writes, once, an insured and a provider register for the
// fixture: a row for the insured of every request (some 5% with another
// birth date, 5% no longer insured on the start day), then random other
// insured up to $MACHTIGING_BENCH_INSURED rows (default 625,000 at a
// million requests, in proportion below); a contract year for most AGBs.
// bench/run imports the same files with the binary for its RSS.
func registerFiles(tb testing.TB) (insured, providers string, rows int) {
	tb.Helper()
	regOnce.Do(func() {
		fix := importFile(tb)
		want := fix.n * 5 / 8
		if v := os.Getenv("MACHTIGING_BENCH_INSURED"); v != "" {
			if want, regErr = strconv.Atoi(v); regErr != nil {
				return
			}
		}
		dir := scratch(tb)
		if d := os.Getenv("MACHTIGING_BENCH_REGISTERS"); d != "" {
			dir = d // bench/run imports them with the binary afterwards
		}
		regInsured = filepath.Join(dir, "insured.csv")
		regProviders = filepath.Join(dir, "providers.csv")
		regRows, regProv, regErr = writeRegisters(fix.path, regInsured, regProviders, want)
	})
	if regErr != nil {
		tb.Fatalf("register files: %v", regErr)
	}
	return regInsured, regProviders, regRows
}

func writeRegisters(from, insuredPath, providersPath string, want int) (int, int, error) {
	in, err := os.Open(from)
	if err != nil {
		return 0, 0, err
	}
	defer in.Close()
	ins, err := os.Create(insuredPath)
	if err != nil {
		return 0, 0, err
	}
	defer ins.Close()
	w := bufio.NewWriterSize(ins, 1<<20)
	fmt.Fprintln(w, "bsn,birth_date,policy_number,insured_from,insured_until")
	rng := rand.New(rand.NewPCG(7, 8))
	seen := map[string]bool{}
	agbs := map[string]bool{}
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 16<<20)
	type slim struct {
		Insured struct {
			BSN          string     `json:"bsn"`
			BirthDate    authz.Date `json:"birth_date"`
			PolicyNumber string     `json:"policy_number"`
		} `json:"insured"`
		Provider struct {
			AGB string `json:"agb"`
		} `json:"provider"`
		TreatmentStart authz.Date `json:"treatment_start"`
	}
	rows := 0
	for sc.Scan() {
		var r slim
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return 0, 0, err
		}
		agbs[r.Provider.AGB] = true
		if seen[r.Insured.BSN] {
			continue
		}
		seen[r.Insured.BSN] = true
		birth, until := r.Insured.BirthDate, ""
		switch n := rng.IntN(100); {
		case n < 5:
			birth = birth.AddDays(1) // mismatch
		case n < 10:
			until = r.TreatmentStart.AddDays(-1).String() // not insured on the start day
		}
		fmt.Fprintf(w, "%s,%s,%s,2015-01-01,%s\n", r.Insured.BSN, birth, r.Insured.PolicyNumber, until)
		rows++
	}
	if err := sc.Err(); err != nil {
		return 0, 0, err
	}
	for rows < want {
		bsn := randomBSN(rng)
		if seen[bsn] {
			continue
		}
		seen[bsn] = true
		fmt.Fprintf(w, "%s,19%02d-%02d-%02d,%09d,2020-01-01,\n", bsn, 30+rng.IntN(70), 1+rng.IntN(12), 1+rng.IntN(28), rng.IntN(1e9))
		rows++
	}
	if err := w.Flush(); err != nil {
		return 0, 0, err
	}
	var pb []byte
	pb = append(pb, "agb,name,contracted_from,contracted_until\n"...)
	n := 0
	for agb := range agbs {
		if rng.IntN(10) < 3 {
			continue // not contracted
		}
		pb = fmt.Appendf(pb, "%s,Instelling %s,2026-01-01,2026-12-31\n%s,Instelling %s,2027-01-01,\n", agb, agb, agb, agb)
		n += 2
	}
	return rows, n, os.WriteFile(providersPath, pb, 0o600)
}

func randomBSN(rng *rand.Rand) string {
	for {
		b := []byte(fmt.Sprintf("%09d", 100000000+rng.IntN(900000000)))
		if authz.BSNProblem(string(b)) == "" {
			return string(b)
		}
	}
}

// readEncodingCSV reads a CSV file with the standard library alone: the
// yardstick of the register import.
func readEncodingCSV(path string) (int, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReaderSize(f, 1<<20))
	n := 0
	for {
		_, err := r.Read()
		if errors.Is(err, io.EOF) {
			return n - 1, nil
		}
		if err != nil {
			return n, err
		}
		n++
	}
}

// BenchmarkRegisterImport replaces the insured register of a fresh store
// with the register file exactly as `machtiging register import insured
// FILE` does (strict decoding, blinding, the overlap rule, sealing off,
// one fsync-ed commit), and in the same iteration reads the same file with
// encoding/csv before and after it. The target is x-encoding/csv <= 2: the
// import's time over the mean of the two encoding/csv times around it.
func BenchmarkRegisterImport(b *testing.B) {
	path, _, rows := registerFiles(b)
	dir := scratch(b)
	csvTimed := func() time.Duration {
		syncDisk()
		t0 := time.Now()
		n, err := readEncodingCSV(path)
		if err != nil || n != rows {
			b.Fatalf("encoding/csv read %d rows (%v), the file holds %d", n, err, rows)
		}
		return time.Since(t0)
	}
	best := struct{ imp, csv, x float64 }{x: 1e9}
	worst := 0.0
	i := 0
	for b.Loop() {
		db := filepath.Join(dir, fmt.Sprintf("register-%d.db", i))
		i++
		if err := runCLI("--db", db, "import", importFile(b).path); err != nil && i == 1 {
			b.Logf("(requests not imported: %v)", err)
		}
		before := csvTimed()
		syncDisk()
		runtime.GC()
		t0 := time.Now()
		if err := runCLI("--db", db, "register", "import", "insured", path); err != nil {
			b.Fatal(err)
		}
		imp := time.Since(t0)
		after := csvTimed()
		x := imp.Seconds() / ((before + after).Seconds() / 2)
		if x < best.x {
			best.imp, best.csv, best.x = imp.Seconds(), (before+after).Seconds()/2, x
		}
		worst = max(worst, x)
		os.Remove(db)
	}
	b.ReportMetric(float64(rows), "rows")
	b.ReportMetric(best.imp, "import-s")
	b.ReportMetric(best.csv, "encoding/csv-s")
	b.ReportMetric(best.x, "x-encoding/csv")
	b.ReportMetric(worst, "x-worst")
}

var (
	withOnce sync.Once
	withDB   string
	withErr  error
)

// storeWithRegisters is a copy of the fixture store with both registers
// loaded.
func storeWithRegisters(tb testing.TB) string {
	tb.Helper()
	withOnce.Do(func() {
		ins, prov, _ := registerFiles(tb)
		withDB = filepath.Join(scratch(tb), "with-registers.db")
		if withErr = copyFile(withDB, storeFile(tb)); withErr != nil {
			return
		}
		if withErr = runCLI("--db", withDB, "register", "import", "insured", ins); withErr != nil {
			return
		}
		withErr = runCLI("--db", withDB, "register", "import", "providers", prov)
	})
	if withErr != nil {
		tb.Fatalf("store with registers: %v", withErr)
	}
	return withDB
}

// BenchmarkCheckRegisters runs check --json over every request of the
// fixture store without registers and of a copy with both loaded, side by
// side in each iteration (without, with, without). The target is
// x-without <= 1.3: the time with over the mean of the two without.
func BenchmarkCheckRegisters(b *testing.B) {
	without := storeFile(b)
	with := storeWithRegisters(b)
	day := today(b).String()
	timed := func(db string) (time.Duration, int) {
		syncDisk()
		runtime.GC()
		c := newLineCounter()
		if err := runCLITo(c, "--db", db, "check", "--json", "--today", day); err != nil {
			b.Fatal(err)
		}
		return time.Since(c.start), c.lines
	}
	best := struct{ with, without, x float64 }{x: 1e9}
	lines := 0
	for b.Loop() {
		w0, _ := timed(without)
		w, n := timed(with)
		w1, _ := timed(without)
		lines = n
		x := w.Seconds() / ((w0 + w1).Seconds() / 2)
		if x < best.x {
			best.with, best.without, best.x = w.Seconds(), (w0+w1).Seconds()/2, x
		}
	}
	b.ReportMetric(float64(lines), "requests")
	b.ReportMetric(best.with, "with-s")
	b.ReportMetric(best.without, "without-s")
	b.ReportMetric(best.x, "x-without")
}

// BenchmarkRequestViewHistory opens requests as the request view does,
// with both registers loaded: the whole request with its versions and
// decisions (logged), what the registers say of it, its overlaps and the
// other requests of its insured. index-ms is the one-time building of the
// index of insured with more than one request, when a session first needs
// it; view-ms and view-p99-ms are per opening after that, history-p99-ms
// the part of it the registers add. Target < 5 ms.
func BenchmarkRequestViewHistory(b *testing.B) {
	db := storeWithRegisters(b)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	regs, err := s.Registers()
	if err != nil {
		b.Fatal(err)
	}
	rows, err := s.Rows(store.ViewAll, nil, 400, false)
	if err != nil || len(rows) == 0 {
		b.Fatalf("rows: %v", err)
	}
	t0 := time.Now()
	if _, err := s.OtherRequests(rows[0].ID); err != nil {
		b.Fatal(err)
	}
	index := time.Since(t0)
	var ds, hs []time.Duration
	for b.Loop() {
		for i := range rows {
			t := time.Now()
			rec, err := s.Get(actor, rows[i].ID)
			if err != nil {
				b.Fatal(err)
			}
			th := time.Now()
			regs.FindingsOf(rec.Request)
			if _, err := s.Overlaps(&rows[i]); err != nil {
				b.Fatal(err)
			}
			if _, err := s.OtherRequests(rows[i].ID); err != nil {
				b.Fatal(err)
			}
			ds = append(ds, time.Since(t))
			hs = append(hs, time.Since(th))
		}
	}
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	b.ReportMetric(ms(index), "index-ms")
	b.ReportMetric(ms(sum)/float64(len(ds)), "view-ms")
	b.ReportMetric(ms(quantile(ds, 0.99)), "view-p99-ms")
	// history-ms is the part the registers add: findings, overlaps and
	// the other requests; the rest is the logged read of the request
	// (one fsync-ed commit for its access-log entry).
	b.ReportMetric(ms(quantile(hs, 0.99)), "history-p99-ms")
}
