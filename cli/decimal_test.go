package cli

import (
	"regexp"
	"testing"
)

// TestDutchReportUsesADecimalComma: the report table writes fractions
// with a comma in Dutch and a dot in English; its JSON keeps the dot in
// every language.
func TestDutchReportUsesADecimalComma(t *testing.T) {
	db := newDB(t)
	mustOK(t, cmd(t, db, "jdevries", "", "--lang", "en", "demo", "--no-tui", "--n", "120"))
	dot, comma := regexp.MustCompile(`\d\.\d`), regexp.MustCompile(`\d,\d`)
	nl := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "report")).stdout
	en := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "en", "report")).stdout
	if dot.MatchString(nl) || !comma.MatchString(nl) {
		t.Errorf("Dutch table:\n%s", nl)
	}
	if comma.MatchString(en) || !dot.MatchString(en) {
		t.Errorf("English table:\n%s", en)
	}
	js := mustOK(t, cmd(t, db, "jdevries", "", "--lang", "nl", "report", "--json")).stdout
	if !regexp.MustCompile(`"mean_days": ?\d+\.\d`).MatchString(js) {
		t.Errorf("JSON under Dutch:\n%s", js)
	}
}
