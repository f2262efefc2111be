package keys

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// cheap keeps argon2id fast in tests; the stored parameters are what
// unwrapping uses, so the code paths are the same.
var cheap = Params{Time: 1, MemoryKiB: 64, Threads: 1}

func TestPassphraseRule(t *testing.T) {
	specials := " !\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
	tests := []struct {
		name string
		p    string
		want error
	}{
		{"7 characters", "abcdef1", ErrPassphraseTooShort{Length: 7, Min: 8}},
		{"8 characters", "abcdefg1", nil},
		{"8 characters, a space among them", "abc efg1", nil},
		{"no digit", "abcdefgh", ErrPassphraseNoDigit{}},
		{"no letter", "12345678", ErrPassphraseNoLetter{}},
		{"no letter, only specials and digits", "1!@#$%^&*()", ErrPassphraseNoLetter{}},
		{"64 characters", strings.Repeat("a", 63) + "1", nil},
		{"1024 characters", strings.Repeat("x", 1023) + "9", nil},
		{"1025 characters", strings.Repeat("x", 1024) + "9", ErrPassphraseTooLong{Length: 1025, Max: 1024}},
		{"every special character", "a1" + specials, nil},
		{"only specials", specials, ErrPassphraseNoLetter{}},
		{"leading and trailing spaces", "  pass word 12  ", nil},
		{"Dutch letters", "één twee 3 ü", nil},
		{"Cyrillic", "пароль12", nil},
		{"Greek letters with a digit", "αβγδεζη7", nil},
		{"Han characters", "密码密码密码密码1", nil},
		{"a no-break space", "pass\u00a0word1", nil},
		{"7 characters that are 14 bytes", "ééééé1a", ErrPassphraseTooShort{Length: 7, Min: 8}},
		{"a tab", "abcdefg1\t", ErrPassphraseNotPrintable{Position: 9}},
		{"a newline inside", "abcd\nefg1", ErrPassphraseNotPrintable{Position: 5}},
		{"an escape", "\x1b[31mabc1", ErrPassphraseNotPrintable{Position: 1}},
		{"a C1 control", "abcdefg1\u0085", ErrPassphraseNotPrintable{Position: 9}},
		{"a zero-width joiner", "abcd\u200defg1", ErrPassphraseNotPrintable{Position: 5}},
		{"a bidi override", "abcd\u202eefg1", ErrPassphraseNotPrintable{Position: 5}},
		{"not UTF-8", "abcdefg1\xff", ErrPassphraseNotPrintable{}},
		{"empty", "", ErrPassphraseTooShort{Length: 0, Min: 8}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckPassphrase(tc.p)
			if err != tc.want {
				t.Fatalf("CheckPassphrase(%q) = %v, want %v", tc.p, err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), "\n") || strings.Contains(err.Error(), tc.p) && len(tc.p) > 3) {
				t.Fatalf("the error %q must be one line and must not repeat the passphrase", err)
			}
		})
	}
}

func TestWrapAndUnwrap(t *testing.T) {
	key := bytes.Repeat([]byte{0x42}, Size)
	for _, p := range []string{"abcdefg1", strings.Repeat("z", 1023) + "0", "één twee 3 ü \"'\\", "  spaces 1  "} {
		b, err := Encode(key, p, cheap)
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(b, key) || !IsProtected(b) {
			t.Fatalf("a protected file holds the key in clear or is not recognised: %q", b)
		}
		got, err := Unwrap(b, p)
		if err != nil || !bytes.Equal(got, key) {
			t.Fatalf("unwrap with the right passphrase: %v", err)
		}
		for _, wrong := range []string{p + "x", strings.ToUpper(p), p[:len(p)-1], "", " " + p} {
			if wrong == p {
				continue
			}
			if _, err := Unwrap(b, wrong); !errors.Is(err, ErrWrongPassphrase) {
				t.Fatalf("unwrap with %q: %v, want the wrong passphrase", wrong, err)
			}
		}
	}
}

