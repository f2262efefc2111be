package bench

import (
	"bytes"
	"runtime"
	"runtime/metrics"
	"testing"
	"time"
)

// lineCounter counts the lines written to it and notes when the first
// arrived and how large the heap grew meanwhile (sampled every 16 writes).
type lineCounter struct {
	start    time.Time
	first    time.Duration
	lines    int
	writes   int
	maxHeap  uint64
	heapSamp []metrics.Sample
}

func newLineCounter() *lineCounter {
	return &lineCounter{start: time.Now(), heapSamp: []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}}
}

func (c *lineCounter) Write(p []byte) (int, error) {
	if c.lines == 0 && c.first == 0 {
		c.first = time.Since(c.start)
	}
	c.lines += bytes.Count(p, []byte{'\n'})
	if c.writes%16 == 0 {
		metrics.Read(c.heapSamp)
		c.maxHeap = max(c.maxHeap, c.heapSamp[0].Value.Uint64())
	}
	c.writes++
	return len(p), nil
}

// BenchmarkCheckJSON runs `machtiging check --json` over every request of
// the fixture store, as the binary does, into a counter. The target is
// 200,000 requests a second, streaming: first-line-ms is when the first
// line reached standard output and heap-MB the largest live heap seen
// while it ran.
func BenchmarkCheckJSON(b *testing.B) {
	db := storeFile(b)
	day := today(b).String()
	var total time.Duration
	var lines int
	var first time.Duration
	var heap uint64
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		syncDisk()
		runtime.GC()
		b.StartTimer()
		c := newLineCounter()
		if err := runCLITo(c, "--db", db, "check", "--json", "--today", day); err != nil {
			b.Fatal(err)
		}
		total += time.Since(c.start)
		lines += c.lines
		first = max(first, c.first)
		heap = max(heap, c.maxHeap)
	}
	b.StopTimer()
	b.ReportMetric(float64(lines)/float64(b.N), "requests")
	b.ReportMetric(float64(lines)/total.Seconds(), "req/s")
	b.ReportMetric(ms(first), "first-line-ms")
	b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
}
