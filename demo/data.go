package demo

import "machtiging/authz"

// Names, institutions and care profiles the generator draws from. The
// institutions are invented: any likeness to a real ZBC and its contract
// status is a coincidence.

var firstNames = []string{
	"Anna", "Bram", "Daan", "Emma", "Fatima", "Gerrit", "Henk", "Ingrid", "Johan", "Karin",
	"Lotte", "Mohamed", "Noor", "Olga", "Pieter", "Rik", "Sanne", "Thijs", "Vera", "Wim",
	"Yara", "Zoë", "Anaïs", "Joëlle", "Sevgi", "Mehmet", "Kevin", "Priya", "Ruud", "Marieke",
	"Femke", "Gijs", "Hanneke", "Jeroen", "Kees", "Linda", "Maarten", "Nicole", "Patrick", "Renée",
	"Stijn", "Tineke", "Willemijn", "Youssef", "Ayşe", "Dewi", "Cor", "Els", "Jan", "Marloes",
	"Bas", "Ilse", "Hüseyin", "Natasja", "Sjoerd", "Geertje", "Lucas", "Mila", "Rachid", "Ria",
}

// A surname is its tussenvoegsel (kept lower case inside a full name) and
// its main part.
type surname struct{ prefix, main string }

var surnames = []surname{
	{"de", "Vries"}, {"", "Jansen"}, {"van den", "Berg"}, {"", "Bakker"}, {"van", "Dijk"},
	{"", "Visser"}, {"", "Smit"}, {"", "Meijer"}, {"de", "Boer"}, {"", "Mulder"},
	{"de", "Groot"}, {"", "Bos"}, {"", "Vos"}, {"", "Peters"}, {"", "Hendriks"},
	{"van", "Leeuwen"}, {"", "Dekker"}, {"", "Brouwer"}, {"de", "Wit"}, {"", "Dijkstra"},
	{"", "Smits"}, {"de", "Graaf"}, {"van der", "Meer"}, {"van der", "Linden"}, {"", "Kok"},
	{"", "Jacobs"}, {"de", "Haan"}, {"", "Vermeulen"}, {"van den", "Heuvel"}, {"van der", "Veen"},
	{"van den", "Broek"}, {"de", "Bruijn"}, {"de", "Jong"}, {"van", "Beek"}, {"", "Willems"},
	{"", "Hoekstra"}, {"", "Koster"}, {"", "Prins"}, {"", "Postma"}, {"van", "Wijk"},
	{"ter", "Horst"}, {"in 't", "Veld"}, {"van 't", "Hof"}, {"", "El Amrani"}, {"", "Yılmaz"},
	{"", "Öztürk"}, {"", "Nguyen"}, {"", "Bouzid"}, {"", "Kaya"}, {"", "Pinas"},
	{"van der", "Wal"}, {"", "Schouten"}, {"", "Huisman"}, {"van", "Vliet"}, {"", "Sedney"},
}

// advisers are the medical advisers of the scripted decisions.
var advisers = []string{"a.devries", "m.bakker", "j.jansen", "s.elamrani", "p.vandenberg"}

type provider struct {
	name       string
	agb        string
	contracted bool
}

var providers = []provider{
	{"Revalidatiekliniek Amersfoort", "22012345", false},
	{"Revalidatiecentrum Het Gooi", "22034871", false},
	{"ZBC Revalidatie Rijnmond", "22045190", true},
	{"Kliniek voor Revalidatie Zuid-Limburg", "22051236", false},
	{"Revalidatiepoli Utrecht Oost", "22063302", false},
	{"Revalidatie Twente", "22071458", true},
	{"Neurorevalidatie Brabant, 's-Hertogenbosch", "22080917", false},
	{"Pijnrevalidatie Nederland, locatie Zwolle", "22094405", false},
	{"Revalidatiekliniek Friesland", "22102263", true},
	{"Orthopedische Revalidatie Eindhoven", "22113590", false},
	{"Revalidatiecentrum De Duinen", "22127744", false},
	{"Herstelkliniek Veluwe", "22136018", true},
	{"Revalidatie Groningen Stad", "22140382", false},
	{"Amsterdam Revalidatie Kliniek", "22158826", false},
}

