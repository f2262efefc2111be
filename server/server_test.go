package server

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
	"machtiging/authz"
	"machtiging/cli"
	"machtiging/letters"
	"machtiging/roles"
	"machtiging/store"
)

const examples = "../examples/requests.json"

// harness is a server on a free loopback port with a store of the examples.
type harness struct {
	t     *testing.T
	addr  string
	store *store.Store
	dir   string
	srv   *Server
	keys  map[string]gossh.Signer
}

func newHarness(t *testing.T, names ...string) *harness {
	t.Helper()
	dir := t.TempDir()
	set, err := letters.Default()
	if err != nil {
		t.Fatal(err)
	}
	st, err := store.Open(filepath.Join(dir, "m.db"), store.Options{Letters: cli.LetterWriter(set)})
	if err != nil {
		t.Fatal(err)
	}
	h := &harness{t: t, store: st, dir: dir, keys: map[string]gossh.Signer{}}
	for _, n := range names {
		h.keys[n] = h.addAdviser(n)
	}
	srv, err := New(Config{Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "hostkey"), AdvisersPath: filepath.Join(dir, "advisers"), Store: st})
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h.addr, h.srv = ln.Addr().String(), srv
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
		<-done
		st.Close()
	})
	// Import the examples as intake would, over SSH.
	raw, err := os.ReadFile(examples)
	if err != nil {
		t.Fatal(err)
	}
	if len(names) > 0 {
		h.keys[intake] = h.addWithRole(intake, roles.Intake)
		if r := h.run(intake, string(raw), "import", "-"); r.code != 0 {
			t.Fatalf("import over ssh: %+v", r)
		}
	}
	return h
}

func newSigner(t *testing.T) (gossh.Signer, []byte) {
	t.Helper()
	_, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	signer, err := gossh.NewSignerFromKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return signer, gossh.MarshalAuthorizedKey(signer.PublicKey())
}

// intake is the key that imports the examples, as an intake script would.
const intake = "intake-script"

func (h *harness) addWithRole(name string, role roles.Role) gossh.Signer {
	signer, pub := newSigner(h.t)
	if _, err := advisers.AddAs(filepath.Join(h.dir, "advisers"), name, role, pub); err != nil {
		h.t.Fatal(err)
	}
	return signer
}

func (h *harness) addAdviser(name string) gossh.Signer {
	signer, pub := newSigner(h.t)
	if _, err := advisers.Add(filepath.Join(h.dir, "advisers"), name, pub); err != nil {
		h.t.Fatal(err)
	}
	return signer
}

func (h *harness) dial(signer gossh.Signer) (*gossh.Client, error) {
	return gossh.Dial("tcp", h.addr, &gossh.ClientConfig{
		User:            "adviser",
		Auth:            []gossh.AuthMethod{gossh.PublicKeys(signer)},
		HostKeyCallback: gossh.InsecureIgnoreHostKey(),
		Timeout:         5 * time.Second,
	})
}

type result struct {
	code           int
	stdout, stderr string
}

// run runs one command over SSH as an adviser.
func (h *harness) run(name, stdin string, args ...string) result {
	h.t.Helper()
	c, err := h.dial(h.keys[name])
	if err != nil {
		h.t.Fatalf("dial as %s: %v", name, err)
	}
	defer c.Close()
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	defer sess.Close()
	var out, errb bytes.Buffer
	sess.Stdout, sess.Stderr = &out, &errb
	sess.Stdin = strings.NewReader(stdin)
	err = sess.Run(shellJoin(args))
	code := 0
	var ee *gossh.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitStatus()
	} else if err != nil {
		h.t.Fatalf("run %v: %v", args, err)
	}
	return result{code, out.String(), errb.String()}
}

