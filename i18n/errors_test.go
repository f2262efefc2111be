package i18n

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"machtiging/audit"
	"machtiging/authz"
	"machtiging/keys"
	"machtiging/registers"
	"machtiging/store"
)

// englishMarkers are words of the English error lines that no Dutch line
// holds; EnglishMarkers is its test in cli too.
var englishMarkers = regexp.MustCompile(`(?i)\b(record|field|unknown|invalid|must|not found|line|column|expected|flag|required|is not|damaged|needs|takes|no such|does not|cannot|neither|truncated|longer than|wrong|appears|fails)\b`)

// everyProblem is an example of every ProblemCode.
func everyProblem() []*authz.Problem {
	var out []*authz.Problem
	for code := authz.ProblemRequired; code <= authz.ProblemNotChangeable; code++ {
		p := &authz.Problem{Code: code, Value: "X-1", N: 3, Limit: 2, Rune: 7, Kind: authz.KindReasonCode,
			Got: authz.TypeNumber, Want: authz.TypeDate, Offset: 12, State: authz.StateApproved, Other: authz.NewDate(2026, 1, 2)}
		if code == authz.ProblemBornAfterReceived {
			p.Value = "2026-03-04"
		}
		out = append(out, p)
	}
	return out
}

// TestEveryProblemInWords: every problem of outside input has words in
// both languages; the Dutch hold no English and no placeholder, and the
// English catalogue agrees with the error's own line where the line
// names nothing the catalogue says otherwise.
func TestEveryProblemInWords(t *testing.T) {
	for _, p := range everyProblem() {
		for _, l := range Langs {
			if _, ok := For(l).Errors.Problems[p.Code]; !ok {
				t.Errorf("%s: problem %d has no words", l, p.Code)
			}
		}
		nl := For(Dutch).Problem(p)
		if englishMarkers.MatchString(nl) || strings.ContainsAny(nl, "{}") {
			t.Errorf("problem %d in Dutch: %q", p.Code, nl)
		}
	}
	same := []authz.ProblemCode{authz.ProblemRequired, authz.ProblemBSNElevenTest, authz.ProblemTooLong, authz.ProblemUnknownField, authz.ProblemTooDeep, authz.ProblemNotCalendarDay}
	for _, p := range everyProblem() {
		for _, code := range same {
			if p.Code == code {
				if en := For(English).Problem(p); en != p.Error() {
					t.Errorf("problem %d in English: %q, the error says %q", p.Code, en, p.Error())
				}
			}
		}
	}
}

// TestRecordErrorInDutch: an import error names the record, its id and
// the field, and says the problem, in Dutch, however it is wrapped; the
// English catalogue says it as the error's own line does.
func TestRecordErrorInDutch(t *testing.T) {
	for _, c := range []struct {
		err  *authz.RecordError
		want string
	}{
		{&authz.RecordError{Index: 3, ID: "MA-1", Field: "insured.bsn", Err: &authz.Problem{Code: authz.ProblemBSNElevenTest}},
			"aanvraag 3 (MA-1), veld insured.bsn: het BSN voldoet niet aan de 11-proef"},
		{&authz.RecordError{Index: 0, Err: &authz.Problem{Code: authz.ProblemTooDeep, Limit: 64}},
			"aanvraag 0: dieper genest dan 64 niveaus"},
		{&authz.RecordError{Index: 1, Field: "received", Err: &authz.Problem{Code: authz.ProblemNotCalendarDay, Value: "2026-02-30"}},
			`aanvraag 1, veld received: "2026-02-30" is geen dag van de kalender`},
	} {
		got, ok := For(Dutch).Explain(fmt.Errorf("import f.json %w", c.err))
		if !ok || got != c.want {
			t.Errorf("Dutch: %q, %v; want %q", got, ok, c.want)
		}
		if en, _ := For(English).Explain(c.err); en != c.err.Error() {
			t.Errorf("English: %q; the error says %q", en, c.err.Error())
		}
	}
	// Not a typed error: no words, so its text is never read.
	if _, ok := For(Dutch).Explain(errors.New("record 3 (MA-1): insured.bsn: fails the 11-proef")); ok {
		t.Error("an error's text was taken for its type")
	}
}

// TestEveryRegisterProblemInWords: every problem of a register file is
// said in Dutch by its code and fields.
func TestEveryRegisterProblemInWords(t *testing.T) {
	for p := registers.ProblemEmpty; p <= registers.ProblemType; p++ {
		e := &registers.Error{Line: 4, Column: "bsn", Problem: p, Value: "2026-01-01", OtherLine: 2, Cells: 3, Columns: 4,
			Got: authz.TypeNumber, Reason: &authz.Problem{Code: authz.ProblemBSNElevenTest}}
		nl, ok := For(Dutch).Explain(&store.RegisterError{Register: registers.Insured, Err: e})
		if !ok || englishMarkers.MatchString(nl) || strings.ContainsAny(nl, "{}") || !strings.HasPrefix(nl, "regel 4 kolom bsn: ") {
			t.Errorf("register problem %d in Dutch: %q", p, nl)
		}
	}
	en, _ := For(English).Explain(&registers.Error{Line: 2, Column: "agb", Problem: registers.ProblemAGB, Value: "12"})
	if en != `line 2 column agb: AGB-code "12" is not 8 digits` {
		t.Errorf("English: %q", en)
	}
}

