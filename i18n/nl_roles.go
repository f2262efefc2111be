package i18n

var nlRoles = Roles{
	Needs:        "{command} vraagt de rol {roles}; de rol {role} mag {commands}",
	LocalOnly:    "{command} draait alleen op de machine van de opslag zelf, niet via SSH",
	Unlisted:     "{command} wordt niet via SSH aangeboden",
	ReviewScreen: "het beoordelingsscherm",
	Or:           " of ",
	Nothing:      "niets",
}
