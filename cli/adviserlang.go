package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"machtiging/advisers"
	"machtiging/i18n"
)

// adviserLangCommand is `adviser lang NAME nl|en|auto`: the language of an
// adviser's sessions on the team server (lang= in the advisers file);
// auto follows the language their SSH client sends.
func (app *App) adviserLangCommand(path func() (string, error)) *cobra.Command {
	return &cobra.Command{
		Use:   "lang NAME nl|en|auto",
		Short: "Set the language of an adviser's sessions; auto follows their SSH client",
		Long: `lang sets the language an adviser's sessions on the team server speak
(lang= in the advisers file): nl or en, whatever their SSH client sends, or
auto to follow the client's LANG again. It applies from their next command
or login. adviser list shows it.`,
		Example: `  machtiging adviser lang a.devries nl
  machtiging adviser lang m.bakker auto`,
		Args: exactArgs(2, "adviser lang takes a NAME and a language (nl, en or auto)"),
		RunE: func(cmd *cobra.Command, args []string) error {
			lang := args[1]
			switch lang {
			case "nl", "en":
			case "auto":
				lang = ""
			default:
				return usageError{speak(fmt.Errorf("adviser lang: %q is not a language (nl, en or auto)", lang), func(c *i18n.Catalog) string {
					return i18n.Fill(c.Errors.NotALanguage, "value", fmt.Sprintf("%q", lang))
				})}
			}
			p, err := path()
			if err != nil {
				return err
			}
			a, err := advisers.SetLang(p, args[0], lang)
			if err != nil {
				return fmt.Errorf("adviser lang: %w", err)
			}
			t := &app.catalog().Commands
			fmt.Fprintln(app.Stdout, i18n.Fill(t.AdviserLang, "name", a.Name, "lang", t.AdviserLangs[a.Lang]))
			return nil
		},
	}
}
