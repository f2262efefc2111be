package cli

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"strings"
	"syscall"

	"machtiging/i18n"
)

// errorLine is an error's one line for a person. In English it is the
// error's own text, as it always was; in another language every part of
// it is said by its type (i18n's Catalog.Explain and the command line's
// own typed errors below), never by reading its English text.
func (app *App) errorLine(err error) string {
	c := app.catalog()
	if c.CLI.Identifiers {
		return oneLine(err.Error())
	}
	return oneLine(say(c, err))
}

// say is an error in the catalogue's language. A wrapper made by
// fmt.Errorf adds a command and its operands in front ("import FILE: ",
// "key rotate: "), which stay as they are, and what it wraps is said
// again; a wrapper with words of its own is a *contextError.
func say(c *i18n.Catalog, err error) string {
	// An unknown or purged request, or a store held by another process,
	// is said whole: the request or the store is all there is to say.
	if s, ok := c.StoreError(err); ok {
		var held *heldByServer
		if errors.As(err, &held) {
			s += i18n.Fill(c.Commands.HeldByServer, "addr", held.addr, "host", held.host, "port", held.port)
		}
		return s
	}
	switch e := err.(type) {
	case usageError:
		return say(c, e.err)
	case *spoken:
		return e.text(c)
	case *contextError:
		// A file's error whose path the words name already.
		var pe *fs.PathError
		if errors.As(e.err, &pe) && e.err == error(pe) && strings.Contains(e.en, pe.Path) {
			if s, ok := c.Explain(pe.Err); ok {
				return e.words(c) + s
			}
		}
		return e.words(c) + say(c, e.err)
	case *said:
		return e.text
	case *argsError:
		return e.words(c)
	case *requiredFlagsError:
		return i18n.Fill(c.Errors.RequiredFlags, "command", e.command, "flags", strings.Join(e.flags, ", "))
	case *net.OpError:
		if e.Op == "listen" {
			return listenError(c, e)
		}
	case *fs.PathError:
		if s, ok := c.Explain(e.Err); ok {
			return e.Path + ": " + s
		}
		return e.Error()
	}
	if isPlainWrapper(err) {
		inner := errors.Unwrap(err)
		if prefix, ok := strings.CutSuffix(err.Error(), inner.Error()); ok {
			return prefix + say(c, inner)
		}
	}
	if s, ok := c.Explain(err); ok {
		return s
	}
	return err.Error()
}

// isPlainWrapper reports whether err was made by fmt.Errorf with one %w:
// its type is fmt's own, unexported, so it is told by its name.
func isPlainWrapper(err error) bool {
	return fmt.Sprintf("%T", err) == "*fmt.wrapError"
}

// spoken is an error of the command line itself with its words in every
// language: Error is the English line, as it always was; text says it in
// a catalogue.
type spoken struct {
	en   error
	text func(c *i18n.Catalog) string
}

func (e *spoken) Error() string { return e.en.Error() }
func (e *spoken) Unwrap() error { return errors.Unwrap(e.en) }

// speak makes a spoken error.
func speak(en error, text func(c *i18n.Catalog) string) error {
	return &spoken{en: en, text: text}
}

// contextError puts words of the command line in front of an error: en
// in English (as fmt.Errorf("...: %w") did), words in a catalogue.
type contextError struct {
	en    string
	words func(c *i18n.Catalog) string
	err   error
}

func (e *contextError) Error() string { return e.en + e.err.Error() }
func (e *contextError) Unwrap() error { return e.err }

// usageSays is a usage error (exit 2): its English line is format's, as
// usagef makes it; text says it in a catalogue.
func usageSays(text func(c *i18n.Catalog) string, format string, args ...any) error {
	return usageError{speak(fmt.Errorf(format, args...), text)}
}

// says is an error (exit 1): its English line is format's; text says it
// in a catalogue.
func says(text func(c *i18n.Catalog) string, format string, args ...any) error {
	return speak(fmt.Errorf(format, args...), text)
}

// inContext wraps err with words in front: en is the English prefix
// (with its ": "), words the catalogue's.
func inContext(err error, en string, words func(c *i18n.Catalog) string) error {
	return &contextError{en: en, words: words, err: err}
}

// choices joins two choices with the catalogue's "or".
func choices(c *i18n.Catalog, a, b string) string {
	return a + " " + c.Refused.Or + " " + b
}

// listenError is an address the team server cannot listen on.
func listenError(c *i18n.Catalog, e *net.OpError) string {
	addr := ""
	var ae *net.AddrError
	switch {
	case e.Addr != nil:
		addr = e.Addr.String()
	case errors.As(e.Err, &ae):
		addr = ae.Addr
	}
	why := c.Refused.AddrUnusable
	switch {
	case errors.Is(e.Err, syscall.EADDRINUSE):
		why = c.Refused.AddrInUse
	case errors.Is(e.Err, fs.ErrPermission):
		why = c.Errors.FileDenied
	}
	return i18n.Fill(c.Refused.Listen, "addr", addr) + ": " + why
}
