package i18n

import (
	"errors"
	"fmt"
	"io/fs"
	"strconv"
	"syscall"

	"github.com/spf13/pflag"

	"machtiging/advisers"
	"machtiging/audit"
	"machtiging/authz"
	"machtiging/keys"
	"machtiging/registers"
	"machtiging/roles"
	"machtiging/store"
)

// Errors say the errors of outside input and of the command line in
// words, each found by its type and said from its fields, never from its
// English text: a record of an import file and its field, a register
// file's line and column, a store that cannot be opened, a flag or an
// argument of the command line, a file that cannot be read.
type Errors struct {
	// Record and RecordID name a record of an import file: {index} from
	// 0, {id}. InField and NoField say what is wrong with it: {record},
	// {field} (the contract's dotted path), {problem}.
	Record, RecordID, InField, NoField string
	// Problems say a problem of a value: {value}, {n}, {limit}, {rune},
	// {kind}, {got}, {want}, {offset}, {state}, {other}.
	Problems map[authz.ProblemCode]string
	// Kinds name the lists a value is looked up in (ProblemNotOneOf).
	Kinds map[authz.ValueKind]string
	// Types name JSON types.
	Types map[authz.JSONType]string

	// RegisterLine and RegisterColumn say where in a register file:
	// {line}, {column}; RegisterError is {where}: {problem}.
	RegisterLine, RegisterColumn, RegisterError string
	// RegisterProblems: {value}, {reason} (a Problems text), {cells},
	// {columns}, {other} (a line), {limit}, {got} (a Types word).
	RegisterProblems map[registers.Problem]string

	// StoreOpen say why a store cannot be opened: {store}, {schema},
	// {ours} (the schema this program reads).
	StoreOpen map[store.OpenProblem]string
	// StoreDamaged: {store} is damaged; run doctor or restore a backup.
	StoreDamaged string

	// Flags: {flag} as typed (with its dashes), {short} a shorthand
	// letter, {group} the shorthands typed together, {value}.
	UnknownFlag, UnknownShorthand, FlagNeedsValue, ShorthandNeedsValue, BadFlagValue, BadFlagSyntax string
	// Arguments: {command} the command's path, {arg} the first argument,
	// {n} the arguments it takes, {got} those given, {commands} a
	// group's commands, {topic} a help topic, {flags} required flags.
	UnknownCommand, NoArguments, NeedsCommand, UnknownHelpTopic, RequiredFlags string
	ArgumentCount                                                              Plural

	// NotALanguage: {value} is not nl, en or auto. NotListed: no adviser
	// {name} in the advisers file {file}.
	NotALanguage, NotListed string

	// Files: {file} (may be empty when the file is named before).
	FileMissing, FileDenied, FileIsDirectory string
}

