package i18n

import (
	"machtiging/advisers"
	"machtiging/audit"
)

// Refused are the command line's own refusals and failures, said in the
// catalogue's language; their English lines are the errors' own texts,
// which the command line prints unchanged.
type Refused struct {
	// Or joins two choices: "json or csv".
	Or string
	// AtLeast and AtLeastNot: {flag} must be {min} or more (not {got}).
	AtLeast, AtLeastNot string
	// FlagNotWith: {flag} does not go with {with} (an outcome in words,
	// or another flag).
	FlagNotWith string
	// MustBe: {flag} must be {choices}; NotAChoice: {flag}: {value} is
	// not {choices}.
	MustBe, NotAChoice string
	// ChooseOne: one of the flags {a} and {b}.
	ChooseOne string
	// UntilBeforeFrom: --until {until} is before --from {from}.
	UntilBeforeFrom string
	// PurgeNeedsDay: purge without --decided-before.
	PurgeNeedsDay string
	// RegisterImportArgs: register import's arguments.
	RegisterImportArgs string
	// NotARegister, NotARecipient, NotARole: {value} is not one;
	// {roles} the roles.
	NotARegister, NotARecipient, NotARole string
	// LetterOutputRemote: -o over SSH ({id}, {format}); PDFToTerminal;
	// InitTemplatesRemote.
	LetterOutputRemote, PDFToTerminal, InitTemplatesRemote string
	// NotEncrypted: {command} needs an encrypted {store}. KeyFileExists:
	// {file}. AlreadyEncrypted: {store}. CompactFailed: before the
	// compaction's error.
	NotEncrypted, KeyFileExists, AlreadyEncrypted, CompactFailed string
	// Passphrases: no terminal for a new one, two that differ, an empty
	// {file}, a {file} that cannot be read (before its error), reading
	// from the terminal (before its error), no terminal.
	NoTerminalForNew, PassphrasesDiffer, PassphraseFileEmpty, PassphraseFile, ReadPassphrase, NotATerminal string
	// WrongPassphrase and NoPassphrase: the keys package's refusals.
	WrongPassphrase, NoPassphrase string
	// Key files: KeyFile before the error of {file}; NotAKey: {file}
	// holds {n} bytes, not {size}; KeyExists: {file}; KeyUnreadable: a
	// protected key file that is damaged or of another format.
	KeyFile, NotAKey, KeyExists, KeyUnreadable string
	// DoctorFound: {store} is damaged, {n} problems found.
	DoctorFound Plural
	// NoStdin: {command} - without standard input. TooMuchInput: more
	// than {n} bytes.
	NoStdin, TooMuchInput string
	// Remote: the advisers file over SSH; NameACommand: {commands} a key
	// may run; AddKeyFromStdin: {name}.
	AdvisersFlagRemote, NoAdvisersFile, NameACommand, AddKeyFromStdin string
	// NoTUI and NoServer: a build without them.
	NoTUI, NoServer string
	// Listen: serve cannot listen on {addr}; AddrInUse and AddrUnusable
	// say why.
	Listen, AddrInUse, AddrUnusable string
	// The team server's words to a session: it is shutting down (before
	// the session begins, and SessionEnds during one), the key is no
	// longer listed, the review screen needs a terminal.
	ServerClosing, SessionEnds, KeyUnlisted, NeedsTerminal string
	// WriteFile: before the error of writing {file}.
	WriteFile string
	// Checkpoint: {value} is not SEQ:HASH.
	Checkpoint string
	// ChainBroken: {store}'s access log fails verification, {how};
	// ChainAt: at entry {seq}, {problem} (a ChainProblems text);
	// ChainHead: the log ends at entry {ends}, the head names {head}.
	ChainBroken, ChainAt, ChainHead string
	ChainProblems                   map[audit.Problem]string
	// AdvisersFile and AdvisersLine go before what is wrong with the
	// advisers {file} (at {line}); NoKeyOnLine: a line without a public
	// key that can be read. AdviserProblems: {name}, {value}, {roles}.
	AdvisersFile, AdvisersLine, NoKeyOnLine string
	AdviserProblems                         map[advisers.ProblemCode]string
}

