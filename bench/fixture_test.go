package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"sync"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/cli"
	"machtiging/demo"
	"machtiging/store"
)

// defaultN is the size of the sample made when no fixture file is given.
const defaultN = 20000

// actor is who the benchmarks import and decide as.
var actor = store.Actor{Adviser: "bench", AccessPoint: "benchmark"}

var (
	tmpOnce sync.Once
	tmpDir  string
	tmpErr  error
)

// scratch is the folder for the files the benchmarks make; TestMain
// removes it.
func scratch(tb testing.TB) string {
	tb.Helper()
	tmpOnce.Do(func() { tmpDir, tmpErr = os.MkdirTemp(os.Getenv("MACHTIGING_BENCH_TMP"), "machtiging-bench-") })
	if tmpErr != nil {
		tb.Fatalf("scratch folder: %v", tmpErr)
	}
	return tmpDir
}

func TestMain(m *testing.M) {
	// The benchmarks measure machtiging as the binary runs it.
	cli.TuneRuntime()
	code := m.Run()
	if tmpDir != "" {
		os.RemoveAll(tmpDir)
	}
	os.Exit(code)
}

// today is the day the checks are made on: $MACHTIGING_BENCH_TODAY, else
// the local date (the generator's default, so the figures match the data).
func today(tb testing.TB) authz.Date {
	if v := os.Getenv("MACHTIGING_BENCH_TODAY"); v != "" {
		d, err := authz.ParseDate(v)
		if err != nil {
			tb.Fatalf("MACHTIGING_BENCH_TODAY: %v", err)
		}
		return d
	}
	return authz.DateOf(time.Now())
}

// fixture is an import file and the number of requests in it.
type fixture struct {
	path string
	n    int
	size int64
}

var (
	fileOnce sync.Once
	fileFix  fixture
	fileErr  error
)

// importFile returns the NDJSON fixture: $MACHTIGING_BENCH_FILE, else a
// generated sample of $MACHTIGING_BENCH_N (20000) requests. Its lines are
// counted on first use, which also brings the file into the page cache so
// that no benchmark pays for the disk.
func importFile(tb testing.TB) fixture {
	tb.Helper()
	fileOnce.Do(func() {
		path := os.Getenv("MACHTIGING_BENCH_FILE")
		if path == "" {
			n := defaultN
			if v := os.Getenv("MACHTIGING_BENCH_N"); v != "" {
				if n, fileErr = strconv.Atoi(v); fileErr != nil {
					return
				}
			}
			path = filepath.Join(scratch(tb), fmt.Sprintf("sample-%d.ndjson", n))
			if fileErr = writeSample(path, n, today(tb)); fileErr != nil {
				return
			}
		}
		fileFix.path = path
		fileFix.n, fileFix.size, fileErr = countLines(path)
	})
	if fileErr != nil {
		tb.Fatalf("import file: %v", fileErr)
	}
	return fileFix
}

func writeSample(path string, n int, day authz.Date) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	if err := demo.WriteNDJSON(w, n, day, 1); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func countLines(path string) (int, int64, error) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0, err
	}
	defer f.Close()
	buf := make([]byte, 1<<20)
	n := 0
	var size int64
	for {
		k, err := f.Read(buf)
		n += bytes.Count(buf[:k], []byte{'\n'})
		size += int64(k)
		if err == io.EOF {
			return n, size, nil
		}
		if err != nil {
			return 0, 0, err
		}
	}
}

var (
	dbOnce sync.Once
	dbPath string
	dbErr  error
)

// storeFile returns the store that holds the fixture file:
// $MACHTIGING_BENCH_DB, else the sample imported into a scratch store.
func storeFile(tb testing.TB) string {
	tb.Helper()
	dbOnce.Do(func() {
		if p := os.Getenv("MACHTIGING_BENCH_DB"); p != "" {
			dbPath = p
			return
		}
		fix := importFile(tb)
		p := filepath.Join(scratch(tb), "sample.db")
		if err := runCLI("--db", p, "import", fix.path); err != nil {
			dbErr = err
			return
		}
		dbPath = p
	})
	if dbErr != nil {
		tb.Fatalf("store: %v", dbErr)
	}
	return dbPath
}

// smallStore returns a store of n generated requests, made once per n.
func smallStore(tb testing.TB, n int) string {
	tb.Helper()
	smallMu.Lock()
	defer smallMu.Unlock()
	if p, ok := smallStores[n]; ok {
		return p
	}
	dir := scratch(tb)
	file := filepath.Join(dir, fmt.Sprintf("small-%d.ndjson", n))
	if err := writeSample(file, n, today(tb)); err != nil {
		tb.Fatal(err)
	}
	p := filepath.Join(dir, fmt.Sprintf("small-%d.db", n))
	if err := runCLI("--db", p, "import", file); err != nil {
		tb.Fatal(err)
	}
	smallStores[n] = p
	return p
}

var (
	smallMu     sync.Mutex
	smallStores = map[int]string{}
)

// runCLI runs one command line as the binary would, its output discarded.
func runCLI(args ...string) error {
	return runCLITo(io.Discard, args...)
}

func runCLITo(out io.Writer, args ...string) error {
	var errb bytes.Buffer
	app := &cli.App{Stdin: bytes.NewReader(nil), Stdout: out, Stderr: &errb, Actor: actor}
	if code := app.Run(args); code != 0 {
		return fmt.Errorf("machtiging %v: exit %d: %s", args, code, bytes.TrimSpace(errb.Bytes()))
	}
	return nil
}

// copyFile copies a store so that a benchmark that writes leaves the
// fixture as it was.
func copyFile(dst, src string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// quantile returns the q-quantile (0..1) of durations, by the
// nearest-rank method.
func quantile(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := int(q*float64(len(s))+0.999999) - 1
	return s[max(0, min(i, len(s)-1))]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
