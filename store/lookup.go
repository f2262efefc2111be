package store

import (
	"encoding/binary"
	"encoding/json"
	"fmt"

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

// insuredTable is the insured register sorted by blinded BSN, with the
// first row of every value of the blind's first two bytes, so that a
// lookup reads a dozen keys. Rows stay in their encoded form (text) until
// looked up: loading a register of 625,000 rows only finds where each
// row begins.
type insuredTable struct {
	text  string   // the encoded rows (encodeInsured)
	keys  []blind  // the blind of each row
	offs  []uint32 // where each row begins in text
	start []uint32 // 65537 entries
}

func (t *insuredTable) find(k blind) []authz.InsuredRow {
	if len(t.start) == 0 {
		return nil
	}
	top := int(k[0])<<8 | int(k[1])
	lo, hi := int(t.start[top]), int(t.start[top+1])
	for i := lo; i < hi; i++ {
		if t.keys[i] == k {
			j := i + 1
			for j < hi && t.keys[j] == k {
				j++
			}
			out := make([]authz.InsuredRow, 0, j-i)
			for ; i < j; i++ {
				out = append(out, t.row(i))
			}
			return out
		}
	}
	return nil
}

// row decodes row i: blind(16) birth(4) from(4) until(4) len(1) policy.
func (t *insuredTable) row(i int) authz.InsuredRow {
	off := int(t.offs[i]) + 16
	b := t.text[off:]
	u32 := func(p int) uint32 { return uint32(b[p])<<24 | uint32(b[p+1])<<16 | uint32(b[p+2])<<8 | uint32(b[p+3]) }
	n := int(b[12])
	return authz.InsuredRow{BirthDate: authz.Date(u32(0)), PolicyNumber: b[13 : 13+n],
		Cover: authz.Cover{From: authz.Date(u32(4)), Until: authz.Date(u32(8))}}
}

func decodeInsured(payload []byte, rows int) (insuredTable, error) {
	t := insuredTable{text: string(payload), keys: make([]blind, 0, rows), offs: make([]uint32, 0, rows), start: make([]uint32, 65537)}
	for off := 0; off < len(payload); {
		if len(payload)-off < 29 {
			return t, fmt.Errorf("a row is cut short at byte %d", off)
		}
		var k blind
		copy(k[:], payload[off:])
		n := int(payload[off+28])
		if off+29+n > len(payload) {
			return t, fmt.Errorf("a policy number runs past the end")
		}
		t.keys = append(t.keys, k)
		t.offs = append(t.offs, uint32(off))
		off += 29 + n
	}
	// start[v] is the first row whose blind begins with v (two bytes).
	i := 0
	for v := 0; v <= 65536; v++ {
		for i < len(t.keys) && int(t.keys[i][0])<<8|int(t.keys[i][1]) < v {
			i++
		}
		t.start[v] = uint32(i)
	}
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
