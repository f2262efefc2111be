// Package letters writes the Dutch letters that tell the insured, and the
// provider in a copy, of a final decision on a request for a machtiging:
// an approval, a final rejection, a request for information, and the two
// outcomes of a reconsideration (heroverweging). The wording comes from
// text/template files: defaults embedded in the binary, which the insurer
// may override with files of the same name in a folder beside the store.
//
// A letter is written once, when the decision is recorded, and stored with
// it; this package only writes the text (and renders it as a PDF). It does
// no I/O except reading the template folder in Load.
package letters

import (
	"fmt"
	"strings"

	"machtiging/authz"
)

// Recipient is whom a copy of a letter is addressed to.
type Recipient uint8

// The recipients of a letter.
const (
	ToInsured  Recipient = iota // the insured (verzekerde): the letter itself
	ToProvider                  // the provider (zorgaanbieder): its copy
)

var recipientNames = [...]string{"insured", "provider"}

func (r Recipient) String() string {
	if int(r) < len(recipientNames) {
		return recipientNames[r]
	}
	return fmt.Sprintf("unknown(%d)", uint8(r))
}

// ParseRecipient reads "insured" or "provider".
func ParseRecipient(s string) (Recipient, error) {
	for i, n := range recipientNames {
		if n == s {
			return Recipient(i), nil
		}
	}
	return 0, fmt.Errorf("%q is not a recipient (insured or provider)", s)
}

// HasLetter reports whether a decision with this outcome is final and so
// writes a letter: an approval, a final rejection (direct or a
// concurrence), a request for information, and both outcomes of a
// reconsideration. Proposals, overturns and objections write none.
func HasLetter(o authz.Outcome) bool {
	switch o {
	case authz.OutcomeApproved, authz.OutcomeRejected, authz.OutcomeConcurred, authz.OutcomeInfoRequested,
		authz.OutcomeUpheld, authz.OutcomeApprovedOnReconsideration:
		return true
	}
	return false
}

// Input is what a letter is written from: the version of the request that
// was decided on and the decision.
type Input struct {
	Request  *authz.Request
	Decision *authz.Decision
	// Contract is what the provider register said when deciding; with
	// ContractUnchecked the request's provider.contracted decides.
	Contract authz.Contract
	// Proposal is the proposed rejection a concurrence makes final: its
	// motivation is the one the letter quotes.
	Proposal *authz.Decision
}

// Letters are the two copies of one decision's letter, as sent.
type Letters struct {
	Insured  string
	Provider string
}

// To returns the copy for a recipient.
func (l Letters) To(r Recipient) string {
	if r == ToProvider {
		return l.Provider
	}
	return l.Insured
}

// contracted reports whether the provider has a contract with the insurer:
// the provider register decides when it was consulted.
func (in Input) contracted() bool {
	switch in.Contract {
	case authz.ContractContracted:
		return true
	case authz.ContractNotContracted:
		return false
	}
	return in.Request.Provider.IsContracted()
}

// Write writes both copies of the letter of a decision. A decision whose
// outcome has no letter is an error; so is any template that fails: a
// letter is written whole or not at all.
func (s *Set) Write(in Input) (Letters, error) {
	if in.Request == nil || in.Decision == nil {
		return Letters{}, fmt.Errorf("letter: no request or decision to write about")
	}
	l, err := s.write(in)
	if err != nil {
		return Letters{}, fmt.Errorf("letter for %s: %w", in.Request.ID, err)
	}
	return l, nil
}

func (s *Set) write(in Input) (Letters, error) {
	d := in.Decision
	if !HasLetter(d.Outcome) {
		return Letters{}, fmt.Errorf("a decision %s has no letter", d.Outcome)
	}
	data, err := s.data(in)
	if err != nil {
		return Letters{}, err
	}
	// The motivation goes in word for word, after the letter is tidied:
	// its own blank lines and spaces are the adviser's.
	motivation, second := data.Motivation, data.SecondOpinion
	if motivation != "" {
		data.Motivation = motivationMark
	}
	if second != "" {
		data.SecondOpinion = secondOpinionMark
	}
	body, err := s.exec(bodyFile(d.Outcome), data)
	if err != nil {
		return Letters{}, err
	}
	data.Body = body
	var out [2]string
	for _, r := range []Recipient{ToInsured, ToProvider} {
		data.setRecipient(r)
		if out[r], err = s.exec(fileLetter, data); err != nil {
			return Letters{}, err
		}
		out[r] = strings.NewReplacer(motivationMark, motivation, secondOpinionMark, second).Replace(out[r])
	}
	return Letters{Insured: out[ToInsured], Provider: out[ToProvider]}, nil
}

// motivationMark stands for the motivation while the templates run and the
// letter is tidied (private-use characters, which no text holds).
const (
	motivationMark    = "\ue000motivering\ue001"
	secondOpinionMark = "\ue000tweede\ue001"
)

// bodyFile is the template of an outcome's own text.
func bodyFile(o authz.Outcome) string {
	switch o {
	case authz.OutcomeApproved:
		return fileApproved
	case authz.OutcomeApprovedOnReconsideration:
		return fileApprovedOnReconsideration
	case authz.OutcomeRejected, authz.OutcomeConcurred:
		return fileRejected
	case authz.OutcomeUpheld:
		return fileUpheld
	}
	return fileInfoRequested
}

// tidy gives a letter its final shape whatever the templates' whitespace:
// no spaces at line ends, at most one blank line in a row, no blank lines
// at the start or end, and one newline at the end.
func tidy(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	out := make([]string, 0, len(lines))
	blank := true // drops blank lines at the start
	for _, l := range lines {
		l = strings.TrimRight(l, " \t")
		if l == "" {
			if !blank {
				out = append(out, "")
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l)
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return ""
	}
	return strings.Join(out, "\n") + "\n"
}
