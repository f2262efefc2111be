package cli

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"machtiging/i18n"
	"machtiging/store"
)

func (app *App) keyCommand() *cobra.Command {
	key := &cobra.Command{
		Use:   "key",
		Short: "Manage the encryption key of the store",
	}
	key.AddCommand(&cobra.Command{
		Use:   "init",
		Short: "Make a new key and encrypt the store with it",
		Long: `key init writes 32 random bytes to a new key file with mode 0600
($MACHTIGING_KEY_FILE, default machtiging.key beside the store), seals every
request version, queue row and decision of the store with AES-256-GCM, and
compacts the file so that no plaintext lingers in free pages.

Keep a copy of the key file apart from the store and its backups: without it
the store cannot be read.`,
		Example: `  machtiging key init
  MACHTIGING_KEY_FILE=/secure/machtiging.key machtiging key init`,
		Args: noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := app.StorePath()
			if err != nil {
				return err
			}
			keyPath := store.KeyPath(path)
			if _, err := os.Stat(keyPath); err == nil {
				return says(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.KeyFileExists, "file", keyPath) },
					"key init: key file %s exists already; it is not replaced", keyPath)
			}
			s, err := store.Open(path, store.Options{Actor: app.actor()})
			if err != nil {
				return err
			}
			if s.Encrypted() {
				s.Close()
				return says(func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.AlreadyEncrypted, "store", path) },
					"key init: store %s is encrypted already", path)
			}
			k, err := store.NewKeyFile(keyPath)
			if err != nil {
				s.Close()
				return fmt.Errorf("key init: %w", err)
			}
			if err := s.Encrypt(app.actor(), k); err != nil {
				s.Close()
				os.Remove(keyPath)
				return fmt.Errorf("key init: %w", err)
			}
			s.Close()
			if _, _, err := store.Compact(path, k, app.actor()); err != nil {
				return inContext(err, "key init: the store is encrypted, but compacting it failed (run `machtiging compact`): ",
					func(c *i18n.Catalog) string { return c.Refused.CompactFailed })
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.KeyInit, "key", keyPath, "store", path))
			return nil
		},
	})
	key.AddCommand(app.keyRotateCommand(), app.keyProtectCommand())
	return key
}

func (app *App) maintenanceCommands() []*cobra.Command {
	compact := &cobra.Command{
		Use:   "compact",
		Short: "Rewrite the store into a fresh file so no replaced data lingers",
		Long: `compact rewrites the store into a fresh file (bbolt compaction, fsync,
atomic rename), so that replaced versions' and deleted values' bytes do not
linger in free pages, and the file shrinks. Run it after key init (done for
you), after large re-imports, and before handing a disk over.`,
		Example: `  machtiging compact`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			path, err := app.StorePath()
			if err != nil {
				return err
			}
			s, key, err := app.newKeyLoader().open(path, app.actor())
			if err != nil {
				return err
			}
			s.Close()
			before, after, err := store.Compact(path, key, app.actor())
			if err != nil {
				return err
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.Compacted, "store", safe(path), "before", before, "after", after))
			return nil
		},
	}
	backup := &cobra.Command{
		Use:   "backup DEST",
		Short: "Write a consistent copy of the store while it is in use",
		Long: `backup copies the store to a new file DEST from one read transaction, so
the copy is consistent even while advisers work. To restore, stop machtiging,
then copy DEST over the store file (keep the key file: an encrypted backup
needs the same key).`,
		Example: `  machtiging backup /backups/machtiging-$(date +%F).db`,
		Args:    exactArgs(1, "backup takes the DEST file"),
		RunE: func(cmd *cobra.Command, args []string) error {
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			n, err := s.Backup(app.actor(), args[0])
			if err != nil {
				return err
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.BackedUp, "store", safe(s.Path()), "file", safe(args[0]), "n", n))
			return nil
		},
	}
	doctor := &cobra.Command{
		Use:     "doctor",
		Short:   "Check the store's integrity: pages, access-log chain, every record",
		Example: `  machtiging doctor`,
		Args:    noArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			findings, err := s.Doctor(app.actor())
			if err != nil {
				return err
			}
			for _, f := range findings {
				fmt.Fprintln(app.Stdout, safe(f))
			}
			if len(findings) > 0 {
				return says(func(c *i18n.Catalog) string {
					return c.Refused.DoctorFound.N(len(findings), "store", s.Path())
				}, "store %s is %w: %d problems found", s.Path(), store.ErrDamaged, len(findings))
			}
			fmt.Fprintln(app.Stdout, i18n.Fill(app.catalog().Commands.Healthy, "store", safe(s.Path())))
			return nil
		},
	}
	return []*cobra.Command{compact, backup, doctor}
}
