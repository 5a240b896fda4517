// Package testenv holds what the project's tests share: building plugin
// binaries from source and finding the MariaDB the MySQL tests use.
package testenv

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
)

// Plugin binaries by name, as `make build` names them, and the package each
// is built from.
var pluginPackages = map[string]string{
	"zcrm-persistence-file":    "github.com/zcrm-go/zcrm/plugins/file/cmd/zcrm-persistence-file",
	"zcrm-persistence-mysql":   "github.com/zcrm-go/zcrm/plugins/mysql/cmd/zcrm-persistence-mysql",
	"zcrm-persistence-example": "github.com/zcrm-go/zcrm/plugins/example-custom",
}

// BuildPlugins builds the named plugin binaries (all when none are named)
// into dir and returns their paths by name. Call it once, from TestMain.
func BuildPlugins(dir string, names ...string) (map[string]string, error) {
	if len(names) == 0 {
		for name := range pluginPackages {
			names = append(names, name)
		}
	}
	paths := make(map[string]string, len(names))
	for _, name := range names {
		pkg, ok := pluginPackages[name]
		if !ok {
			return nil, fmt.Errorf("testenv: no plugin named %q", name)
		}
		path, err := Build(dir, pkg, name)
		if err != nil {
			return nil, err
		}
		paths[name] = path
	}
	return paths, nil
}

// Build runs `go build` for the main package pkg, writing dir/name.
func Build(dir, pkg, name string) (string, error) {
	out := filepath.Join(dir, name)
	cmd := exec.Command("go", "build", "-o", out, pkg)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build %s: %v\n%s", pkg, err, msg)
	}
	return out, nil
}

// MySQLEnv is the environment variable that points the tests at a MySQL or
// MariaDB server, as a go-sql-driver DSN.
const MySQLEnv = "ZCRM_TEST_MYSQL_DSN"

// DefaultMySQLDSN is the MariaDB the project's machines run.
const DefaultMySQLDSN = "root:@tcp(127.0.0.1:3306)/"

// MySQL returns the parsed DSN of the test server after checking that it
// answers. When it does not, the test fails under CI=true and is skipped
// otherwise, with a message saying how to enable it.
func MySQL(t testing.TB) *mysql.Config {
	t.Helper()
	cfg, err := MySQLConfig()
	if err != nil {
		t.Fatal(err)
	}
	if err := ping(cfg); err != nil {
		msg := fmt.Sprintf("MariaDB/MySQL not reachable at %s (%v). Start it, or set %s to a DSN such as %q.",
			cfg.Addr, err, MySQLEnv, DefaultMySQLDSN)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg + " CI=true: MySQL tests must run.")
		}
		t.Skip(msg + " Skipping; under CI=true this fails instead.")
	}
	return cfg
}

// MySQLConfig parses the test DSN without connecting.
func MySQLConfig() (*mysql.Config, error) {
	dsn := os.Getenv(MySQLEnv)
	if dsn == "" {
		dsn = DefaultMySQLDSN
	}
	cfg, err := mysql.ParseDSN(dsn)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", MySQLEnv, err)
	}
	return cfg, nil
}

func ping(cfg *mysql.Config) error {
	connector, err := mysql.NewConnector(cfg)
	if err != nil {
		return err
	}
	db := sql.OpenDB(connector)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}
