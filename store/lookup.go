package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strings"

	bolt "go.etcd.io/bbolt"

	"machtiging/authz"
	"machtiging/registers"
)

// Registers is what is loaded of the registers, in a form that answers a
// lookup in well under a microsecond: the check of a million requests
// looks every one up. It is read once and shared; an import replaces it.
type Registers struct {
	// Status of each register, in the order of registers.Kinds.
	Status []RegisterStatus

	bl        *blinder
	insured   insuredTable
	providers map[string][]authz.ProviderRow
}

// InsuredLoaded reports whether an insured register is loaded.
func (r *Registers) InsuredLoaded() bool { return len(r.Status) > 0 && r.Status[0].Loaded() }

// ProvidersLoaded reports whether a provider register is loaded.
func (r *Registers) ProvidersLoaded() bool { return len(r.Status) > 1 && r.Status[1].Loaded() }

// insuredTable is the insured register sorted by blinded BSN, in a form
// that a lookup reads with one or two cache misses: the check of a
// million requests looks up a million BSNs at random places. Every row is
// a slot of 64 bytes (one cache line) in text:
//
//	blind(16) birth(4) from(4) until(4) len(1) policy number (35)
//
// A policy number longer than 35 bytes lies after the slots, the slot
// holding where (4 bytes) instead. start[v] is the first slot whose
// blind's top bits are v; with about one row for each value, a lookup
// reads start and then the slot itself.
type insuredTable struct {
	text  string
	rows  int
	shift uint     // 64 - the bits of start's index
	start []uint32 // 1<<bits + 1 entries
}

const (
	slotSize     = 64
	slotPolicy   = 29 // where a slot's policy number begins
	inlinePolicy = slotSize - slotPolicy
)

func (t *insuredTable) find(k blind) []authz.InsuredRow {
	if t.rows == 0 {
		return nil
	}
	return t.appendRows(nil, k, int(t.start[binary.BigEndian.Uint64(k[:8])>>t.shift]))
}

// appendRows appends the rows of blind k to dst, looking from slot i (the
// first of k's index value) on.
func (t *insuredTable) appendRows(dst []authz.InsuredRow, k blind, i int) []authz.InsuredRow {
	top := binary.BigEndian.Uint64(k[:8]) >> t.shift
	for hi := int(t.start[top+1]); i < hi; i++ {
		if t.text[i*slotSize:i*slotSize+16] == string(k[:]) {
			for ; i < hi && t.text[i*slotSize:i*slotSize+16] == string(k[:]); i++ {
				dst = append(dst, t.row(i))
			}
			return dst
		}
	}
	return dst
}

// row decodes slot i; its policy number is a part of text, not a copy.
func (t *insuredTable) row(i int) authz.InsuredRow {
	b := t.text[i*slotSize+16 : (i+1)*slotSize]
	u32 := func(p int) uint32 { return uint32(b[p])<<24 | uint32(b[p+1])<<16 | uint32(b[p+2])<<8 | uint32(b[p+3]) }
	n := int(b[12])
	policy := b[13 : 13+min(n, inlinePolicy)]
	if n > inlinePolicy {
		off := int(u32(13))
		policy = t.text[off : off+n]
	}
	return authz.InsuredRow{BirthDate: authz.Date(u32(0)), PolicyNumber: policy,
		Cover: authz.Cover{From: authz.Date(u32(4)), Until: authz.Date(u32(8))}}
}

// decodeInsured lays the stored rows (encodeInsured: sorted by blind,
// each blind(16) birth(4) from(4) until(4) len(1) policy number) out in
// slots.
func decodeInsured(payload []byte, rows int) (insuredTable, error) {
	// First pass: check the rows and measure the long policy numbers.
	n, long := 0, 0
	for off := 0; off < len(payload); n++ {
		if len(payload)-off < 29 {
			return insuredTable{}, fmt.Errorf("a row is cut short at byte %d", off)
		}
		p := int(payload[off+28])
		if off+29+p > len(payload) {
			return insuredTable{}, fmt.Errorf("a policy number runs past the end")
		}
		if p > inlinePolicy {
			long += p
		}
		off += 29 + p
	}
	if n != rows {
		return insuredTable{}, fmt.Errorf("the register holds %d rows, its head says %d", n, rows)
	}
	bits := uint(8)
	for bits < 24 && 1<<bits < n {
		bits++
	}
	t := insuredTable{rows: n, shift: 64 - bits, start: make([]uint32, 1<<bits+1)}
	var text strings.Builder
	text.Grow(n*slotSize + long)
	var slot [slotSize]byte
	overflow := n * slotSize
	for off, i := 0, 0; off < len(payload); i++ {
		p := int(payload[off+28])
		clear(slot[:])
		copy(slot[:29], payload[off:])
		if p > inlinePolicy {
			binary.BigEndian.PutUint32(slot[slotPolicy:], uint32(overflow))
			overflow += p
		} else {
			copy(slot[slotPolicy:], payload[off+29:off+29+p])
		}
		text.Write(slot[:])
		// start[v] ends up the first slot whose top bits are v.
		top := binary.BigEndian.Uint64(payload[off:]) >> t.shift
		t.start[top+1] = uint32(i + 1)
		off += 29 + p
	}
	for off := 0; off < len(payload); {
		p := int(payload[off+28])
		if p > inlinePolicy {
			text.Write(payload[off+29 : off+29+p])
		}
		off += 29 + p
	}
	// Values no row begins with start where the value before ends.
	for v := 1; v < len(t.start); v++ {
		t.start[v] = max(t.start[v], t.start[v-1])
	}
	t.text = text.String()
	return t, nil
}

