package i18n

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"machtiging/roles"
)

// In English a role refusal reads as the roles package's own line; in
// Dutch in Dutch, with the roles and commands as they are typed.
func TestRoleRefusals(t *testing.T) {
	en, nl := For(English), For(Dutch)
	for _, r := range append([]roles.Role{0}, roles.All...) {
		for _, c := range roles.Commands() {
			err := roles.Authorize(r, c)
			if err == nil {
				continue
			}
			wrapped := fmt.Errorf("over ssh: %w", err)
			if got, ok := en.RoleRefusal(wrapped); !ok || got != err.Error() {
				t.Errorf("en %s %s: %q, want %q", r, c, got, err)
			}
			got, ok := nl.RoleRefusal(err)
			if !ok || !strings.Contains(got, " vraagt de rol ") || !strings.Contains(got, "de rol "+r.String()+" mag ") {
				t.Errorf("nl %s %s: %q", r, c, got)
			}
		}
	}
	for _, tc := range []struct {
		err    error
		en, nl string
	}{
		{roles.Authorize(roles.Auditor, roles.ReviewScreen),
			"the review screen needs the role adviser or admin; the role auditor may run report, audit --request ID, audit, audit verify, audit checkpoint",
			"het beoordelingsscherm vraagt de rol adviser of admin; de rol auditor mag report, audit --request ID, audit, audit verify, audit checkpoint"},
		{roles.Authorize(roles.Intake, roles.Report),
			"report needs the role adviser, auditor or admin; the role intake may run import, register import",
			"report vraagt de rol adviser, auditor of admin; de rol intake mag import, register import"},
		{roles.Authorize(0, roles.Import), "import needs the role intake or admin; the role no role (0) may run nothing",
			"import vraagt de rol intake of admin; de rol no role (0) mag niets"},
		{roles.AuthorizeRemote(roles.Admin, roles.KeyRotate), "key rotate runs only on the store's own machine, not over SSH",
			"key rotate draait alleen op de machine van de opslag zelf, niet via SSH"},
		{&roles.Unlisted{Name: "frobnicate"}, "frobnicate is not offered over SSH", "frobnicate wordt niet via SSH aangeboden"},
	} {
		if got := en.ErrorText(tc.err); got != tc.en {
			t.Errorf("en: %q, want %q", got, tc.en)
		}
		if got := nl.ErrorText(tc.err); got != tc.nl {
			t.Errorf("nl: %q, want %q", got, tc.nl)
		}
	}
	if _, ok := en.RoleRefusal(errors.New("other")); ok {
		t.Error("another error read as a role refusal")
	}
}
