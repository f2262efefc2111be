package store

import (
	"cmp"
	"encoding/binary"
	"errors"
	"io"
	"runtime"
	"slices"
	"sync"

	"machtiging/authz"
	"machtiging/registers"
)

// insuredEntry is one row of the insured register as the store keeps it.
type insuredEntry struct {
	hi, lo       uint64 // the blind
	birth        authz.Date
	cover        authz.Cover
	line         int32
	policyOffset uint32 // block<<20 | offset in the block of policyBlocks
	policyLen    uint8
}

const (
	entryBlock  = 1 << 15 // rows in one block of insuredRows (1.25 MB: a chunk of the payload fits in one)
	policyBlock = 1 << 20 // bytes in one block of policy numbers
	bucketBits  = 16      // the blind's top bits that sort rows into buckets
)

// insuredRows gathers a register's rows as they are read. They go into
// blocks of a fixed size, never into one slice that grows: at a million
// rows a growing slice copies some 80 MB in runs the collector cannot
// interrupt, and each new block is memory the system must hand out anyway.
// It counts the rows of each bucket of blinds as it goes, so that sorting
// them is one pass that puts every row in its bucket and a sort of each
// bucket of a dozen rows.
type insuredRows struct {
	blocks   [][]insuredEntry
	policies [][]byte
	count    []uint32 // rows per bucket, then where each bucket begins
	n        int
}

func newInsuredRows() *insuredRows {
	return &insuredRows{count: make([]uint32, 1<<bucketBits+1)}
}

func (r *insuredRows) add(e insuredEntry, policy []byte) {
	e.policyOffset, e.policyLen = 0, 0
	if len(policy) > 0 {
		last := len(r.policies) - 1
		if last < 0 || len(r.policies[last])+len(policy) > policyBlock {
			r.policies = append(r.policies, make([]byte, 0, policyBlock))
			last++
		}
		e.policyOffset = uint32(last)<<20 | uint32(len(r.policies[last]))
		e.policyLen = uint8(len(policy))
		r.policies[last] = append(r.policies[last], policy...)
	}
	last := len(r.blocks) - 1
	if last < 0 || len(r.blocks[last]) == entryBlock {
		r.blocks = append(r.blocks, make([]insuredEntry, 0, entryBlock))
		last++
	}
	r.blocks[last] = append(r.blocks[last], e)
	r.count[e.hi>>(64-bucketBits)+1]++
	r.n++
}

func (r *insuredRows) policy(e *insuredEntry) []byte {
	b := r.policies[e.policyOffset>>20]
	off := e.policyOffset & (policyBlock - 1)
	return b[off : off+uint32(e.policyLen)]
}

// sorted returns the rows sorted by blind, then first day, then line. The
// two halves of the buckets are sorted side by side, each on a core.
func (r *insuredRows) sorted() []insuredEntry {
	start := r.count
	for v := 1; v < len(start); v++ {
		start[v] += start[v-1]
	}
	// start[v] is where bucket v begins, start[v+1] where it ends.
	out := make([]insuredEntry, r.n)
	next := slices.Clone(start) // where the next row of each bucket goes
	half := uint64(1) << (bucketBits - 1)
	var wg sync.WaitGroup
	for _, part := range [2]uint64{0, half} {
		wg.Go(func() {
			for _, b := range r.blocks {
				for j := range b {
					if top := b[j].hi >> (64 - bucketBits); top-part < half {
						out[next[top]] = b[j]
						next[top]++
					}
				}
			}
			for v := part; v < part+half; v++ {
				if from, to := start[v], start[v+1]; to-from > 1 {
					slices.SortFunc(out[from:to], compareInsured)
				}
			}
		})
	}
	wg.Wait()
	r.blocks = nil // for the collector
	return out
}

// encode writes entries in chunks of at most chunkSize bytes, each row
//
//	blind(16) birth(4) from(4) until(4) len(1) policy number
//
// Chunks of this size fit in the memory the collected blocks leave.
func (r *insuredRows) encode(entries []insuredEntry) [][]byte {
	var chunks [][]byte
	var out []byte
	for i := range entries {
		e := &entries[i]
		if len(out)+29+int(e.policyLen) > cap(out) {
			if len(out) > 0 {
				chunks = append(chunks, out)
			}
			out = make([]byte, 0, chunkSize)
		}
		out = binary.BigEndian.AppendUint64(out, e.hi)
		out = binary.BigEndian.AppendUint64(out, e.lo)
		out = binary.BigEndian.AppendUint32(out, uint32(e.birth))
		out = binary.BigEndian.AppendUint32(out, uint32(e.cover.From))
		out = binary.BigEndian.AppendUint32(out, uint32(e.cover.Until))
		out = append(out, e.policyLen)
		if e.policyLen > 0 {
			out = append(out, r.policy(e)...)
		}
	}
	if len(out) > 0 {
		chunks = append(chunks, out)
	}
	return chunks
}

