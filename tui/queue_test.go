package tui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
)

// TestQueueCostDoesNotGrowWithTheStore moves through a queue of 100 and of
// 100,000 requests with the same keys: the store is asked for the same
// rows, and the screen draws only the rows it shows.
func TestQueueCostDoesNotGrowWithTheStore(t *testing.T) {
	type cost struct{ rowsCalls, rowsFetched, scans, drawn int }
	keys := []tea.KeyMsg{
		runes("j"), runes("j"), runes("j"), keyDown, keyDown, runes("k"), keyUp,
		keyPgDown, keyCtrlD, keyCtrlU, keyPgUp, runes("j"), runes("j"),
	}
	measure := func(n int) (cost, cost) {
		s := generatedStore(t, n)
		m := newModel(t, s, adviser)
		rows0, fetched0, scans0 := s.calls()
		load := cost{rowsCalls: rows0, rowsFetched: fetched0}
		for _, k := range keys {
			press(t, m, k)
		}
		rows, fetched, scans := s.calls()
		drawn := 0
		for _, l := range strings.Split(m.View(), "\n") {
			if strings.Contains(l, "GEN-") && strings.Contains(l, "******") && !strings.Contains(l, " · ") {
				drawn++
			}
		}
		return load, cost{rows - rows0, fetched - fetched0, scans - scans0, drawn}
	}
	smallLoad, small := measure(100)
	bigLoad, big := measure(100_000)
	if smallLoad != bigLoad {
		t.Errorf("loading costs %+v at 100 requests but %+v at 100,000", smallLoad, bigLoad)
	}
	if bigLoad.rowsFetched > defaultPageSize {
		t.Errorf("loading read %d rows, more than a page", bigLoad.rowsFetched)
	}
	if small != big {
		t.Errorf("the keys cost %+v at 100 requests but %+v at 100,000", small, big)
	}
	if big.rowsCalls != 0 || big.scans != 0 {
		t.Errorf("moving within the window read the store: %+v", big)
	}
	if want := 24 - 3 - 4; big.drawn != want {
		t.Errorf("drew %d rows, want the %d on screen", big.drawn, want)
	}
}

// TestQueueJumpsToTheEndWithOnePage: G reads the last page backwards from
// the end, not the rows in between.
func TestQueueJumpsToTheEndWithOnePage(t *testing.T) {
	s := generatedStore(t, 100_000)
	m := newModel(t, s, adviser)
	rows0, fetched0, _ := s.calls()
	press(t, m, runes("G"))
	rows, fetched, _ := s.calls()
	if rows-rows0 != 1 || fetched-fetched0 != defaultPageSize {
		t.Fatalf("G made %d Rows calls for %d rows", rows-rows0, fetched-fetched0)
	}
	if selectedID(m) != "GEN-099999" {
		t.Fatalf("G selected %s", selectedID(m))
	}
	if pos, total, ok := queueOf(m).position(); !ok || pos != 100_000 || total != 100_000 {
		t.Fatalf("position %d/%d", pos, total)
	}
	press(t, m, runes("k"), runes("k"))
	if selectedID(m) != "GEN-099997" {
		t.Fatalf("k after G selected %s", selectedID(m))
	}
	press(t, m, runes("g"))
	if selectedID(m) != "GEN-000000" {
		t.Fatalf("g selected %s", selectedID(m))
	}
}

// TestQueueWindowStaysBounded: paging far down reads page by page and keeps
// at most windowPages pages in memory.
func TestQueueWindowStaysBounded(t *testing.T) {
	s := generatedStore(t, 100_000)
	m := newModel(t, s, adviser)
	for range 200 {
		press(t, m, keyPgDown)
	}
	if n := len(queueOf(m).win.rows); n > defaultPageSize*windowPages {
		t.Fatalf("the window holds %d rows", n)
	}
	want := "GEN-" + pad6(200*queueOf(m).visible())
	if selectedID(m) != want {
		t.Fatalf("selected %s, want %s", selectedID(m), want)
	}
	_, fetched, _ := s.calls()
	if limit := 200*queueOf(m).visible() + 3*defaultPageSize; fetched > limit {
		t.Fatalf("read %d rows to page %d rows down", fetched, 200*queueOf(m).visible())
	}
	for range 200 {
		press(t, m, keyPgUp)
	}
	if selectedID(m) != "GEN-000000" {
		t.Fatalf("back at the top: %s", selectedID(m))
	}
}

func pad6(n int) string {
	s := strings.Repeat("0", 6) + itoa(n)
	return s[len(s)-6:]
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
