package i18n

import (
	"errors"

	"machtiging/authz"
	"machtiging/store"
)

// StoreError says a store error a person meets (an unknown or a purged
// request) in the catalogue's language, found by its type, never by its
// text; ok is false for any other error.
func (c *Catalog) StoreError(err error) (string, bool) {
	t := &c.Commands
	var purged *store.PurgedError
	if errors.As(err, &purged) {
		return Fill(t.PurgedRequest, "id", purged.ID, "date", c.Dates.Date(authz.DateOf(purged.PurgedAt.UTC())),
			"decided", c.Dates.Date(purged.Decided), "before", c.Dates.Date(purged.Before)), true
	}
	var held *store.InUseError
	if errors.As(err, &held) {
		return Fill(t.InUse, "store", held.Path), true
	}
	var missing *store.NotFoundError
	if errors.As(err, &missing) {
		return Fill(t.NotFound, "id", missing.ID), true
	}
	return "", false
}
