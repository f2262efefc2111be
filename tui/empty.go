package tui

import (
	"fmt"
	"strings"
)

// emptyView is the first-run screen of a store without requests: how to
// import requests or try the demo.
func emptyView(ctx *programContext, path string, width int) string {
	st := ctx.st
	body := []string{
		st.Title.Render(emptyTitle),
		"",
		fmt.Sprintf(emptyStore, clean(path)),
		"",
		emptyImport,
		st.Bold.Render(emptyImport2),
		st.Muted.Render(emptyImport3),
		"",
		emptyDemo,
		st.Bold.Render(emptyDemo2),
		"",
		st.Muted.Render(emptyQuit),
	}
	inner := max(20, min(76, width-4))
	var lines []string
	for _, l := range body {
		lines = append(lines, wrap(l, inner)...)
	}
	return "\n" + st.Box.Render(strings.Join(lines, "\n"))
}
