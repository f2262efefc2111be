package letters

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"text/template"
	"text/template/parse"
	"time"
	"unicode/utf8"
)

//go:embed templates/*.tmpl
var defaults embed.FS

// The template files. Each is one text/template; a folder of overrides
// holds any of them, with these names.
const (
	fileLetter                    = "letter.tmpl"
	fileLetterhead                = "letterhead.tmpl"
	fileSender                    = "sender.tmpl"
	fileContact                   = "contact.tmpl"
	fileApproved                  = "approved.tmpl"
	fileApprovedOnReconsideration = "approved_on_reconsideration.tmpl"
	fileApproval                  = "approval.tmpl"
	fileRejected                  = "rejected.tmpl"
	fileUpheld                    = "upheld.tmpl"
	fileRejection                 = "rejection.tmpl"
	fileInfoRequested             = "info_requested.tmpl"
	fileReasons                   = "reasons.tmpl"
	fileItems                     = "items.tmpl"
)

// Files lists every template file, in the order they are parsed.
var Files = []string{fileLetter, fileLetterhead, fileSender, fileContact,
	fileApproved, fileApprovedOnReconsideration, fileApproval,
	fileRejected, fileUpheld, fileRejection, fileInfoRequested, fileReasons, fileItems}

// MaxTemplateSize is the largest template file, and MaxLetterSize the
// longest text a template may produce.
const (
	MaxTemplateSize = 64 << 10
	MaxLetterSize   = 256 << 10
)

// CheckTimeout is how long the sample letters may take to write when a
// set is loaded; the built-in set takes milliseconds.
const CheckTimeout = 5 * time.Second

// Set is a parsed and checked set of letter templates.
type Set struct {
	t *template.Template
	// where names the file each template came from, for errors.
	where map[string]string
	// over lists the files overridden, in the order of Files.
	over []string
}

// DefaultDir is the folder of template overrides beside a store file.
func DefaultDir(storePath string) string {
	return filepath.Join(filepath.Dir(storePath), "letters")
}

var (
	defaultOnce sync.Once
	defaultSet  *Set
	defaultErr  error
)

// Default returns the templates built into the binary.
func Default() (*Set, error) {
	// The built-in set is checked by the tests (TestDefaultsPassTheirChecks),
	// so a start of the program only parses it.
	defaultOnce.Do(func() { defaultSet, defaultErr = parseSet("", nil, false) })
	return defaultSet, defaultErr
}

// Load reads the overrides in dir (files named as in Files; a folder that
// does not exist holds none) over the built-in templates, and checks the
// result by writing every kind of letter from sample data. An error names
// the file and, where it can, the line.
func Load(dir string) (*Set, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return Default()
	}
	if err != nil {
		return nil, fmt.Errorf("letter templates %s: %w", dir, err)
	}
	over := map[string]string{}
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".tmpl") {
			continue // a README or a backup beside them
		}
		path := filepath.Join(dir, name)
		if !slices.Contains(Files, name) {
			return nil, fmt.Errorf("letter template %s: not a template name (one of %s)", path, strings.Join(Files, ", "))
		}
		b, err := readLimited(path)
		if err != nil {
			return nil, fmt.Errorf("letter template %s: %w", path, err)
		}
		over[name] = string(b)
	}
	if len(over) == 0 {
		return Default()
	}
	return Parse(dir, over)
}

func readLimited(path string) ([]byte, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !fi.Mode().IsRegular() {
		return nil, errors.New("not a regular file")
	}
	if fi.Size() > MaxTemplateSize {
		return nil, fmt.Errorf("%d bytes, more than the limit of %d", fi.Size(), MaxTemplateSize)
	}
	return os.ReadFile(path)
}

// Parse builds a set from the built-in templates with the texts of over
// (file name to text) in their place; dir is where the overrides came
// from, for errors. It checks the set as Load does, and never panics.
func Parse(dir string, over map[string]string) (set *Set, err error) {
	return parseSet(dir, over, true)
}

