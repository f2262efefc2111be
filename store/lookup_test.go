package store

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"machtiging/authz"
	"machtiging/registers"
)

// registerFor writes an insured register for reqs with every identity
// case: request i%5 == 0 is left out (not insured), 1 has another birth
// date, 2 a cover that ends the day before treatment starts (and a later
// one: two rows for the BSN), 3 a policy number too long for its slot,
// the rest agree. Policy numbers run from empty to 60 characters.
func registerFor(reqs []*authz.Request) string {
	var b strings.Builder
	b.WriteString("insured_from,bsn,policy_number,birth_date,insured_until\n")
	seen := map[string]bool{}
	for i, r := range reqs {
		ins := r.Insured
		if seen[ins.BSN] || i%5 == 0 {
			seen[ins.BSN] = true
			continue
		}
		seen[ins.BSN] = true
		birth, policy := ins.BirthDate, ins.PolicyNumber
		switch i % 5 {
		case 1:
			birth = birth.AddDays(1)
		case 3:
			policy = strings.Repeat("P", 36+i%25)
		}
		if i%7 == 0 {
			policy = ""
		}
		start := r.TreatmentStart
		if i%5 == 2 {
			fmt.Fprintf(&b, "%s,%s,%s,%s,%s\n", start.AddDays(-400), ins.BSN, policy, birth, start.AddDays(-1))
			fmt.Fprintf(&b, "%s,%s,%s,%s,\n", start.AddDays(30), ins.BSN, policy, birth)
			continue
		}
		fmt.Fprintf(&b, "%s,%s,%s,%s,\n", start.AddDays(-i%40), ins.BSN, policy, birth)
	}
	return b.String()
}

// FindingsBatch looks rows up side by side; it must say of every row what
// Findings says of it alone, across batch boundaries and every identity
// case, and the slots must give back every row's fields as imported.
func TestFindingsBatchAgreesWithFindings(t *testing.T) {
	s := openTemp(t, Options{})
	reqs := many(700)
	importAll(t, s, reqs)
	check := func(t *testing.T, wantLoaded bool) map[authz.Identity]int {
		regs, err := s.Registers()
		if err != nil {
			t.Fatal(err)
		}
		var rows []Row
		if err := s.Scan(ViewAll, func(r *Row) bool { rows = append(rows, *r); return true }); err != nil {
			t.Fatal(err)
		}
		got := make([]authz.Findings, len(rows))
		if err := s.FindingsBatch(regs, rows, got); err != nil {
			t.Fatal(err)
		}
		seen := map[authz.Identity]int{}
		for i := range rows {
			want, err := s.Findings(regs, &rows[i])
			if err != nil {
				t.Fatal(err)
			}
			if got[i] != want {
				t.Fatalf("row %d (%s): batch says %+v, alone %+v", i, rows[i].ID, got[i], want)
			}
			seen[got[i].Identity]++
		}
		if loaded := regs.InsuredLoaded(); loaded != wantLoaded {
			t.Fatalf("insured register loaded %v, want %v", loaded, wantLoaded)
		}
		return seen
	}
	if seen := check(t, false); seen[authz.IdentityUnchecked] != len(reqs) {
		t.Fatalf("without registers: %v", seen)
	}
	text := registerFor(reqs)
	if _, err := s.ImportRegister(alice, registers.Insured, "test", strings.NewReader(text)); err != nil {
		t.Fatal(err)
	}
	seen := check(t, true)
	for _, id := range []authz.Identity{authz.IdentityVerified, authz.IdentityMismatch, authz.IdentityNotInsured} {
		if seen[id] == 0 {
			t.Errorf("no request came out %v: %v", id, seen)
		}
	}

	// Every row of the file comes back from its slot as written.
	regs, err := s.Registers()
	if err != nil {
		t.Fatal(err)
	}
	d := registers.NewDecoder(registers.Insured, strings.NewReader(text))
	want := map[string][]authz.InsuredRow{}
	var row registers.Row
	for d.Next(&row) == nil {
		r := row.Insured
		want[r.BSN] = append(want[r.BSN], authz.InsuredRow{BirthDate: r.BirthDate, PolicyNumber: r.PolicyNumber, Cover: r.Cover})
	}
	long := 0
	for bsn, rows := range want {
		got := regs.InsuredRows(bsn)
		if fmt.Sprint(got) != fmt.Sprint(rows) {
			t.Fatalf("BSN %s: slots give %+v, the file %+v", bsn, got, rows)
		}
		if len(rows[0].PolicyNumber) > inlinePolicy {
			long++
		}
	}
	if long == 0 {
		t.Fatal("no policy number was too long for its slot: the overflow is untested")
	}
	if got := regs.InsuredRows("111222333"); got != nil {
		t.Fatalf("a BSN not in the register has rows %+v", got)
	}
}

// A stored register that does not read as its head says is damage, not
// a smaller register.
func TestDecodeInsuredRefusesDamage(t *testing.T) {
	bl, err := newBlinder([]byte("secret"))
	if err != nil {
		t.Fatal(err)
	}
	file := "bsn,birth_date,policy_number,insured_from,insured_until\n" +
		"111222333,1980-01-01,P1,2020-01-01,\n123456782,1990-02-02,,2021-01-01,2021-12-31\n"
	chunks, n, err := encodeInsured(bl, registers.NewDecoder(registers.Insured, strings.NewReader(file)).Lean())
	if err != nil || n != 2 {
		t.Fatalf("encode: %d rows, %v", n, err)
	}
	payload := bytes.Join(chunks, nil)
	if _, err := decodeInsured(payload, n); err != nil {
		t.Fatalf("the register as written: %v", err)
	}
	longer := bytes.Clone(payload)
	longer[28] = 250 // the first row's policy number runs past the end
	for name, c := range map[string]struct {
		payload []byte
		rows    int
	}{
		"cut short":            {payload[:len(payload)-1], n},
		"cut in a row":         {payload[:20], n},
		"policy past end":      {longer, n},
		"more rows than said":  {payload, n - 1},
		"fewer rows than said": {payload, n + 1},
	} {
		if _, err := decodeInsured(c.payload, c.rows); err == nil {
			t.Errorf("%s: read without an error", name)
		}
	}
}
