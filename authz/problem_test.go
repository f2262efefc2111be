package authz

import (
	"errors"
	"testing"
)

// TestProblemsSayTheOldEnglish: a problem as data says the English line
// the decoders always wrote, which the command line prints unchanged.
func TestProblemsSayTheOldEnglish(t *testing.T) {
	for _, c := range []struct {
		p    *Problem
		want string
	}{
		{&Problem{Code: ProblemRequired}, "is required"},
		{&Problem{Code: ProblemNotRequestID, Value: "a b"}, `"a b" is not 1 to 40 letters, digits and hyphens`},
		{&Problem{Code: ProblemBSNElevenTest}, "fails the 11-proef"},
		{&Problem{Code: ProblemBornAfterReceived, Value: "2026-05-01", Other: NewDate(2026, 4, 1)}, "2026-05-01 is after received 2026-04-01"},
		{&Problem{Code: ProblemAGBNotEightDigits, Value: "12"}, `"12" is not 8 digits`},
		{&Problem{Code: ProblemControlChar, Rune: 1}, "text holds control character U+0001"},
		{&Problem{Code: ProblemWrongType, Got: TypeString, Want: TypeDate}, "wrong JSON type: a string where a date (YYYY-MM-DD) belongs"},
		{&Problem{Code: ProblemWrongType, Got: TypeNull, Want: TypeOther, Value: "map"}, "wrong JSON type: null where map belongs"},
		{&Problem{Code: ProblemDuplicateID, Value: "MA-1", N: 2}, "MA-1 appears twice in the file (first as record 2)"},
		{&Problem{Code: ProblemNoSeparator, N: 4, Rune: 'x'}, "expected , or ] after record 4, found 'x'"},
		{&Problem{Code: ProblemNotObject, Rune: '7'}, "is not a JSON object (starts with '7')"},
		{&Problem{Code: ProblemNotOneOf, Kind: KindSetting, Value: "home"}, `"home" is not "clinical" or "outpatient"`},
		{&Problem{Code: ProblemNotChangeable, Value: "MA-1", State: StateSecondReview}, "MA-1 is second_review: it awaits a second review of a proposed rejection and is never changed by import"},
	} {
		if got := c.p.Error(); got != c.want {
			t.Errorf("problem %d: %q, want %q", c.p.Code, got, c.want)
		}
	}
}

// TestParsersGiveProblems: the parsers of outside input refuse with a
// *Problem, so that a reader in another language can say why.
func TestParsersGiveProblems(t *testing.T) {
	var p *Problem
	if _, err := ParseDate("2026-02-30"); !errors.As(err, &p) || p.Code != ProblemNotCalendarDay {
		t.Errorf("ParseDate: %v", err)
	}
	if _, err := ParseDate("tomorrow"); !errors.As(err, &p) || p.Code != ProblemNotDateForm {
		t.Errorf("ParseDate: %v", err)
	}
	if _, err := ParseAction("approved"); !errors.As(err, &p) || p.Kind != KindAction {
		t.Errorf("ParseAction: %v", err)
	}
	if _, err := DecodeRecord([]byte(`{"id":"MA-1","x":1}`), 0); !errors.As(err, &p) || p.Code != ProblemUnknownField {
		t.Errorf("DecodeRecord: %v", err)
	}
	for s, want := range map[string]ProblemCode{"123456789": ProblemBSNElevenTest, "000000000": ProblemBSNAllZeros, "12": ProblemBSNNotNineDigits, "111222333": 0} {
		if got := BSNProblemCode(s); got != want {
			t.Errorf("BSNProblemCode(%s) = %d, want %d", s, got, want)
		}
	}
}
