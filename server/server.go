// Package server is the team server: one process owns the store and serves
// the review TUI, and the command line, to every listed adviser over SSH.
package server

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/ssh"
	"github.com/charmbracelet/wish"
	"github.com/muesli/termenv"
	gossh "golang.org/x/crypto/ssh"

	"machtiging/advisers"
	"machtiging/audit"
	"machtiging/cli"
	"machtiging/i18n"
	"machtiging/roles"
	"machtiging/store"
	"machtiging/tui"
)

// Defaults of `machtiging serve`.
const (
	DefaultAddr        = "127.0.0.1:23234"
	DefaultIdleTimeout = 30 * time.Minute
	DefaultMaxTimeout  = 12 * time.Hour
)

// Config sets up a server.
type Config struct {
	Addr         string
	HostKeyPath  string // made, 0600, on first start
	AdvisersPath string // authorized_keys with the adviser's name as comment
	IdleTimeout  time.Duration
	MaxTimeout   time.Duration
	Store        *store.Store
	// Log receives one line per connection event; nil discards.
	Log io.Writer
}

// HostKeyPath and AdvisersPath are the defaults beside a store.
func HostKeyPath(storePath string) string {
	return filepath.Join(filepath.Dir(storePath), "ssh_host_ed25519")
}

// AdvisersPath is the default advisers file beside a store.
func AdvisersPath(storePath string) string {
	return filepath.Join(filepath.Dir(storePath), "advisers")
}

// Server serves the store over SSH.
type Server struct {
	cfg Config
	ssh *ssh.Server

	mu        sync.Mutex
	programs  map[*tea.Program]*review
	reviewsBy map[string]int // open review sessions per adviser
	closing   bool
	listeners map[net.Listener]struct{} // those Serve accepts on
	active    sync.WaitGroup            // sessions under way
}

type ctxKey struct{}

// New makes a server; Serve or ListenAndServe starts it.
func New(cfg Config) (*Server, error) {
	if cfg.Store == nil {
		return nil, errors.New("serve: no store")
	}
	if cfg.Addr == "" {
		cfg.Addr = DefaultAddr
	}
	if cfg.IdleTimeout == 0 {
		cfg.IdleTimeout = DefaultIdleTimeout
	}
	if cfg.MaxTimeout == 0 {
		cfg.MaxTimeout = DefaultMaxTimeout
	}
	if cfg.Log == nil {
		cfg.Log = io.Discard
	}
	if err := os.MkdirAll(filepath.Dir(cfg.HostKeyPath), 0o700); err != nil {
		return nil, fmt.Errorf("serve: host key %s: %w", cfg.HostKeyPath, err)
	}
	srv := &Server{cfg: cfg, programs: make(map[*tea.Program]*review), reviewsBy: make(map[string]int)}
	s, err := wish.NewServer(
		wish.WithAddress(cfg.Addr),
		wish.WithHostKeyPath(cfg.HostKeyPath),
		wish.WithPublicKeyAuth(srv.authenticate),
		wish.WithIdleTimeout(cfg.IdleTimeout),
		wish.WithMaxTimeout(cfg.MaxTimeout),
		wish.WithMiddleware(func(ssh.Handler) ssh.Handler { return srv.session }),
	)
	if err != nil {
		return nil, fmt.Errorf("serve: %w", err)
	}
	if err := os.Chmod(cfg.HostKeyPath, 0o600); err != nil {
		return nil, fmt.Errorf("serve: host key %s: %w", cfg.HostKeyPath, err)
	}
	srv.ssh = s
	return srv, nil
}

func (srv *Server) logf(format string, args ...any) {
	fmt.Fprintf(srv.cfg.Log, time.Now().UTC().Format(time.RFC3339)+" "+format+"\n", args...)
}

// adviserOf looks a key up in the advisers file, read anew each time, so
// that `adviser add` and `adviser remove` apply without a restart.
func (srv *Server) adviserOf(key ssh.PublicKey) (advisers.Adviser, bool) {
	list, err := advisers.Load(srv.cfg.AdvisersPath)
	if err != nil {
		srv.logf("refusing every key: %v", err)
		return advisers.Adviser{}, false
	}
	return advisers.Find(list, key)
}

