package importfile

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"machtiging/authz"
	"reflect"
	"strings"
	"testing"
	"testing/iotest"
)

// maxFuzzRecords bounds the work per input.
const maxFuzzRecords = 200

// decodeFuzz reads at most maxFuzzRecords records and returns them with the
// final error (nil when the limit was reached).
func decodeFuzz(r io.Reader) ([]*authz.Request, error) {
	d := NewDecoder(r)
	var out []*authz.Request
	for range maxFuzzRecords {
		req, err := d.Next()
		if err != nil {
			return out, err
		}
		out = append(out, req)
	}
	return out, nil
}

// unsafeText reports the first string anywhere in v that holds a control
// character or is not UTF-8.
func unsafeText(v reflect.Value, path string) string {
	switch v.Kind() {
	case reflect.String:
		if p := authz.ControlProblem(v.String()); p != "" {
			return path + " " + p
		}
	case reflect.Pointer:
		if !v.IsNil() {
			return unsafeText(v.Elem(), path)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if p := unsafeText(v.Field(i), path+"."+v.Type().Field(i).Name); p != "" {
				return p
			}
		}
	case reflect.Slice:
		for i := range v.Len() {
			if p := unsafeText(v.Index(i), path+"[]"); p != "" {
				return p
			}
		}
	}
	return ""
}

// FuzzDecoder: the decoder never panics, never returns a request that fails
// authz.Validate or holds unsafe text, and fails only with a *authz.RecordError (or
// io.EOF at the end); a request it returns survives a round trip.
func FuzzDecoder(f *testing.F) {
	file := readFile(f, exampleRequests)
	f.Add(file)
	recs := exampleRecords(f)
	for _, r := range recs {
		f.Add([]byte(r + "\n"))
	}
	f.Add([]byte(asNDJSON(recs...)))
	f.Add([]byte(baseRecord))
	for _, bad := range []string{
		"", "[]", "\xEF\xBB\xBF[]\r\n", "[", "[{", `{"id":`, "[] x", "[{}]",
		asNDJSON(baseRecord) + "\xEF\xBB\xBF" + rec1,
		strings.Replace(baseRecord, `"urgent":false`, `"urgent":false,"urgent":true`, 1),
		strings.Replace(baseRecord, `"Anna de Vries"`, `"Anna\u001b[2J"`, 1),
		strings.Replace(baseRecord, `"Anna de Vries"`, "\"Anna \xff\"", 1),
		strings.Replace(baseRecord, `"treatment_minutes":2400`, `"treatment_minutes":9223372036854775808`, 1),
		strings.Replace(baseRecord, `"treatment_minutes":2400`, `"treatment_minutes":90.5`, 1),
		strings.Replace(baseRecord, `"id":"MA-1"`, `"id":"../x"`, 1),
		strings.Replace(baseRecord, `"bsn":"123456782"`, `"bsn":"000000000"`, 1),
		strings.Replace(baseRecord, `"received":"2026-11-24"`, `"received":"2026-02-30"`, 1),
		strings.Replace(baseRecord, `"urgent":false`, `"remarks":`+strings.Repeat("[", 20)+strings.Repeat("]", 20), 1),
		asNDJSON(baseRecord, baseRecord),
		`{"id":"A"}{"id":"B"}`,
		strings.Replace(baseRecord, `"policy_number":"100234567"`, `"policy_number":"100234567","address":{"street":"Dorpsstraat 12","postal_code":"3811 AB","city":"Amersfoort"}`, 1),
		strings.Replace(baseRecord, `"contracted":false`, `"contracted":false,"address":{"street":"Postbus 1","postal_code":"D-10115","city":"Çeşme"}`, 1),
		strings.Replace(baseRecord, `"contracted":false`, `"contracted":false,"address":{"street":"a\nb","postal_code":"","city":null,"x":1}`, 1),
		strings.Replace(baseRecord, `"contracted":false`, `"contracted":false,"address":"Dorpsstraat 12"`, 1),
	} {
		f.Add([]byte(bad))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		reqs, err := decodeFuzz(bytes.NewReader(data))
		if err != nil && !errors.Is(err, io.EOF) {
			re, ok := err.(*authz.RecordError)
			if !ok {
				t.Fatalf("error %T %v, want *authz.RecordError or io.EOF", err, err)
			}
			if re.Index != len(reqs) {
				t.Fatalf("error names record %d after %d good records: %v", re.Index, len(reqs), err)
			}
			if re.ID != "" && !authz.IsRequestID(re.ID) {
				t.Fatalf("error names a malformed id %q", re.ID)
			}
			if msg := re.Error(); authz.ControlProblem(msg) != "" || strings.ContainsAny(msg, "\r\n") {
				t.Fatalf("error message %q is not one safe line", msg)
			}
		}
		seen := map[string]bool{}
		for i, r := range reqs {
			if field, verr := authz.Validate(r); verr != nil {
				t.Fatalf("record %d passed the decoder but fails Validate: %s: %v", i, field, verr)
			}
			if p := unsafeText(reflect.ValueOf(r), "request"); p != "" {
				t.Fatalf("record %d holds unsafe text: %s", i, p)
			}
			if seen[r.ID] {
				t.Fatalf("id %s twice", r.ID)
			}
			seen[r.ID] = true
			// The rest of the domain copes with whatever the decoder lets through.
			res := authz.Check(r, authz.StateOpen, checkDay)
			for _, it := range res.Items {
				if authz.ControlProblem(it.Detail) != "" {
					t.Fatalf("detail %q is unsafe", it.Detail)
				}
			}
			_ = authz.QueueKey{State: authz.StateOpen, Due: res.Due, Urgent: r.Urgent, Received: r.Received, ID: r.ID}.Bytes()
			// A request survives encoding and strict decoding again.
			js, merr := json.Marshal(r)
			if merr != nil {
				t.Fatalf("record %d cannot be encoded: %v", i, merr)
			}
			again, derr := authz.DecodeRecord(js, i)
			if derr != nil {
				t.Fatalf("record %d re-encoded is refused: %v\n%s", i, derr, js)
			}
			if !reflect.DeepEqual(again, r) {
				t.Fatalf("record %d changes in a round trip:\n%+v\n%+v", i, r, again)
			}
		}
		// The reader's chunking changes nothing (small inputs).
		if len(data) <= 64<<10 {
			reqs2, err2 := decodeFuzz(iotest.OneByteReader(bytes.NewReader(data)))
			if !reflect.DeepEqual(reqs, reqs2) || errText(err) != errText(err2) {
				t.Fatalf("one-byte reads differ: %d, %v vs %d, %v", len(reqs), err, len(reqs2), err2)
			}
		}
	})
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
