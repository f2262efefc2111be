package advisers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"machtiging/roles"
)

// TestLangInTheComment: lang=nl or lang=en after the name, in either order
// with role=, at most once; anything else is refused with the line.
func TestLangInTheComment(t *testing.T) {
	for _, c := range []struct {
		comment, lang string
		role          roles.Role
		err           string
	}{
		{"a lang=nl", "nl", roles.Adviser, ""},
		{"a role=admin lang=en", "en", roles.Admin, ""},
		{"a lang=nl role=auditor", "nl", roles.Auditor, ""},
		{"a role=intake", "", roles.Intake, ""},
		{"a lang=de", "", 0, "not a language"},
		{"a lang=NL", "", 0, "not a language"},
		{"a lang=", "", 0, "not a language"},
		{"a lang=nl lang=en", "", 0, "at most role=ROLE and lang=LANG"},
		{"a lang=nl role=admin x", "", 0, "at most"},
	} {
		a, err := parseComment(c.comment)
		switch {
		case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err)):
			t.Errorf("%q: error %v, want %q", c.comment, err, c.err)
		case c.err == "" && err != nil:
			t.Errorf("%q: %v", c.comment, err)
		case c.err == "" && (a.Lang != c.lang || a.Role != c.role):
			t.Errorf("%q: lang %q role %s", c.comment, a.Lang, a.Role)
		}
	}
}

// TestLangIsKeptOnEveryRewrite: AddWith writes lang=, and a later role
// change keeps it.
func TestLangIsKeptOnEveryRewrite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	_, pub := newKey(t)
	if _, err := AddWith(path, "a.devries", roles.Adviser, "nl", pub); err != nil {
		t.Fatal(err)
	}
	_, other := newKey(t)
	if _, err := AddWith(path, "b", roles.Adviser, "fr", other); err == nil {
		t.Fatal("lang fr accepted")
	}
	if _, err := SetRole(path, "a.devries", roles.Auditor); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), " a.devries role=auditor lang=nl\n") {
		t.Fatalf("file:\n%s", b)
	}
	list, err := Load(path)
	if err != nil || len(list) != 1 || list[0].Lang != "nl" {
		t.Fatalf("%+v %v", list, err)
	}
}
