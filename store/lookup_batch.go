package store

import (
	"encoding/binary"

	"machtiging/authz"
)

// lookupBatch is how many rows FindingsBatch looks up side by side.
const lookupBatch = 256

// FindingsBatch fills out[i] with what the registers say of rows[i], as
// Findings does for one row. A lookup reads two places in memory that no
// cache holds (the index entry, then the slot); looked up one after
// another, each waits for the memory twice. Here every row's blind and
// index entry is read first, then every row's slot is touched, and only
// then is each row judged: the processor has many reads in flight at once
// instead of one, which makes the check of a million requests with
// registers cost little more than without.
func (s *Store) FindingsBatch(r *Registers, rows []Row, out []authz.Findings) error {
	if !r.InsuredLoaded() && !r.ProvidersLoaded() {
		clear(out[:len(rows)])
		return nil
	}
	for lo := 0; lo < len(rows); lo += lookupBatch {
		hi := min(lo+lookupBatch, len(rows))
		if err := s.findingsBatch(r, rows[lo:hi], out[lo:hi]); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) findingsBatch(r *Registers, rows []Row, out []authz.Findings) error {
	t := &r.insured
	var keys [lookupBatch]blind
	var first [lookupBatch]int32
	if r.bl != nil && t.rows > 0 {
		var scratch blindScratch
		for i := range rows {
			keys[i] = blindWith(r.bl, &scratch, rows[i].BSN)
		}
		// Every index entry at once: the reads do not depend on each other.
		for i := range rows {
			first[i] = int32(t.start[binary.BigEndian.Uint64(keys[i][:8])>>t.shift])
		}
		// Every row's first slot at once: is it the BSN's? The lookups
		// below then find the slots in the cache, and start after the
		// first one when it is not the BSN's.
		for i := range rows {
			at := int(first[i]) * slotSize
			if at >= t.rows*slotSize || t.text[at:at+16] != string(keys[i][:]) {
				first[i]++
			}
		}
	}
	var buf [4]authz.InsuredRow
	for i := range rows {
		row := &rows[i]
		if !row.RegisterFacts {
			f, err := s.Findings(r, row)
			if err != nil {
				return err
			}
			out[i] = f
			continue
		}
		id := authz.IdentityUnchecked
		if r.InsuredLoaded() {
			found := buf[:0]
			if r.bl != nil && t.rows > 0 {
				found = t.appendRows(found, keys[i], int(first[i]))
			}
			ins := authz.Insured{BSN: row.BSN, BirthDate: row.BirthDate, PolicyNumber: row.PolicyNumber}
			id, _ = authz.IdentityOf(true, found, ins, row.TreatmentStart)
		}
		out[i] = authz.Findings{Identity: id, Contract: r.Contract(row.AGB, row.TreatmentStart)}
	}
	return nil
}
