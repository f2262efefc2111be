package store

import (
	"encoding/binary"
	"errors"
	"hash/fnv"
	"io"
	"io/fs"
	"os"
)

// The file's own header, read without bbolt: what its meta pages say, so
// that a truncated or damaged file is named as such before bbolt maps it.

// fileMeta is what one of bbolt's two meta pages says about the file.
type fileMeta struct {
	valid    bool
	pageSize uint64
	root     uint64 // root page of the root bucket
	freelist uint64
	pgid     uint64 // high-water mark: pages in use
	txid     uint64
}

// readMeta reads and validates the meta page at off, as bbolt does: magic,
// version 2 and an FNV-64a checksum (file format of bbolt 1.x).
func readMeta(f io.ReaderAt, off int64) (m fileMeta, pageID uint64, flags uint16) {
	var buf [16 + 64]byte
	if _, err := f.ReadAt(buf[:], off); err != nil {
		return m, ^uint64(0), 0
	}
	le := binary.NativeEndian
	pageID, flags = le.Uint64(buf[0:]), le.Uint16(buf[8:])
	meta := buf[16:]
	h := fnv.New64a()
	h.Write(meta[:56])
	m = fileMeta{
		pageSize: uint64(le.Uint32(meta[8:])),
		root:     le.Uint64(meta[16:]),
		freelist: le.Uint64(meta[32:]),
		pgid:     le.Uint64(meta[40:]),
		txid:     le.Uint64(meta[48:]),
	}
	m.valid = le.Uint32(meta[0:]) == 0xED0CDAED && le.Uint32(meta[4:]) == 2 && le.Uint64(meta[56:]) == h.Sum64() &&
		m.pageSize >= 512 && m.pageSize <= 1<<24
	return m, pageID, flags
}

// readMetas reads both meta pages; the second is looked for where bbolt
// looks for it when the first does not say the page size.
func readMetas(f io.ReaderAt, size int64) [2]fileMeta {
	var ms [2]fileMeta
	ms[0], _, _ = readMeta(f, 0)
	if ms[0].valid {
		ms[1], _, _ = readMeta(f, int64(ms[0].pageSize))
		return ms
	}
	for ps := int64(1024); ps <= 1<<24 && ps < size; ps <<= 1 {
		if m, _, _ := readMeta(f, ps); m.valid && m.pageSize == uint64(ps) {
			ms[1] = m
			break
		}
	}
	return ms
}

// current is the meta page bbolt goes by: the valid one of the later
// transaction.
func current(ms [2]fileMeta) (fileMeta, bool) {
	switch {
	case ms[0].valid && ms[1].valid && ms[1].txid > ms[0].txid, !ms[0].valid && ms[1].valid:
		return ms[1], true
	case ms[0].valid:
		return ms[0], true
	}
	return fileMeta{}, false
}

// checkFileSize refuses a store file that is empty or shorter than the
// pages its meta page says are in use.
func checkFileSize(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return nil // bbolt says what is wrong
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil || !fi.Mode().IsRegular() {
		return nil
	}
	if fi.Size() == 0 {
		return damaged("the file is empty (0 bytes)")
	}
	m, ok := current(readMetas(f, fi.Size()))
	if !ok {
		return nil // bbolt reports the invalid file
	}
	if need := m.pgid * m.pageSize; m.pgid > 1<<40 || uint64(fi.Size()) < need {
		return damaged("the file is truncated: it is %d bytes, but its pages take %d", fi.Size(), need)
	}
	return nil
}
