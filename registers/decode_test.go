package registers

import (
	"errors"
	"io"
	"os"
	"strconv"
	"strings"
	"testing"

	"machtiging/authz"
)

func readAll(k Kind, s string) ([]Row, error) {
	d := NewDecoder(k, strings.NewReader(s))
	var out []Row
	for {
		var r Row
		err := d.Next(&r)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, r)
	}
}

func TestExampleRegisters(t *testing.T) {
	f, err := os.Open("../examples/insured.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ins, err := ReadInsured(f)
	if err != nil {
		t.Fatal(err)
	}
	if len(ins.Rows) != 4 {
		t.Fatalf("%d insured rows, want 4", len(ins.Rows))
	}
	// Sorted by BSN, then first day: 111222333, 123456782 (2015), 123456782 (2020), 249566758.
	if r := ins.Rows[1]; r.BSN != "123456782" || r.PolicyNumber != "099887766" || r.Until.String() != "2019-12-31" || ins.Lines[1] != 2 {
		t.Errorf("row 1 %+v line %d", r, ins.Lines[1])
	}
	if r := ins.Rows[2]; !r.OpenEnded() || r.From.String() != "2020-01-01" {
		t.Errorf("row 2 %+v: want open-ended from 2020-01-01", r)
	}
	if r := ins.Rows[0]; r.PolicyNumber != "" {
		t.Errorf("an empty cell is absent: %+v", r)
	}
	p, err := os.Open("../examples/providers.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	prov, err := ReadProviders(p)
	if err != nil {
		t.Fatal(err)
	}
	if len(prov) != 2 || prov[0].AGB != "22012345" || prov[1].Name != "RevaZorg Utrecht ZBC" {
		t.Errorf("providers %+v", prov)
	}
}

// Accepted variations: columns in any order, a byte-order mark, CR LF,
// quoting, NDJSON with null or absent optional keys, blank lines.
func TestAccepted(t *testing.T) {
	want := authz.InsuredRow{BSN: "123456782", BirthDate: 19610417, PolicyNumber: "1,2\"3", Cover: authz.Cover{From: 20200101}}
	tests := []struct{ name, file string }{
		{"csv", "bsn,birth_date,policy_number,insured_from,insured_until\n123456782,1961-04-17,\"1,2\"\"3\",2020-01-01,\n"},
		{"csv any order", "insured_until,insured_from,policy_number,birth_date,bsn\n,2020-01-01,\"1,2\"\"3\",1961-04-17,123456782\n"},
		{"csv bom crlf", "\xEF\xBB\xBFbsn,birth_date,policy_number,insured_from,insured_until\r\n123456782,1961-04-17,\"1,2\"\"3\",2020-01-01,\r\n"},
		{"csv no final newline", "bsn,birth_date,policy_number,insured_from,insured_until\n123456782,1961-04-17,\"1,2\"\"3\",2020-01-01,"},
		{"csv quoted everything", "\"bsn\",\"birth_date\",\"policy_number\",\"insured_from\",\"insured_until\"\n\"123456782\",\"1961-04-17\",\"1,2\"\"3\",\"2020-01-01\",\"\"\n"},
		{"csv blank line skipped", "bsn,birth_date,policy_number,insured_from,insured_until\n\n123456782,1961-04-17,\"1,2\"\"3\",2020-01-01,\n\n"},
		{"csv optional columns left out", "bsn,birth_date,insured_from,policy_number\n123456782,1961-04-17,2020-01-01,\"1,2\"\"3\"\n"},
		{"ndjson", `{"bsn":"123456782","birth_date":"1961-04-17","policy_number":"1,2\"3","insured_from":"2020-01-01","insured_until":null}` + "\n"},
		{"ndjson absent until, bom, crlf", "\xEF\xBB\xBF" + `{"insured_from":"2020-01-01","bsn":"123456782","birth_date":"1961-04-17","policy_number":"1,2\"3"}` + "\r\n\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows, err := readAll(Insured, tt.file)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != 1 || rows[0].Insured != want {
				t.Fatalf("rows %+v, want %+v", rows, want)
			}
		})
	}
}