// Explain says an error of outside input, of a store or of the command
// line in the catalogue's language, found by its type; ok is false when
// the catalogue has no words for it. Refusals, role refusals and the
// store's request errors are said as ErrorText says them.
func (c *Catalog) Explain(err error) (string, bool) {
	if s, ok := c.Refusal(err); ok {
		return s, true
	}
	if s, ok := c.RoleRefusal(err); ok {
		return s, true
	}
	if s, ok := c.StoreError(err); ok {
		return s, true
	}
	t := &c.Errors
	var (
		rec      *authz.RecordError
		reg      *registers.Error
		open     *store.OpenError
		damage   store.Damage
		problem  *authz.Problem
		notExist *pflag.NotExistError
		noValue  *pflag.ValueRequiredError
		badValue *pflag.InvalidValueError
		syntax   *pflag.InvalidSyntaxError
		unlisted *advisers.NotListedError

		chain      *store.ChainBrokenError
		advFile    *advisers.FileError
		advProblem *advisers.Problem
		keyFile    *keys.FileError
		notAKey    *keys.NotAKeyError
		keyExists  *keys.ExistsError
		unreadable *keys.UnreadableError
	)
	switch {
	case errors.As(err, &rec):
		return c.recordError(rec), true
	case errors.As(err, &reg):
		return c.registerError(reg), true
	case errors.As(err, &open):
		if s, ok := t.StoreOpen[open.Problem]; ok {
			return Fill(s, "store", open.Path, "schema", strconv.Quote(open.Schema), "ours", store.SchemaVersion()), true
		}
	case errors.As(err, &damage):
		path, _ := damage.DamagedStore()
		return Fill(t.StoreDamaged, "store", path), true
	case errors.As(err, &badValue):
		// Before Problem: a flag's value that does not parse may carry one.
		s := Fill(t.BadFlagValue, "flag", "--"+badValue.GetFlag().Name, "value", strconv.Quote(badValue.GetValue()))
		if errors.As(err, &problem) {
			s += ": " + c.Problem(problem)
		}
		return s, true
	case errors.As(err, &problem):
		return c.Problem(problem), true
	case errors.As(err, &notExist):
		if g := notExist.GetSpecifiedShortnames(); g != "" {
			return Fill(t.UnknownShorthand, "short", strconv.QuoteRune(rune(notExist.GetSpecifiedName()[0])), "group", "-"+g), true
		}
		return Fill(t.UnknownFlag, "flag", "--"+notExist.GetSpecifiedName()), true
	case errors.As(err, &noValue):
		if g := noValue.GetSpecifiedShortnames(); g != "" {
			return Fill(t.ShorthandNeedsValue, "short", strconv.QuoteRune(rune(noValue.GetSpecifiedName()[0])), "group", "-"+g), true
		}
		return Fill(t.FlagNeedsValue, "flag", "--"+noValue.GetSpecifiedName()), true
	case errors.As(err, &advFile):
		return c.advisersFile(advFile), true
	case errors.As(err, &advProblem):
		return c.adviserProblem(advProblem), true
	case errors.As(err, &chain):
		return c.chainBroken(chain), true
	case errors.As(err, &keyFile):
		inner, ok := c.Explain(keyFile.Err)
		if !ok {
			inner = keyFile.Err.Error()
		}
		return Fill(c.Refused.KeyFile, "file", keyFile.Path) + inner, true
	case errors.As(err, &notAKey):
		return Fill(c.Refused.NotAKey, "file", notAKey.Path, "n", notAKey.Bytes, "size", keys.Size), true
	case errors.As(err, &keyExists):
		return Fill(c.Refused.KeyExists, "file", keyExists.Path), true
	case errors.As(err, &unreadable):
		return c.Refused.KeyUnreadable, true
	case errors.Is(err, keys.ErrWrongPassphrase):
		return c.Refused.WrongPassphrase, true
	case errors.Is(err, keys.ErrNoPassphrase):
		return c.Refused.NoPassphrase, true
	case errors.As(err, &unlisted):
		return Fill(t.NotListed, "name", unlisted.Name, "file", unlisted.Path), true
	case errors.As(err, &syntax):
		return Fill(t.BadFlagSyntax, "flag", syntax.GetSpecifiedFlag()), true
	}
	return c.fileError(err)
}

// fileError says why a file could not be read or written, by the
// operating system's error number; the path is said by whoever names it.
func (c *Catalog) fileError(err error) (string, bool) {
	t := &c.Errors
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return t.FileMissing, true
	case errors.Is(err, fs.ErrPermission):
		return t.FileDenied, true
	case errors.Is(err, syscall.EISDIR):
		return t.FileIsDirectory, true
	}
	return "", false
}

