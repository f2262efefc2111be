// Package advisers keeps the team server's list of who may log in: an
// authorized_keys file in which each key's comment is the adviser's name,
// and then, optionally, their role:
//
//	ssh-ed25519 AAAAC3Nz... a.devries role=adviser
//	ssh-ed25519 AAAAC3Nz... intake-script role=intake
//
// A line without a role (every line of a file written before roles) has
// the role adviser. A lang=nl or lang=en after the name sets the language
// the team server speaks to that key (before the client's locale):
//
//	ssh-ed25519 AAAAC3Nz... a.devries role=adviser lang=nl
package advisers

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	gossh "golang.org/x/crypto/ssh"

	"machtiging/roles"
)

// Adviser is one listed key, the name it logs in as and its role.
type Adviser struct {
	Name string
	Key  gossh.PublicKey
	Role roles.Role
	// Lang is the language set for the key: "nl", "en", or "" when the
	// client's locale decides.
	Lang string
}

// Fingerprint is the key's SHA-256 fingerprint, as ssh-keygen -l shows it.
func (a Adviser) Fingerprint() string { return gossh.FingerprintSHA256(a.Key) }

// ValidName reports whether a name can be an adviser's: 1 to 64 letters,
// digits, dots, hyphens, underscores or @. Names appear in the access log
// and on every adviser's screen.
func ValidName(name string) error {
	if len(name) < 1 || len(name) > 64 {
		return &Problem{Code: ProblemNameLength, Value: name}
	}
	for _, c := range name {
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.ContainsRune("._-@", c)) {
			return &Problem{Code: ProblemNameChars, Value: name}
		}
	}
	return nil
}

// Load reads an advisers file; a missing file lists no one.
func Load(path string) ([]Adviser, error) {
	b, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return parse(path, b)
}

func parse(path string, b []byte) ([]Adviser, error) {
	var out []Adviser
	sc := bufio.NewScanner(bytes.NewReader(b))
	sc.Buffer(make([]byte, 64<<10), 64<<10)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, comment, _, _, err := gossh.ParseAuthorizedKey([]byte(line))
		if err != nil {
			return nil, &FileError{Path: path, Line: n, Err: err}
		}
		a, err := parseComment(comment)
		if err != nil {
			return nil, &FileError{Path: path, Line: n, Err: err}
		}
		a.Key = key
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	return out, nil
}

// parseComment reads a key's comment: the name, then at most a role=ROLE
// and a lang=LANG, in either order.
func parseComment(comment string) (Adviser, error) {
	f := strings.Fields(comment)
	if len(f) == 0 {
		return Adviser{}, ValidName("")
	}
	if err := ValidName(f[0]); err != nil {
		return Adviser{}, err
	}
	a := Adviser{Name: f[0], Role: roles.Default}
	var role, lang bool
	for _, field := range f[1:] {
		if v, ok := strings.CutPrefix(field, "role="); ok && !role {
			r, err := roles.Parse(v)
			if err != nil {
				return Adviser{}, &Problem{Code: ProblemNotARole, Name: f[0], Value: v}
			}
			a.Role, role = r, true
			continue
		}
		if v, ok := strings.CutPrefix(field, "lang="); ok && !lang {
			if err := ValidLang(v); err != nil {
				return Adviser{}, &Problem{Code: ProblemNotALang, Name: f[0], Value: v}
			}
			a.Lang, lang = v, true
			continue
		}
		if len(f) == 2 {
			return Adviser{}, &Problem{Code: ProblemAfterName, Name: f[0], Value: field}
		}
		return Adviser{}, &Problem{Code: ProblemAfterNameMany, Name: f[0], Value: strings.Join(f[1:], " ")}
	}
	return a, nil
}

// ValidLang reports whether s is a language a key can have: nl or en.
func ValidLang(s string) error {
	if s != "nl" && s != "en" {
		return &Problem{Code: ProblemNotALang, Value: s}
	}
	return nil
}

// Find returns the adviser whose key this is.
func Find(list []Adviser, key gossh.PublicKey) (Adviser, bool) {
	if key == nil {
		return Adviser{}, false
	}
	m := key.Marshal()
	for _, a := range list {
		if bytes.Equal(a.Key.Marshal(), m) {
			return a, true
		}
	}
	return Adviser{}, false
}

// Add lists a public key (in authorized_keys form, as in a .pub file) under
// a name, with the default role. A name or key that is listed already is an
// error.
func Add(path, name string, pub []byte) (Adviser, error) {
	return AddAs(path, name, roles.Default, pub)
}