// TestStoreOpenErrorsInWords: a store that cannot be opened, and a
// damaged one, are said in Dutch by their type.
func TestStoreOpenErrorsInWords(t *testing.T) {
	for p := store.OpenDamaged; p <= store.OpenWrongKey; p++ {
		err := fmt.Errorf("check: %w", &store.OpenError{Path: "s.db", Problem: p, Schema: "9", Err: errors.New("invalid database")})
		nl, ok := For(Dutch).Explain(err)
		if !ok || englishMarkers.MatchString(nl) || !strings.Contains(nl, "s.db") {
			t.Errorf("open problem %d in Dutch: %q", p, nl)
		}
		if !errors.Is(err, store.ErrDamaged) && p == store.OpenDamaged || !errors.Is(err, store.ErrWrongKey) && p == store.OpenWrongKey {
			t.Errorf("open problem %d lost its sentinel", p)
		}
	}
}

// TestFlagErrorsInWords: pflag's typed errors are said in Dutch from their
// fields.
func TestFlagErrorsInWords(t *testing.T) {
	fs := pflag.NewFlagSet("x", pflag.ContinueOnError)
	fs.SetOutput(new(strings.Builder))
	fs.Int("minutes", 0, "")
	fs.BoolP("json", "j", false, "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--bogus"}, "onbekende optie: --bogus"},
		{[]string{"-jq"}, "onbekende korte optie: 'q' in -q"},
		{[]string{"--minutes"}, "de optie --minutes heeft een waarde nodig"},
		{[]string{"--minutes", "abc"}, `ongeldige waarde "abc" voor de optie --minutes`},
	} {
		err := fs.Parse(c.args)
		if err == nil {
			t.Fatalf("%v parsed", c.args)
		}
		if got, ok := For(Dutch).Explain(err); !ok || got != c.want {
			t.Errorf("%v: %q, want %q (English %q)", c.args, got, c.want, err)
		}
	}
}

// TestKeyAndLogErrorsInWords: a key file's errors and a broken access log
// are said in Dutch from their types; the English catalogue's words are
// the errors' own lines.
func TestKeyAndLogErrorsInWords(t *testing.T) {
	chain := &store.ChainBrokenError{Path: "s.db", Err: &audit.ChainError{Seq: 7, Problem: audit.HashMismatch, Detail: "hash does not match: the entry or one before it was changed"}}
	for _, c := range []struct {
		err error
		nl  string
	}{
		{fmt.Errorf("audit verify: %w", chain), "de opslag s.db: de hashketen van het toegangslog is gebroken: regel 7: de hash klopt niet: deze regel of een eerdere is gewijzigd"},
		{&store.ChainBrokenError{Path: "s.db", Ends: 4, Head: 9}, "de opslag s.db: de hashketen van het toegangslog is gebroken: het log eindigt bij regel 4, maar de kop van de opslag noemt regel 9: er zijn regels verwijderd"},
		{&keys.NotAKeyError{Path: "k", Bytes: 8}, "het sleutelbestand k bevat 8 bytes, geen 32: het is geen sleutel van machtiging"},
		{&keys.FileError{Path: "k", Err: keys.ErrWrongPassphrase}, "sleutelbestand k: het wachtwoord klopt niet"},
		{&keys.FileError{Path: "k", Err: keys.ErrNoPassphrase}, "sleutelbestand k: het is beveiligd met een wachtwoord"},
		{&keys.ExistsError{Path: "k"}, "het sleutelbestand k bestaat al; het wordt niet vervangen"},
	} {
		nl, ok := For(Dutch).Explain(c.err)
		if !ok || !strings.HasPrefix(nl, c.nl) || englishMarkers.MatchString(nl) {
			t.Errorf("Dutch: %q, want %q", nl, c.nl)
		}
		if !errors.Is(chain, store.ErrChainBroken) {
			t.Error("a broken chain is not ErrChainBroken")
		}
	}
	if en, _ := For(English).Explain(&keys.NotAKeyError{Path: "k", Bytes: 8}); en != (&keys.NotAKeyError{Path: "k", Bytes: 8}).Error() {
		t.Errorf("English: %q", en)
	}
	if en, _ := For(English).Explain(chain); en != chain.Error() {
		t.Errorf("English: %q, the error says %q", en, chain.Error())
	}
}
