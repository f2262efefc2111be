package store

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/go-json-experiment/json"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/demo"
)

// retentionStore writes a store of n requests, each with an address of
// its own, decided by the demo's script on two days: the first half of
// the decisions on 2026-03-02, the rest on 2026-09-01 (those the rules
// still allow then). It returns the path and the requests.
func retentionStore(t *testing.T, dir string, key []byte, n int) (string, []*authz.Request) {
	t.Helper()
	path := filepath.Join(dir, "m.db")
	s, err := Open(path, Options{Key: key, Letters: testLetters})
	if err != nil {
		t.Fatal(err)
	}
	reqs := demo.Generate(n, day("2026-03-01"), 11)
	for i, r := range reqs {
		r.Insured.Address = &authz.Address{Street: fmt.Sprintf("Bewaarstraat %d", 1000+i), PostalCode: fmt.Sprintf("%04d QX", 1000+i), City: fmt.Sprintf("Oudewater%dstad", 1000+i)}
	}
	if _, err := s.Import(alice, "gen", feed(reqs, nil)); err != nil {
		t.Fatal(err)
	}
	script := demo.Decisions(reqs, day("2026-03-02"), 5)
	for i, sc := range script {
		when := day("2026-03-02")
		if i >= len(script)/2 {
			when = day("2026-09-01")
		}
		a := Actor{Adviser: sc.Adviser, AccessPoint: "test"}
		if _, err := s.Decide(a, sc.ID, sc.Ask, when); err != nil && !errors.Is(err, authz.ErrRefused) {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	return path, reqs
}

// testLetters writes a letter, with the insured's name and address, for
// every final decision.
func testLetters(c authz.Case, d *authz.Decision) (*Letters, error) {
	if d.Outcome == authz.OutcomeRejectionProposed || d.Outcome == authz.OutcomeOverturned {
		return nil, nil
	}
	in := c.Request.Insured
	text := fmt.Sprintf("Aan %s, %s, %s %s: besluit %s over %s", in.Name, in.Address.Street, in.Address.PostalCode, in.Address.City, d.Outcome, c.Request.ID)
	return &Letters{Insured: text, Provider: "Kopie. " + text}, nil
}

// expectPurged works out, from the records, which requests a purge before
// a day must take: last decision final and of a day before it.
func expectPurged(t *testing.T, s *Store, reqs []*authz.Request, before authz.Date) []string {
	t.Helper()
	var out []string
	for _, r := range reqs {
		rec, err := s.Peek(r.ID)
		if err != nil {
			t.Fatal(err)
		}
		if rec.State.Final() && len(rec.Decisions) > 0 && rec.Decisions[len(rec.Decisions)-1].Today < before {
			out = append(out, r.ID)
		}
	}
	slices.Sort(out)
	return out
}

type snapshotOf struct {
	records   map[string][]byte
	decisions map[uint64]authz.Decision
	facts     []Facts
	audit     int
}

func takeSnapshot(t *testing.T, s *Store, reqs []*authz.Request) snapshotOf {
	t.Helper()
	sn := snapshotOf{records: map[string][]byte{}, decisions: map[uint64]authz.Decision{}}
	for _, r := range reqs {
		rec, err := s.Peek(r.ID)
		if errors.Is(err, ErrPurged) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(rec)
		sn.records[r.ID] = b
	}
	if err := s.Decisions(func(d *authz.Decision) error { sn.decisions[d.Seq] = *d; return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.EachFacts(func(f *Facts) error { sn.facts = append(sn.facts, *f); return nil }); err != nil {
		t.Fatal(err)
	}
	s.AuditEntries(audit.Filter{}, func(audit.Logged) error { sn.audit++; return nil })
	return sn
}

// patientData lists the names, BSNs and address lines of the purged
// requests that no kept request shares.
func patientData(reqs []*authz.Request, purged []string) [][]byte {
	gone := map[string]bool{}
	for _, id := range purged {
		gone[id] = true
	}
	kept := map[string]bool{}
	fields := func(r *authz.Request) []string {
		a := r.Insured.Address
		return []string{r.Insured.Name, r.Insured.BSN, a.Street, a.PostalCode, a.City}
	}
	for _, r := range reqs {
		if !gone[r.ID] {
			for _, f := range fields(r) {
				kept[f] = true
			}
		}
	}
	var out [][]byte
	for _, r := range reqs {
		if gone[r.ID] {
			for _, f := range fields(r) {
				if !kept[f] {
					out = append(out, []byte(f))
				}
			}
		}
	}
	return out
}

func TestPurgeTakesExactlyTheRightRequests(t *testing.T) {
	for _, encrypted := range []bool{false, true} {
		t.Run(fmt.Sprintf("encrypted=%v", encrypted), func(t *testing.T) {
			var key []byte
			if encrypted {
				key = bytes.Repeat([]byte{0x29}, KeySize)
			}
			path, reqs := retentionStore(t, t.TempDir(), key, 400)
			s, err := Open(path, Options{Key: key})
			if err != nil {
				t.Fatal(err)
			}
			defer func() { s.Close() }()
			before := day("2026-06-01")
			want := expectPurged(t, s, reqs, before)
			if len(want) < 10 || len(want) > 200 {
				t.Fatalf("%d requests qualify: the fixture does not test much", len(want))
			}
			all := expectPurged(t, s, reqs, day("2027-01-01"))
			if len(all) <= len(want) {
				t.Fatal("no request decided after the retention day is final: the fixture does not test much")
			}
			secret := patientData(reqs, want)
			if len(secret) < len(want) {
				t.Fatalf("only %d values to look for", len(secret))
			}
			raw, _ := os.ReadFile(path)
			if !encrypted && !bytes.Contains(raw, secret[0]) {
				t.Fatalf("the unencrypted store does not hold %q before the purge: the search proves nothing", secret[0])
			}
			cp, err := s.VerifyAudit(nil)
			if err != nil {
				t.Fatal(err)
			}
			was := takeSnapshot(t, s, reqs)

			// A dry run names the same requests and changes nothing but
			// the log.
			dry, err := s.Purge(alice, before, true)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(slices.Values(dry.IDs)); !slices.Equal(got, want) {
				t.Fatalf("dry run: %d requests, want %d", len(got), len(want))
			}
			afterDry := takeSnapshot(t, s, reqs)
			if afterDry.audit != was.audit+1 {
				t.Fatalf("the dry run wrote %d access-log entries, want 1", afterDry.audit-was.audit)
			}
			afterDry.audit = was.audit
			if fmt.Sprint(afterDry) != fmt.Sprint(was) {
				t.Fatal("the dry run changed the store")
			}

			res, err := s.Purge(bob, before, false)
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Sorted(slices.Values(res.IDs)); !slices.Equal(got, want) {
				t.Fatalf("purged %d requests, want %d", len(got), len(want))
			}
			if res.Versions < len(want) || res.Kept < len(want) || res.Reasons == 0 || res.Letters < len(want) {
				t.Fatalf("counts: %+v", res)
			}
			now := takeSnapshot(t, s, reqs)
			gone := map[string]bool{}
			for _, id := range want {
				gone[id] = true
				_, err := s.Peek(id)
				var pe *PurgedError
				if !errors.As(err, &pe) || !errors.Is(err, ErrNotFound) || pe.Before != before {
					t.Fatalf("%s after the purge: %v", id, err)
				}
				if _, err := s.PeekLetter(id); !errors.Is(err, ErrPurged) {
					t.Fatalf("the letter of %s after the purge: %v", id, err)
				}
				if _, err := s.Row(id); !errors.Is(err, ErrPurged) {
					t.Fatalf("the row of %s after the purge: %v", id, err)
				}
				if _, ok, err := s.Purged(id); !ok || err != nil {
					t.Fatalf("no tombstone of %s: %v", id, err)
				}
				log, err := s.AccessLog(id)
				if err != nil || len(log) == 0 || log[len(log)-1].Event != audit.EventPurge {
					t.Fatalf("the access log of %s does not end with the purge: %v", id, err)
				}
			}
			for _, id := range all {
				if _, err := s.PeekLetter(id); !gone[id] && err != nil {
					t.Fatalf("the letter of kept request %s: %v", id, err)
				}
			}
			// Nothing else changed: every kept request reads the same.
			for id, b := range was.records {
				if gone[id] {
					continue
				}
				if !bytes.Equal(now.records[id], b) {
					t.Fatalf("request %s changed", id)
				}
			}
			if len(now.records) != len(was.records)-len(want) {
				t.Fatalf("%d requests left, want %d", len(now.records), len(was.records)-len(want))
			}
			// Every decision stays; those of purged requests lose their
			// reason and nothing else.
			if len(now.decisions) != len(was.decisions) {
				t.Fatalf("%d decisions, were %d", len(now.decisions), len(was.decisions))
			}
			for seq, d := range was.decisions {
				n := now.decisions[seq]
				if gone[d.ID] {
					if n.Reason != "" {
						t.Fatalf("decision %d of purged %s keeps its reason", seq, d.ID)
					}
					if !n.Purged {
						t.Fatalf("decision %d of purged %s is not marked purged", seq, d.ID)
					}
					d.Reason, d.Purged = "", true
				}
				if fmt.Sprint(n) != fmt.Sprint(d) {
					t.Fatalf("decision %d changed: %+v, was %+v", seq, n, d)
				}
			}
			if fmt.Sprint(now.facts) != fmt.Sprint(was.facts) {
				t.Fatal("the report's facts changed")
			}
			if _, err := s.VerifyAudit(&cp); err != nil {
				t.Fatalf("audit verify after the purge: %v", err)
			}
			if findings, _ := s.Doctor(alice); len(findings) > 0 {
				t.Fatalf("doctor: %v", findings)
			}
			c, _ := s.Counts()
			if c.Total() != len(reqs)-len(want) {
				t.Fatalf("counts total %d, want %d", c.Total(), len(reqs)-len(want))
			}
			// No name, BSN or address of a purged request is left in the
			// file, the access log included.
			raw, _ = os.ReadFile(path)
			for _, v := range secret {
				if bytes.Contains(raw, v) {
					t.Fatalf("the store file still holds %q", v)
				}
			}
			err = s.AuditEntries(audit.Filter{}, func(l audit.Logged) error {
				b, _ := json.Marshal(l)
				for _, v := range secret {
					if bytes.Contains(b, v) {
						return fmt.Errorf("access-log entry %d holds %q", l.Seq, v)
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			// A purged id is not imported again; a second purge finds nothing.
			if _, err := s.Import(alice, "again", feed([]*authz.Request{byID(reqs, want[0])}, nil)); err == nil {
				t.Fatal("a purged id was imported again")
			}
			again, err := s.Purge(bob, before, false)
			if err != nil || len(again.IDs) != 0 {
				t.Fatalf("a second purge: %v, %d requests", err, len(again.IDs))
			}
			// It reopens the same (the rename is durable, the old file gone).
			s.Close()
			s, err = Open(path, Options{Key: key})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Peek(want[0]); !errors.Is(err, ErrPurged) {
				t.Fatalf("after reopening: %v", err)
			}
			for _, p := range []string{path + ".purge"} {
				if exists(p) {
					t.Fatalf("%s is left behind", p)
				}
			}
		})
	}
}

// TestPurgeWhileOthersWrite purges a store that another goroutine writes
// to all the while (as the team server's sessions do): no write is lost.
func TestPurgeWhileOthersWrite(t *testing.T) {
	path, reqs := retentionStore(t, t.TempDir(), nil, 200)
	s, err := Open(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	want := expectPurged(t, s, reqs, day("2026-06-01"))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	written := make([]int, 3)
	for w := range written {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				e := audit.Entry{Action: audit.Read, Event: audit.EventCheck, Detail: fmt.Sprintf("writer %d entry %d", w, written[w])}
				if err := s.Log(alice, e, []string{reqs[len(reqs)-1].ID}); err != nil {
					t.Error(err)
					return
				}
				written[w]++
				if _, err := s.Counts(); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	time.Sleep(20 * time.Millisecond)
	res, err := s.Purge(bob, day("2026-06-01"), false)
	time.Sleep(20 * time.Millisecond)
	close(stop)
	wg.Wait()
	if err != nil || len(res.IDs) != len(want) {
		t.Fatalf("purge: %v, %d requests, want %d", err, len(res.IDs), len(want))
	}
	found := make([]int, len(written))
	s.AuditEntries(audit.Filter{}, func(l audit.Logged) error {
		var w, n int
		if _, err := fmt.Sscanf(l.Detail, "writer %d entry %d", &w, &n); err == nil {
			found[w]++
		}
		return nil
	})
	if !slices.Equal(found, written) {
		t.Fatalf("the log holds %v writes, the writers made %v", found, written)
	}
	if _, err := s.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
}

// TestPurgeKilledAtAnyMomentIsAllOrNothing stops a purge at each of its
// steps and kills it at random moments: the store holds all of it or none.
func TestPurgeKilledAtAnyMomentIsAllOrNothing(t *testing.T) {
	key := bytes.Repeat([]byte{0x31}, KeySize)
	tmplDir := t.TempDir()
	tmpl, reqs := retentionStore(t, tmplDir, key, 1500)
	tmplKey := filepath.Join(tmplDir, "m.key")
	if err := os.WriteFile(tmplKey, key, 0o600); err != nil {
		t.Fatal(err)
	}
	s, err := Open(tmpl, Options{Key: key, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	want := expectPurged(t, s, reqs, day("2026-06-01"))
	s.Close()
	dir := t.TempDir()
	path, keyPath := filepath.Join(dir, "m.db"), filepath.Join(dir, "m.key")
	fresh := func() {
		os.Remove(path + ".purge")
		copyFile(t, tmpl, path)
		copyFile(t, tmplKey, keyPath)
	}
	// outcome opens the store and says whether the purge happened, failing
	// unless it happened wholly or not at all.
	outcome := func(what string) bool {
		t.Helper()
		s, _, err := OpenKeyed(path, keyPath, rawKeys, Options{Actor: bob})
		if err != nil {
			t.Fatalf("%s: the store does not open: %v", what, err)
		}
		defer s.Close()
		if err := readEverything(s); err != nil {
			t.Fatalf("%s: %v", what, err)
		}
		purged := 0
		for _, id := range want {
			if _, err := s.Peek(id); errors.Is(err, ErrPurged) {
				purged++
			}
		}
		logged := 0
		s.AuditEntries(audit.Filter{}, func(l audit.Logged) error {
			if l.Event == audit.EventPurge {
				logged++
			}
			return nil
		})
		if purged != 0 && purged != len(want) || (purged > 0) != (logged > 0) {
			t.Fatalf("%s: %d of %d requests purged, %d purge entries logged", what, purged, len(want), logged)
		}
		if exists(path + ".purge") {
			t.Fatalf("%s: the copy is left behind", what)
		}
		return purged > 0
	}
	fresh()
	began := time.Now()
	c := child(t, "purge", path, keyPath, "")
	if err := c.Wait(); err != nil {
		t.Fatalf("an undisturbed purge: %v", err)
	}
	took := time.Since(began)
	if !outcome("undisturbed") {
		t.Fatal("the undisturbed purge purged nothing")
	}
	for _, st := range []struct {
		step string
		done bool
	}{{string(stepChanged), false}, {string(stepCopied), false}, {string(stepRenamed), true}} {
		fresh()
		err := child(t, "purge", path, keyPath, st.step).Wait()
		var ee *exec.ExitError
		if !errors.As(err, &ee) || ee.ExitCode() != 3 {
			t.Fatalf("stop at %q: %v", st.step, err)
		}
		if done := outcome("stopped at " + st.step); done != st.done {
			t.Fatalf("stopped at %q: purged %v, want %v", st.step, done, st.done)
		}
	}
	for i := range 8 {
		fresh()
		c := child(t, "purge", path, keyPath, "")
		time.Sleep(time.Duration(rand.Int64N(int64(took) * 11 / 10)))
		c.Process.Signal(syscall.SIGKILL)
		c.Wait()
		t.Logf("kill %d: purged %v", i, outcome(fmt.Sprintf("kill %d", i)))
	}
}

func init() {
	childJob = func(s *Store, job string) error {
		if job != "purge" {
			return fmt.Errorf("unknown job %q", job)
		}
		_, err := s.Purge(alice, day("2026-06-01"), false)
		return err
	}
}
