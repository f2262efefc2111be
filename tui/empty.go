package tui

import (
	"machtiging/i18n"
	"strings"
)

// emptyView is the first-run screen of a store without requests: how to
// import requests or try the demo.
func emptyView(ctx *programContext, path string, width int) string {
	tx := ctx.tx
	st := ctx.st
	body := []string{
		st.Title.Render(tx.EmptyTitle),
		"",
		i18n.Fill(tx.EmptyStore, "path", clean(path)),
		"",
		tx.EmptyImport,
		st.Bold.Render(tx.EmptyImport2),
		st.Muted.Render(tx.EmptyImport3),
		"",
		tx.EmptyDemo,
		st.Bold.Render(tx.EmptyDemo2),
		"",
		st.Muted.Render(tx.EmptyQuit),
	}
	inner := max(20, min(76, width-4))
	var lines []string
	for _, l := range body {
		lines = append(lines, wrap(l, inner)...)
	}
	return "\n" + st.Box.Render(strings.Join(lines, "\n"))
}
