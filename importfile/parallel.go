package importfile

import (
	"io"
	"machtiging/authz"
	"runtime"
	"sync"
)

// Record is one decoded record of an import file.
type Record struct {
	Index   int
	Request *authz.Request
	// Raw is the record's JSON as it stood in the file, to keep as imported.
	Raw []byte
	// Prepared is what the decoder's prepare func made of the record, if
	// it was given one.
	Prepared any
}

// ParallelDecoder decodes the records of an import file on several cores
// and hands them out in file order: one goroutine cuts the file into
// records, workers decode chunks of them, and Next puts them back in order
// and checks that no id appears twice.
type ParallelDecoder struct {
	dec     *Decoder
	results chan chan chunkResult
	stop    chan struct{}
	once    sync.Once

	cur     []Record
	pos     int
	pending error // the error that follows the records in cur
	err     error
}

type chunkResult struct {
	recs []Record
	err  error
}

const chunkSize = 256

// decodeAhead is how many chunks may be decoded ahead of the reader: three
// of the store's 4096-request batches, so that decoding goes on while a
// batch commits (with 2048 records ahead, the decoder stalled during every
// commit and the store then waited for it; import 1.65x -> 1.50x of
// encoding/json at 1M, for about 40 MB).
const decodeAhead = 48

// NewParallelDecoder starts decoding r with workers goroutines (0: one per
// core). Call Close when done, also after an error.
func NewParallelDecoder(r io.Reader, workers int) *ParallelDecoder {
	return NewPreparingDecoder(r, workers, nil)
}

// NewPreparingDecoder is NewParallelDecoder that also runs prepare, in the
// workers, on every record they decode, and hands out what it returns in
// Record.Prepared: work on each record that would otherwise wait for the
// single goroutine that consumes them. prepare must be safe to call from
// several goroutines at once, and must not change the request.
func NewPreparingDecoder(r io.Reader, workers int, prepare func(*authz.Request, []byte) any) *ParallelDecoder {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	p := &ParallelDecoder{
		dec:     NewDecoder(r),
		results: make(chan chan chunkResult, decodeAhead),
		stop:    make(chan struct{}),
	}
	jobs := make(chan job, workers*2)
	for range workers {
		go decodeChunks(jobs, prepare)
	}
	go p.split(jobs)
	return p
}

type job struct {
	raws [][]byte
	idx  int
	out  chan chunkResult
}

// split cuts the file into chunks of raw records, in order; each chunk's
// result channel is queued in file order before the chunk goes to a worker.
func (p *ParallelDecoder) split(jobs chan<- job) {
	defer close(jobs)
	defer close(p.results)
	for {
		j := job{out: make(chan chunkResult, 1)}
		var err error
		for len(j.raws) < chunkSize {
			var raw []byte
			var idx int
			raw, idx, err = p.dec.NextRaw()
			if err != nil {
				break
			}
			if len(j.raws) == 0 {
				j.idx = idx
			}
			j.raws = append(j.raws, append([]byte(nil), raw...))
		}
		if len(j.raws) > 0 {
			select {
			case p.results <- j.out:
			case <-p.stop:
				return
			}
			select {
			case jobs <- j:
			case <-p.stop:
				return
			}
		}
		if err != nil {
			out := make(chan chunkResult, 1)
			out <- chunkResult{err: err}
			select {
			case p.results <- out:
			case <-p.stop:
			}
			return
		}
	}
}

func decodeChunks(jobs <-chan job, prepare func(*authz.Request, []byte) any) {
	for j := range jobs {
		res := chunkResult{recs: make([]Record, 0, len(j.raws))}
		for i, raw := range j.raws {
			req, err := authz.DecodeRecord(raw, j.idx+i)
			if err != nil {
				res.err = err
				break
			}
			rec := Record{Index: j.idx + i, Request: req, Raw: raw}
			if prepare != nil {
				rec.Prepared = prepare(req, raw)
			}
			res.recs = append(res.recs, rec)
		}
		j.out <- res
	}
}

// Next returns the next record in file order, io.EOF after the last, or the
// first error (a *RecordError for a bad record). Records before a bad one
// are handed out first, so the error is the first in file order.
func (p *ParallelDecoder) Next() (Record, error) {
	for p.pos == len(p.cur) {
		if p.pending != nil {
			p.err, p.pending = p.pending, nil
		}
		if p.err != nil {
			return Record{}, p.err
		}
		out, ok := <-p.results
		if !ok {
			p.err = io.EOF
			return Record{}, p.err
		}
		res := <-out
		p.cur, p.pos, p.pending = res.recs, 0, res.err
	}
	rec := p.cur[p.pos]
	p.pos++
	if err := p.dec.Unique(rec.Request.ID, rec.Index); err != nil {
		p.err = err
		p.cur, p.pos = nil, 0
		return Record{}, err
	}
	return rec, nil
}

// Close stops the goroutines.
func (p *ParallelDecoder) Close() {
	p.once.Do(func() { close(p.stop) })
}
