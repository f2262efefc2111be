package bench

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
	"github.com/muesli/termenv"

	"machtiging/authz"
	"machtiging/cli"
	"machtiging/store"
	"machtiging/tui"
)

// The terminal the TUI benchmarks draw on.
const (
	termWidth  = 120
	termHeight = 40
)

// spyStore is the real store, with the time of every scan noted: the TUI
// scans for its figures and for a filter, off the UI goroutine.
type spyStore struct {
	*store.Store
	mu     sync.Mutex
	active int
	scans  []scanRecord
}

type scanRecord struct {
	view       store.View
	start, end time.Time
	rows       int
}

func (s *spyStore) Scan(v store.View, fn func(*store.Row) bool) error {
	s.mu.Lock()
	s.active++
	s.mu.Unlock()
	rec := scanRecord{view: v, start: time.Now()}
	err := s.Store.Scan(v, func(r *store.Row) bool {
		rec.rows++
		return fn(r)
	})
	rec.end = time.Now()
	s.mu.Lock()
	s.active--
	s.scans = append(s.scans, rec)
	s.mu.Unlock()
	return err
}

// scanning reports whether a scan runs, and when the last one ended.
func (s *spyStore) scanning() (bool, time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var last time.Time
	for _, r := range s.scans {
		if r.end.After(last) {
			last = r.end
		}
	}
	return s.active > 0, last
}

func (s *spyStore) lastScan() scanRecord {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.scans) == 0 {
		return scanRecord{}
	}
	return s.scans[len(s.scans)-1]
}

// driver runs a model as bubbletea does: every command in its own
// goroutine, every message through Update on the caller's goroutine (the
// UI goroutine of these benchmarks).
type driver struct {
	m    *tui.Model
	msgs chan tea.Msg
}

func newDriver(m *tui.Model) *driver {
	return &driver{m: m, msgs: make(chan tea.Msg, 1024)}
}

func (d *driver) spawn(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	go func() {
		msg := cmd()
		defer func() { recover() }() // the channel may be gone after close
		d.msgs <- msg
	}()
}

// handle passes one message to the model.
func (d *driver) handle(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, tea.QuitMsg:
	case tea.BatchMsg:
		for _, c := range msg {
			d.spawn(c)
		}
	default:
		_, cmd := d.m.Update(msg)
		d.spawn(cmd)
	}
}

// key sends a key and starts what it returns.
func (d *driver) key(k tea.KeyMsg) {
	_, cmd := d.m.Update(k)
	d.spawn(cmd)
}

// until handles messages until ok holds of the screen (checked first), or
// fails after the timeout.
func (d *driver) until(tb testing.TB, what string, timeout time.Duration, ok func(screen string) bool) {
	tb.Helper()
	deadline := time.After(timeout)
	for !ok(ansi.Strip(d.m.View())) {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-deadline:
			tb.Fatalf("the TUI did not show %s within %v; the screen:\n%s", what, timeout, ansi.Strip(d.m.View()))
		}
	}
}

// drain handles the messages that arrive until none came for quiet.
func (d *driver) drain(quiet time.Duration) {
	for {
		select {
		case msg := <-d.msgs:
			d.handle(msg)
		case <-time.After(quiet):
			return
		}
	}
}

var (
	keyDown = tea.KeyMsg{Type: tea.KeyDown}
	keyUp   = tea.KeyMsg{Type: tea.KeyUp}
	keyEsc  = tea.KeyMsg{Type: tea.KeyEsc}
)

func runes(s string) tea.KeyMsg { return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)} }

func tuiOptions(day authz.Date) tui.Options {
	r := lipgloss.NewRenderer(io.Discard)
	r.SetColorProfile(termenv.TrueColor) // draw every style, as on a real terminal
	r.SetHasDarkBackground(true)
	return tui.Options{
		Actor:    actor,
		Today:    func() authz.Date { return day },
		Location: time.Local,
		Renderer: r,
	}
}

// session is a TUI on a store, sized and loaded.
type session struct {
	s     *spyStore
	done  func()
	m     *tui.Model
	d     *driver
	first string // id of the open view's first row
	last  string // id of its last row
	open  int
}

