package advisers

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
)

// lock keeps two changes of the file (a local `adviser add` and one over
// SSH, say) from losing one another: each reads, changes and replaces the
// file under an exclusive lock on path.lock. Readers need no lock: the
// file is replaced by a rename, whole.
func lock(path string) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return nil, &FileError{Path: path, Err: err}
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("advisers file %s: lock: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}
