package e2e

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/demo"
	"machtiging/internal/testfixture"
	"machtiging/store"
)

// TestBackupWhileDecidingIsConsistentAndRestores takes backups of a store
// while other goroutines keep deciding on it (as the TUI or the team
// server do while an adviser runs a backup through them). Every copy
// passes doctor and audit verify; restoring one (copying it over the
// store) gives the same check as the copy itself.
func TestBackupWhileDecidingIsConsistentAndRestores(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "m.db")
	today, _ := authz.ParseDate(checkDay)
	s, err := store.Open(db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := 600
	if raceEnabled {
		n = 200
	}
	reqs := demo.Generate(n, today, 5)
	i := 0
	a := store.Actor{Adviser: "e2e", AccessPoint: "test"}
	_, err = s.Import(a, "gen", func() (store.Incoming, error) {
		if i == len(reqs) {
			return store.Incoming{}, io.EOF
		}
		i++
		return store.Incoming{Index: i - 1, Request: reqs[i-1]}, nil
	})
	if err != nil {
		t.Fatal(err)
	}

	// Two advisers decide, one request after another, until told to stop.
	stop := make(chan struct{})
	var decided atomic.Int64
	var wg sync.WaitGroup
	for w, adviser := range []string{"a.devries", "m.bakker"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			actor := store.Actor{Adviser: adviser, AccessPoint: "test"}
			for k := w; k < len(reqs); k += 2 {
				select {
				case <-stop:
					return
				default:
				}
				var ask authz.Ask
				switch k % 3 {
				case 0:
					ask = authz.Ask{Action: authz.ActionApprove}
				case 1:
					ask = authz.Ask{Action: authz.ActionReject, Code: authz.RejectOther, Reason: "anders"}
				default:
					ask = authz.Ask{Action: authz.ActionRequestInfo, Items: []authz.Item{authz.ItemCodes}}
				}
				// Refusals (an incomplete request cannot be approved) are
				// fine; any other error is not.
				if _, err := s.Decide(actor, reqs[k].ID, ask, today); err == nil {
					decided.Add(1)
				} else if !errors.Is(err, authz.ErrRefused) {
					t.Errorf("decide %s: %v", reqs[k].ID, err)
				}
			}
		}()
	}
	var backups []string
	var counts []int64
	for b := range 5 {
		time.Sleep(40 * time.Millisecond)
		dest := filepath.Join(dir, fmt.Sprintf("backup-%d.db", b))
		if _, err := s.Backup(a, dest); err != nil {
			t.Fatal(err)
		}
		backups = append(backups, dest)
		counts = append(counts, decided.Load())
	}
	close(stop)
	wg.Wait()
	final := decided.Load()
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	t.Logf("backups after %v of %d decisions", counts, final)
	if counts[0] == final {
		t.Log("the deciding ended before the first backup; make it longer")
	}

	for _, b := range backups {
		healthy(t, b)
	}
	// Restore one taken while decisions went on: copy it over the store.
	pick := backups[len(backups)/2]
	want, _ := checkSum(t, pick)
	wantExport := mustRun(t, "--db", pick, "export", "--format", "csv")
	if now, _ := checkSum(t, db); now == want && counts[len(counts)/2] != final {
		t.Error("the store and its earlier backup give the same check")
	}
	testfixture.CopyFile(t, pick, db)
	healthy(t, db)
	if got, _ := checkSum(t, db); got != want {
		t.Error("the restored store gives another check than its backup")
	}
	if got := mustRun(t, "--db", db, "export", "--format", "csv"); got != wantExport {
		t.Error("the restored store exports other decisions than its backup")
	}
}
