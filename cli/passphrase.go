package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/charmbracelet/x/term"

	"machtiging/i18n"
	"machtiging/keys"
	"machtiging/store"
)

// PassphraseFileEnv names a file holding the key file's passphrase, for a
// start without anyone at the terminal (a service, a script).
const PassphraseFileEnv = "MACHTIGING_PASSPHRASE_FILE"

// maxPassphraseFile is the most a passphrase file may hold: the longest
// passphrase in the widest UTF-8, and a line end.
const maxPassphraseFile = keys.MaxPassphrase*4 + 2

// readPassphraseFile reads a passphrase from a file: all of it but one
// line end at its end (spaces are part of the passphrase).
func readPassphraseFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", inContext(err, "passphrase file "+path+": ", func(c *i18n.Catalog) string {
			return i18n.Fill(c.Refused.PassphraseFile, "file", path)
		})
	}
	defer f.Close()
	b, err := readAllLimited(f, maxPassphraseFile)
	if err != nil {
		return "", inContext(err, "passphrase file "+path+": ", func(c *i18n.Catalog) string {
			return i18n.Fill(c.Refused.PassphraseFile, "file", path)
		})
	}
	b = bytes.TrimSuffix(b, []byte("\n"))
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return "", says(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.PassphraseFileEmpty, "file", path) },
			"passphrase file %s is empty", path)
	}
	return string(b), nil
}

// ttyPath is the controlling terminal; tests point it elsewhere.
var ttyPath = "/dev/tty"

// terminal returns the terminal to ask on: standard input when it is one,
// else the process's controlling terminal; close it when done.
func (app *App) terminal() (term.File, func(), error) {
	if f, ok := app.Stdin.(term.File); ok && term.IsTerminal(f.Fd()) {
		return f, func() {}, nil
	}
	tty, err := os.OpenFile(ttyPath, os.O_RDWR, 0)
	if err != nil {
		return nil, nil, err
	}
	if !term.IsTerminal(tty.Fd()) {
		tty.Close()
		return nil, nil, says(func(c *i18n.Catalog) string { return c.Refused.NotATerminal }, "/dev/tty is not a terminal")
	}
	return tty, func() { tty.Close() }, nil
}

// askTerminal asks for a passphrase on the terminal without echoing it.
func (app *App) askTerminal(prompt string) (string, error) {
	tty, done, err := app.terminal()
	if err != nil {
		return "", keys.ErrNoPassphrase
	}
	defer done()
	fmt.Fprint(tty, prompt)
	b, err := term.ReadPassword(tty.Fd())
	fmt.Fprint(tty, "\r\n")
	if err != nil {
		return "", inContext(err, "read the passphrase: ", func(c *i18n.Catalog) string { return c.Refused.ReadPassphrase })
	}
	return strings.TrimSuffix(string(b), "\r"), nil
}

// keyLoader reads key files for one run of a command: it asks for the
// passphrase of a protected key once ($MACHTIGING_PASSPHRASE_FILE, else on
// the terminal) and remembers it, for a rotation that protects the new key
// alike.
type keyLoader struct {
	app        *App
	passphrase string
	asked      bool
	protected  bool
}

func (app *App) newKeyLoader() *keyLoader { return &keyLoader{app: app} }

func (l *keyLoader) ask(keyPath string) (string, error) {
	if l.asked {
		return l.passphrase, nil
	}
	var p string
	var err error
	if f := os.Getenv(PassphraseFileEnv); f != "" {
		p, err = readPassphraseFile(f)
	} else {
		p, err = l.app.askTerminal(fmt.Sprintf("passphrase of key file %s: ", keyPath))
	}
	if err != nil {
		return "", err
	}
	l.passphrase, l.asked = p, true
	return p, nil
}

// load is a store.KeyLoader.
func (l *keyLoader) load(path string) ([]byte, error) {
	f, err := keys.Read(path, l.ask)
	if err != nil || f == nil {
		return nil, err
	}
	l.protected = l.protected || f.Protected
	return f.Key, nil
}

// openKeyed opens a store with its key file, finishing or undoing a key
// rotation that was cut off; it returns the key too.
func (l *keyLoader) open(path string, a store.Actor) (*store.Store, []byte, error) {
	writer, err := loadLetters(path)
	if err != nil {
		return nil, nil, err
	}
	s, key, err := store.OpenKeyed(path, store.KeyPath(path), l.load, store.Options{Actor: a, Letters: writer})
	if errors.Is(err, store.ErrInUse) {
		if addr, host, port, ok := serverAt(path); ok {
			err = &heldByServer{err, addr, host, port}
		}
	}
	return s, key, err
}