var enRefused = Refused{
	Or:                  "or",
	AtLeast:             "{flag} must be {min} or more",
	AtLeastNot:          "{flag} must be {min} or more, not {got}",
	FlagNotWith:         "{flag} does not go with {with}",
	MustBe:              "{flag} must be {choices}",
	NotAChoice:          "{flag}: {value} is not {choices}",
	ChooseOne:           "choose one of {a} and {b}",
	UntilBeforeFrom:     "--until {until} is before --from {from}",
	PurgeNeedsDay:       "purge needs --decided-before D (a day, YYYY-MM-DD)",
	RegisterImportArgs:  "register import takes a register (insured or providers) and one FILE, or - for standard input",
	NotARegister:        "{value} is not a register (insured or providers)",
	NotARecipient:       "{value} is not a recipient (insured or provider)",
	NotARole:            "{value} is not a role (one of {roles})",
	LetterOutputRemote:  "-o would write a file on the server: redirect the output instead (ssh ... letter {id} --format {format} > FILE)",
	PDFToTerminal:       "will not write a PDF to a terminal: give -o FILE or redirect the output",
	InitTemplatesRemote: "--init-templates writes on the server: run it there",
	NotEncrypted:        "{command}: store {store} is not encrypted: run `machtiging key init` first",
	KeyFileExists:       "key init: key file {file} exists already; it is not replaced",
	AlreadyEncrypted:    "key init: store {store} is encrypted already",
	CompactFailed:       "key init: the store is encrypted, but compacting it failed (run `machtiging compact`): ",
	NoTerminalForNew:    "no terminal to type the new passphrase on: name a file holding it with --passphrase-file",
	PassphrasesDiffer:   "the two passphrases differ; nothing was changed",
	PassphraseFileEmpty: "passphrase file {file} is empty",
	PassphraseFile:      "passphrase file {file}: ",
	ReadPassphrase:      "read the passphrase: ",
	NotATerminal:        "/dev/tty is not a terminal",
	WrongPassphrase:     "the passphrase is wrong",
	KeyFile:             "key file {file}: ",
	NotAKey:             "key file {file} holds {n} bytes, not {size}: it is not a machtiging key",
	KeyExists:           "key file {file} exists already; it is not replaced",
	KeyUnreadable:       "it is damaged, or of a format this program does not read",
	NoPassphrase:        "it is protected by a passphrase: type it on a terminal, or name a file holding it in MACHTIGING_PASSPHRASE_FILE",
	DoctorFound:         Plural{One: "store {store} is damaged: {n} problem found", Other: "store {store} is damaged: {n} problems found"},
	NoStdin:             "{command} -: there is no standard input",
	TooMuchInput:        "more than {n} bytes",
	AdvisersFlagRemote:  "--advisers is not taken over SSH: the team server's own advisers file is edited",
	NoAdvisersFile:      "this team server names no advisers file",
	NameACommand:        "name a command (yours: {commands})",
	AddKeyFromStdin:     "over SSH, adviser add reads the key from standard input: adviser add {name} - < KEY.pub",
	NoTUI:               "this build has no TUI",
	NoServer:            "this build has no team server",
	Listen:              "serve: cannot listen on {addr}",
	AddrInUse:           "the address is in use",
	AddrUnusable:        "the address cannot be used",
	WriteFile:           "write {file}: ",
	ServerClosing:       "the server is shutting down",
	SessionEnds:         "the server is shutting down; your session ends. Every confirmed decision is recorded.",
	KeyUnlisted:         "your key is no longer listed as an adviser",
	NeedsTerminal:       "the review screen needs a terminal (ssh -t), or name a command such as check --json",
	Checkpoint:          "{value} is not of the form SEQ:HASH",
	ChainBroken:         "store {store}: the access log's hash chain is broken: {how}",
	ChainAt:             "entry {seq}: {problem}",
	AdvisersFile:        "advisers file {file}: ",
	AdvisersLine:        "advisers file {file} line {line}: ",
	NoKeyOnLine:         "no public key can be read",
	AdviserProblems: map[advisers.ProblemCode]string{
		advisers.ProblemNameLength:    "adviser name {value} must be 1 to 64 characters",
		advisers.ProblemNameChars:     "adviser name {value} may hold only letters, digits and . _ - @",
		advisers.ProblemNotARole:      "adviser {name}: {value} is not a role (one of {roles})",
		advisers.ProblemNotALang:      "adviser {name}: lang={value} is not a language (nl or en)",
		advisers.ProblemAfterName:     "after the name {name} comes role=ROLE or lang=LANG, not {value}",
		advisers.ProblemAfterNameMany: "after the name {name} comes at most role=ROLE and lang=LANG, not {value}",
		advisers.ProblemUnreadableKey: "the public key cannot be read",
		advisers.ProblemNameListed:    "adviser {name} is listed already; remove them first to change their key",
		advisers.ProblemKeyListed:     "this key is listed already, as adviser {name}",
	},
	ChainHead: "the log ends at entry {ends} but the store's head names entry {head}: entries were removed",
	ChainProblems: map[audit.Problem]string{
		audit.Damaged:      "the entry is damaged",
		audit.Missing:      "missing",
		audit.HashMismatch: "hash does not match: the entry or one before it was changed",
		audit.Misplaced:    "the entry is out of its place",
		audit.Rewritten:    "the hash differs from the checkpoint: the log was rewritten",
	},
}

