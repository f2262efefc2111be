package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"machtiging/i18n"
)

// commandsOf lists every command of the tree, root first.
func commandsOf(root *cobra.Command) []*cobra.Command {
	all := []*cobra.Command{root}
	for i := 0; i < len(all); i++ {
		all = append(all, all[i].Commands()...)
	}
	return all
}

// TestDutchHelp: every command and flag has its Dutch help, no Dutch help
// is left over for a command or flag that does not exist, and
// `machtiging --lang nl CMD --help` holds none of the English texts.
func TestDutchHelp(t *testing.T) {
	h := i18n.HelpFor(i18n.Dutch)
	english := (&App{}).rootCommand()
	english.InitDefaultHelpCmd()
	seen, seenFlag := map[string]bool{}, map[string]bool{}
	for _, c := range commandsOf(english) {
		path := helpPath(c)
		seen[path] = true
		if d, ok := h.Commands[path]; !ok || d.Short == "" || d.Long == "" {
			t.Errorf("%q has no Dutch help", path)
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			key := strings.TrimSpace(path + " --" + f.Name)
			seenFlag[key] = true
			if h.Flags[key] == "" {
				t.Errorf("flag %q has no Dutch usage", key)
			}
		})
	}
	for k := range h.Commands {
		if !seen[k] {
			t.Errorf("Dutch help for %q, which is no command", k)
		}
	}
	for k := range h.Flags {
		if !seenFlag[k] {
			t.Errorf("Dutch usage for %q, which is no flag", k)
		}
	}
	for k := range h.Examples {
		if !seen[k] {
			t.Errorf("Dutch example for %q, which is no command", k)
		}
	}
	labels := []string{"Usage:", "Flags:", "Available Commands:", "Examples:", "help for", "(default ", "[flags]", "for more information"}
	for _, c := range commandsOf(english) {
		path := helpPath(c)
		args := append([]string{"--lang", "nl"}, strings.Fields(path)...)
		r := cmd(t, newDB(t), "jdevries", "", append(args, "--help")...)
		if r.code != 0 {
			t.Fatalf("%v --help: exit %d %s", args, r.code, r.stderr)
		}
		if !strings.Contains(r.stdout, h.Commands[path].Long) {
			t.Errorf("%q --help lacks its Dutch text:\n%s", path, r.stdout)
		}
		english := append([]string{}, labels...)
		english = append(english, c.Short)
		if c.Long != "" {
			english = append(english, firstLine(c.Long))
		}
		c.LocalFlags().VisitAll(func(f *pflag.Flag) {
			if f.Name != "help" {
				english = append(english, f.Usage)
			}
		})
		for _, e := range english {
			if strings.Contains(r.stdout, e) {
				t.Errorf("%q --help in Dutch holds %q", path, e)
			}
		}
	}
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestEnglishHelpUnchanged: in English, --help is cobra's own rendering of
// the commands as written, to the letter; MACHTIGING_LANG=nl or --lang=nl
// anywhere before -- gives Dutch.
func TestEnglishHelpUnchanged(t *testing.T) {
	t.Setenv("MACHTIGING_LANG", "")
	t.Setenv("LC_ALL", "C.UTF-8")
	for _, c := range commandsOf((&App{}).rootCommand()) {
		path := strings.Fields(helpPath(c))
		root := (&App{}).rootCommand()
		typeUsageErrors(root)
		var want bytes.Buffer
		root.SetOut(&want)
		root.SetArgs(append(append([]string{}, path...), "--help"))
		if err := root.Execute(); err != nil {
			t.Fatal(err)
		}
		r := cmd(t, newDB(t), "jdevries", "", append(path, "--help")...)
		if r.stdout != want.String() {
			t.Errorf("%v --help changed:\n%s\nwant\n%s", path, r.stdout, want.String())
		}
	}
	t.Setenv("MACHTIGING_LANG", "nl")
	if r := cmd(t, newDB(t), "jdevries", "", "import", "--help"); !strings.Contains(r.stdout, "Gebruik:") {
		t.Errorf("MACHTIGING_LANG=nl: %q", r.stdout)
	}
	t.Setenv("MACHTIGING_LANG", "")
	if r := cmd(t, newDB(t), "jdevries", "", "import", "--lang=nl", "--help"); !strings.Contains(r.stdout, "Gebruik:") {
		t.Errorf("--lang=nl: %q", r.stdout)
	}
}