func parseSet(dir string, over map[string]string, check bool) (set *Set, err error) {
	defer func() {
		if r := recover(); r != nil {
			set, err = nil, fmt.Errorf("letter templates %s: %v", dir, r)
		}
	}()
	set = &Set{t: template.New("").Option("missingkey=error"), where: map[string]string{}}
	for _, name := range Files {
		text, ok := over[name]
		where := filepath.Join(dir, name)
		if !ok {
			b, err := defaults.ReadFile("templates/" + name)
			if err != nil {
				return nil, fmt.Errorf("letter template %s (built in): %w", name, err)
			}
			text, where = string(b), name+" (built in)"
		}
		set.where[name] = where
		if ok {
			set.over = append(set.over, name)
		}
		if !utf8.ValidString(text) {
			return nil, fmt.Errorf("letter template %s: not valid UTF-8", where)
		}
		if _, err := set.t.New(name).Parse(text); err != nil {
			return nil, set.templateError(err)
		}
	}
	for name := range over {
		if !slices.Contains(Files, name) {
			return nil, fmt.Errorf("letter template %s: not a template name (one of %s)", filepath.Join(dir, name), strings.Join(Files, ", "))
		}
	}
	if err := set.checkTrees(); err != nil {
		return nil, err
	}
	if !check {
		return set, nil
	}
	// The samples are written in a goroutine of their own, so that a set
	// of templates that calls itself into exponential work is an error
	// after CheckTimeout rather than a program that never starts.
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("letter templates %s: %v", dir, r)
			}
		}()
		done <- set.checkSamples()
	}()
	select {
	case err := <-done:
		if err != nil {
			return nil, err
		}
	case <-time.After(CheckTimeout):
		return nil, fmt.Errorf("letter templates %s: writing the sample letters takes longer than %s: a template does too much work", dir, CheckTimeout)
	}
	return set, nil
}

// exec runs one template on data, whole or not at all, and tidies the text.
func (s *Set) exec(name string, data *Data) (string, error) {
	var b limitedBuffer
	if err := s.t.ExecuteTemplate(&b, name, data); err != nil {
		if errors.Is(err, errTooLong) {
			return "", fmt.Errorf("letter template %s: the text is longer than %d bytes", s.blame(name), MaxLetterSize)
		}
		return "", s.templateError(err)
	}
	return tidy(b.String()), nil
}

// blame names the file to look at for a fault found in the text of the
// template name: that file when the insurer overrode it, else the first
// file overridden, else the built-in one.
func (s *Set) blame(name string) string {
	if len(s.over) == 0 || slices.Contains(s.over, name) {
		return s.where[name]
	}
	return s.where[s.over[0]]
}

// phrase runs a named phrase (a reason code, a rule, an item) on data, as
// one line of text.
func (s *Set) phrase(name string, data *Data) (string, error) {
	if s.t.Lookup(name) == nil {
		file := fileReasons
		if strings.HasPrefix(name, "item ") {
			file = fileItems
		}
		return "", fmt.Errorf("letter template %s: it does not define %q", s.where[file], name)
	}
	text, err := s.exec(name, data)
	if err != nil {
		return "", err
	}
	text = strings.Join(strings.Fields(text), " ")
	if text == "" {
		return "", fmt.Errorf("letter template %s: %q is empty", s.where[s.fileOf(name)], name)
	}
	return text, nil
}

// fileOf names the file that defines a template.
func (s *Set) fileOf(name string) string {
	if t := s.t.Lookup(name); t != nil && t.Tree != nil {
		return t.Tree.ParseName
	}
	return name
}

// templateErrorRE reads text/template's "template: NAME:LINE[:COL]: MSG".
var templateErrorRE = regexp.MustCompile(`^template: (.+?):(\d+)(?::\d+)?: (.*)$`)

// templateError rewrites a text/template error as "letter template FILE
// line N: what", with the file's path.
func (s *Set) templateError(err error) error {
	msg := strings.ReplaceAll(err.Error(), "\n", " ")
	if m := templateErrorRE.FindStringSubmatch(msg); m != nil {
		where := s.where[m[1]]
		if where == "" {
			where = m[1]
		}
		what := strings.TrimPrefix(m[3], "executing ")
		return fmt.Errorf("letter template %s line %s: %s", where, m[2], what)
	}
	return fmt.Errorf("letter template: %s", strings.TrimPrefix(msg, "template: "))
}

