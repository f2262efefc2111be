package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
	"golang.org/x/sys/unix"

	"machtiging/keys"
	"machtiging/store"
)

// keyedDB makes a store with the example requests, encrypted with a key
// file of its own, with no terminal to ask on and cheap argon2id costs.
func keyedDB(t *testing.T) (db, keyPath string) {
	t.Helper()
	db = newDB(t)
	keyPath = filepath.Join(t.TempDir(), "machtiging.key")
	t.Setenv("MACHTIGING_KEY_FILE", keyPath)
	t.Setenv(PassphraseFileEnv, "")
	old, oldTTY := keys.DefaultParams, ttyPath
	keys.DefaultParams, ttyPath = keys.Params{Time: 1, MemoryKiB: 64, Threads: 1}, filepath.Join(t.TempDir(), "no-tty")
	t.Cleanup(func() { keys.DefaultParams, ttyPath = old, oldTTY })
	mustOK(t, cmd(t, db, "a.devries", "", "import", examples))
	mustOK(t, cmd(t, db, "a.devries", "", "key", "init"))
	return db, keyPath
}

func writeFile(t *testing.T, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pass")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func oneLineError(t *testing.T, r run, want string) {
	t.Helper()
	if r.code != 1 || !strings.Contains(r.stderr, want) || strings.Count(r.stderr, "\n") != 1 {
		t.Fatalf("exit %d, stderr %q; want exit 1 and one line with %q", r.code, r.stderr, want)
	}
}

func TestPassphraseProtectsTheKeyFile(t *testing.T) {
	db, keyPath := keyedDB(t)
	rawKey, _ := os.ReadFile(keyPath)
	pass := writeFile(t, "geheim wachtwoord 7\n")
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", pass))
	b, _ := os.ReadFile(keyPath)
	if !keys.IsProtected(b) || bytes.Contains(b, rawKey) {
		t.Fatalf("the key file is not protected: %q", b)
	}

	// Without a terminal and without the file: a one-line error.
	oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), PassphraseFileEnv)

	// The unattended file: its line end, LF or CR LF, is not part of it.
	for _, content := range []string{"geheim wachtwoord 7", "geheim wachtwoord 7\n", "geheim wachtwoord 7\r\n"} {
		t.Setenv(PassphraseFileEnv, writeFile(t, content))
		if r := mustOK(t, cmd(t, db, "a.devries", "", "check", "--json")); strings.Count(r.stdout, "\n") == 0 {
			t.Fatal("check printed nothing")
		}
	}

	// A wrong passphrase, or one with a space more: a one-line error, exit 1.
	for _, wrong := range []string{"geheim wachtwoord 8", "geheim wachtwoord 7 ", "Geheim wachtwoord 7"} {
		t.Setenv(PassphraseFileEnv, writeFile(t, wrong))
		oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), "the passphrase is wrong")
	}
	t.Setenv(PassphraseFileEnv, filepath.Join(t.TempDir(), "missing"))
	oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), "passphrase file")
	t.Setenv(PassphraseFileEnv, writeFile(t, ""))
	oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), "is empty")

	// A new passphrase replaces the old one; the old one no longer opens.
	t.Setenv(PassphraseFileEnv, pass)
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, "nieuw 2 wachtwoord")))
	oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), "the passphrase is wrong")
	t.Setenv(PassphraseFileEnv, writeFile(t, "nieuw 2 wachtwoord"))
	mustOK(t, cmd(t, db, "a.devries", "", "check", "--json"))
	if r := mustOK(t, cmd(t, db, "a.devries", "", "audit")); !strings.Contains(r.stdout, "given a new passphrase") {
		t.Fatalf("the access log does not record the change:\n%s", r.stdout)
	}
}

func TestKeyProtectAppliesThePassphraseRule(t *testing.T) {
	db, keyPath := keyedDB(t)
	before, _ := os.ReadFile(keyPath)
	tests := []struct{ pass, want string }{
		{"abcdef1", "at least 8"},
		{"abcdefgh", "digit"},
		{"12345678", "letter"},
		{"abc\tdefg1", "not printable"},
		{strings.Repeat("a", 1024) + "1", "at most 1024"},
	}
	for _, tc := range tests {
		oneLineError(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, tc.pass)), tc.want)
		if after, _ := os.ReadFile(keyPath); !bytes.Equal(after, before) {
			t.Fatalf("a refused passphrase %q changed the key file", tc.pass)
		}
	}
	for _, ok := range []string{"abcdefg1", strings.Repeat("b", 63) + "1", "a1 !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", "wachtwoord één 1"} {
		t.Setenv(PassphraseFileEnv, "")
		mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, ok)))
		t.Setenv(PassphraseFileEnv, writeFile(t, ok))
		mustOK(t, cmd(t, db, "a.devries", "", "check", "--json"))
		// Back to a raw key for the next: rotate keeps protection, so
		// start over from the raw bytes.
		if err := os.WriteFile(keyPath, before, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	// Unattended protect: a key not yet protected takes the
	// passphrase from MACHTIGING_PASSPHRASE_FILE.
	t.Setenv(PassphraseFileEnv, writeFile(t, "zonder terminal 9"))
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect"))
	mustOK(t, cmd(t, db, "a.devries", "", "check", "--json"))
}

