// Package testfixture holds what the end-to-end tests (package e2e) and
// package tests share: running the machtiging binary, the rule for tools
// a laptop may lack (tmux, ssh), terminals in tmux, the OpenSSH client and
// keys, the repository's example files, and checks of what a process
// printed. Only tests import it.
package testfixture
