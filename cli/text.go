package cli

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// safe keeps stored text from carrying control characters to a terminal.
func safe(s string) string { return oneLine(s) }
