// Command machtiging is the medical adviser's tool for prior-authorization
// requests (machtigingen) for rehabilitation care: a review TUI and a
// scriptable command line over one bbolt store, and a team server that
// serves both over SSH.
package main

import (
	"context"
	"errors"
	"net"
	"os"
	"time"

	"machtiging/cli"
	"machtiging/i18n"
	"machtiging/server"
	"machtiging/store"
	"machtiging/tui"
)

func main() {
	cli.TuneRuntime()
	app := &cli.App{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		RunTUI: func(s *store.Store, a store.Actor, lang i18n.Lang) error {
			return tui.Run(s, tui.Options{Actor: a, Lang: lang})
		},
		Serve: serve,
	}
	os.Exit(app.Run(os.Args[1:]))
}

// serve runs the team server until ctx ends, then shuts it down gracefully.
func serve(ctx context.Context, o cli.ServeOptions) error {
	srv, err := server.New(server.Config{
		Addr: o.Addr, HostKeyPath: o.HostKeyPath, AdvisersPath: o.AdvisersPath,
		IdleTimeout: o.IdleTimeout, MaxTimeout: o.MaxTimeout, Store: o.Store, Log: os.Stderr,
	})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return err
	}
	if o.Ready != nil {
		o.Ready(ln.Addr())
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shut, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shut); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return <-done
}