// The disciplines of the treatment team.
const (
	revalidatiearts       = "revalidatiearts"
	fysiotherapeut        = "fysiotherapeut"
	ergotherapeut         = "ergotherapeut"
	logopedist            = "logopedist"
	psycholoog            = "psycholoog"
	maatschappelijkWerker = "maatschappelijk werker"
	dietist               = "diëtist"
)

// Disciplines lists every discipline the generator writes.
var Disciplines = []string{revalidatiearts, fysiotherapeut, ergotherapeut, logopedist, psycholoog, maatschappelijkWerker, dietist}

// agbPrefix is the start of a personal AGB code per discipline (the
// zorgverlenerssoort).
var agbPrefix = map[string]string{
	revalidatiearts: "03", fysiotherapeut: "04", ergotherapeut: "87", logopedist: "06",
	psycholoog: "94", maatschappelijkWerker: "90", dietist: "89",
}

// role is a discipline's part of the care in a profile.
type role struct{ discipline, part string }

// profile is a kind of rehabilitation: the condition, whether it is treated
// with admission, outpatient or both, and what the plan and team look like.
type profile struct {
	condition  string
	settings   []authz.Setting
	indication string // the clinical admission indication
	activities []string
	team       []role
	referrers  []authz.ReferrerKind // drawn from with repeats as weights
	dbcPrefix  string               // first digits of the DBC declaration code
}

var (
	clinicalOnly   = []authz.Setting{authz.SettingClinical}
	outpatientOnly = []authz.Setting{authz.SettingOutpatient}
	either         = []authz.Setting{authz.SettingClinical, authz.SettingOutpatient}
)