// openSession opens the store and a TUI on it and waits for the first full
// frame: the counts and the first page of the open requests drawn. It
// returns how long that took from opening the store.
func openSession(tb testing.TB, path string, day authz.Date) (*session, time.Duration) {
	tb.Helper()
	// What the screen must show, read beforehand.
	probe, done, err := cli.OpenLocal(path)
	if err != nil {
		tb.Fatal(err)
	}
	firstRows, err := probe.Rows(store.ViewOpen, nil, 1, false)
	if err != nil || len(firstRows) == 0 {
		tb.Fatalf("the store has no open requests (%v)", err)
	}
	lastRows, err := probe.Rows(store.ViewOpen, nil, 1, true)
	if err != nil || len(lastRows) == 0 {
		tb.Fatalf("the store has no open requests (%v)", err)
	}
	c, _ := probe.Counts()
	done()

	t0 := time.Now()
	st, done, err := cli.OpenLocal(path)
	if err != nil {
		tb.Fatal(err)
	}
	ss := &session{s: &spyStore{Store: st}, done: done, first: firstRows[0].ID, last: lastRows[0].ID, open: c.Open}
	ss.m = tui.New(ss.s, tuiOptions(day))
	ss.d = newDriver(ss.m)
	ss.d.handle(tea.WindowSizeMsg{Width: termWidth, Height: termHeight})
	ss.d.spawn(ss.m.Init())
	ss.d.until(tb, "the first page", 30*time.Second, func(screen string) bool {
		return strings.Contains(screen, ss.first) && !strings.Contains(screen, "loading")
	})
	return ss, time.Since(t0)
}

// settle waits until the figures' scans are done and their answers drawn.
func (ss *session) settle(tb testing.TB) time.Time {
	tb.Helper()
	deadline := time.Now().Add(120 * time.Second)
	for {
		ss.d.drain(20 * time.Millisecond)
		busy, last := ss.s.scanning()
		if !busy && !last.IsZero() {
			ss.d.drain(50 * time.Millisecond)
			return last
		}
		if time.Now().After(deadline) {
			tb.Fatal("the TUI's scans did not end within 120s")
		}
	}
}

func (ss *session) close() {
	ss.m.Close()
	ss.done()
}

// BenchmarkTUIStart opens the store and the TUI on it and times the first
// full frame: counts and the first page of the queue drawn (target 200 ms).
// stats-ms is when the figures that need a scan (overdue, decided today)
// arrived; they are drawn as "…" until then and never hold up the frame.
func BenchmarkTUIStart(b *testing.B) {
	path := storeFile(b)
	day := today(b)
	var frame, stats time.Duration
	var worst time.Duration
	for i := 0; i < b.N; i++ {
		ss, d := openSession(b, path, day)
		start := time.Now().Add(-d)
		last := ss.settle(b)
		frame += d
		worst = max(worst, d)
		stats += last.Sub(start)
		ss.close()
	}
	b.ReportMetric(ms(frame)/float64(b.N), "first-frame-ms")
	b.ReportMetric(ms(worst), "first-frame-max-ms")
	b.ReportMetric(ms(stats)/float64(b.N), "stats-ms")
}

// moveCost times cursor moves (Update and View, as the UI goroutine runs
// them) up and down the first screen of the queue.
func moveCost(tb testing.TB, ss *session, moves int) []time.Duration {
	lat := make([]time.Duration, 0, moves)
	for i := range moves {
		k := keyDown
		if (i/20)%2 == 1 {
			k = keyUp
		}
		t0 := time.Now()
		_, cmd := ss.m.Update(k)
		_ = ss.m.View()
		lat = append(lat, time.Since(t0))
		if cmd != nil {
			ss.d.spawn(cmd)
			ss.d.drain(5 * time.Millisecond)
		}
	}
	return lat
}

func mean(ds []time.Duration) time.Duration {
	var t time.Duration
	for _, d := range ds {
		t += d
	}
	return t / time.Duration(max(1, len(ds)))
}

// BenchmarkTUIMove times one cursor move (Update + View) on the fixture
// store and on a store of 100 requests, in the same run. Targets:
// x-100-requests <= 1.5 and move-us < 1000.
func BenchmarkTUIMove(b *testing.B) {
	day := today(b)
	big, _ := openSession(b, storeFile(b), day)
	defer big.close()
	big.settle(b)
	small, _ := openSession(b, smallStore(b, 100), day)
	defer small.close()
	small.settle(b)
	const moves = 2000
	moveCost(b, big, 200) // warm up both
	moveCost(b, small, 200)
	var bigLat, smallLat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bigLat = append(bigLat, moveCost(b, big, moves)...)
		smallLat = append(smallLat, moveCost(b, small, moves)...)
	}
	b.StopTimer()
	mb, msm := mean(bigLat), mean(smallLat)
	b.ReportMetric(float64(mb)/1e3, "move-us")
	b.ReportMetric(float64(quantile(bigLat, 0.99))/1e3, "move-p99-us")
	b.ReportMetric(float64(msm)/1e3, "move-100-us")
	b.ReportMetric(float64(mb)/float64(msm), "x-100-requests")
}

