package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/charmbracelet/x/term"
	"github.com/spf13/cobra"

	"machtiging/authz"
	"machtiging/i18n"
	"machtiging/letters"
	"machtiging/store"
	"strconv"
)

// LetterWriter is the store's hook that writes the letters of a decision
// from a set of templates.
func LetterWriter(set *letters.Set) store.LetterWriter {
	return func(c authz.Case, d *authz.Decision) (*store.Letters, error) {
		if !letters.HasLetter(d.Outcome) {
			return nil, nil
		}
		l, err := set.Write(letters.Input{Request: c.Request, Decision: d, Contract: c.Contract, Proposal: c.Proposal})
		if err != nil {
			return nil, err
		}
		return &store.Letters{Insured: l.Insured, Provider: l.Provider}, nil
	}
}

// loadLetters loads the letter templates beside a store: the built-in ones
// with the insurer's overrides from the folder letters/ next to the file.
func loadLetters(storePath string) (store.LetterWriter, error) {
	set, err := letters.Load(letters.DefaultDir(storePath))
	if err != nil {
		return nil, err
	}
	return LetterWriter(set), nil
}

func (app *App) letterCommand() *cobra.Command {
	var to, format, output string
	var initTemplates bool
	cmd := &cobra.Command{
		Use:   "letter ID [--to insured|provider] [--format txt|pdf] [-o FILE]",
		Short: "Print the letter of a request's latest decision that has one",
		Long: `Letter prints the letter that the request's latest final decision wrote (an
approval, a final rejection, an information request, or the outcome of a
reconsideration), exactly as it was stored when the decision was recorded:
a later change of the templates does not change it.

--to provider prints the provider's copy. --format pdf renders the same text
as an A4 PDF, to -o FILE or to a standard output that is not a terminal.
The templates are in the folder letters/ beside the store (docs/letters.md);
--init-templates copies the built-in ones there to edit (it keeps the files
that are there already).`,
		Example: `  machtiging letter MA-2026-0001
  machtiging letter MA-2026-0001 --to provider
  machtiging letter MA-2026-0001 --format pdf -o brief.pdf
  machtiging letter MA-2026-0001 --format pdf | lpr
  machtiging letter --init-templates`,
		Args: func(cmd *cobra.Command, args []string) error {
			if initTemplates {
				return exactArgs(0, "letter --init-templates takes no request ID")(cmd, args)
			}
			return exactArgs(1, "letter takes one request ID")(cmd, args)
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			if initTemplates {
				return app.initTemplates(cmd)
			}
			id := args[0]
			r, err := letters.ParseRecipient(to)
			if err != nil {
				return usageSays(func(c *i18n.Catalog) string {
					return "--to: " + i18n.Fill(c.Refused.NotARecipient, "value", strconv.Quote(to))
				}, "--to: %w", err)
			}
			if format != "txt" && format != "pdf" {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.NotAChoice, "flag", "--format", "value", strconv.Quote(format), "choices", choices(c, "txt", "pdf"))
				}, "--format: %q is not txt or pdf", format)
			}
			if output != "" && app.Remote {
				return usageSays(func(c *i18n.Catalog) string {
					return i18n.Fill(c.Refused.LetterOutputRemote, "id", safe(id), "format", format)
				}, "-o would write a file on the server: redirect the output instead (ssh ... letter %s --format %s > FILE)", safe(id), format)
			}
			if format == "pdf" && output == "" && app.stdoutIsTerminal() {
				return usageSays(func(c *i18n.Catalog) string { return c.Refused.PDFToTerminal }, "will not write a PDF to a terminal: give -o FILE or redirect the output")
			}
			s, done, err := app.open()
			if err != nil {
				return err
			}
			defer done()
			l, err := s.ReadLetter(app.actor(), id, fmt.Sprintf("letter to the %s (%s)", r, format))
			if errors.Is(err, store.ErrPurged) {
				return fmt.Errorf("letter: %w", err)
			}
			if errors.Is(err, store.ErrNotFound) {
				return noRequest("letter", id, err)
			}
			if errors.Is(err, store.ErrNoLetter) {
				if c := app.catalog(); !c.CLI.Identifiers {
					return errors.New(i18n.Fill(c.Letters.NoLetter, "id", safe(id)))
				}
				return fmt.Errorf("letter: request %s has no decision with a letter (only approvals, final rejections, information requests and reconsiderations have one)", safe(id))
			}
			if err != nil {
				return err
			}
			text := l.Insured
			if r == letters.ToProvider {
				text = l.Provider
			}
			var b bytes.Buffer
			if format == "pdf" {
				meta := letters.PDFMeta{Reference: l.Decision.ID, Date: l.Decision.DecidedAt}
				if err := letters.WritePDF(&b, text, meta); err != nil {
					return fmt.Errorf("letter %s: %w", safe(id), err)
				}
			} else {
				b.WriteString(text)
			}
			if output != "" {
				return writeFileAtomic(output, b.Bytes())
			}
			_, err = app.Stdout.Write(b.Bytes())
			return err
		},
	}
	f := cmd.Flags()
	f.StringVar(&to, "to", "insured", "whose copy: insured or provider")
	f.StringVar(&format, "format", "txt", "txt (the stored text) or pdf (A4)")
	f.StringVarP(&output, "output", "o", "", "write to FILE instead of standard output")
	f.BoolVar(&initTemplates, "init-templates", false, "copy the built-in templates into the folder letters/ beside the store, to edit")
	return cmd
}

// initTemplates copies the built-in templates beside the store.
func (app *App) initTemplates(cmd *cobra.Command) error {
	for _, name := range []string{"to", "format", "output"} {
		if cmd.Flags().Changed(name) {
			return usageSays(func(c *i18n.Catalog) string {
				return i18n.Fill(c.Refused.FlagNotWith, "flag", "--"+name, "with", "--init-templates")
			}, "--%s does not go with --init-templates", name)
		}
	}
	if app.Remote {
		return usageSays(func(c *i18n.Catalog) string { return c.Refused.InitTemplatesRemote }, "--init-templates writes on the server: run it there")
	}
	path, err := app.StorePath()
	if err != nil {
		return err
	}
	dir := letters.DefaultDir(path)
	wrote, err := letters.WriteDefaults(dir)
	if err != nil {
		return err
	}
	t := &app.catalog().Commands
	kept := ""
	if n := len(letters.Files) - len(wrote); n > 0 {
		kept = i18n.Fill(t.LetterKept, "n", n)
	}
	fmt.Fprintln(app.Stdout, i18n.Fill(t.LetterTemplates, "wrote", len(wrote), "n", len(letters.Files), "dir", dir, "kept", kept))
	return nil
}

// stdoutIsTerminal reports whether standard output is a terminal: over
// SSH, whether the session has one.
func (app *App) stdoutIsTerminal() bool {
	if app.Remote {
		return app.RemoteTerminal
	}
	f, ok := app.Stdout.(*os.File)
	return ok && term.IsTerminal(f.Fd())
}

// writeFileAtomic writes a file readable by its owner only, whole or not
// at all.
func writeFileAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return writeError(path, err)
	}
	defer os.Remove(tmp.Name())
	if _, err := io.Copy(tmp, bytes.NewReader(data)); err != nil {
		tmp.Close()
		return writeError(path, err)
	}
	if err := tmp.Close(); err != nil {
		return writeError(path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return writeError(path, err)
	}
	return nil
}

// writeError is a file that could not be written, with its path in front.
func writeError(path string, err error) error {
	return inContext(err, "write "+path+": ", func(c *i18n.Catalog) string { return i18n.Fill(c.Refused.WriteFile, "file", path) })
}
