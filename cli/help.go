package cli

import (
	"cmp"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"machtiging/i18n"
)

func init() {
	// For the templates of localizeHelp: the words cobra and pflag write.
	cobra.AddTemplateFunc("machtigingReplace", strings.ReplaceAll)
}

// earlyLang is the run's language as far as the arguments and the
// environment tell before cobra parses them, so that --help can be
// written in it. A bad --lang gives English here; cobra then reports it.
func (app *App) earlyLang(args []string) i18n.Lang {
	flag := ""
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			break
		}
		if v, ok := strings.CutPrefix(a, "--lang="); ok {
			flag = v
		} else if a == "--lang" && i+1 < len(args) {
			flag = args[i+1]
			i++
		}
	}
	saved := app.langFlag
	app.langFlag = flag
	l, err := app.lang()
	app.langFlag = saved
	if err != nil {
		return i18n.English
	}
	return l
}

// localizeHelp puts the help of a language into the command tree: the
// commands' Short and Long, the flags' usages, the help flag and the usage
// template's headings. Texts it has no word for stay as they are.
func localizeHelp(root *cobra.Command, h *i18n.Help) {
	if h == nil {
		return
	}
	root.InitDefaultHelpCmd()
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		path := helpPath(c)
		if t, ok := h.Commands[path]; ok {
			c.Short, c.Long = t.Short, t.Long
		}
		if e, ok := h.Examples[path]; ok {
			c.Example = e
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if u, ok := h.Flags[strings.TrimSpace(path+" --"+f.Name)]; ok {
				f.Usage = u
			}
		})
		c.InitDefaultHelpFlag()
		if f := c.Flags().Lookup("help"); f != nil {
			f.Usage = i18n.Fill(h.HelpFlag, "command", c.Name())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	tmpl := root.UsageTemplate()
	keys := make([]string, 0, len(h.Headings))
	for k := range h.Headings {
		keys = append(keys, k)
	}
	// Longer first: "Global Flags:" before "Flags:".
	slices.SortFunc(keys, func(a, b string) int { return cmp.Compare(len(b), len(a)) })
	for _, k := range keys {
		tmpl = strings.ReplaceAll(tmpl, k, h.Headings[k])
	}
	root.SetUsageTemplate(tmpl)
}

// helpPath is a command's path without the program's name: "" for the
// program, "register import".
func helpPath(c *cobra.Command) string {
	return strings.TrimSpace(strings.TrimPrefix(c.CommandPath(), c.Root().Name()))
}