func shellJoin(args []string) string {
	q := make([]string, len(args))
	for i, a := range args {
		q[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
	}
	return strings.Join(q, " ")
}

func TestUnlistedKeyIsRefusedAtAuthentication(t *testing.T) {
	h := newHarness(t, "a.devries")
	stranger, _ := newSigner(t)
	if _, err := h.dial(stranger); err == nil || !strings.Contains(err.Error(), "unable to authenticate") {
		t.Fatalf("an unlisted key got in: %v", err)
	}
	// A removed adviser is refused from then on, without a restart.
	if err := advisers.Remove(filepath.Join(h.dir, "advisers"), "a.devries"); err != nil {
		t.Fatal(err)
	}
	if _, err := h.dial(h.keys["a.devries"]); err == nil {
		t.Fatal("a removed adviser got in")
	}
}

func TestHostKeyIsPrivate(t *testing.T) {
	h := newHarness(t)
	fi, err := os.Stat(filepath.Join(h.dir, "hostkey"))
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("host key mode %o", fi.Mode().Perm())
	}
}

func TestCommandsOverSSHAreAttributedToTheKey(t *testing.T) {
	h := newHarness(t, "a.devries", "m.bakker")
	a := h.run("a.devries", "", "check", "--json", "--today", "2026-12-01")
	b := h.run("m.bakker", "", "check", "--json", "--today", "2026-12-01")
	if a.code != 0 || a.stdout != b.stdout || strings.Count(a.stdout, "\n") != 13 {
		t.Fatalf("two advisers see different queues:\n%s\n%s", a.stdout, b.stdout)
	}
	r := h.run("a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01")
	if r.code != 0 || !strings.Contains(r.stdout, "(by a.devries)") {
		t.Fatalf("%+v", r)
	}
	// Usage errors and refusals keep their exit codes over SSH.
	if r := h.run("m.bakker", "", "decide", "MA-2026-0001", "maybe"); r.code != cli.ExitUsage {
		t.Fatalf("usage error over ssh: %+v", r)
	}
	if r := h.run("m.bakker", "", "decide", "MA-2026-0003", "approve", "--today", "2026-12-01"); r.code != cli.ExitError {
		t.Fatalf("refusal over ssh: %+v", r)
	}
	// Local-only commands do not run remotely.
	if r := h.run("m.bakker", "", "key", "init"); r.code != cli.ExitError || !strings.Contains(r.stderr, "needs the role admin") {
		t.Fatalf("key init over ssh: %+v", r)
	}
	log := h.run("m.bakker", "", "audit", "--request", "MA-2026-0001", "--json")
	var last struct {
		Adviser     string `json:"adviser"`
		AccessPoint string `json:"access_point"`
	}
	lines := strings.Split(strings.TrimSpace(log.stdout), "\n")
	json.Unmarshal([]byte(lines[len(lines)-1]), &last)
	if last.Adviser != "a.devries" || !strings.HasPrefix(last.AccessPoint, "ssh 127.0.0.1:") {
		t.Fatalf("the decision's entry: %s", lines[len(lines)-1])
	}
}

