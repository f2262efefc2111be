package bench

import (
	"io"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/cli"
	"machtiging/store"
)

// BenchmarkReport runs `report --json` (in-process, as the binary runs it:
// open the store, stream the facts of every decision and the undecided
// queue, print, log) over a copy of the fixture store in which every
// request has been decided: approvals (every fifth partial), rejections
// by verdict, requests for information, and four-eyes rejections proposed
// and concurred; 1 to 2 decisions a request. The target is report-s < 2 at
// a million requests; bench/run also runs the binary on the same store for
// its wall time and peak RSS (< 200 MB). alloc-MB is what one report
// allocates in all, which stays small because it streams.
func BenchmarkReport(b *testing.B) {
	db, decisions := decidedStore(b)
	day := today(b)
	var before, after runtime.MemStats
	var best time.Duration
	runtime.GC()
	runtime.ReadMemStats(&before)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := runCLITo(io.Discard, "--db", db, "report", "--json", "--today", day.String()); err != nil {
			b.Fatal(err)
		}
		if d := time.Since(start); best == 0 || d < best {
			best = d
		}
	}
	b.StopTimer()
	runtime.ReadMemStats(&after)
	b.ReportMetric(best.Seconds(), "report-s")
	b.ReportMetric(float64(decisions), "decisions")
	b.ReportMetric(float64(decisions)/best.Seconds(), "decisions/s")
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "alloc-MB")
}

var (
	decidedOnce sync.Once
	decidedPath string
	decidedN    int
	decidedErr  error
)

// decidedStore returns the fixture store with every request decided, and
// the number of decisions: $MACHTIGING_BENCH_DECIDED_DB when that file
// exists, else made there (bench/run then runs the binary on it), else in
// the scratch folder.
func decidedStore(tb testing.TB) (string, int) {
	tb.Helper()
	decidedOnce.Do(func() {
		path := os.Getenv("MACHTIGING_BENCH_DECIDED_DB")
		if path != "" {
			if _, err := os.Stat(path); err == nil {
				decidedPath = path
				decidedN, decidedErr = countDecisions(path)
				return
			}
		} else {
			path = filepath.Join(scratch(tb), "decided.db")
		}
		if decidedErr = copyFile(path, storeFile(tb)); decidedErr != nil {
			return
		}
		decidedN, decidedErr = decideEverything(path, today(tb))
		decidedPath = path
	})
	if decidedErr != nil {
		tb.Fatalf("decided store: %v", decidedErr)
	}
	return decidedPath, decidedN
}

func countDecisions(path string) (int, error) {
	s, done, err := cli.OpenLocal(path)
	if err != nil {
		return 0, err
	}
	defer done()
	n := 0
	err = s.EachFacts(func(*store.Facts) error { n++; return nil })
	return n, err
}

// planned is what the benchmark decides of one request: kept small, as a
// million of them are held at once.
type planned struct {
	id     string
	day    authz.Date
	action authz.Action
	code   authz.RejectCode
	minute bool // approve one minute: a partial approval
}

// decideEverything decides every undecided request of the store, each on a
// day 0 to 9 days after it was received, by what the check says then.
func decideEverything(path string, today authz.Date) (int, error) {
	s, done, err := cli.OpenLocal(path)
	if err != nil {
		return 0, err
	}
	defer done()
	var plan []planned
	i := 0
	err = s.Scan(store.ViewAll, func(r *store.Row) bool {
		if r.State != authz.StateOpen {
			return r.State == authz.StateWaiting || r.State == authz.StateSecondReview || r.State == authz.StateReconsideration
		}
		i++
		p := planned{id: r.ID, day: min(r.Received.AddDays(i%10), today)}
		_, verdict := r.Check(p.day)
		switch {
		case verdict == authz.VerdictComplete && i%10 == 3:
			p.action, p.code = authz.ActionReject, authz.RejectNotIndicated
		case verdict == authz.VerdictComplete && i%10 == 7:
			p.action, p.code = authz.ActionReject, authz.RejectOther
		case verdict == authz.VerdictComplete:
			p.action, p.minute = authz.ActionApprove, i%5 == 0
		case verdict == authz.VerdictIncomplete && i%3 == 0:
			p.action = authz.ActionRequestInfo
		case verdict == authz.VerdictIncomplete:
			p.action, p.code = authz.ActionReject, authz.RejectIncomplete
		case verdict == authz.VerdictStarted:
			p.action, p.code = authz.ActionReject, authz.RejectStarted
		case verdict == authz.VerdictNotRequired:
			p.action, p.code = authz.ActionReject, authz.RejectNotRequired
		default:
			p.action, p.code = authz.ActionReject, authz.RejectOther
		}
		plan = append(plan, p)
		return true
	})
	if err != nil {
		return 0, err
	}
	second := store.Actor{Adviser: "bench-second", AccessPoint: "benchmark"}
	k, concur := 0, false
	return s.DecideBatch(func() (store.Step, bool) {
		if concur {
			concur = false
			p := plan[k-1]
			return store.Step{Actor: second, ID: p.id, Ask: authz.Ask{Action: authz.ActionConcur}, Today: p.day}, true
		}
		if k == len(plan) {
			return store.Step{}, false
		}
		p := plan[k]
		k++
		ask := authz.Ask{Action: p.action, Code: p.code}
		switch {
		case p.minute:
			ask.Minutes = 1
		case p.action == authz.ActionReject:
			ask.Reason = "benchmark"
			concur = p.code == authz.RejectNotIndicated
		}
		return store.Step{Actor: actor, ID: p.id, Ask: ask, Today: p.day}, true
	})
}
