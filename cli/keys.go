package cli

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"machtiging/audit"
	"machtiging/i18n"
	"machtiging/keys"
	"machtiging/store"
)

func (app *App) keyRotateCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "rotate",
		Short: "Re-seal the store under a new key and replace the key file",
		Long: `key rotate makes a new key, re-seals every value of the store under it in a
fresh copy of the file, and replaces the store file and then the key file
with the new ones. It is all or nothing: if the machine or the process stops
at any moment, the next machtiging command finds the store whole, under the
old key or the new one, and finishes or undoes the rotation itself. A key
protected by a passphrase stays protected by the same passphrase.

Afterwards the old key no longer opens the store. Backups made before the
rotation are still sealed under the old key: keep a copy of the old key as
long as you keep those backups.`,
		Example: `  machtiging key rotate
  MACHTIGING_PASSPHRASE_FILE=/run/secrets/machtiging machtiging key rotate`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, keyPath, l, s, _, err := app.openEncrypted("key rotate")
			if err != nil {
				return err
			}
			defer s.Close()
			pass := "" // an unprotected key stays unprotected
			if l.protected {
				pass = l.passphrase
			}
			n, err := s.Rotate(app.actor(), keyPath, func(k []byte) ([]byte, error) {
				return keys.Encode(k, pass, keys.DefaultParams)
			})
			if err != nil {
				return fmt.Errorf("key rotate: %w", err)
			}
			t := &app.catalog().Commands
			how := ""
			if l.protected {
				how = t.KeyRotatedProtected
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(t.KeyRotated, "n", n, "store", safe(path), "key", safe(keyPath), "how", how))
			return nil
		},
	}
}

func (app *App) keyProtectCommand() *cobra.Command {
	var passFile string
	cmd := &cobra.Command{
		Use:   "protect [--passphrase-file FILE]",
		Short: "Protect the key file with a passphrase (or change its passphrase)",
		Long: `key protect seals the key file with a passphrase (argon2id with a random
salt, then AES-256-GCM), so that a copy of the key file alone does not open
the store. Every command, and serve, then asks for the passphrase on the
terminal without echoing it, or reads it from the file named by
MACHTIGING_PASSPHRASE_FILE (for an unattended start; the file's last line
end is not part of the passphrase). On a key that is protected already it
changes the passphrase.

The new passphrase is typed twice on the terminal, or read from
--passphrase-file FILE (or, for a key not yet protected and without a
terminal, from MACHTIGING_PASSPHRASE_FILE). It has at least 8 characters
with at least one letter and one digit; every printable character is
allowed, spaces and letters of any script included, up to 1024 characters.`,
		Example: `  machtiging key protect
  machtiging key protect --passphrase-file /run/secrets/machtiging`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, keyPath, l, s, key, err := app.openEncrypted("key protect")
			if err != nil {
				return err
			}
			defer s.Close()
			pass, err := app.newPassphrase(passFile, l.protected)
			if err != nil {
				return fmt.Errorf("key protect: %w", err)
			}
			data, err := keys.Encode(key, pass, keys.DefaultParams)
			if err != nil {
				return fmt.Errorf("key protect: %w", err)
			}
			if err := keys.Write(keyPath, data, true); err != nil {
				return fmt.Errorf("key protect: %w", err)
			}
			what := "protected with a passphrase"
			if l.protected {
				what = "given a new passphrase"
			}
			if err := s.Log(app.actor(), audit.Entry{Action: audit.Update, Event: audit.EventKey, Detail: "key file " + keyPath + " " + what}, nil); err != nil {
				return err
			}
			said := app.catalog().Commands.KeyProtected
			if l.protected {
				said = app.catalog().Commands.KeyNewPassphrase
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(said, "key", safe(keyPath)))
			return nil
		},
	}
	cmd.Flags().StringVar(&passFile, "passphrase-file", "", "read the new passphrase from this file")
	return cmd
}

// newPassphrase reads a new passphrase: from file, else (for a key not yet
// protected) from $MACHTIGING_PASSPHRASE_FILE, else typed twice on the
// terminal. It must follow the passphrase rule.
func (app *App) newPassphrase(file string, protected bool) (string, error) {
	if env := os.Getenv(PassphraseFileEnv); file == "" && env != "" && !protected {
		file = env
	}
	if file != "" {
		p, err := readPassphraseFile(file)
		if err != nil {
			return "", err
		}
		return p, keys.CheckPassphrase(p)
	}
	p, err := app.askTerminal("new passphrase: ")
	if errors.Is(err, keys.ErrNoPassphrase) {
		return "", says(func(c *i18n.Catalog) string { return c.Refused.NoTerminalForNew }, "no terminal to type the new passphrase on: name a file holding it with --passphrase-file")
	}
	if err != nil {
		return "", err
	}
	if err := keys.CheckPassphrase(p); err != nil {
		return "", err
	}
	again, err := app.askTerminal("the new passphrase again: ")
	if err != nil {
		return "", err
	}
	if again != p {
		return "", says(func(c *i18n.Catalog) string { return c.Refused.PassphrasesDiffer }, "the two passphrases differ; nothing was changed")
	}
	return p, nil
}

// openEncrypted opens the store for a key command with its key loader; a
// store without a key is an error naming the command.
func (app *App) openEncrypted(command string) (path, keyPath string, l *keyLoader, s *store.Store, key []byte, err error) {
	if path, err = app.StorePath(); err != nil {
		return
	}
	keyPath = store.KeyPath(path)
	l = app.newKeyLoader()
	if s, key, err = l.open(path, app.actor()); err != nil {
		return
	}
	if key == nil {
		s.Close()
		p := path
		return "", "", nil, nil, nil, says(func(c *i18n.Catalog) string {
			return i18n.Fill(c.Refused.NotEncrypted, "command", command, "store", p)
		}, "%s: store %s is not encrypted: run `machtiging key init` first", command, p)
	}
	return
}