// authenticate admits only listed keys, before a session exists.
func (srv *Server) authenticate(ctx ssh.Context, key ssh.PublicKey) bool {
	a, ok := srv.adviserOf(key)
	if !ok {
		srv.logf("refused key %s from %s", gossh.FingerprintSHA256(key), ctx.RemoteAddr())
		return false
	}
	ctx.SetValue(ctxKey{}, a.Name)
	return true
}

// session runs one SSH session: a command, or the TUI.
func (srv *Server) session(sess ssh.Session) {
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		fmt.Fprintln(sess.Stderr(), "machtiging: "+clientCatalog(sess).Refused.ServerClosing)
		sess.Exit(cli.ExitError)
		return
	}
	srv.active.Add(1)
	srv.mu.Unlock()
	defer srv.active.Done()
	a, ok := srv.adviserOf(sess.PublicKey())
	name, _ := sess.Context().Value(ctxKey{}).(string)
	if !ok || a.Name != name {
		fmt.Fprintln(sess.Stderr(), "machtiging: "+clientCatalog(sess).Refused.KeyUnlisted)
		sess.Exit(cli.ExitError)
		return
	}
	// The role is the one the file gives now: a change applies from the
	// next command or login, without a restart.
	actor := store.Actor{Adviser: a.Name, AccessPoint: "ssh " + sess.RemoteAddr().String()}
	env := envOf(sess, a)
	if cmd := sess.Command(); len(cmd) > 0 {
		_, _, isPty := sess.Pty()
		app := &cli.App{Stdin: sess, Stdout: sess, Stderr: sess.Stderr(), Actor: actor, Shared: srv.cfg.Store,
			Remote: true, Role: a.Role, AdvisersPath: srv.cfg.AdvisersPath, RemoteTerminal: isPty,
			Getenv: env.Getenv}
		code := app.Run(cmd)
		srv.logf("%s (%s) ran %q: exit %d", actor.Adviser, a.Role, sess.RawCommand(), code)
		sess.Exit(code)
		return
	}
	if refusal := roles.Authorize(a.Role, roles.ReviewScreen); refusal != nil {
		srv.refuseReview(sess, env, actor, a.Role, refusal)
		return
	}
	pty, winCh, isPty := sess.Pty()
	if !isPty {
		fmt.Fprintln(sess.Stderr(), "machtiging: "+i18n.For(i18n.FromEnv(env.Getenv)).Refused.NeedsTerminal)
		sess.Exit(cli.ExitUsage)
		return
	}
	srv.runTUI(sess, env, actor, a.Role, pty, winCh)
}

// envOf is a session's environment: what the client sent, and the
// language the advisers file sets for the key (lang=nl), which goes before
// the client's locale; --lang on a command still goes first.
func envOf(sess ssh.Session, a advisers.Adviser) sessionEnv {
	env := sessionEnv(sess.Environ())
	if a.Lang != "" {
		env = append(env, "MACHTIGING_LANG="+a.Lang)
	}
	return env
}

// refuseReview tells a key whose role has no review screen so, in one
// line, logs the refusal, and ends the session: no queue is drawn.
func (srv *Server) refuseReview(sess ssh.Session, env sessionEnv, actor store.Actor, role roles.Role, refusal error) {
	e := audit.Entry{Action: audit.Execute, Event: audit.EventSession, Outcome: audit.Refused,
		Detail: fmt.Sprintf("%s refused to the role %s: it needs the role %s", roles.ReviewScreen, role, roles.ReviewScreen.Roles())}
	text := i18n.For(i18n.FromEnv(env.Getenv)).ErrorText(refusal)
	if err := srv.cfg.Store.Log(actor, e, nil); err != nil {
		text = fmt.Sprintf("%s (and the refusal could not be logged: %v)", text, err)
	}
	srv.logf("%s (%s) was refused the review screen", actor.Adviser, role)
	fmt.Fprintf(sess.Stderr(), "machtiging: %s\n", text)
	sess.Exit(cli.ExitError)
}

