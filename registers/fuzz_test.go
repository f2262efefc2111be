package registers

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"machtiging/authz"
)

func seeds(f *testing.F, k Kind) {
	if k == Insured {
		f.Add([]byte("bsn,birth_date,policy_number,insured_from,insured_until\n123456782,1961-04-17,100234567,2020-01-01,\n"))
		f.Add([]byte("\xEF\xBB\xBFinsured_from,bsn,birth_date\r\n2020-01-01,123456782,1961-04-17\r\n"))
		f.Add([]byte(`{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01","insured_until":null}` + "\n"))
		f.Add([]byte("bsn,birth_date,insured_from\n\"123456782\",\"1961-04-17\",\"2020-01-01\"\n123456782,1961-04-17,2019-01-01\n"))
	} else {
		f.Add([]byte("agb,name,contracted_from,contracted_until\n22012345,\"Reva, \"\"Zorg\"\"\",2026-01-01,2026-12-31\n"))
		f.Add([]byte(`{"agb":"22012345","name":"A","contracted_from":"2026-01-01"}` + "\n"))
	}
	f.Add([]byte(""))
	f.Add([]byte("\"unclosed\n"))
}

// check holds for any input: either an error that names a line, as one
// safe line of text, or rows that obey every rule.
func fuzzCheck(t *testing.T, k Kind, data []byte) {
	var err error
	var ins *InsuredRows
	var prov []authz.ProviderRow
	if k == Insured {
		ins, err = ReadInsured(bytes.NewReader(data))
	} else {
		prov, err = ReadProviders(bytes.NewReader(data))
	}
	if err != nil {
		var e *Error
		if !errors.As(err, &e) {
			t.Fatalf("error %v is not a register Error", err)
		}
		if e.Line < 1 {
			t.Fatalf("error %v names line %d", e, e.Line)
		}
		if msg := e.Error(); strings.ContainsAny(msg, "\n\r") || authz.ControlProblem(msg) != "" {
			t.Fatalf("message %q is not one safe line", msg)
		}
		return
	}
	covers := []authz.Cover{}
	keys := []string{}
	if k == Insured {
		for _, r := range ins.Rows {
			if authz.BSNProblem(r.BSN) != "" || r.BirthDate.IsZero() || r.From.IsZero() || authz.ControlProblem(r.PolicyNumber) != "" {
				t.Fatalf("accepted a bad row %+v", r)
			}
			covers, keys = append(covers, r.Cover), append(keys, r.BSN)
		}
	} else {
		for _, r := range prov {
			if !authz.IsAGB(r.AGB) || strings.TrimSpace(r.Name) == "" || authz.ControlProblem(r.Name) != "" {
				t.Fatalf("accepted a bad row %+v", r)
			}
			covers, keys = append(covers, r.Cover), append(keys, r.AGB)
		}
	}
	for i := range covers {
		if !covers[i].OpenEnded() && covers[i].Until < covers[i].From {
			t.Fatalf("accepted a period ending before it begins: %+v", covers[i])
		}
		for j := range i {
			if keys[i] == keys[j] && covers[i].Overlaps(covers[j]) {
				t.Fatalf("accepted overlapping periods %+v and %+v", covers[i], covers[j])
			}
		}
	}
}

func FuzzInsured(f *testing.F) {
	seeds(f, Insured)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, Insured, data) })
}

func FuzzProviders(f *testing.F) {
	seeds(f, Providers)
	f.Fuzz(func(t *testing.T, data []byte) { fuzzCheck(t, Providers, data) })
}