var nlRefused = Refused{
	Or:                  "of",
	AtLeast:             "{flag} moet {min} of meer zijn",
	AtLeastNot:          "{flag} moet {min} of meer zijn, niet {got}",
	FlagNotWith:         "{flag} hoort niet bij {with}",
	MustBe:              "{flag} moet {choices} zijn",
	NotAChoice:          "{flag}: {value} is geen {choices}",
	ChooseOne:           "kies één van {a} en {b}",
	UntilBeforeFrom:     "--until {until} ligt vóór --from {from}",
	PurgeNeedsDay:       "purge heeft --decided-before D nodig (een dag, JJJJ-MM-DD)",
	RegisterImportArgs:  "register import neemt een register (insured of providers) en één BESTAND, of - voor standaardinvoer",
	NotARegister:        "{value} is geen register (insured of providers)",
	NotARecipient:       "{value} is geen ontvanger (insured of provider)",
	NotARole:            "{value} is geen rol (een van {roles})",
	LetterOutputRemote:  "-o zou een bestand op de server schrijven: leid de uitvoer om (ssh ... letter {id} --format {format} > BESTAND)",
	PDFToTerminal:       "een pdf wordt niet naar een terminal geschreven: geef -o BESTAND of leid de uitvoer om",
	InitTemplatesRemote: "--init-templates schrijft op de server: voer het daar uit",
	NotEncrypted:        "{command}: de opslag {store} is niet versleuteld: voer eerst `machtiging key init` uit",
	KeyFileExists:       "key init: het sleutelbestand {file} bestaat al; het wordt niet vervangen",
	AlreadyEncrypted:    "key init: de opslag {store} is al versleuteld",
	CompactFailed:       "key init: de opslag is versleuteld, maar comprimeren lukte niet (voer `machtiging compact` uit): ",
	NoTerminalForNew:    "geen terminal om het nieuwe wachtwoord op te typen: noem een bestand met het wachtwoord met --passphrase-file",
	PassphrasesDiffer:   "de twee wachtwoorden verschillen; er is niets veranderd",
	PassphraseFileEmpty: "het wachtwoordbestand {file} is leeg",
	PassphraseFile:      "wachtwoordbestand {file}: ",
	ReadPassphrase:      "het wachtwoord lezen: ",
	NotATerminal:        "/dev/tty is geen terminal",
	WrongPassphrase:     "het wachtwoord klopt niet",
	KeyFile:             "sleutelbestand {file}: ",
	NotAKey:             "het sleutelbestand {file} bevat {n} bytes, geen {size}: het is geen sleutel van machtiging",
	KeyExists:           "het sleutelbestand {file} bestaat al; het wordt niet vervangen",
	KeyUnreadable:       "het is beschadigd, of in een vorm die dit programma niet leest",
	NoPassphrase:        "het is beveiligd met een wachtwoord: typ het op een terminal, of noem een bestand met het wachtwoord in MACHTIGING_PASSPHRASE_FILE",
	DoctorFound:         Plural{One: "de opslag {store} is beschadigd: {n} probleem gevonden", Other: "de opslag {store} is beschadigd: {n} problemen gevonden"},
	NoStdin:             "{command} -: er is geen standaardinvoer",
	TooMuchInput:        "meer dan {n} bytes",
	AdvisersFlagRemote:  "--advisers geldt niet via SSH: het adviseursbestand van de teamserver zelf wordt bewerkt",
	NoAdvisersFile:      "deze teamserver heeft geen adviseursbestand",
	NameACommand:        "noem een opdracht (de uwe: {commands})",
	AddKeyFromStdin:     "via SSH leest adviser add de sleutel van standaardinvoer: adviser add {name} - < SLEUTEL.pub",
	NoTUI:               "deze versie heeft geen beoordelingsscherm",
	NoServer:            "deze versie heeft geen teamserver",
	Listen:              "serve: kan niet luisteren op {addr}",
	AddrInUse:           "het adres is al in gebruik",
	AddrUnusable:        "het adres is niet bruikbaar",
	WriteFile:           "schrijven naar {file}: ",
	ServerClosing:       "de server stopt",
	SessionEnds:         "de server stopt; uw sessie eindigt. Elk bevestigd besluit is vastgelegd.",
	KeyUnlisted:         "uw sleutel staat niet meer op de lijst van adviseurs",
	NeedsTerminal:       "het beoordelingsscherm heeft een terminal nodig (ssh -t), of noem een opdracht zoals check --json",
	Checkpoint:          "{value} heeft niet de vorm VOLGNUMMER:HASH",
	ChainBroken:         "de opslag {store}: de hashketen van het toegangslog is gebroken: {how}",
	ChainAt:             "regel {seq}: {problem}",
	AdvisersFile:        "adviseursbestand {file}: ",
	AdvisersLine:        "adviseursbestand {file} regel {line}: ",
	NoKeyOnLine:         "er staat geen openbare sleutel die te lezen is",
	AdviserProblems: map[advisers.ProblemCode]string{
		advisers.ProblemNameLength:    "de adviseursnaam {value} moet 1 tot 64 tekens lang zijn",
		advisers.ProblemNameChars:     "de adviseursnaam {value} mag alleen letters, cijfers en . _ - @ bevatten",
		advisers.ProblemNotARole:      "adviseur {name}: {value} is geen rol (een van {roles})",
		advisers.ProblemNotALang:      "adviseur {name}: lang={value} is geen taal (nl of en)",
		advisers.ProblemAfterName:     "na de naam {name} komt role=ROL of lang=TAAL, niet {value}",
		advisers.ProblemAfterNameMany: "na de naam {name} komen hoogstens role=ROL en lang=TAAL, niet {value}",
		advisers.ProblemUnreadableKey: "de openbare sleutel is niet te lezen",
		advisers.ProblemNameListed:    "adviseur {name} staat al op de lijst; haal hem eerst weg om zijn sleutel te wijzigen",
		advisers.ProblemKeyListed:     "deze sleutel staat al op de lijst, als adviseur {name}",
	},
	ChainHead: "het log eindigt bij regel {ends}, maar de kop van de opslag noemt regel {head}: er zijn regels verwijderd",
	ChainProblems: map[audit.Problem]string{
		audit.Damaged:      "de regel is beschadigd",
		audit.Missing:      "er ontbreken regels",
		audit.HashMismatch: "de hash klopt niet: deze regel of een eerdere is gewijzigd",
		audit.Misplaced:    "de regel staat niet op zijn plaats",
		audit.Rewritten:    "de hash verschilt van het controlepunt: het log is herschreven",
	},
}
