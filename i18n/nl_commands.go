package i18n

var nlCommands = Commands{
	AuditIntact:          "toegangslog ongeschonden: {n} regels, laatste schakel {head}",
	AuditCheckpointHolds: "controlepunt {checkpoint} klopt",
	AuditHeader:          "NR\tTIJD\tS\tGEBEURTENIS\tUITKOMST\tADVISEUR\tTOEGANGSPUNT\tAANVRAGEN\tTOELICHTING",
	AuditSuccess:         "gelukt",
	AuditRefused:         "geweigerd",
	AuditRequests:        Plural{One: "{n} aanvraag", Other: "{n} aanvragen"},
	AuditMore:            " +{n} meer",

	KeyRotated:          "sleutel vervangen: {n} waarden van {store} opnieuw versleuteld met een nieuwe sleutel; sleutelbestand {key} vervangen{how}\nde oude sleutel opent de opslag niet meer; bewaar hem alleen zolang u back-ups van vóór nu bewaart",
	KeyRotatedProtected: ", beveiligd met hetzelfde wachtwoord",
	KeyProtected:        "sleutelbestand {key} is nu beveiligd met een wachtwoord",
	KeyNewPassphrase:    "sleutelbestand {key} heeft een nieuw wachtwoord",
	KeyInit:             "sleutel geschreven naar {key}; opslag {store} is versleuteld\nbewaar een kopie van de sleutel apart van de opslag en de back-ups",

	RegisterLoaded: Plural{One: "{register} geladen: {n} regel uit {file}", Other: "{register} geladen: {n} regels uit {file}"},
	RegisterNames:  map[string]string{"insured": "verzekerdenregister", "providers": "zorgaanbiedersregister"},
	RegisterHeader: "REGISTER\tREGELS\tGELADEN OP\tGELADEN DOOR\tBESTAND",
	RegisterNever:  "nooit geladen",

	Compacted: "{store} gecomprimeerd: {before} bytes vooraf, {after} daarna",
	BackedUp:  "back-up van {store} gemaakt in {file} ({n} bytes)",
	Healthy:   "opslag {store} is in orde",

	AdviserAdded:    "{name} toegevoegd met de rol {role} ({fingerprint}) aan {file}",
	AdviserRole:     "{name} heeft de rol {role} vanaf de volgende opdracht of aanmelding",
	AdviserRemoved:  "adviseur {name} verwijderd uit {file}",
	AdviserHeader:   "ADVISEUR\tROL\tSLEUTEL\tTAAL",
	AdviserLang:     "{name} werkt in {lang} vanaf de volgende opdracht of aanmelding",
	AdviserLangs:    map[string]string{"nl": "het Nederlands (nl)", "en": "het Engels (en)", "": "de taal die de SSH-client meestuurt"},
	AdviserLangNone: "-",

	LetterTemplates: "{wrote} van {n} briefsjablonen geschreven naar {dir}{kept}; pas ze aan, elke opdracht controleert ze bij de start",
	LetterKept:      " ({n} stonden er al en zijn bewaard)",

	PurgeDryRun: Plural{
		One:   "proefdraai: {n} aanvraag met een besluit vóór {date} zou worden opgeschoond: {versions} versies en {letters} brieven verwijderd, {reasons} motiveringen gewist, {kept} besluiten bewaard",
		Other: "proefdraai: {n} aanvragen met een besluit vóór {date} zouden worden opgeschoond: {versions} versies en {letters} brieven verwijderd, {reasons} motiveringen gewist, {kept} besluiten bewaard",
	},
	Purged: Plural{
		One:   "{n} aanvraag met een besluit vóór {date} opgeschoond: {versions} versies en {letters} brieven verwijderd, {reasons} motiveringen gewist, {kept} besluiten bewaard",
		Other: "{n} aanvragen met een besluit vóór {date} opgeschoond: {versions} versies en {letters} brieven verwijderd, {reasons} motiveringen gewist, {kept} besluiten bewaard",
	},
	PurgeNothing:   "er is niets gewijzigd",
	PurgeRewritten: "opslag {store} herschreven: {before} bytes vooraf, {after} daarna",
	NotFound:       "aanvraag {id} bestaat niet",
	PurgedRequest:  "aanvraag {id} is op {date} opgeschoond (het laatste besluit, van {decided}, was vóór {before}): de gegevens zijn verwijderd; de besluiten staan nog in de export",
	UsageHint:      "Typ 'machtiging --help' voor het gebruik.",
	InUse:          "de opslag {store} is in gebruik door een ander proces",
	HeldByServer:   "; de teamserver (machtiging serve op {addr}) houdt hem vast: voer opdrachten via de server uit, bijvoorbeeld ssh -p {port} {host} check --json",
}
