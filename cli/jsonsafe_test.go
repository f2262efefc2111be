package cli

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEscapeC1(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a":"plain"}`, `{"a":"plain"}`},
		{"{\"a\":\"x\u009b2Jy\"}", `{"a":"x\u009b2Jy"}`},
		{"{\"a\":\"\u0080\u009f\"}", `{"a":"\u0080\u009f"}`},
		{"{\"a\":\"é ¡ \u00a0\"}", "{\"a\":\"é ¡ \u00a0\"}"}, // 0xC3 0xA9, 0xC2 0xA1, 0xC2 0xA0 stay
		{"{\"a\":\"\u0085\"}\n", `{"a":"\u0085"}` + "\n"},
	} {
		if got := string(escapeC1([]byte(tc.in))); got != tc.want {
			t.Errorf("escapeC1(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// c1Written writes data to a c1Escaper in pieces of n bytes.
func c1Written(t *testing.T, data []byte, n int) []byte {
	t.Helper()
	var out bytes.Buffer
	e := &c1Escaper{w: &out}
	for len(data) > 0 {
		k := min(n, len(data))
		if m, err := e.Write(data[:k]); err != nil || m != k {
			t.Fatalf("write: %d, %v", m, err)
		}
		data = data[k:]
	}
	if err := e.Flush(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

// FuzzC1Escaper: whatever text a JSON string holds and however the JSON is
// cut into writes, the escaped output holds no C1 character, is the same
// for every cut, and decodes to the same value.
func FuzzC1Escaper(f *testing.F) {
	f.Add("x\u009b2J", 1)
	f.Add("\u0080\u0085\u009f é ¡", 3)
	f.Add("plain", 100)
	f.Fuzz(func(t *testing.T, text string, n int) {
		if n <= 0 || n > 64 || !utf8.ValidString(text) {
			return
		}
		doc, err := json.Marshal(map[string]string{"text": text})
		if err != nil {
			t.Fatal(err)
		}
		whole := escapeC1(doc)
		if got := c1Written(t, doc, n); !bytes.Equal(got, whole) {
			t.Fatalf("in writes of %d: %q, whole: %q", n, got, whole)
		}
		for _, r := range string(whole) {
			if r >= 0x80 && r <= 0x9F {
				t.Fatalf("C1 character %U left in %q", r, whole)
			}
		}
		var back map[string]string
		if err := json.Unmarshal(whole, &back); err != nil || back["text"] != text {
			t.Fatalf("decodes to %q (%v), want %q", back["text"], err, text)
		}
		if !strings.Contains(string(whole), `"text"`) {
			t.Fatal("the key is gone")
		}
	})
}
