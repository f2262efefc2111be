package registers

import (
	"cmp"
	"errors"
	"io"
	"slices"

	"machtiging/authz"
)

// FirstOverlap applies the rule that the periods of one BSN (insured) or
// one AGB (providers) never overlap, to n rows sorted by key and then by
// their first day: key, cover and line give a row's key, period and line.
// It returns the overlap with the latest line of the first overlapping
// pair in that order, or nil.
func FirstOverlap[K comparable](k Kind, n int, key func(int) K, cover func(int) authz.Cover, line func(int) int, describe func(int) string) *Error {
	for i := 1; i < n; i++ {
		if key(i) != key(i-1) {
			continue
		}
		if prev := cover(i - 1); prev.Overlaps(cover(i)) {
			a, b := line(i), line(i-1)
			if a < b {
				a, b = b, a
			}
			col := "insured_from"
			if k == Providers {
				col = "contracted_from"
			}
			return &Error{Line: a, Column: col, Problem: ProblemOverlap, OtherLine: b, Detail: describe(i)}
		}
	}
	return nil
}

// InsuredRows is a whole insured register with the line of each row.
type InsuredRows struct {
	Rows  []authz.InsuredRow
	Lines []int
}

// ReadInsured decodes a whole insured register and applies the overlap
// rule; the rows come back sorted by BSN, then first day.
func ReadInsured(r io.Reader) (*InsuredRows, error) {
	d := NewDecoder(Insured, r)
	out := &InsuredRows{}
	var row Row
	for {
		err := d.Next(&row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		out.Rows = append(out.Rows, row.Insured)
		out.Lines = append(out.Lines, row.Line)
	}
	idx := make([]int, len(out.Rows))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int {
		ra, rb := &out.Rows[a], &out.Rows[b]
		return cmp.Or(cmp.Compare(ra.BSN, rb.BSN), cmp.Compare(ra.From, rb.From), cmp.Compare(out.Lines[a], out.Lines[b]))
	})
	sorted := &InsuredRows{Rows: make([]authz.InsuredRow, len(idx)), Lines: make([]int, len(idx))}
	for i, j := range idx {
		sorted.Rows[i], sorted.Lines[i] = out.Rows[j], out.Lines[j]
	}
	if e := FirstOverlap(Insured, len(idx),
		func(i int) string { return sorted.Rows[i].BSN },
		func(i int) authz.Cover { return sorted.Rows[i].Cover },
		func(i int) int { return sorted.Lines[i] },
		func(i int) string { return "BSN " + authz.MaskBSN(sorted.Rows[i].BSN) }); e != nil {
		return nil, e
	}
	return sorted, nil
}

// ReadProviders decodes a whole provider register and applies the overlap
// rule; the rows come back sorted by AGB, then first day.
func ReadProviders(r io.Reader) ([]authz.ProviderRow, error) {
	d := NewDecoder(Providers, r)
	type lined struct {
		row  authz.ProviderRow
		line int
	}
	var rows []lined
	var row Row
	for {
		err := d.Next(&row)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		rows = append(rows, lined{row.Provider, row.Line})
	}
	slices.SortFunc(rows, func(a, b lined) int {
		return cmp.Or(cmp.Compare(a.row.AGB, b.row.AGB), cmp.Compare(a.row.From, b.row.From), cmp.Compare(a.line, b.line))
	})
	if e := FirstOverlap(Providers, len(rows),
		func(i int) string { return rows[i].row.AGB },
		func(i int) authz.Cover { return rows[i].row.Cover },
		func(i int) int { return rows[i].line },
		func(i int) string { return "AGB " + rows[i].row.AGB }); e != nil {
		return nil, e
	}
	out := make([]authz.ProviderRow, len(rows))
	for i := range rows {
		out[i] = rows[i].row
	}
	return out, nil
}
