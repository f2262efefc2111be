// Command machtiging is the medical adviser's tool for prior-authorization
// requests (machtigingen) for rehabilitation care: a review TUI and a
// scriptable command line over one bbolt store.
package main

import (
	"os"

	"machtiging/cli"
	"machtiging/store"
	"machtiging/tui"
)

func main() {
	app := &cli.App{
		Stdin:  os.Stdin,
		Stdout: os.Stdout,
		Stderr: os.Stderr,
		RunTUI: func(s *store.Store, a store.Actor) error {
			return tui.Run(s, tui.Options{Actor: a})
		},
	}
	os.Exit(app.Run(os.Args[1:]))
}