var profiles = []profile{
	{
		condition:  "CVA",
		settings:   either,
		indication: "Na herseninfarct links met hemiparese rechts en afasie: 24-uurs verpleegkundige zorg en intensieve multidisciplinaire training nodig; opname geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "loop- en balanstraining", "ADL-training", "arm-handvaardigheidstraining", "spraak- en taaltherapie", "cognitieve revalidatie", "psycho-educatie voor patiënt en partner"},
		team: []role{
			{fysiotherapeut, "loop- en balanstraining"}, {ergotherapeut, "ADL-training en arm-handfunctie"},
			{logopedist, "afasie- en slikbehandeling"}, {psycholoog, "neuropsychologisch onderzoek en cognitieve revalidatie"},
			{maatschappelijkWerker, "begeleiding van de partner en de thuissituatie"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist, authz.ReferrerSpecialist, authz.ReferrerSpecialist, authz.ReferrerGP},
		dbcPrefix: "17",
	},
	{
		condition:  "beenamputatie",
		settings:   either,
		indication: "Na transtibiale amputatie links wegens perifeer vaatlijden: prothesetraining en ADL-training vergen opname, de thuissituatie is nog niet veilig; opname geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "prothesetraining", "looptraining met prothese", "rolstoeltraining", "stomp- en wondzorg", "valpreventie"},
		team: []role{
			{fysiotherapeut, "prothese- en looptraining"}, {ergotherapeut, "rolstoel- en ADL-training, woningaanpassing"},
			{maatschappelijkWerker, "ondersteuning bij verwerking en thuissituatie"}, {dietist, "voedingsadvies bij diabetes mellitus"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist},
		dbcPrefix: "17",
	},
	{
		condition:  "dwarslaesie",
		settings:   clinicalOnly,
		indication: "Incomplete dwarslaesie Th10 na val van trap: afhankelijk bij transfers en blaas- en darmfunctie; klinische revalidatie geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "transfertraining", "rolstoelvaardigheidstraining", "blaas- en darmmanagement", "krachttraining", "hulpmiddelenadvisering", "woningaanpassingsadvies"},
		team: []role{
			{fysiotherapeut, "transfer- en krachttraining"}, {ergotherapeut, "rolstoelvaardigheid en hulpmiddelen"},
			{psycholoog, "verwerking en copingtraining"}, {maatschappelijkWerker, "woning, werk en financiën"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist},
		dbcPrefix: "17",
	},
	{
		condition:  "traumatisch hersenletsel",
		settings:   either,
		indication: "Traumatisch hersenletsel na verkeersongeval: ernstige cognitieve en gedragsproblemen, toezicht nodig; opname geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "cognitieve revalidatie", "energiemanagement", "training van gedragsregulatie", "arbeidsre-integratie", "psycho-educatie"},
		team: []role{
			{psycholoog, "neuropsychologische diagnostiek en behandeling"}, {ergotherapeut, "dagstructuur en energiemanagement"},
			{logopedist, "communicatietraining"}, {maatschappelijkWerker, "begeleiding naar werk"}, {fysiotherapeut, "conditietraining"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist, authz.ReferrerSpecialist, authz.ReferrerGP},
		dbcPrefix: "17",
	},
	{
		condition:  "chronische lage rugpijn",
		settings:   outpatientOnly,
		activities: []string{"intake revalidatiearts", "graded activity", "pijneducatie", "cognitief-gedragsmatige behandeling", "conditietraining", "arbeidsre-integratie"},
		team: []role{
			{fysiotherapeut, "graded activity en conditietraining"}, {psycholoog, "cognitief-gedragsmatige behandeling"},
			{ergotherapeut, "balans belasting en belastbaarheid"}, {maatschappelijkWerker, "werkhervatting"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerGP, authz.ReferrerGP, authz.ReferrerCompanyDoc, authz.ReferrerSpecialist},
		dbcPrefix: "19",
	},
	{
		condition:  "post-intensivecaresyndroom",
		settings:   either,
		indication: "Post-intensivecaresyndroom na langdurige beademing: ernstige spierzwakte, slikproblemen en ondervoeding; opname geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "conditietraining", "krachttraining", "ademhalingsoefeningen", "energiemanagement", "voedingsadvies", "slikdiagnostiek en -training"},
		team: []role{
			{fysiotherapeut, "kracht-, conditie- en ademhalingstraining"}, {ergotherapeut, "energiemanagement"},
			{dietist, "herstel van de voedingstoestand"}, {logopedist, "slikdiagnostiek en -training"}, {psycholoog, "verwerking van de IC-opname"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist, authz.ReferrerSpecialist, authz.ReferrerGP},
		dbcPrefix: "17",
	},
	{
		condition:  "multiple sclerose",
		settings:   outpatientOnly,
		activities: []string{"intake revalidatiearts", "energiemanagement", "looptraining", "valpreventie", "hulpmiddelenadvisering", "psycho-educatie"},
		team: []role{
			{fysiotherapeut, "loop- en valpreventietraining"}, {ergotherapeut, "energiemanagement en hulpmiddelen"},
			{maatschappelijkWerker, "werk en mantelzorg"}, {psycholoog, "omgaan met een progressieve ziekte"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist, authz.ReferrerGP},
		dbcPrefix: "19",
	},
	{
		condition:  "polytrauma",
		settings:   clinicalOnly,
		indication: "Polytrauma na val van hoogte met bekken- en femurfractuur: nog niet zelfstandig mobiel, intensieve training en verpleging nodig; opname geïndiceerd volgens VRA-criteria.",
		activities: []string{"intake revalidatiearts", "looptraining", "transfertraining", "krachttraining", "ADL-training", "pijnmanagement"},
		team: []role{
			{fysiotherapeut, "loop-, transfer- en krachttraining"}, {ergotherapeut, "ADL-training"},
			{psycholoog, "traumaverwerking"}, {maatschappelijkWerker, "regelen van de thuissituatie"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist},
		dbcPrefix: "17",
	},
	{
		condition:  "oncologische revalidatie",
		settings:   outpatientOnly,
		activities: []string{"intake revalidatiearts", "conditietraining", "krachttraining", "energiemanagement", "voedingsadvies", "psycho-educatie", "arbeidsre-integratie"},
		team: []role{
			{fysiotherapeut, "kracht- en conditietraining"}, {dietist, "voedingsadvies"}, {psycholoog, "omgaan met vermoeidheid en angst"},
			{maatschappelijkWerker, "werkhervatting"}, {ergotherapeut, "energiemanagement"},
		},
		referrers: []authz.ReferrerKind{authz.ReferrerSpecialist, authz.ReferrerGP, authz.ReferrerCompanyDoc},
		dbcPrefix: "19",
	},
}
