package advisers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"machtiging/roles"
)

// A file written before roles lists every key as an adviser, and stays
// readable line for line.
func TestAFileWithoutRolesListsAdvisers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	k1, pub1 := newKey(t)
	_, pub2 := newKey(t)
	old := "# machtiging advisers: one public key a line; the comment is the adviser's name\n" +
		strings.Replace(string(pub1), "someone@laptop", "a.devries", 1) +
		strings.Replace(string(pub2), "someone@laptop", "m.bakker", 1)
	if err := os.WriteFile(path, []byte(old), 0o600); err != nil {
		t.Fatal(err)
	}
	list, err := Load(path)
	if err != nil || len(list) != 2 {
		t.Fatalf("%v %v", list, err)
	}
	for _, a := range list {
		if a.Role != roles.Adviser {
			t.Errorf("%s has the role %s", a.Name, a.Role)
		}
	}
	// A change writes every line with its role; the others keep theirs.
	if _, err := SetRole(path, "m.bakker", roles.Auditor); err != nil {
		t.Fatal(err)
	}
	list, _ = Load(path)
	if a, _ := Find(list, k1); a.Name != "a.devries" || a.Role != roles.Adviser || list[1].Role != roles.Auditor {
		t.Fatalf("after set role: %+v", list)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), " a.devries role=adviser\n") || !strings.Contains(string(b), " m.bakker role=auditor\n") {
		t.Fatalf("the file:\n%s", b)
	}
}

func TestRolesInTheFile(t *testing.T) {
	_, pub := newKey(t)
	key := strings.TrimSpace(strings.Replace(string(pub), " someone@laptop", "", 1))
	for _, tc := range []struct {
		comment string
		want    roles.Role
		err     string
	}{
		{"a.devries", roles.Adviser, ""},
		{"intake-script role=intake", roles.Intake, ""},
		{"x role=adviser", roles.Adviser, ""},
		{"x   role=auditor  ", roles.Auditor, ""},
		{"root role=admin", roles.Admin, ""},
		{"x role=Admin", 0, `"Admin" is not a role`},
		{"x role=", 0, "is not a role"},
		{"x admin", 0, "comes role=ROLE"},
		{"x role=admin role=intake", 0, "at most role=ROLE"},
		{"x role=admin extra", 0, "at most role=ROLE"},
		{"", 0, "1 to 64"},
		{"bad!name role=admin", 0, "may hold only"},
	} {
		list, err := parse("f", []byte(key+" "+tc.comment+"\n"))
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) || !strings.Contains(err.Error(), "line 1") {
				t.Errorf("%q: %v, want %q", tc.comment, err, tc.err)
			}
			continue
		}
		if err != nil || len(list) != 1 || list[0].Role != tc.want {
			t.Errorf("%q: %+v %v", tc.comment, list, err)
		}
	}
}

func TestAddAsAndSetRole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	k, pub := newKey(t)
	if _, err := AddAs(path, "intake-script", roles.Intake, pub); err != nil {
		t.Fatal(err)
	}
	_, pub2 := newKey(t)
	if _, err := AddAs(path, "x", 0, pub2); err == nil || !strings.Contains(err.Error(), "not a role") {
		t.Fatalf("no role: %v", err)
	}
	list, _ := Load(path)
	if a, ok := Find(list, k); !ok || a.Role != roles.Intake {
		t.Fatalf("%+v", a)
	}
	if a, err := SetRole(path, "intake-script", roles.Admin); err != nil || a.Role != roles.Admin {
		t.Fatalf("%+v %v", a, err)
	}
	if _, err := SetRole(path, "nobody", roles.Admin); err == nil || !strings.Contains(err.Error(), "no adviser nobody") {
		t.Fatalf("%v", err)
	}
	if _, err := SetRole(path, "intake-script", 9); err == nil {
		t.Fatal("role 9 was set")
	}
	list, _ = Load(path)
	if len(list) != 1 || list[0].Role != roles.Admin {
		t.Fatalf("%+v", list)
	}
}

// Changes at once from several processes' worth of goroutines lose none.
func TestConcurrentChangesLoseNothing(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	var wg sync.WaitGroup
	for i := range 20 {
		_, pub := newKey(t)
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := AddAs(path, fmt.Sprintf("a%02d", i), roles.All[i%4], pub); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	list, err := Load(path)
	if err != nil || len(list) != 20 {
		t.Fatalf("%d listed, want 20: %v", len(list), err)
	}
}