func decodeProviders(payload []byte) (map[string][]authz.ProviderRow, error) {
	out := make(map[string][]authz.ProviderRow)
	text := string(payload)
	for off := 0; off < len(payload); {
		if len(payload)-off < 17 {
			return nil, fmt.Errorf("a row is cut short at byte %d", off)
		}
		agb := text[off : off+8]
		b := payload[off+8:]
		r := authz.ProviderRow{AGB: agb, Cover: authz.Cover{From: authz.Date(binary.BigEndian.Uint32(b)), Until: authz.Date(binary.BigEndian.Uint32(b[4:]))}}
		n := int(b[8])
		off += 17
		if off+n > len(payload) {
			return nil, fmt.Errorf("a name runs past the end")
		}
		r.Name = text[off : off+n]
		off += n
		out[agb] = append(out[agb], r)
	}
	return out, nil
}

// Registers returns what is loaded of the registers now; an import
// replaces it, so the check, the TUI and the team server see a new
// register at once.
func (s *Store) Registers() (*Registers, error) {
	s.regMu.Lock()
	defer s.regMu.Unlock()
	if s.regs != nil {
		return s.regs, nil
	}
	r := &Registers{}
	err := s.view(func(tx *bolt.Tx) error {
		for _, k := range registers.Kinds {
			h, err := s.readHead(tx, k)
			if err != nil {
				return err
			}
			st := RegisterStatus{Register: k}
			if h == nil {
				r.Status = append(r.Status, st)
				continue
			}
			st.Rows, st.LoadedAt, st.LoadedBy, st.Source = h.Rows, h.LoadedAt, h.LoadedBy, h.Source
			r.Status = append(r.Status, st)
			payload, err := s.readPayload(tx, k, h)
			if err != nil {
				return err
			}
			if k == registers.Insured {
				secret, err := s.secret(tx)
				if err != nil {
					return err
				}
				if secret == nil {
					return damaged("the insured register is loaded but its secret is missing")
				}
				if r.bl, err = newBlinder(secret); err != nil {
					return err
				}
				if r.insured, err = decodeInsured(payload, h.Rows); err != nil {
					return damaged("the insured register cannot be read: %v", err)
				}
			} else if r.providers, err = decodeProviders(payload); err != nil {
				return damaged("the provider register cannot be read: %v", err)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.regs = r
	return r, nil
}

// InsuredRows returns the insured register's rows of a BSN.
func (r *Registers) InsuredRows(bsn string) []authz.InsuredRow {
	if r.bl == nil {
		return nil
	}
	return r.insured.find(r.bl.blind(bsn))
}

// ProviderRows returns the provider register's rows of an AGB.
func (r *Registers) ProviderRows(agb string) []authz.ProviderRow { return r.providers[agb] }

// Identity checks an insured against the insured register; the row that
// covers the start day comes with it when there is one.
func (r *Registers) Identity(ins authz.Insured, start authz.Date) (authz.Identity, *authz.InsuredRow) {
	return authz.IdentityOf(r.InsuredLoaded(), r.InsuredRows(ins.BSN), ins, start)
}

// Contract checks a provider against the provider register.
func (r *Registers) Contract(agb string, start authz.Date) authz.Contract {
	return authz.ContractOf(r.ProvidersLoaded(), r.ProviderRows(agb), start)
}

// FindingsOf is what the registers say of a request.
func (r *Registers) FindingsOf(req *authz.Request) authz.Findings {
	id, _ := r.Identity(req.Insured, req.TreatmentStart)
	return authz.Findings{Identity: id, Contract: r.Contract(req.Provider.AGB, req.TreatmentStart)}
}

// Findings is what the registers say of a queue row. A row written before
// rows held what the registers need is answered from its request.
func (s *Store) Findings(r *Registers, row *Row) (authz.Findings, error) {
	if !r.InsuredLoaded() && !r.ProvidersLoaded() {
		return authz.Findings{}, nil
	}
	if !row.RegisterFacts {
		rec, err := s.Peek(row.ID)
		if err != nil {
			return authz.Findings{}, err
		}
		return r.FindingsOf(rec.Request), nil
	}
	ins := authz.Insured{BSN: row.BSN, BirthDate: row.BirthDate, PolicyNumber: row.PolicyNumber}
	id, _ := r.Identity(ins, row.TreatmentStart)
	return authz.Findings{Identity: id, Contract: r.Contract(row.AGB, row.TreatmentStart)}, nil
}

// statusJSON is one line of `register status --json`.
type statusJSON struct {
	Register string `json:"register"`
	Rows     int    `json:"rows"`
	LoadedAt string `json:"loaded_at,omitempty"`
	LoadedBy string `json:"loaded_by,omitempty"`
}

// MarshalJSON writes the contract's line: a register never loaded has
// rows 0 and no loaded_at.
func (r RegisterStatus) MarshalJSON() ([]byte, error) {
	j := statusJSON{Register: r.Register.String(), Rows: r.Rows}
	if r.Loaded() {
		j.LoadedAt = r.LoadedAt.UTC().Format("2006-01-02T15:04:05Z07:00")
		j.LoadedBy = r.LoadedBy
	}
	return json.Marshal(j)
}