func TestNormalisedPassphraseOpens(t *testing.T) {
	key := bytes.Repeat([]byte{1}, Size)
	composed, decomposed := "caf\u00e9 1234", "cafe\u0301 1234"
	b, err := Encode(key, composed, cheap)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := Unwrap(b, decomposed); err != nil || !bytes.Equal(got, key) {
		t.Fatalf("the same letters typed decomposed: %v", err)
	}
}

func TestEncodeRefusesWeakPassphrase(t *testing.T) {
	if _, err := Encode(make([]byte, Size), "short1", cheap); err == nil {
		t.Fatal("a 6-character passphrase was accepted")
	}
	if _, err := Encode(make([]byte, 31), "", cheap); err == nil {
		t.Fatal("a 31-byte key was accepted")
	}
}

func TestChangedParametersDoNotOpen(t *testing.T) {
	key := bytes.Repeat([]byte{9}, Size)
	b, err := Encode(key, "abcdefg1", cheap)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	m["time"] = 2
	changed, _ := json.Marshal(m)
	if _, err := Unwrap(changed, "abcdefg1"); err == nil {
		t.Fatal("a file with changed parameters opened")
	}
	m["time"] = 1
	m["memory_kib"] = 1 << 30
	huge, _ := json.Marshal(m)
	if _, err := Unwrap(huge, "abcdefg1"); err == nil || !strings.Contains(err.Error(), "beyond") {
		t.Fatalf("a file asking for 1 TiB: %v", err)
	}
}

func TestReadAndWrite(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "k", "machtiging.key")
	if f, err := Read(path, nil); f != nil || err != nil {
		t.Fatalf("a missing key file: %v %v", f, err)
	}
	key := bytes.Repeat([]byte{3}, Size)
	raw, _ := Encode(key, "", cheap)
	if err := Write(path, raw, false); err != nil {
		t.Fatal(err)
	}
	if err := Write(path, raw, false); err == nil {
		t.Fatal("an existing key file was replaced")
	}
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("key file mode: %v %v", fi.Mode(), err)
	}
	f, err := Read(path, nil)
	if err != nil || f.Protected || !bytes.Equal(f.Key, key) {
		t.Fatalf("read a raw key: %v %+v", err, f)
	}
	prot, _ := Encode(key, "abcdefg1", cheap)
	if err := Write(path, prot, true); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(path, nil); !errors.Is(err, ErrNoPassphrase) || !strings.Contains(err.Error(), path) {
		t.Fatalf("a protected key without a way to ask: %v", err)
	}
	asked := 0
	ask := func(p string) (string, error) { asked++; return "abcdefg1", nil }
	f, err = Read(path, ask)
	if err != nil || !f.Protected || !bytes.Equal(f.Key, key) || asked != 1 {
		t.Fatalf("read a protected key: %v %+v asked %d", err, f, asked)
	}
	_, err = Read(path, func(string) (string, error) { return "abcdefg2", nil })
	if !errors.Is(err, ErrWrongPassphrase) || !strings.Contains(err.Error(), path) || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a wrong passphrase: %v", err)
	}
	if _, err := os.Stat(path + ".tmp"); err == nil {
		t.Fatal("a temporary file was left")
	}
}

// FuzzUnwrap: a key file of any content is a key, or a one-line error;
// never a panic.
func FuzzUnwrap(f *testing.F) {
	good, _ := Encode(bytes.Repeat([]byte{5}, Size), "abcdefg1", cheap)
	f.Add(good, "abcdefg1")
	f.Add(good, "abcdefg2")
	f.Add([]byte(`{"machtiging_key":1}`), "x")
	f.Add([]byte(`{"machtiging_key":1,"kdf":"argon2id","time":1,"memory_kib":64,"threads":1,"salt":"AAAAAAAAAAA=","sealed":""}`), "x")
	f.Fuzz(func(t *testing.T, data []byte, pass string) {
		var p protected
		if json.Unmarshal(data, &p) == nil && (p.MemoryKiB > 1024 || p.Time > 2) {
			return // valid but costly parameters: not what is fuzzed here
		}
		key, err := Unwrap(data, pass)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("a multi-line error: %q", err)
			}
			return
		}
		if len(key) != Size {
			t.Fatalf("a key of %d bytes", len(key))
		}
	})
}