// checkTrees refuses what would keep the program busy for ever: a
// {{range}} over anything but the letter's data ({{range 1000000000}}), and
// a template that calls itself, directly or through others.
func (s *Set) checkTrees() error {
	var names []string
	for _, t := range s.t.Templates() {
		names = append(names, t.Name())
	}
	sort.Strings(names)
	calls := map[string][]*parse.TemplateNode{}
	for _, name := range names {
		t := s.t.Lookup(name)
		if t == nil || t.Tree == nil || t.Tree.Root == nil {
			continue
		}
		var bad parse.Node
		walk(t.Tree.Root, func(n parse.Node) {
			switch n := n.(type) {
			case *parse.RangeNode:
				if bad == nil && !rangesOverData(n.Pipe) {
					bad = n
				}
			case *parse.TemplateNode:
				calls[name] = append(calls[name], n)
			}
		})
		if bad != nil {
			loc, _ := t.Tree.ErrorContext(bad)
			return s.templateError(fmt.Errorf("template: %s: {{range}} may only go over the letter's data, such as .Info.Items", loc))
		}
	}
	// Depth-first search for a cycle of calls; the cycle is reported at a
	// call in one of the insurer's own templates when it passes one.
	overridden := func(name string) bool {
		t := s.t.Lookup(name)
		return t != nil && t.Tree != nil && slices.Contains(s.over, t.Tree.ParseName)
	}
	type edge struct {
		from string
		call *parse.TemplateNode
	}
	const (
		unseen = iota
		onPath
		done
	)
	mark := map[string]int{}
	var path []edge
	var visit func(name string) error
	visit = func(name string) error {
		mark[name] = onPath
		for _, c := range calls[name] {
			path = append(path, edge{name, c})
			switch mark[c.Name] {
			case onPath:
				at := path[len(path)-1]
				for i := len(path) - 1; i >= 0; i-- {
					if overridden(path[i].from) {
						at = path[i]
					}
					if path[i].from == c.Name {
						break
					}
				}
				loc, _ := s.t.Lookup(at.from).Tree.ErrorContext(at.call)
				return s.templateError(fmt.Errorf("template: %s: {{template %q}} calls itself (through the templates it calls): a letter would never end", loc, at.call.Name))
			case unseen:
				if err := visit(c.Name); err != nil {
					return err
				}
			}
			path = path[:len(path)-1]
		}
		mark[name] = done
		return nil
	}
	for _, name := range names {
		if mark[name] == unseen {
			if err := visit(name); err != nil {
				return err
			}
		}
	}
	return nil
}

func rangesOverData(p *parse.PipeNode) bool {
	if p == nil || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return false
	}
	switch a := p.Cmds[0].Args[0].(type) {
	case *parse.FieldNode, *parse.DotNode:
		return true
	case *parse.VariableNode:
		return len(a.Ident) > 1 || a.Ident[0] == "$"
	}
	return false
}

// walk calls fn for every node under n.
func walk(n parse.Node, fn func(parse.Node)) {
	if n == nil {
		return
	}
	fn(n)
	switch n := n.(type) {
	case *parse.ListNode:
		if n == nil {
			return
		}
		for _, c := range n.Nodes {
			walk(c, fn)
		}
	case *parse.IfNode:
		walk(n.List, fn)
		walk(n.ElseList, fn)
	case *parse.RangeNode:
		walk(n.List, fn)
		walk(n.ElseList, fn)
	case *parse.WithNode:
		walk(n.List, fn)
		walk(n.ElseList, fn)
	}
}

var errTooLong = errors.New("the text is too long")

// limitedBuffer stops a template that writes without end.
type limitedBuffer struct{ bytes.Buffer }

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > MaxLetterSize {
		return 0, errTooLong
	}
	return b.Buffer.Write(p)
}

// WriteDefaults copies the built-in templates into dir (made 0700 when
// missing) for the insurer to edit, keeping every file that is there
// already. It returns the files it wrote.
func WriteDefaults(dir string) ([]string, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("letter templates %s: %w", dir, err)
	}
	var wrote []string
	for _, name := range Files {
		b, err := defaults.ReadFile("templates/" + name)
		if err != nil {
			return wrote, fmt.Errorf("letter template %s (built in): %w", name, err)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return wrote, fmt.Errorf("letter template %s: %w", path, err)
		}
		_, err = f.Write(b)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return wrote, fmt.Errorf("letter template %s: %w", path, err)
		}
		wrote = append(wrote, path)
	}
	return wrote, nil
}