func (srv *Server) runTUI(sess ssh.Session, base sessionEnv, actor store.Actor, role roles.Role, pty ssh.Pty, winCh <-chan ssh.Window) {
	st := srv.cfg.Store
	cat := i18n.For(i18n.FromEnv(base.Getenv))
	if err := st.Log(actor, audit.Entry{Action: audit.Execute, Event: audit.EventSession, Detail: "review session opened"}, nil); err != nil {
		fmt.Fprintf(sess.Stderr(), "machtiging: %s\n", errorText(cat, err))
		sess.Exit(cli.ExitError)
		return
	}
	// Each session draws with its own renderer, set from what the client
	// sent (TERM, NO_COLOR, COLORFGBG). It never queries the terminal:
	// wish's MakeRenderer asks for the background colour, and a client that
	// does not answer would see no screen until it typed.
	env := append(append(sessionEnv{}, base...), "TERM="+pty.Term)
	renderer := lipgloss.NewRenderer(sess, termenv.WithEnvironment(env), termenv.WithUnsafe(), termenv.WithColorCache(true))
	tui.ConfigureRenderer(renderer, env.Getenv)
	model := tui.New(st, tui.Options{Actor: actor, Role: role, Renderer: renderer, Lang: i18n.FromEnv(env.Getenv)})
	defer model.Close()
	p := tea.NewProgram(model, tea.WithInput(sess), tea.WithOutput(sess), tea.WithAltScreen())
	rv := &review{sess: sess, cat: cat}
	if !srv.track(p, rv) {
		fmt.Fprintln(sess.Stderr(), "machtiging: "+cat.Refused.ServerClosing)
		sess.Exit(cli.ExitError)
		return
	}
	defer srv.untrack(p)
	ctx, cancel := context.WithCancel(sess.Context())
	defer cancel()
	srv.enterReview(actor.Adviser)
	go func() {
		p.Send(tea.WindowSizeMsg{Width: pty.Window.Width, Height: pty.Window.Height})
		for {
			select {
			case w, ok := <-winCh:
				if !ok {
					winCh = nil // closed as the client leaves: wait for ctx
					continue
				}
				p.Send(tea.WindowSizeMsg{Width: w.Width, Height: w.Height})
			case <-ctx.Done():
				// The session ended (or the adviser quit): end its claims
				// now, not when the program gets round to it, and make
				// sure the program ends.
				srv.leaveReview(actor.Adviser)
				go p.Quit()
				time.AfterFunc(quitGrace, p.Kill)
				return
			}
		}
	}()
	srv.logf("%s opened the review screen from %s", actor.Adviser, sess.RemoteAddr())
	_, err := p.Run()
	if srv.isClosing() {
		rv.tell()
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		fmt.Fprintf(sess.Stderr(), "machtiging: %s\n", errorText(cat, err))
		sess.Exit(cli.ExitError)
		return
	}
	sess.Exit(cli.ExitOK)
}

// sessionEnv is a session's environment as termenv reads it; a later
// entry wins over an earlier one.
type sessionEnv []string

func (e sessionEnv) Environ() []string { return e }

func (e sessionEnv) Getenv(key string) string {
	v := ""
	for _, kv := range e {
		if k, val, ok := strings.Cut(kv, "="); ok && k == key {
			v = val
		}
	}
	return v
}

// enterReview counts an adviser's open review sessions.
func (srv *Server) enterReview(adviser string) {
	srv.mu.Lock()
	srv.reviewsBy[adviser]++
	srv.mu.Unlock()
}

// leaveReview ends the adviser's claims when their last review session
// ends; claims taken in another of their sessions stay while it is open.
func (srv *Server) leaveReview(adviser string) {
	srv.mu.Lock()
	srv.reviewsBy[adviser]--
	last := srv.reviewsBy[adviser] <= 0
	if last {
		delete(srv.reviewsBy, adviser)
	}
	srv.mu.Unlock()
	if last {
		srv.cfg.Store.ReleaseAll(adviser)
	}
}

// review is one review session, for Shutdown to tell.
type review struct {
	sess ssh.Session
	cat  *i18n.Catalog // the session's language
	once sync.Once
}

