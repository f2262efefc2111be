//go:build !linux

package store

import bolt "go.etcd.io/bbolt"

// releaseMapped does nothing where the pages of the mapping are not given
// back explicitly.
func (s *Store) releaseMapped(*bolt.Tx) {}
