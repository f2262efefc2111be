package i18n

// Commands holds the human lines of the maintenance and administration
// commands: audit, key, register, compact/backup/doctor, adviser, letter
// --init-templates and purge. Machine output (--json, CSV, NDJSON, the
// access log's own details) never uses it.
type Commands struct {
	// AuditIntact: {n} entries, {head} the head; AuditCheckpointHolds:
	// {checkpoint}.
	AuditIntact, AuditCheckpointHolds string
	// AuditHeader is the access log table's columns, separated by tabs.
	AuditHeader string
	// AuditSuccess and AuditRefused are the table's outcomes; AuditRequests
	// a count of requests; AuditMore follows the first ids: {n} more.
	AuditSuccess, AuditRefused string
	AuditRequests              Plural
	AuditMore                  string

	// KeyRotated: {n} values of {store} re-sealed, key file {key}, {how}
	// KeyRotatedProtected or nothing.
	KeyRotated, KeyRotatedProtected string
	// KeyProtected and KeyNewPassphrase: {key} the key file.
	KeyProtected, KeyNewPassphrase string
	// KeyInit: {key} written, {store} encrypted.
	KeyInit string

	// RegisterLoaded: {register} (a RegisterNames word), {n} rows, {file}.
	RegisterLoaded Plural
	// RegisterNames names the registers by their identifier.
	RegisterNames map[string]string
	// RegisterHeader is the register status table's columns, separated by
	// tabs; RegisterNever fills LOADED AT for a register never loaded.
	RegisterHeader, RegisterNever string

	// Compacted and PurgeRewritten: {store}, {before} and {after} in bytes;
	// BackedUp: {store} to {file}, {n} bytes; Healthy: {store}.
	Compacted, BackedUp, Healthy string

	// AdviserAdded: {name} {role} {fingerprint} {file}; AdviserRole: {name}
	// {role}; AdviserRemoved: {name} {file}; AdviserHeader the list's
	// columns, separated by tabs.
	AdviserAdded, AdviserRole, AdviserRemoved, AdviserHeader string
	// AdviserLang: {name} has sessions in {lang} (an AdviserLangs word);
	// AdviserLangs names "nl", "en" and "" (the SSH client's language);
	// AdviserLangNone fills the list's LANG column for "".
	AdviserLang     string
	AdviserLangs    map[string]string
	AdviserLangNone string

	// LetterTemplates: {wrote} of {n} templates to {dir}, {kept}
	// LetterKept ({n} there already) or nothing.
	LetterTemplates, LetterKept string

	// PurgeDryRun and Purged: {n} requests decided before {date},
	// {versions} {letters} removed, {reasons} cleared, {kept} kept.
	PurgeDryRun, Purged          Plural
	PurgeNothing, PurgeRewritten string

	// NotFound: request {id} is unknown. PurgedRequest: {id} was purged on
	// {date}; its last decision, of {decided}, was before {before}.
	NotFound, PurgedRequest string
	// InUse: the store {store} is held by another process; HeldByServer
	// follows it when that is the team server at {addr} ({host}, {port}).
	InUse, HeldByServer string

	// UsageHint follows a usage error.
	UsageHint string
}