// tell says, once, that the server stops, and ends the session. A program
// ended by Kill leaves the alternate screen as it was: leave it and show
// the cursor first.
func (rv *review) tell() {
	rv.once.Do(func() {
		fmt.Fprint(rv.sess, "\x1b[?1049l\x1b[?25h")
		fmt.Fprintln(rv.sess, "machtiging: "+rv.cat.Refused.SessionEnds)
		rv.sess.Exit(cli.ExitOK)
	})
}

func (srv *Server) track(p *tea.Program, rv *review) bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	if srv.closing {
		return false
	}
	srv.programs[p] = rv
	return true
}

func (srv *Server) untrack(p *tea.Program) {
	srv.mu.Lock()
	delete(srv.programs, p)
	srv.mu.Unlock()
}

func (srv *Server) isClosing() bool {
	srv.mu.Lock()
	defer srv.mu.Unlock()
	return srv.closing
}

// Serve accepts connections on ln until Shutdown. The server keeps track
// of ln itself: the ssh package registers a listener only once its Serve
// is under way, so a Shutdown that came first would leave Serve accepting
// for ever.
func (srv *Server) Serve(ln net.Listener) error {
	srv.mu.Lock()
	if srv.closing {
		srv.mu.Unlock()
		ln.Close()
		return nil
	}
	if srv.listeners == nil {
		srv.listeners = map[net.Listener]struct{}{}
	}
	srv.listeners[ln] = struct{}{}
	srv.mu.Unlock()
	defer func() {
		srv.mu.Lock()
		delete(srv.listeners, ln)
		srv.mu.Unlock()
	}()
	err := srv.ssh.Serve(ln)
	if errors.Is(err, ssh.ErrServerClosed) || errors.Is(err, net.ErrClosed) && srv.isClosing() {
		return nil
	}
	return err
}

// ListenAndServe listens on the configured address.
func (srv *Server) ListenAndServe() error {
	ln, err := net.Listen("tcp", srv.cfg.Addr)
	if err != nil {
		return fmt.Errorf("serve: listen on %s: %w", srv.cfg.Addr, err)
	}
	return srv.Serve(ln)
}

// quitGrace is how long Shutdown lets review sessions quit by themselves
// before it ends their programs.
const quitGrace = 2 * time.Second

// Shutdown tells every review session that the server stops, ends them,
// waits (until ctx ends) for them and for running commands to finish, and
// then closes every connection.
func (srv *Server) Shutdown(ctx context.Context) error {
	srv.mu.Lock()
	srv.closing = true
	for ln := range srv.listeners {
		ln.Close() // no new sessions from here on
	}
	programs := make([]*tea.Program, 0, len(srv.programs))
	reviews := make([]*review, 0, len(srv.programs))
	for p, rv := range srv.programs {
		programs = append(programs, p)
		reviews = append(reviews, rv)
	}
	srv.mu.Unlock()
	for _, p := range programs {
		go p.Quit() // Send blocks until the program reads it: never under the lock
	}
	finished := make(chan struct{})
	go func() { srv.active.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
	case <-time.After(quitGrace):
		// Sessions that did not end by themselves are told and closed
		// here, whatever their program is doing.
		for i, p := range programs {
			reviews[i].tell()
			p.Kill()
		}
		select {
		case <-finished:
		case <-ctx.Done():
		}
	}
	err := srv.ssh.Shutdown(ctx)
	if errors.Is(err, net.ErrClosed) {
		err = nil // the listeners Shutdown closed above
	}
	if errors.Is(err, context.DeadlineExceeded) || errors.Is(err, context.Canceled) {
		if err := srv.ssh.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			return err
		}
		return nil
	}
	return err
}

// clientCatalog is the catalogue of the language the client's environment
// asks for, before the key's adviser is known.
func clientCatalog(sess ssh.Session) *i18n.Catalog {
	return i18n.For(i18n.FromEnv(sessionEnv(sess.Environ()).Getenv))
}

// errorText is an error for the session: its own line in English, said
// from its type in another language.
func errorText(c *i18n.Catalog, err error) string {
	if !c.CLI.Identifiers {
		if s, ok := c.Explain(err); ok {
			return s
		}
	}
	return err.Error()
}
