package testenv

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/gofrs/flock"
)

// GaleraEnv lists the SQL addresses of the test Galera cluster's nodes,
// comma-separated; DefaultGaleraAddresses when unset. .ci/galera.sh start
// runs such a cluster on loopback.
const GaleraEnv = "ZCRM_TEST_GALERA"

// DefaultGaleraAddresses are where .ci/galera.sh puts its three nodes.
const DefaultGaleraAddresses = "127.0.0.1:23306,127.0.0.1:23307,127.0.0.1:23308"

// Galera returns the SQL addresses of the test cluster's nodes, after
// checking that each answers, and holds the cluster for t alone until t
// ends: tests of several packages share it, and some kill a node. When the
// cluster is not running, t fails under CI=true and is skipped otherwise.
func Galera(t testing.TB) []string {
	t.Helper()
	list := os.Getenv(GaleraEnv)
	if list == "" {
		list = DefaultGaleraAddresses
	}
	addrs := strings.Split(list, ",")
	for _, addr := range addrs {
		cfg := mysql.NewConfig()
		cfg.Net, cfg.Addr, cfg.User = "tcp", strings.TrimSpace(addr), "root"
		if err := ping(cfg); err != nil {
			msg := fmt.Sprintf("Galera node %s not reachable (%v). Start the test cluster with .ci/galera.sh start, or set %s.", addr, err, GaleraEnv)
			if os.Getenv("CI") == "true" {
				t.Fatal(msg + " CI=true: Galera tests must run.")
			}
			t.Skip(msg + " Skipping; under CI=true this fails instead.")
		}
	}
	holdCluster(t)
	return addrs
}

// holdCluster takes an exclusive flock that every Galera test takes, so
// that tests in different packages (run in parallel by go test) do not
// kill nodes under each other.
func holdCluster(t testing.TB) {
	t.Helper()
	path := filepath.Join(os.TempDir(), "zcrm-galera-tests.lock")
	lock := flock.New(path)
	if err := lock.Lock(); err != nil {
		t.Fatalf("locking %s: %v", path, err)
	}
	t.Cleanup(func() { _ = lock.Unlock() })
}

// GaleraScript runs .ci/galera.sh with args (kill N, start, ...).
func GaleraScript(args ...string) error {
	_, file, _, _ := runtime.Caller(0)
	script := filepath.Join(filepath.Dir(file), "..", "..", ".ci", "galera.sh")
	out, err := exec.Command(script, args...).CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s %s: %v\n%s", script, strings.Join(args, " "), err, out)
	}
	return nil
}
