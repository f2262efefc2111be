//go:build unix

package bench

import "syscall"

// syncDisk writes every dirty page out, so that a timing does not pay for
// the writes of what ran before it.
func syncDisk() { syscall.Sync() }
