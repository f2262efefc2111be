// Package e2e holds the end-to-end and reliability tests of machtiging:
// they build the binary once (TestMain in main_test.go) and run it as a
// user does, on the command line, in a terminal (tmux) and over SSH
// (OpenSSH client against `machtiging serve`).
//
// Put a new binary end-to-end test here, in a file named for what it
// proves, and use the harness: machtiging(t, env, stdin, args...) runs
// the binary in a clean environment, mustRun fails the test unless it
// exits 0, command prepares an *exec.Cmd; startTeamServer (ssh_test.go)
// serves the examples over SSH. Shared helpers are in internal/testfixture
// (tmux sessions, ssh keys and client arguments, the example files, the
// tools rule: a test that needs tmux or ssh skips on a laptop without it
// and fails when CI=true). A command-line story that needs no Go is a
// testscript file in testdata/script (see script_test.go).
//
// Tests of one package stay beside that package.
package e2e
