package advisers

import (
	"crypto/ed25519"
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	gossh "golang.org/x/crypto/ssh"
)

func newKey(t *testing.T) (gossh.PublicKey, []byte) {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	k, err := gossh.NewPublicKey(pub)
	if err != nil {
		t.Fatal(err)
	}
	return k, append(gossh.MarshalAuthorizedKey(k)[:len(gossh.MarshalAuthorizedKey(k))-1], []byte(" someone@laptop\n")...)
}

func TestAddFindRemove(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	k1, pub1 := newKey(t)
	k2, pub2 := newKey(t)
	if _, err := Add(path, "a.devries", pub1); err != nil {
		t.Fatal(err)
	}
	if _, err := Add(path, "m.bakker", pub2); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Stat(path)
	if fi.Mode().Perm() != 0o600 {
		t.Errorf("mode %o", fi.Mode().Perm())
	}
	list, err := Load(path)
	if err != nil || len(list) != 2 {
		t.Fatalf("%v %v", list, err)
	}
	if a, ok := Find(list, k2); !ok || a.Name != "m.bakker" {
		t.Fatalf("find: %v %v", a, ok)
	}
	for _, tc := range []struct {
		name string
		pub  []byte
		want string
	}{
		{"a.devries", pub2, "listed already"},
		{"x", pub1, "as adviser a.devries"},
		{"bad name!", pub1, "may hold only"},
		{"", pub1, "1 to 64"},
		{"y", []byte("ssh-ed25519 garbage"), "cannot be read"},
	} {
		if _, err := Add(path, tc.name, tc.pub); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("add %q: %v, want %q", tc.name, err, tc.want)
		}
	}
	if err := Remove(path, "a.devries"); err != nil {
		t.Fatal(err)
	}
	list, _ = Load(path)
	if _, ok := Find(list, k1); ok || len(list) != 1 {
		t.Fatalf("after remove: %v", list)
	}
	if err := Remove(path, "a.devries"); err == nil {
		t.Fatal("removed twice")
	}
}

func TestLoadRefusesABadLine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "advisers")
	_, pub := newKey(t)
	line := strings.Replace(string(pub), "someone@laptop", "evil\x1b[2J", 1)
	os.WriteFile(path, []byte("# c\n\n"+line), 0o600)
	if _, err := Load(path); err == nil || !strings.Contains(err.Error(), "line 3") {
		t.Fatalf("%v", err)
	}
	if list, err := Load(filepath.Join(t.TempDir(), "none")); err != nil || list != nil {
		t.Fatalf("missing file: %v %v", list, err)
	}
}

func FuzzParse(f *testing.F) {
	_, pub := func() (gossh.PublicKey, []byte) {
		pub, _, _ := ed25519.GenerateKey(rand.Reader)
		k, _ := gossh.NewPublicKey(pub)
		return k, append(gossh.MarshalAuthorizedKey(k)[:len(gossh.MarshalAuthorizedKey(k))-1], []byte(" a.b\n")...)
	}()
	f.Add(pub)
	f.Add([]byte("# only a comment\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		list, err := parse("f", b)
		if err != nil {
			return
		}
		for _, a := range list {
			if ValidName(a.Name) != nil || a.Key == nil || !a.Role.Valid() {
				t.Fatalf("accepted %q", a.Name)
			}
		}
	})
}