func TestFourEyesAcrossAdvisers(t *testing.T) {
	h := newHarness(t, "a.devries", "m.bakker")
	if r := h.run("a.devries", "", "decide", "MA-2026-0007", "reject", "--code", "not_indicated", "--reason", "Geen indicatie", "--today", "2026-12-01"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	r := h.run("a.devries", "", "decide", "MA-2026-0007", "concur")
	if r.code != 1 || !strings.Contains(r.stderr, "a.devries proposed this rejection") {
		t.Fatalf("the proposer concurred: %+v", r)
	}
	if r := h.run("m.bakker", "", "decide", "MA-2026-0007", "concur"); r.code != 0 {
		t.Fatal(r.stderr)
	}
	row, _ := h.store.Row("MA-2026-0007")
	if row.State != authz.StateRejected {
		t.Fatalf("state %s", row.State)
	}
}

func TestLocalCommandNamesTheServer(t *testing.T) {
	h := newHarness(t, "a.devries")
	path := h.store.Path()
	os.WriteFile(cli.ServeInfoPath(path), fmt.Appendf(nil, "%s %d\n", h.addr, os.Getpid()), 0o600)
	_, _, err := cli.OpenLocal(path)
	if err == nil || !strings.Contains(err.Error(), "in use") || !strings.Contains(err.Error(), "ssh -p") {
		t.Fatalf("%v", err)
	}
}

// TestConcurrentDecisionsAreNeitherLostNorDoubled has sixteen advisers
// decide overlapping requests at once.
func TestConcurrentDecisionsAreNeitherLostNorDoubled(t *testing.T) {
	names := make([]string, 16)
	for i := range names {
		names[i] = fmt.Sprintf("adviser%02d", i)
	}
	h := newHarness(t, names...)
	ids := []string{"MA-2026-0001", "MA-2026-0002", "MA-2026-0010", "MA-2026-0012"}
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := map[string][]string{}
	for i, n := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range ids {
				id := ids[(i+j)%len(ids)]
				r := h.run(n, "", "decide", id, "approve", "--today", "2026-12-01")
				switch {
				case r.code == 0:
					mu.Lock()
					wins[id] = append(wins[id], n)
					mu.Unlock()
				case r.code == 1 && strings.Contains(r.stderr, "approved"):
					// told why: someone else decided first
				default:
					t.Errorf("%s on %s: %+v", n, id, r)
				}
			}
		}()
	}
	wg.Wait()
	n := 0
	h.store.Decisions(func(d *authz.Decision) error { n++; return nil })
	if n != len(ids) {
		t.Fatalf("%d decisions recorded, want %d", n, len(ids))
	}
	for _, id := range ids {
		if len(wins[id]) != 1 {
			t.Errorf("%s decided by %v", id, wins[id])
		}
	}
	if _, err := h.store.VerifyAudit(nil); err != nil {
		t.Fatal(err)
	}
}

func TestClaimKeepsOthersOut(t *testing.T) {
	h := newHarness(t, "a.devries", "m.bakker")
	if err := h.store.Claim("MA-2026-0001", "a.devries"); err != nil {
		t.Fatal(err)
	}
	r := h.run("m.bakker", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01")
	if r.code != 1 || !strings.Contains(r.stderr, "in review by a.devries") {
		t.Fatalf("%+v", r)
	}
	if r := h.run("a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("the claimer was refused: %s", r.stderr)
	}
	if _, held := h.store.ClaimOf("MA-2026-0001"); held {
		t.Fatal("the claim outlived the decision")
	}
}

// live is how soon a write by one adviser must show on another's screen.
const live = time.Second

// syncBuffer collects a session's output as it arrives. Like a terminal,
// it answers the server's query for the primary device attributes (and
// the background colour asked with it), once.
type syncBuffer struct {
	mu       sync.Mutex
	buf      bytes.Buffer
	answer   func(string)
	answered bool
}

// terminalAnswer is what xterm answers to ansi.RequestBackgroundColor and
// ansi.RequestPrimaryDeviceAttributes: a black background, a VT220.
const terminalAnswer = "\x1b]11;rgb:0000/0000/0000\x1b\\" + "\x1b[?62;22c"

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	n, err := b.buf.Write(p)
	if !b.answered && b.answer != nil && strings.Contains(b.buf.String(), ansi.RequestPrimaryDeviceAttributes) {
		b.answered = true
		go b.answer(terminalAnswer)
	}
	return n, err
}

func (b *syncBuffer) from(off int) string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()[min(off, b.buf.Len()):]
}

func (b *syncBuffer) len() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len()
}

// screen is an adviser's review TUI over SSH, in a 120×40 terminal.
type screen struct {
	t      *testing.T
	name   string
	client *gossh.Client
	sess   *gossh.Session
	in     io.WriteCloser
	out    *syncBuffer
	done   chan error
}

// openTUI logs in as an adviser with a terminal and opens the review
// screen; it waits until the queue shows.
func (h *harness) openTUI(name string) *screen {
	h.t.Helper()
	return h.openTUIWith(name, "[open 13]", "decided today")
}

