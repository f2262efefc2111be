package i18n

var enCommands = Commands{
	AuditIntact:          "access log intact: {n} entries, head {head}",
	AuditCheckpointHolds: "checkpoint {checkpoint} holds",
	AuditHeader:          "SEQ\tTIME\tA\tEVENT\tOUTCOME\tADVISER\tACCESS POINT\tREQUESTS\tDETAIL",
	AuditSuccess:         "success",
	AuditRefused:         "refused",
	AuditRequests:        Plural{One: "{n} request", Other: "{n} requests"},
	AuditMore:            " +{n} more",

	KeyRotated:          "key rotated: {n} values of {store} re-sealed under a new key; key file {key} replaced{how}\nthe old key no longer opens the store; keep it only as long as you keep backups made before now",
	KeyRotatedProtected: ", protected by the same passphrase",
	KeyProtected:        "key file {key} protected with a passphrase",
	KeyNewPassphrase:    "key file {key} given a new passphrase",
	KeyInit:             "key written to {key}; store {store} is encrypted\nkeep a copy of the key apart from the store and its backups",

	RegisterLoaded: Plural{One: "loaded the {register} register: {n} row from {file}", Other: "loaded the {register} register: {n} rows from {file}"},
	RegisterNames:  map[string]string{"insured": "insured", "providers": "providers"},
	RegisterHeader: "REGISTER\tROWS\tLOADED AT\tLOADED BY\tFROM",
	RegisterNever:  "never loaded",

	Compacted: "compacted {store}: {before} bytes before, {after} after",
	BackedUp:  "backed up {store} to {file} ({n} bytes)",
	Healthy:   "store {store} is healthy",

	AdviserAdded:    "added {name} with the role {role} ({fingerprint}) to {file}",
	AdviserRole:     "{name} has the role {role} from their next command or login",
	AdviserRemoved:  "removed adviser {name} from {file}",
	AdviserHeader:   "ADVISER\tROLE\tKEY\tLANG",
	AdviserLang:     "{name} works in {lang} from their next command or login",
	AdviserLangs:    map[string]string{"nl": "Dutch (nl)", "en": "English (en)", "": "the language their SSH client sends"},
	AdviserLangNone: "-",

	LetterTemplates: "wrote {wrote} of {n} letter templates to {dir}{kept}; edit them, and every command checks them at start",
	LetterKept:      " (kept the {n} there already)",

	PurgeDryRun: Plural{
		One:   "dry run: {n} request decided before {date} would be purged: {versions} versions and {letters} letters removed, {reasons} decision reasons cleared, {kept} decision records kept",
		Other: "dry run: {n} requests decided before {date} would be purged: {versions} versions and {letters} letters removed, {reasons} decision reasons cleared, {kept} decision records kept",
	},
	Purged: Plural{
		One:   "purged {n} request decided before {date}: {versions} versions and {letters} letters removed, {reasons} decision reasons cleared, {kept} decision records kept",
		Other: "purged {n} requests decided before {date}: {versions} versions and {letters} letters removed, {reasons} decision reasons cleared, {kept} decision records kept",
	},
	PurgeNothing:   "nothing was changed",
	PurgeRewritten: "store {store} rewritten: {before} bytes before, {after} after",
	NotFound:       "request {id}: not found",
	PurgedRequest:  "request {id} was purged on {date} (its last decision, of {decided}, was before {before}): its data is gone; its decision records remain in the export",
	UsageHint:      "Run 'machtiging --help' for usage.",
	InUse:          "store {store} is in use by another process",
	HeldByServer:   "; the team server (machtiging serve on {addr}) holds it: run commands through it, e.g. ssh -p {port} {host} check --json",
}