// BenchmarkTUIBottom times G, from the top of the open queue to its last
// row drawn (target 50 ms).
func BenchmarkTUIBottom(b *testing.B) {
	day := today(b)
	ss, _ := openSession(b, storeFile(b), day)
	defer ss.close()
	ss.settle(b)
	const rounds = 20
	var lat []time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for range rounds {
			t0 := time.Now()
			ss.d.key(runes("G"))
			ss.d.until(b, "the last row after G", 10*time.Second, func(screen string) bool {
				return strings.Contains(screen, ss.last)
			})
			lat = append(lat, time.Since(t0))
			b.StopTimer()
			ss.d.key(runes("g"))
			ss.d.until(b, "the first row after g", 10*time.Second, func(screen string) bool {
				return strings.Contains(screen, ss.first)
			})
			ss.d.drain(10 * time.Millisecond)
			b.StartTimer()
		}
	}
	b.StopTimer()
	b.ReportMetric(ms(mean(lat)), "G-ms")
	b.ReportMetric(ms(quantile(lat, 1)), "G-max-ms")
}

// BenchmarkTUIFilter types a filter on the open queue. The UI goroutine
// only starts a scan per keystroke: key-max-ms is the slowest keystroke
// (Update + View) while scans run behind it, scan-ms how long a scan of
// the whole open queue takes off the UI goroutine, and stale-dropped is 1
// when the answer of an older query, delivered last, is not shown.
func BenchmarkTUIFilter(b *testing.B) {
	day := today(b)
	path := storeFile(b)
	ss, _ := openSession(b, path, day)
	defer ss.close()
	ss.settle(b)

	// The stale query matches at once; the final one matches nothing, so
	// that its scan reads the whole open queue.
	const staleQuery, finalQuery = "e", "eqzx"
	var staleFirst string
	err := ss.s.Store.Scan(store.ViewOpen, func(r *store.Row) bool {
		if r.Match(finalQuery) {
			b.Fatalf("%s matches the filter %q; the benchmark needs a query that matches nothing", r.ID, finalQuery)
		}
		if staleFirst == "" && r.Match(staleQuery) {
			staleFirst = r.ID
		}
		return true
	})
	if err != nil {
		b.Fatal(err)
	}

	var keyLat []time.Duration
	var scans []time.Duration
	stale := 1.0
	timed := func(k tea.KeyMsg) tea.Cmd {
		t0 := time.Now()
		_, cmd := ss.m.Update(k)
		_ = ss.m.View()
		keyLat = append(keyLat, time.Since(t0))
		return cmd
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ss.d.spawn(timed(runes("/")))
		// The first keystroke's answers are held back and delivered last.
		held := make(chan tea.Msg, 64)
		var wg sync.WaitGroup
		var hold func(tea.Cmd)
		hold = func(c tea.Cmd) {
			if c == nil {
				return
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				msg := c()
				if bm, ok := msg.(tea.BatchMsg); ok {
					for _, c := range bm {
						hold(c)
					}
					return
				}
				held <- msg
			}()
		}
		hold(timed(runes(staleQuery)))
		for _, r := range finalQuery[len(staleQuery):] {
			ss.d.spawn(timed(runes(string(r))))
		}
		// Wait for the final query's scan of the whole queue.
		for {
			ss.d.drain(20 * time.Millisecond)
			busy, _ := ss.s.scanning()
			if last := ss.s.lastScan(); !busy && last.rows >= ss.open-1 {
				scans = append(scans, last.end.Sub(last.start))
				break
			}
		}
		ss.d.drain(50 * time.Millisecond)
		wg.Wait()
		close(held)
		for msg := range held {
			ss.d.handle(msg)
		}
		ss.d.drain(20 * time.Millisecond)
		if strings.Contains(ansi.Strip(ss.m.View()), staleFirst) {
			stale = 0
			b.Errorf("after the answer for %q came last, the screen shows %s, a match of %q only", finalQuery, staleFirst, staleQuery)
		}
		b.StopTimer()
		ss.d.key(keyEsc) // clear the filter
		ss.d.drain(20 * time.Millisecond)
		b.StartTimer()
	}
	b.StopTimer()
	b.ReportMetric(ms(quantile(keyLat, 1)), "key-max-ms")
	b.ReportMetric(ms(mean(keyLat)), "key-ms")
	b.ReportMetric(ms(mean(scans)), "scan-ms")
	b.ReportMetric(stale, "stale-dropped")
}

// String makes a scan readable in a failure.
func (r scanRecord) String() string {
	return fmt.Sprintf("scan of view %d: %d rows in %v", r.view, r.rows, r.end.Sub(r.start))
}
