package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"machtiging/advisers"
	"machtiging/i18n"
	"machtiging/store"
)

// ServeOptions are the settings of `machtiging serve`.
type ServeOptions struct {
	Addr, HostKeyPath, AdvisersPath string
	IdleTimeout, MaxTimeout         time.Duration
	Store                           *store.Store
	// Ready is called with the address once the server listens.
	Ready func(addr net.Addr)
}

// defaultBeside returns a file's default path beside the store.
func (app *App) defaultBeside(flag, name string) (string, error) {
	if flag != "" {
		return flag, nil
	}
	p, err := app.StorePath()
	if err != nil {
		return "", err
	}
	return filepath.Join(filepath.Dir(p), name), nil
}

// ServeInfoPath is where a running team server notes its address, so that a
// local command against the held store can say how to reach it.
func ServeInfoPath(storePath string) string { return storePath + ".serve" }

// ServerHint says how to reach the team server that holds a store, or ""
// when none notes that it does.
func ServerHint(storePath string) string {
	addr, host, port, ok := serverAt(storePath)
	if !ok {
		return ""
	}
	return fmt.Sprintf("the team server (machtiging serve on %s) holds it: run commands through it, e.g. ssh -p %s %s check --json", addr, port, host)
}

// serverAt is the address of the running team server that notes it holds
// a store.
func serverAt(storePath string) (addr, host, port string, ok bool) {
	b, err := os.ReadFile(ServeInfoPath(storePath))
	if err != nil {
		return "", "", "", false
	}
	f := strings.Fields(string(b))
	if len(f) != 2 {
		return "", "", "", false
	}
	if pid, err := strconv.Atoi(f[1]); err != nil || syscall.Kill(pid, 0) != nil {
		return "", "", "", false
	}
	host, port, err = net.SplitHostPort(f[0])
	if err != nil {
		return "", "", "", false
	}
	return f[0], host, port, true
}

// heldByServer is a store in use, held by the team server at addr: its
// text names the server, and it wraps the store's error.
type heldByServer struct {
	err              error
	addr, host, port string
}

func (e *heldByServer) Error() string {
	return fmt.Sprintf("%v; the team server (machtiging serve on %s) holds it: run commands through it, e.g. ssh -p %s %s check --json", e.err, e.addr, e.port, e.host)
}

func (e *heldByServer) Unwrap() error { return e.err }

func (app *App) serveCommand() *cobra.Command {
	var o ServeOptions
	cmd := &cobra.Command{
		Use:   "serve [--listen ADDR] [--host-key PATH] [--advisers FILE]",
		Short: "Serve the queue to a team of advisers over SSH",
		Long: `serve holds the store and serves the review TUI and the commands to every
key listed in the advisers file (authorized_keys format; after the key come
the name and the role; edit it with 'machtiging adviser'). Anyone else is
refused at authentication. Each key runs what its role allows (intake,
adviser, auditor, admin; see docs/roles.md); a refusal names the role it
needs and is logged. Every action is attributed to the key's name, with the
remote address as the access point. SIGINT or SIGTERM tells every session
and stops.`,
		Example: `  machtiging serve
  machtiging serve --listen 0.0.0.0:23234 --advisers /etc/machtiging/advisers
  ssh -p 23234 127.0.0.1                 # an adviser opens the queue
  ssh -p 23234 127.0.0.1 check --json    # or runs a command
  intake | ssh -p 23234 127.0.0.1 import -`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if app.Serve == nil {
				return says(func(c *i18n.Catalog) string { return c.Refused.NoServer }, "this build has no team server")
			}
			var err error
			if o.HostKeyPath, err = app.defaultBeside(o.HostKeyPath, "ssh_host_ed25519"); err != nil {
				return err
			}
			if o.AdvisersPath, err = app.defaultBeside(o.AdvisersPath, "advisers"); err != nil {
				return err
			}
			list, err := advisers.Load(o.AdvisersPath)
			if err != nil {
				return err
			}
			path, err := app.StorePath()
			if err != nil {
				return err
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			o.Store = s
			ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
			defer stop()
			info := ServeInfoPath(path)
			ready := o.Ready
			o.Ready = func(addr net.Addr) {
				os.WriteFile(info, fmt.Appendf(nil, "%s %d\n", addr, os.Getpid()), 0o600)
				fmt.Fprintf(app.Stderr, "machtiging: serving %s on %s to %d %s%s (advisers file %s)\n", path, addr, len(list), plural(len(list), "key", "keys"), roleCounts(list), o.AdvisersPath)
				if len(list) == 0 {
					fmt.Fprintln(app.Stderr, "machtiging: no adviser is listed yet: add one with 'machtiging adviser add NAME KEY.pub'")
				}
				if ready != nil {
					ready(addr)
				}
			}
			defer os.Remove(info)
			return app.Serve(ctx, o)
		},
	}
	f := cmd.Flags()
	f.StringVar(&o.Addr, "listen", "127.0.0.1:23234", "the address to listen on")
	f.StringVar(&o.HostKeyPath, "host-key", "", "the server's host key, made on first start (default: ssh_host_ed25519 beside the store)")
	f.StringVar(&o.AdvisersPath, "advisers", "", "the advisers file (default: advisers beside the store)")
	f.DurationVar(&o.IdleTimeout, "idle-timeout", 30*time.Minute, "end a session after this long without input")
	f.DurationVar(&o.MaxTimeout, "max-timeout", 12*time.Hour, "end any session after this long")
	return cmd
}