// openTUIWith opens the review screen and waits until it shows want.
func (h *harness) openTUIWith(name string, want ...string) *screen {
	h.t.Helper()
	c, err := h.dial(h.keys[name])
	if err != nil {
		h.t.Fatalf("dial as %s: %v", name, err)
	}
	sess, err := c.NewSession()
	if err != nil {
		h.t.Fatal(err)
	}
	sc := &screen{t: h.t, name: name, client: c, sess: sess, out: &syncBuffer{}, done: make(chan error, 1)}
	h.t.Cleanup(func() { sc.client.Close() })
	sess.Stdout, sess.Stderr = sc.out, sc.out
	if sc.in, err = sess.StdinPipe(); err != nil {
		h.t.Fatal(err)
	}
	sc.out.answer = func(s string) { io.WriteString(sc.in, s) }
	if err := sess.RequestPty("xterm-256color", 40, 120, gossh.TerminalModes{gossh.ECHO: 0}); err != nil {
		h.t.Fatal(err)
	}
	if err := sess.Shell(); err != nil {
		h.t.Fatal(err)
	}
	go func() { sc.done <- sess.Wait() }()
	sc.waitFor(0, 10*time.Second, want...)
	return sc
}

// mark is where the output stands now: waitFor(mark, ...) looks only at
// what is drawn after it.
func (sc *screen) mark() int { return sc.out.len() }

