package i18n

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"machtiging/authz"
	"machtiging/store"
)

// TestStoreErrorsByType: an unknown and a purged request, however wrapped,
// are said in Dutch by their type; English keeps the error's own line;
// any other error is not a store error.
func TestStoreErrorsByType(t *testing.T) {
	day := authz.DateOf(time.Date(2020, 3, 4, 0, 0, 0, 0, time.UTC))
	purged := &store.PurgedError{Tombstone: store.Tombstone{ID: "MA-1", Decided: day, Before: day, PurgedAt: time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)}}
	for _, c := range []struct {
		err  error
		want string
	}{
		{fmt.Errorf("check: %w", &store.NotFoundError{ID: "MA-2"}), "aanvraag MA-2 bestaat niet"},
		{fmt.Errorf("decide: %w", purged), "aanvraag MA-1 is op 2 december 2026 opgeschoond (het laatste besluit, van 4 maart 2020, was vóór 4 maart 2020)"},
	} {
		nl := For(Dutch).ErrorText(c.err)
		if !strings.HasPrefix(nl, c.want) {
			t.Errorf("Dutch: %q, want %q", nl, c.want)
		}
		if en := For(English).ErrorText(c.err); en != c.err.Error() {
			t.Errorf("English: %q, want %q", en, c.err.Error())
		}
	}
	if _, ok := For(Dutch).StoreError(fmt.Errorf("request MA-3: not found")); ok {
		t.Error("an error's text was taken for its type")
	}
}
