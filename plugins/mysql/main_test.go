package mysql

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	driver "github.com/go-sql-driver/mysql"
	"github.com/hashicorp/go-hclog"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
)

// pluginPath is the plugin binary, built once for the package's tests.
var pluginPath string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-mysql-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	paths, err := testenv.BuildPlugins(dir, "zcrm-persistence-mysql")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	pluginPath = paths["zcrm-persistence-mysql"]
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// server is the test MariaDB, seen by a root connection the tests use to
// set up and inspect tables as another application would.
type server struct {
	host     string
	port     int
	user     string
	password string
	root     *sql.DB
}

func testServer(t testing.TB) *server {
	t.Helper()
	dc := testenv.MySQL(t)
	host, portText, err := net.SplitHostPort(dc.Addr)
	require.NoError(t, err)
	port, err := strconv.Atoi(portText)
	require.NoError(t, err)
	dc = dc.Clone()
	dc.DBName = ""
	dc.MultiStatements = false
	connector, err := driver.NewConnector(dc)
	require.NoError(t, err)
	root := sql.OpenDB(connector)
	t.Cleanup(func() { root.Close() })
	return &server{host: host, port: port, user: dc.User, password: dc.Passwd, root: root}
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// freshDatabase names a database that does not exist yet and drops it when
// the test ends, so tests never touch a real zohooauth.
func (s *server) freshDatabase(t testing.TB) string {
	t.Helper()
	name := "zcrm_test_" + randomHex(6)
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if _, err := s.root.ExecContext(ctx, "DROP DATABASE IF EXISTS "+quoteIdentifier(name)); err != nil {
			t.Errorf("dropping test database %s: %v", name, err)
		}
	})
	return name
}

// tempUser creates a MariaDB user with a random password, allowed
// everything on database (which need not exist yet), and drops it when the test ends. Its connections
// are the only ones with its name, which lets a test find and kill them.
func (s *server) tempUser(t testing.TB, database string) (user, password string) {
	t.Helper()
	return s.tempUserWith(t, "ALL ON "+quoteIdentifier(database)+".*")
}

// tempUserWith is tempUser with the given privileges ("priv ON what").
func (s *server) tempUserWith(t testing.TB, grant string) (user, password string) {
	t.Helper()
	user = "zcrm_t_" + randomHex(4)
	password = "pw-" + randomHex(12)
	ctx := testCtx(t)
	// Account statements take no placeholders; both values are hex.
	_, err := s.root.ExecContext(ctx, fmt.Sprintf("CREATE USER '%s'@'%%' IDENTIFIED BY '%s'", user, password))
	require.NoError(t, err)
	t.Cleanup(func() { _, _ = s.root.Exec(fmt.Sprintf("DROP USER IF EXISTS '%s'@'%%'", user)) })
	_, err = s.root.ExecContext(ctx, fmt.Sprintf("GRANT %s TO '%s'@'%%'", grant, user))
	require.NoError(t, err)
	return user, password
}

// killConnections kills, server-side, every connection of user.
func (s *server) killConnections(t testing.TB, user string) int {
	t.Helper()
	ctx := testCtx(t)
	rows, err := s.root.QueryContext(ctx, "SELECT id FROM information_schema.processlist WHERE user = ?", user)
	require.NoError(t, err)
	var ids []int64
	for rows.Next() {
		var id int64
		require.NoError(t, rows.Scan(&id))
		ids = append(ids, id)
	}
	require.NoError(t, rows.Err())
	rows.Close()
	for _, id := range ids {
		_, err := s.root.ExecContext(ctx, "KILL CONNECTION "+strconv.FormatInt(id, 10))
		if err != nil && !isUnknownThread(err) {
			require.NoError(t, err)
		}
	}
	return len(ids)
}

func isUnknownThread(err error) bool { return mysqlErrorNumber(err) == 1094 }

func (s *server) config(database string) Config {
	return Config{Host: s.host, Port: s.port, User: s.user, Password: s.password, Database: database}
}

// env is the plugin's environment for cfg, as the SDK would set it.
func env(cfg Config) []string {
	e := []string{
		EnvAddress + "=" + cfg.Host,
		EnvPort + "=" + strconv.Itoa(cfg.Port),
		EnvUsername + "=" + cfg.User,
		EnvPassword + "=" + cfg.Password,
		EnvDatabase + "=" + cfg.Database,
	}
	if cfg.Layout != LayoutSeed {
		e = append(e, EnvLayout+"="+string(cfg.Layout))
	}
	if cfg.Table != "" {
		e = append(e, EnvTable+"="+cfg.Table)
	}
	return e
}

// launch starts the plugin with cfg and closes it when the test ends. Its
// log lines, and go-plugin's, go to logs when it is not nil.
func launch(t testing.TB, cfg Config, logs *testenv.Buffer) *pluginproto.Client {
	t.Helper()
	var logger hclog.Logger
	if logs != nil {
		logger = hclog.New(&hclog.LoggerOptions{Output: logs, Level: hclog.Trace, JSONFormat: true})
	}
	c, err := pluginproto.Launch(testCtx(t), pluginproto.LaunchConfig{Path: pluginPath, Env: env(cfg), Logger: logger})
	require.NoError(t, err)
	t.Cleanup(func() { _ = c.Close() })
	return c
}

func newStore(t testing.TB, cfg Config) *Store {
	t.Helper()
	s, err := New(cfg)
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	return s
}

func testCtx(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// freePort returns a TCP port on 127.0.0.1 with nothing listening.
func freePort(t testing.TB) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := l.Addr().(*net.TCPAddr).Port
	require.NoError(t, l.Close())
	return port
}
