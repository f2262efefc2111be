package testfixture

import (
	"net"
	"os/exec"
	"path/filepath"
	"testing"
)

// SSHKey makes an ed25519 key pair with ssh-keygen in dir, named name, with
// comment as its comment, and returns the private key's path (the public
// key is path.pub). Without ssh-keygen the test skips (fails under CI).
func SSHKey(t testing.TB, dir, name, comment string) string {
	t.Helper()
	RequireTool(t, "ssh-keygen")
	key := filepath.Join(dir, name)
	if out, err := exec.Command("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key).CombinedOutput(); err != nil {
		t.Fatalf("ssh-keygen: %v: %s", err, out)
	}
	return key
}

// SSHArgs are the OpenSSH client's arguments to reach a server on the
// loopback port with key and nothing else (no config, no agent, no known
// hosts), without the remote command.
func SSHArgs(key, port string) []string {
	return []string{"-F", "/dev/null", "-i", key, "-p", port,
		"-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
		"-o", "IdentitiesOnly=yes", "-o", "LogLevel=ERROR", "127.0.0.1"}
}

// FreePort is a loopback TCP port that was free a moment ago.
func FreePort(t testing.TB) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	return port
}