// Every kind of bad file is refused whole, naming its line and column.
func TestRefused(t *testing.T) {
	const ih = "bsn,birth_date,policy_number,insured_from,insured_until\n"
	const ok = "123456782,1961-04-17,100234567,2020-01-01,\n"
	const ph = "agb,name,contracted_from,contracted_until\n"
	tests := []struct {
		name    string
		kind    Kind
		file    string
		line    int
		column  string
		problem Problem
	}{
		{"empty file", Insured, "", 1, "", ProblemEmpty},
		{"only a byte-order mark", Insured, "\xEF\xBB\xBF", 1, "", ProblemEmpty},
		{"only blank lines", Insured, "\n\r\n  \n", 1, "", ProblemEmpty},
		{"header only", Insured, ih, 2, "", ProblemNoRows},
		{"unknown column", Insured, "bsn,birth_date,insured_from,postcode\n", 1, "4", ProblemUnknownColumn},
		{"missing column", Insured, "bsn,policy_number,insured_from\n", 1, "birth_date", ProblemMissingColumn},
		{"duplicate column", Insured, "bsn,birth_date,bsn,insured_from\n", 1, "bsn", ProblemDuplicateColumn},
		{"too few cells", Insured, ih + ok + "123456782,1961-04-17\n", 3, "", ProblemCellCount},
		{"too many cells", Insured, ih + ok + ok[:len(ok)-1] + ",x\n", 3, "", ProblemCellCount},
		{"required value absent", Insured, ih + ",1961-04-17,,2020-01-01,\n", 2, "bsn", ProblemRequired},
		{"11-proef", Insured, ih + "123456789,1961-04-17,,2020-01-01,\n", 2, "bsn", ProblemBSN},
		{"bsn all zeros", Insured, ih + "000000000,1961-04-17,,2020-01-01,\n", 2, "bsn", ProblemBSN},
		{"bsn too short", Insured, ih + "12345678,1961-04-17,,2020-01-01,\n", 2, "bsn", ProblemBSN},
		{"bsn with a space", Insured, ih + " 123456782,1961-04-17,,2020-01-01,\n", 2, "bsn", ProblemBSN},
		{"impossible date", Insured, ih + ok + "123456782,1961-02-30,,2020-01-01,\n", 3, "birth_date", ProblemDate},
		{"not a date", Insured, ih + "123456782,17-04-1961,,2020-01-01,\n", 2, "birth_date", ProblemDate},
		{"datetime", Insured, ih + "123456782,1961-04-17,,2020-01-01T00:00:00,\n", 2, "insured_from", ProblemDate},
		{"until before from", Insured, ih + "123456782,1961-04-17,,2020-01-01,2019-12-31\n", 2, "insured_until", ProblemUntilBeforeFrom},
		{"overlapping periods of one BSN", Insured, ih + "123456782,1961-04-17,,2015-01-01,2020-01-01\n249566758,1978-02-09,,2024-01-01,\n123456782,1961-04-17,,2020-01-01,\n", 4, "insured_from", ProblemOverlap},
		{"open-ended then later period", Insured, ih + "123456782,1961-04-17,,2015-01-01,\n123456782,1961-04-17,,2030-01-01,2030-12-31\n", 3, "insured_from", ProblemOverlap},
		{"open quote", Insured, ih + "123456782,\"1961-04-17,,2020-01-01,\n" + ok, 2, "birth_date", ProblemOpenQuote},
		{"stray quote in a cell", Insured, ih + "123456782,1961-04-17,10\"0,2020-01-01,\n", 2, "policy_number", ProblemStrayQuote},
		{"text after a closing quote", Insured, ih + "123456782,1961-04-17,\"100\"x,2020-01-01,\n", 2, "policy_number", ProblemStrayQuote},
		{"escape character", Insured, ih + "123456782,1961-04-17,\x1b[31m,2020-01-01,\n", 2, "policy_number", ProblemControl},
		{"C1 control", Insured, ih + "123456782,1961-04-17,\u009b31m,2020-01-01,\n", 2, "policy_number", ProblemControl},
		{"tab", Insured, ih + "123456782,1961-04-17,1\t2,2020-01-01,\n", 2, "policy_number", ProblemControl},
		{"lone CR", Insured, ih + "123456782,1961-04-17,1\r2,2020-01-01,\n", 2, "policy_number", ProblemControl},
		{"bidi override", Providers, ph + "22012345,Reva\u202eZorg,2026-01-01,\n", 2, "name", ProblemControl},
		{"invalid UTF-8", Providers, ph + "22012345,Reva\xffZorg,2026-01-01,\n", 2, "name", ProblemUTF8},
		{"huge line", Insured, ih + strings.Repeat("1", MaxLine+10) + "\n", 2, "", ProblemLineTooLong},
		{"huge header", Insured, strings.Repeat("b", 3*MaxLine), 1, "", ProblemLineTooLong},
		{"agb not 8 digits", Providers, ph + "2201234,X,2026-01-01,\n", 2, "agb", ProblemAGB},
		{"blank name", Providers, ph + "22012345,  ,2026-01-01,\n", 2, "name", ProblemBlank},
		{"name too long", Providers, ph + "22012345," + strings.Repeat("a", MaxText+1) + ",2026-01-01,\n", 2, "name", ProblemTooLong},
		{"overlapping contracts of one AGB", Providers, ph + "22012345,A,2025-01-01,2025-12-31\n22012345,A,2025-12-31,2026-12-31\n", 3, "contracted_from", ProblemOverlap},
		{"contract until before from", Providers, ph + "22012345,A,2025-01-01,2024-12-31\n", 2, "contracted_until", ProblemUntilBeforeFrom},
		{"insured column in the provider register", Providers, "agb,name,contracted_from,bsn\n", 1, "4", ProblemUnknownColumn},
		{"ndjson unknown key", Insured, `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01","x":"1"}` + "\n", 1, `"x"`, ProblemUnknownColumn},
		{"ndjson missing key", Insured, `{"bsn":"123456782","insured_from":"2020-01-01"}` + "\n", 1, "birth_date", ProblemRequired},
		{"ndjson number", Insured, `{"bsn":123456782,"birth_date":"1961-04-17","insured_from":"2020-01-01"}` + "\n", 1, "bsn", ProblemType},
		{"ndjson duplicate key", Insured, `{"bsn":"123456782","bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01"}` + "\n", 1, "bsn", ProblemDuplicateColumn},
		{"ndjson escaped escape", Insured, `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01","policy_number":"\u001b[2J"}` + "\n", 1, "policy_number", ProblemControl},
		{"ndjson second line broken", Insured, `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01"}` + "\n{\"bsn\":\n", 2, "", ProblemNotJSON},
		{"ndjson array", Insured, `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01"}` + "\n[1]\n", 2, "", ProblemNotJSON},
		{"ndjson two objects on a line", Insured, `{"bsn":"123456782","birth_date":"1961-04-17","insured_from":"2020-01-01"} {}` + "\n", 1, "", ProblemNotJSON},
		{"ndjson 11-proef", Insured, `{"bsn":"123456789","birth_date":"1961-04-17","insured_from":"2020-01-01"}` + "\n", 1, "bsn", ProblemBSN},
		{"ndjson invalid utf-8", Insured, "{\"bsn\":\"123456782\",\"birth_date\":\"1961-04-17\",\"insured_from\":\"2020-01-01\",\"policy_number\":\"\xff\"}\n", 1, "", ProblemUTF8},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.kind == Providers {
				_, err = ReadProviders(strings.NewReader(tt.file))
			} else {
				_, err = ReadInsured(strings.NewReader(tt.file))
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v, want a register Error", err)
			}
			if e.Line != tt.line || e.Column != tt.column || e.Problem != tt.problem {
				t.Errorf("line %d column %q problem %d (%v), want line %d column %q problem %d", e.Line, e.Column, e.Problem, e, tt.line, tt.column, tt.problem)
			}
			msg := e.Error()
			if strings.ContainsAny(msg, "\n\r\x1b") || authz.ControlProblem(msg) != "" || !strings.HasPrefix(msg, "line ") {
				t.Errorf("message %q is not one safe line starting with the line", msg)
			}
			if strings.Contains(msg, "123456782") {
				t.Errorf("message %q shows a valid BSN", msg)
			}
		})
	}
}

func TestParseKind(t *testing.T) {
	for _, k := range Kinds {
		if got, err := ParseKind(k.String()); err != nil || got != k {
			t.Errorf("%s: %v %v", k, got, err)
		}
	}
	if _, err := ParseKind("members"); err == nil {
		t.Error("members accepted")
	}
}

func TestValidBSNAgreesWithAuthz(t *testing.T) {
	for _, s := range []string{"123456782", "123456789", "000000000", "12345678", "1234567820", "12345678a", "249566758", "111222333", "100000009"} {
		if got, want := validBSN([]byte(s)), authz.BSNProblem(s) == ""; got != want {
			t.Errorf("%q: validBSN %v, authz %v", s, got, want)
		}
	}
	for n := 100000000; n < 100200000; n += 7 {
		s := strconv.Itoa(n)
		if got, want := validBSN([]byte(s)), authz.BSNProblem(s) == ""; got != want {
			t.Fatalf("%q: validBSN %v, authz %v", s, got, want)
		}
	}
}