// Problem says a problem of a value of outside input.
func (c *Catalog) Problem(p *authz.Problem) string {
	t := &c.Errors
	s, ok := t.Problems[p.Code]
	if !ok {
		return p.Error()
	}
	r := strconv.QuoteRune(p.Rune)
	if p.Code == authz.ProblemControlChar || p.Code == authz.ProblemBidiControl {
		r = fmt.Sprintf("U+%04X", p.Rune)
	}
	value := p.Value
	switch p.Code {
	case authz.ProblemNotRequestID, authz.ProblemAGBNotEightDigits, authz.ProblemNotDateForm, authz.ProblemNotCalendarDay, authz.ProblemNotOneOf:
		value = strconv.Quote(value)
	case authz.ProblemBornAfterReceived:
		if d, err := authz.ParseDate(value); err == nil {
			value = c.Dates.Date(d)
		}
	}
	want := t.Types[p.Want]
	if p.Want == authz.TypeOther {
		want = p.Value
	}
	return Fill(s, "value", value, "n", p.N, "limit", p.Limit, "rune", r,
		"kind", t.Kinds[p.Kind], "got", t.Types[p.Got], "want", want, "offset", p.Offset,
		"state", c.Words.State(p.State), "other", c.Dates.Date(p.Other))
}

func (c *Catalog) recordError(e *authz.RecordError) string {
	t := &c.Errors
	rec := Fill(t.Record, "index", e.Index)
	if e.ID != "" {
		rec = Fill(t.RecordID, "index", e.Index, "id", e.ID)
	}
	problem := e.Err.Error()
	var p *authz.Problem
	if errors.As(e.Err, &p) {
		problem = c.Problem(p)
	}
	if e.Field == "" {
		return Fill(t.NoField, "record", rec, "problem", problem)
	}
	return Fill(t.InField, "record", rec, "field", e.Field, "problem", problem)
}

func (c *Catalog) registerError(e *registers.Error) string {
	t := &c.Errors
	where := Fill(t.RegisterLine, "line", e.Line)
	if e.Column != "" {
		where = Fill(t.RegisterColumn, "line", e.Line, "column", e.Column)
	}
	s, ok := t.RegisterProblems[e.Problem]
	if !ok {
		return e.Error()
	}
	reason := ""
	if e.Reason != nil {
		reason = c.Problem(e.Reason)
	}
	value := strconv.Quote(e.Value)
	if e.Problem == registers.ProblemUntilBeforeFrom {
		if d, err := authz.ParseDate(e.Value); err == nil {
			value = c.Dates.Date(d)
		}
	}
	problem := Fill(s, "value", value, "reason", reason, "cells", e.Cells, "columns", e.Columns,
		"other", e.OtherLine, "limit", registers.MaxLine, "text", registers.MaxText, "got", t.Types[e.Got])
	return Fill(t.RegisterError, "where", where, "problem", problem)
}

// chainBroken says where and how the access log fails verification.
func (c *Catalog) chainBroken(e *store.ChainBrokenError) string {
	t := &c.Refused
	how := Fill(t.ChainHead, "ends", e.Ends, "head", e.Head)
	var at *audit.ChainError
	switch {
	case errors.As(e.Err, &at):
		problem, ok := t.ChainProblems[at.Problem]
		if !ok {
			problem = at.Detail
		}
		how = Fill(t.ChainAt, "seq", at.Seq, "problem", problem)
	case e.Err != nil:
		how = e.Err.Error()
	}
	return Fill(t.ChainBroken, "store", e.Path, "how", how)
}

// advisersFile says what is wrong with the advisers file.
func (c *Catalog) advisersFile(e *advisers.FileError) string {
	t := &c.Refused
	where := Fill(t.AdvisersFile, "file", e.Path)
	if e.Line > 0 {
		where = Fill(t.AdvisersLine, "file", e.Path, "line", e.Line)
	}
	if s, ok := c.Explain(e.Err); ok {
		return where + s
	}
	if e.Line > 0 {
		// The SSH library's words for a line that holds no key.
		return where + t.NoKeyOnLine
	}
	return where + e.Err.Error()
}

func (c *Catalog) adviserProblem(p *advisers.Problem) string {
	s, ok := c.Refused.AdviserProblems[p.Code]
	if !ok {
		return p.Error()
	}
	name := p.Name
	if name == "" {
		name = "?"
	}
	value := strconv.Quote(p.Value)
	if p.Code == advisers.ProblemNotALang {
		value = p.Value
	}
	return Fill(s, "name", name, "value", value, "roles", roles.Names())
}
