package store

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"machtiging/registers"
)

var (
	validBSNs []string
	nextBSN   = 10000000 // the next eight digits to try
)

// bsnFor makes the i-th valid BSN (the 11-proef holds), each different.
func bsnFor(i int) string {
	for ; len(validBSNs) <= i; nextBSN++ {
		s := fmt.Sprint(nextBSN)
		sum := 0
		for j := range 8 {
			sum += int(s[j]-'0') * (9 - j)
		}
		if check := sum % 11; check < 10 { // sum - check is a multiple of 11
			validBSNs = append(validBSNs, fmt.Sprintf("%s%d", s, check))
		}
	}
	return validBSNs[i]
}

// The register is read on a goroutine of its own in batches, gathered in
// blocks and sorted by buckets: a refusal far into the file (past many
// batches and blocks) still names its own line, an overlap between rows
// that arrive in different batches is still found, and a refused file
// changes nothing.
func TestInsuredImportAcrossBatchesAndBlocks(t *testing.T) {
	const rows = entryBlock + 3000
	good := func(i int) string {
		return fmt.Sprintf("%s,1980-01-01,POL%d,2020-01-01,2020-12-31\n", bsnFor(i), i)
	}
	file := func(edit func(i int) string) string {
		var b strings.Builder
		b.WriteString("bsn,birth_date,policy_number,insured_from,insured_until\n")
		for i := range rows {
			b.WriteString(edit(i))
		}
		return b.String()
	}
	s := openTemp(t, Options{})
	n, err := s.ImportRegister(alice, registers.Insured, "good", strings.NewReader(file(good)))
	if err != nil || n != rows {
		t.Fatalf("a good register: %d rows, %v", n, err)
	}
	for name, c := range map[string]struct {
		edit    func(i int) string
		line    int
		problem registers.Problem
	}{
		"a bad BSN past the first block": {func(i int) string {
			if i == entryBlock+100 {
				return "123456789,1980-01-01,,2020-01-01,\n"
			}
			return good(i)
		}, entryBlock + 102, registers.ProblemBSN},
		"an overlap of rows batches apart": {func(i int) string {
			if i == rows-1 {
				return fmt.Sprintf("%s,1980-01-01,,2020-06-01,\n", bsnFor(5))
			}
			return good(i)
		}, rows + 1, registers.ProblemOverlap},
	} {
		_, err := s.ImportRegister(alice, registers.Insured, name, strings.NewReader(file(c.edit)))
		var re *registers.Error
		if !errors.As(err, &re) || re.Line != c.line || re.Problem != c.problem {
			t.Errorf("%s: %v, want problem %v at line %d", name, err, c.problem, c.line)
		}
	}
	regs, err := s.Registers()
	if err != nil {
		t.Fatal(err)
	}
	if got := regs.Status[0].Source; got != "good" || regs.Status[0].Rows != rows {
		t.Fatalf("after two refusals the register is %q with %d rows, want the good one", got, regs.Status[0].Rows)
	}
	if got := regs.InsuredRows(bsnFor(rows - 1)); len(got) != 1 || got[0].PolicyNumber != fmt.Sprint("POL", rows-1) {
		t.Fatalf("the last row reads %+v", got)
	}
}