// AddAs is Add with a role.
func AddAs(path, name string, role roles.Role, pub []byte) (Adviser, error) {
	return AddWith(path, name, role, "", pub)
}

// AddWith is Add with a role and a language (nl, en, or "" for the
// client's locale).
func AddWith(path, name string, role roles.Role, lang string, pub []byte) (Adviser, error) {
	if lang != "" {
		if err := ValidLang(lang); err != nil {
			return Adviser{}, &Problem{Code: ProblemNotALang, Name: name, Value: lang}
		}
	}
	if err := ValidName(name); err != nil {
		return Adviser{}, err
	}
	if !role.Valid() {
		return Adviser{}, fmt.Errorf("adviser %s: %s is not a role (one of %s)", name, role, roles.Names())
	}
	key, _, _, _, err := gossh.ParseAuthorizedKey(pub)
	if err != nil {
		return Adviser{}, &Problem{Code: ProblemUnreadableKey, Err: err}
	}
	unlock, err := lock(path)
	if err != nil {
		return Adviser{}, err
	}
	defer unlock()
	list, err := Load(path)
	if err != nil {
		return Adviser{}, err
	}
	for _, a := range list {
		if a.Name == name {
			return Adviser{}, &Problem{Code: ProblemNameListed, Name: name}
		}
	}
	if a, ok := Find(list, key); ok {
		return Adviser{}, &Problem{Code: ProblemKeyListed, Name: a.Name}
	}
	add := Adviser{Name: name, Key: key, Role: role, Lang: lang}
	return add, write(path, append(list, add))
}

// SetRole gives a listed adviser another role; it applies from their next
// command or login.
func SetRole(path, name string, role roles.Role) (Adviser, error) {
	if !role.Valid() {
		return Adviser{}, fmt.Errorf("adviser %s: %s is not a role (one of %s)", name, role, roles.Names())
	}
	return change(path, name, func(a *Adviser) { a.Role = role })
}

// SetLang sets the language of a listed adviser's sessions on the team
// server: "nl" or "en", or "" to follow the language their SSH client
// sends. It applies from their next command or login.
func SetLang(path, name, lang string) (Adviser, error) {
	if lang != "" {
		if err := ValidLang(lang); err != nil {
			return Adviser{}, err
		}
	}
	return change(path, name, func(a *Adviser) { a.Lang = lang })
}

// change applies set to the listed adviser called name and rewrites the
// file, under its lock.
func change(path, name string, set func(*Adviser)) (Adviser, error) {
	unlock, err := lock(path)
	if err != nil {
		return Adviser{}, err
	}
	defer unlock()
	list, err := Load(path)
	if err != nil {
		return Adviser{}, err
	}
	for i := range list {
		if list[i].Name == name {
			set(&list[i])
			return list[i], write(path, list)
		}
	}
	return Adviser{}, &NotListedError{Name: name, Path: path}
}

// NotListedError is a name the advisers file does not list.
type NotListedError struct{ Name, Path string }

func (e *NotListedError) Error() string {
	return fmt.Sprintf("there is no adviser %s in %s", e.Name, e.Path)
}

// Remove takes an adviser off the list.
func Remove(path, name string) error {
	unlock, err := lock(path)
	if err != nil {
		return err
	}
	defer unlock()
	list, err := Load(path)
	if err != nil {
		return err
	}
	kept := list[:0]
	for _, a := range list {
		if a.Name != name {
			kept = append(kept, a)
		}
	}
	if len(kept) == len(list) {
		return &NotListedError{Name: name, Path: path}
	}
	return write(path, kept)
}

// write replaces the file atomically with mode 0600.
func write(path string, list []Adviser) error {
	var b bytes.Buffer
	b.WriteString("# machtiging advisers: one public key a line; after the key, the adviser's name and role=ROLE (and lang=nl or lang=en to set their language)\n")
	b.WriteString("# (ROLE: " + roles.Names() + "; a line without a role has the role " + roles.Default.String() + ")\n")
	for _, a := range list {
		line := bytes.TrimSpace(gossh.MarshalAuthorizedKey(a.Key))
		b.Write(line)
		role := a.Role
		if !role.Valid() {
			role = roles.Default
		}
		b.WriteString(" " + a.Name + " role=" + role.String())
		if a.Lang != "" {
			b.WriteString(" lang=" + a.Lang)
		}
		b.WriteString("\n")
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return &FileError{Path: path, Err: err}
	}
	tmp := path + ".new"
	if err := os.WriteFile(tmp, b.Bytes(), 0o600); err != nil {
		return &FileError{Path: path, Err: err}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return &FileError{Path: path, Err: err}
	}
	return nil
}