func compareInsured(a, b insuredEntry) int {
	if a.hi != b.hi {
		return cmp.Compare(a.hi, b.hi)
	}
	return cmp.Or(cmp.Compare(a.lo, b.lo), cmp.Compare(a.cover.From, b.cover.From), cmp.Compare(a.line, b.line))
}

// insuredBatch is rows of the insured register as read and blinded, on
// their way to be gathered; an error ends the batches.
type insuredBatch struct {
	entries  []insuredEntry // policyOffset is into policies
	policies []byte
	err      error
	free     chan<- *insuredBatch
}

func (b *insuredBatch) policy(e *insuredEntry) []byte {
	return b.policies[e.policyOffset : e.policyOffset+uint32(e.policyLen)]
}

// done gives the batch back to be filled again.
func (b *insuredBatch) done() { b.free <- b }

// readInsured reads and blinds the rows of an insured register on a
// goroutine of its own, while the caller gathers them: the strict
// decoder is half the work of an import, and a machine has two cores.
// The caller must read the channel to its end (or until an error).
func readInsured(bl *blinder, d *registers.Decoder) <-chan *insuredBatch {
	const size, spare = 1024, 4
	out := make(chan *insuredBatch, spare)
	free := make(chan *insuredBatch, spare+2)
	for range spare + 2 {
		free <- &insuredBatch{entries: make([]insuredEntry, 0, size), free: free}
	}
	go func() {
		defer close(out)
		var row registers.Row
		var scratch blindScratch
		b := <-free
		for {
			err := d.Next(&row)
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.err = err
				out <- b
				return
			}
			r := &row.Insured
			k := blindWith(bl, &scratch, row.BSN)
			b.entries = append(b.entries, insuredEntry{hi: binary.BigEndian.Uint64(k[:8]), lo: binary.BigEndian.Uint64(k[8:]),
				birth: r.BirthDate, cover: r.Cover, line: int32(row.Line),
				policyOffset: uint32(len(b.policies)), policyLen: uint8(len(row.PolicyNumber))})
			b.policies = append(b.policies, row.PolicyNumber...)
			if len(b.entries) == size {
				out <- b
				b = <-free
				b.entries, b.policies = b.entries[:0], b.policies[:0]
			}
		}
		if len(b.entries) > 0 {
			out <- b
		}
	}()
	return out
}

// encodeInsured reads a whole insured register, applies the overlap rule
// and encodes it: the rows sorted by blinded BSN, then first day, each
//
//	blind(16) birth(4) from(4) until(4) len(1) policy number
func encodeInsured(bl *blinder, d *registers.Decoder) ([][]byte, int, error) {
	rows := newInsuredRows()
	for b := range readInsured(bl, d) {
		if b.err != nil {
			return nil, 0, b.err
		}
		for i := range b.entries {
			e := &b.entries[i]
			rows.add(*e, b.policy(e))
		}
		b.done()
	}
	entries := rows.sorted()
	// The blocks are garbage now. Collecting them at once (a few
	// milliseconds: they hold no pointers) lets the chunks below reuse
	// their memory instead of asking the system for 40 MB more at a million
	// rows, which costs more than the collection on a virtual machine,
	// where every new page is a trap.
	runtime.GC()
	if e := registers.FirstOverlap(registers.Insured, len(entries),
		func(i int) [2]uint64 { return [2]uint64{entries[i].hi, entries[i].lo} },
		func(i int) authz.Cover { return entries[i].cover },
		func(i int) int { return int(entries[i].line) },
		func(int) string { return "the BSN" }); e != nil {
		return nil, 0, e
	}
	// The two halves are encoded side by side, each on a core, into
	// chunks of the size the store writes.
	mid := len(entries) / 2
	var firstHalf [][]byte
	var wg sync.WaitGroup
	wg.Go(func() { firstHalf = rows.encode(entries[:mid]) })
	secondHalf := rows.encode(entries[mid:])
	wg.Wait()
	chunks := append(firstHalf, secondHalf...)
	// Likewise the sorted rows (dead once encoded), before bbolt
	// asks for the pages it writes the chunks into.
	n := len(entries)
	runtime.GC()
	return chunks, n, nil
}