func TestKeyRotateKeepsProtectionAndRefusesTheOldKey(t *testing.T) {
	db, keyPath := keyedDB(t)
	oldRaw, _ := os.ReadFile(keyPath)
	before := mustOK(t, cmd(t, db, "a.devries", "", "export", "--format", "json")).stdout
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, "rotatie 123")))
	oldProtected, _ := os.ReadFile(keyPath)
	t.Setenv(PassphraseFileEnv, writeFile(t, "rotatie 123"))
	r := mustOK(t, cmd(t, db, "a.devries", "", "key", "rotate"))
	if !strings.Contains(r.stdout, "protected by the same passphrase") {
		t.Fatalf("key rotate said: %s", r.stdout)
	}
	b, _ := os.ReadFile(keyPath)
	if !keys.IsProtected(b) || bytes.Equal(b, oldProtected) {
		t.Fatal("the new key file is not protected, or not new")
	}
	if after := mustOK(t, cmd(t, db, "a.devries", "", "export", "--format", "json")).stdout; after != before {
		t.Fatal("the export changed with the rotation")
	}
	mustOK(t, cmd(t, db, "a.devries", "", "audit", "verify"))
	// The old key, raw or protected, no longer opens the store.
	for _, old := range [][]byte{oldRaw, oldProtected} {
		if err := os.WriteFile(keyPath+".old", old, 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("MACHTIGING_KEY_FILE", keyPath+".old")
		oneLineError(t, cmd(t, db, "a.devries", "", "check", "--json"), "wrong key file")
	}
	// An unencrypted store has nothing to rotate.
	t.Setenv("MACHTIGING_KEY_FILE", filepath.Join(t.TempDir(), "none.key"))
	plain := newDB(t)
	mustOK(t, cmd(t, plain, "a.devries", "", "import", examples))
	oneLineError(t, cmd(t, plain, "a.devries", "", "key", "rotate"), "not encrypted")
}

// TestPassphraseOnTheTerminal types the passphrase on a terminal (a pty)
// once it is asked for: it is not echoed, and a wrong one is refused.
func TestPassphraseOnTheTerminal(t *testing.T) {
	db, keyPath := keyedDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, "op de terminal 5")))
	for _, tc := range []struct {
		typed string
		code  int
	}{{"op de terminal 5", 0}, {"op de terminal 6", 1}} {
		ptmx, tty, err := pty.Open()
		if err != nil {
			t.Fatalf("open a pty: %v", err)
		}
		seen := make(chan string, 1)
		// The descriptor is read here, not in the goroutine: the test
		// closes tty while the goroutine may still be polling it.
		ttyFd := int(tty.Fd())
		go func() {
			// Wait for the prompt and for echo to be off, then type.
			var all bytes.Buffer
			buf := make([]byte, 256)
			for !strings.Contains(all.String(), "passphrase of key file "+keyPath) {
				n, err := ptmx.Read(buf)
				all.Write(buf[:n])
				if err != nil {
					seen <- all.String()
					return
				}
			}
			for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
				if tio, err := unix.IoctlGetTermios(ttyFd, unix.TCGETS); err == nil && tio.Lflag&unix.ECHO == 0 {
					break
				}
			}
			io.WriteString(ptmx, tc.typed+"\r")
			for {
				n, err := ptmx.Read(buf)
				all.Write(buf[:n])
				if err != nil {
					break
				}
			}
			seen <- all.String()
		}()
		var out, errb bytes.Buffer
		app := &App{Stdin: tty, Stdout: &out, Stderr: &errb, Actor: store.Actor{Adviser: "a.devries", AccessPoint: "test"}}
		code := app.Run([]string{"--db", db, "check", "--json"})
		tty.Close()
		got := <-seen
		ptmx.Close()
		if code != tc.code {
			t.Fatalf("typed %q: exit %d, stderr %q", tc.typed, code, errb.String())
		}
		if strings.Contains(got, "terminal 5") || strings.Contains(got, "terminal 6") {
			t.Fatalf("the passphrase was echoed: %q", got)
		}
		if tc.code == 1 && !strings.Contains(errb.String(), "the passphrase is wrong") {
			t.Fatalf("a wrong passphrase: %q", errb.String())
		}
	}
}

// TestServeReadsThePassphraseFile: serve opens a store with a protected
// key from MACHTIGING_PASSPHRASE_FILE, unattended; without it, it stops
// with one line before serving.
func TestServeReadsThePassphraseFile(t *testing.T) {
	db, _ := keyedDB(t)
	mustOK(t, cmd(t, db, "a.devries", "", "key", "protect", "--passphrase-file", writeFile(t, "dienst start 24")))
	served := 0
	serve := func(args ...string) run {
		var out, errb bytes.Buffer
		app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
			Serve: func(ctx context.Context, o ServeOptions) error {
				served++
				if !o.Store.Encrypted() {
					t.Error("serve got an unencrypted store")
				}
				_, err := o.Store.Counts()
				return err
			}}
		code := app.Run(append([]string{"--db", db, "serve", "--advisers", filepath.Join(t.TempDir(), "advisers")}, args...))
		return run{code, out.String(), errb.String()}
	}
	oneLineError(t, serve(), PassphraseFileEnv)
	if served != 0 {
		t.Fatal("serve started without the passphrase")
	}
	t.Setenv(PassphraseFileEnv, writeFile(t, "dienst start 24\n"))
	mustOK(t, serve())
	if served != 1 {
		t.Fatal("serve did not start")
	}
}