// waitFor waits until everything in want has been drawn since a mark,
// escape sequences left out, and fails the test after within.
func (sc *screen) waitFor(mark int, within time.Duration, want ...string) {
	sc.t.Helper()
	deadline := time.Now().Add(within)
	for {
		text := ansi.Strip(sc.out.from(mark))
		missing := ""
		for _, w := range want {
			if !strings.Contains(text, w) {
				missing = w
				break
			}
		}
		if missing == "" {
			return
		}
		if time.Now().After(deadline) {
			sc.t.Fatalf("%s's screen did not show %q within %v; it drew:\n%s", sc.name, missing, within, text)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// press sends keys as the terminal would.
func (sc *screen) press(keys ...string) {
	sc.t.Helper()
	for _, k := range keys {
		if _, err := io.WriteString(sc.in, k); err != nil {
			sc.t.Fatalf("keys to %s: %v", sc.name, err)
		}
		time.Sleep(20 * time.Millisecond) // one key a read: a lone esc stays esc
	}
}

// firstOpen is the request at the top of the open view.
func (h *harness) firstOpen() store.Row {
	h.t.Helper()
	rows, err := h.store.Rows(store.ViewOpen, nil, 1, false)
	if err != nil || len(rows) == 0 {
		h.t.Fatalf("first open row: %v", err)
	}
	return rows[0]
}

// waitUnclaimed waits until nobody has a claim on a request.
func (h *harness) waitUnclaimed(id string, within time.Duration) {
	h.t.Helper()
	deadline := time.Now().Add(within)
	for {
		cl, held := h.store.ClaimOf(id)
		if !held {
			return
		}
		if time.Now().After(deadline) {
			h.t.Fatalf("%s is still claimed by %s after %v", id, cl.Adviser, within)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestDecisionShowsOnOtherScreensWithinASecond: two advisers have the
// queue open; one decides a request; the other's screen changes without a
// key.
func TestDecisionShowsOnOtherScreensWithinASecond(t *testing.T) {
	h := newHarness(t, "a.devries", "m.bakker")
	a := h.openTUI("a.devries")
	b := h.openTUI("m.bakker")
	ma, mb := a.mark(), b.mark()
	if r := h.run("a.devries", "", "decide", "MA-2026-0001", "approve", "--today", "2026-12-01"); r.code != 0 {
		t.Fatalf("%+v", r)
	}
	b.waitFor(mb, live, "[open 12]", "decided today 1")
	a.waitFor(ma, live, "[open 12]", "decided today 1")

	// The decided view of the other adviser shows it too, once asked for.
	mb = b.mark()
	b.press("5")
	b.waitFor(mb, 5*time.Second, "[decided 1]", "MA-2026-0001")
}

// TestOpenFormShowsInReviewOnOtherScreens: opening a decision form claims
// the request; the other adviser sees who reviews it, cannot open a form on
// it, and sees the claim end with esc and with the session.
func TestOpenFormShowsInReviewOnOtherScreens(t *testing.T) {
	h := newHarness(t, "a.devries", "m.bakker")
	a := h.openTUI("a.devries")
	b := h.openTUI("m.bakker")
	first := h.firstOpen() // the selected row of both screens

	ma, mb := a.mark(), b.mark()
	a.press("r") // the reject form opens on any open request
	a.waitFor(ma, 5*time.Second, "reason code", "motivation")
	b.waitFor(mb, live, "in review by a.devries")
	if cl, held := h.store.ClaimOf(first.ID); !held || cl.Adviser != "a.devries" {
		t.Fatalf("the form did not claim %s: %+v", first.ID, cl)
	}

	// The other adviser's form does not open, and says why.
	mb = b.mark()
	b.press("a")
	b.waitFor(mb, 5*time.Second, first.ID+" is in review by a.devries: try again")
	if cl, _ := h.store.ClaimOf(first.ID); cl.Adviser != "a.devries" {
		t.Fatalf("the claim moved to %s", cl.Adviser)
	}
	// Nor does a command decide it.
	if r := h.run("m.bakker", "", "decide", first.ID, "reject", "--code", "other", "--reason", "x"); r.code != cli.ExitError || !strings.Contains(r.stderr, "in review by a.devries") {
		t.Fatalf("decide on a claimed request: %+v", r)
	}

	// esc ends the claim, and the other screen shows the request free.
	mb = b.mark()
	a.press("\x1b")
	h.waitUnclaimed(first.ID, live)
	b.waitFor(mb, live, first.ID+" · "+first.Name)

	// So does the end of the session.
	ma, mb = a.mark(), b.mark()
	a.press("r")
	a.waitFor(ma, 5*time.Second, "motivation")
	b.waitFor(mb, live, "in review by a.devries")
	mb = b.mark()
	a.client.Close()
	h.waitUnclaimed(first.ID, 5*time.Second)
	b.waitFor(mb, live, first.ID+" · "+first.Name)
}

// TestShutdownTellsTheReviewSession: a graceful shutdown tells the adviser
// on their screen and ends their session.
func TestShutdownTellsTheReviewSession(t *testing.T) {
	h := newHarness(t, "a.devries")
	a := h.openTUI("a.devries")
	m := a.mark()
	shut := make(chan error, 1)
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		shut <- h.srv.Shutdown(ctx)
	}()
	a.waitFor(m, 5*time.Second, "the server is shutting down")
	select {
	case err := <-a.done:
		if err != nil {
			t.Fatalf("the session ended with %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the session did not end")
	}
	a.client.Close()
	select {
	case err := <-shut:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("shutdown did not return after the last session ended")
	}
	if _, err := h.dial(h.keys["a.devries"]); err == nil {
		t.Fatal("the server still takes logins after shutdown")
	}
}

// TestShutdownRightAfterServe: a Shutdown that comes as Serve starts, or
// before it, still ends Serve (the ssh package tracks a listener only once
// its Serve is under way; a shutdown signal at start-up hung the server).
func TestShutdownRightAfterServe(t *testing.T) {
	dir := t.TempDir()
	st, err := store.Open(filepath.Join(dir, "m.db"), store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for round := range 40 {
		srv, err := New(Config{Addr: "127.0.0.1:0", HostKeyPath: filepath.Join(dir, "hostkey"), AdvisersPath: filepath.Join(dir, "advisers"), Store: st})
		if err != nil {
			t.Fatal(err)
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		start := func() { done <- srv.Serve(ln) }
		switch round % 3 {
		case 0: // Shutdown first
		case 1:
			go start()
		case 2:
			go start()
			time.Sleep(time.Millisecond)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		if err := srv.Shutdown(ctx); err != nil {
			t.Fatalf("round %d: shutdown: %v", round, err)
		}
		cancel()
		if round%3 == 0 {
			go start()
		}
		select {
		case err := <-done:
			if err != nil {
				t.Fatalf("round %d: Serve: %v", round, err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("round %d: Serve went on accepting after Shutdown", round)
		}
	}
}
