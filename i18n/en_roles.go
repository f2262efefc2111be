package i18n

var enRoles = Roles{
	Needs:        "{command} needs the role {roles}; the role {role} may run {commands}",
	LocalOnly:    "{command} runs only on the store's own machine, not over SSH",
	Unlisted:     "{command} is not offered over SSH",
	ReviewScreen: "the review screen",
	Or:           " or ",
	Nothing:      "nothing",
}
