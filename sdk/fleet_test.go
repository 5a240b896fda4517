package sdk_test

import (
	"bufio"
	"context"
	"database/sql"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
)

// A fleet child is this test binary run again as one process of a fleet:
// it builds a client from ZCRM_ variables, says "ready", then obeys lines
// on stdin until they end:
//
//	call G K P   G goroutines each make K calls, P ms apart; the child
//	             answers "ok calls=N failed=F refreshes=R [error ...]"
//	             (R counts this process's refreshes so far)
//	clock D      its clock runs D nanoseconds ahead of the wall clock,
//	             as the emulator's does after Advance(D); answers "ok"
//	start G P    G goroutines call, P ms apart, until "stop"; answers
//	             "ok" once they run
//	stop         stops them; answers as "call" does
const fleetChildEnv = "ZCRM_SDK_TEST_FLEET_CHILD"

// fleetCalls counts a child's calls and keeps the first failure.
type fleetCalls struct {
	calls, failed atomic.Int64
	firstErr      atomic.Value
}

func (fc *fleetCalls) call(ctx context.Context, client *sdk.Client) {
	callCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	_, _, err := client.Users.Current(callCtx)
	cancel()
	fc.calls.Add(1)
	if err != nil {
		fc.failed.Add(1)
		fc.firstErr.CompareAndSwap(nil, err.Error())
	}
}

// report waits for the renewals that calls which gave up left running (a
// renewal outlives its callers), so that none of them reaches Zoho after
// the test has moved the emulator's clock and before this child's clock
// follows, then reports.
func (fc *fleetCalls) report(client *sdk.Client) string {
	for deadline := time.Now().Add(testenv.Patience); client.Stats().TokenRenewals > 0; {
		if time.Now().After(deadline) {
			return fmt.Sprintf("error a token renewal still runs after %v", testenv.Patience)
		}
		time.Sleep(5 * time.Millisecond)
	}
	line := fmt.Sprintf("ok calls=%d failed=%d refreshes=%d", fc.calls.Load(), fc.failed.Load(), client.Stats().TokenRefreshes)
	if e, ok := fc.firstErr.Load().(string); ok {
		line += " error " + strings.ReplaceAll(e, "\n", " ")
	}
	return line
}

func runFleetChild() int {
	var offset atomic.Int64
	cfg, err := sdk.ConfigFromEnv()
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	cfg.Now = func() time.Time { return time.Now().Add(time.Duration(offset.Load())) }
	ctx := context.Background()
	client, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	defer client.Close()
	fmt.Println("ready")
	var running struct {
		stop chan struct{}
		wg   sync.WaitGroup
		fc   *fleetCalls
	}
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		f := strings.Fields(in.Text())
		switch {
		case len(f) == 2 && f[0] == "clock":
			d, _ := strconv.ParseInt(f[1], 10, 64)
			offset.Store(d)
			fmt.Println("ok")
		case len(f) == 4 && f[0] == "call":
			g, _ := strconv.Atoi(f[1])
			k, _ := strconv.Atoi(f[2])
			p, _ := strconv.Atoi(f[3])
			fc := &fleetCalls{}
			var wg sync.WaitGroup
			for range g {
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := range k {
						if i > 0 {
							time.Sleep(time.Duration(p) * time.Millisecond)
						}
						fc.call(ctx, client)
					}
				}()
			}
			wg.Wait()
			fmt.Println(fc.report(client))
		case len(f) == 3 && f[0] == "start" && running.fc == nil:
			g, _ := strconv.Atoi(f[1])
			p, _ := strconv.Atoi(f[2])
			fc, stop := &fleetCalls{}, make(chan struct{})
			running.fc, running.stop = fc, stop
			for range g {
				running.wg.Add(1)
				go func() {
					defer running.wg.Done()
					for {
						fc.call(ctx, client)
						select {
						case <-stop:
							return
						case <-time.After(time.Duration(p) * time.Millisecond):
						}
					}
				}()
			}
			fmt.Println("ok")
		case len(f) == 1 && f[0] == "stop" && running.fc != nil:
			close(running.stop)
			running.wg.Wait()
			fmt.Println(running.fc.report(client))
			running.fc = nil
		default:
			fmt.Println("error unknown command", in.Text())
			return 1
		}
	}
	return 0
}

type fleetChild struct {
	stdin io.WriteCloser
	lines *bufio.Scanner
}

// startFleet starts n fleet children, child i with the configuration
// config(i) as ZCRM_ variables, and waits until all are ready.
func startFleet(t *testing.T, n int, config func(i int) map[string]string) []*fleetChild {
	t.Helper()
	fleet := make([]*fleetChild, n)
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), fleetChildEnv+"=1")
		for k, v := range config(i) {
			cmd.Env = append(cmd.Env, sdk.EnvPrefix+strings.ToUpper(k)+"="+v)
		}
		stdin, err := cmd.StdinPipe()
		require.NoError(t, err)
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = os.Stderr
		require.NoError(t, cmd.Start())
		t.Cleanup(func() { _ = stdin.Close(); _ = cmd.Process.Kill(); _ = cmd.Wait() })
		fleet[i] = &fleetChild{stdin: stdin, lines: bufio.NewScanner(stdout)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if !fleet[i].lines.Scan() || fleet[i].lines.Text() != "ready" {
				errs <- fmt.Errorf("child %d did not start: %q", i, fleet[i].lines.Text())
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	return fleet
}

// fleetReport is what a child answered to "call".
type fleetReport struct {
	calls, failed, refreshes int
	err                      string
}

// tell sends a line to every child at once and returns their answers.
func tell(t *testing.T, fleet []*fleetChild, line string) []string {
	t.Helper()
	answers := make([]string, len(fleet))
	var wg sync.WaitGroup
	for i, c := range fleet {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = io.WriteString(c.stdin, line+"\n")
			if c.lines.Scan() {
				answers[i] = c.lines.Text()
			} else {
				answers[i] = "error: no answer"
			}
		}()
	}
	wg.Wait()
	return answers
}

// call has every child make calls and totals their reports.
func call(t *testing.T, fleet []*fleetChild, goroutines, each int, pause time.Duration) (total fleetReport) {
	t.Helper()
	return totalOf(t, tell(t, fleet, fmt.Sprintf("call %d %d %d", goroutines, each, pause.Milliseconds())))
}

// totalOf totals the children's reports.
func totalOf(t *testing.T, answers []string) (total fleetReport) {
	t.Helper()
	for _, a := range answers {
		var r fleetReport
		_, err := fmt.Sscanf(a, "ok calls=%d failed=%d refreshes=%d", &r.calls, &r.failed, &r.refreshes)
		require.NoError(t, err, "child answered %q", a)
		total.calls += r.calls
		total.failed += r.failed
		total.refreshes += r.refreshes
		if i := strings.Index(a, " error "); i >= 0 && total.err == "" {
			total.err = a[i+7:]
		}
	}
	return total
}

// galeraConfig points cfg at a fresh database on the test Galera cluster,
// dropped when the test ends; DBAddress lists every node.
func galeraConfig(t *testing.T, cfg sdk.Config) (sdk.Config, []string) {
	addrs := testenv.Galera(t)
	cfg.TokenPersistencePath = ""
	cfg.DBAddress, cfg.DBPort, cfg.DBUsername, cfg.DBPassword = strings.Join(addrs, ","), 3306, "root", ""
	cfg.DBName = fmt.Sprintf("zcrm_sdk_fleet_%d", time.Now().UnixNano())
	t.Cleanup(func() {
		dc := mysql.NewConfig()
		dc.Net, dc.Addr, dc.User = "tcp", addrs[0], "root"
		conn, err := mysql.NewConnector(dc)
		if err != nil {
			return
		}
		db := sql.OpenDB(conn)
		defer db.Close()
		_, _ = db.ExecContext(context.Background(), "DROP DATABASE IF EXISTS `"+cfg.DBName+"`")
	})
	return cfg, addrs
}

// rotate lists addrs starting at addrs[first]: that child's first node.
func rotate(addrs []string, first int) string {
	first %= len(addrs)
	return strings.Join(append(append([]string{}, addrs[first:]...), addrs[:first]...), ",")
}

// TestFleetOnGalera: 8 processes spread over the three nodes of a Galera
// cluster share one user's tokens. Each expiry costs exactly one refresh,
// over 5 cycles; then a node is killed while they call, and the calls go
// on through the other nodes, none failing, still with one refresh per
// expiry. The test waits on events (refreshes, calls seen by the
// emulator), not on wall-clock windows, so a loaded machine slows it
// without changing what it proves.
func TestFleetOnGalera(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.Now = nil // the processes share the wall clock, and so does the emulator
	cfg, addrs := galeraConfig(t, cfg)
	readyClient(t, srv, cfg).Close()
	srv.ResetCounters()

	const processes, cycles = 8, 5
	fleet := startFleet(t, processes, func(i int) map[string]string {
		return map[string]string{
			"client_id": srv.ClientID, "client_secret": srv.ClientSecret, "redirect_uri": srv.RedirectURI,
			"accounts_url": srv.URL, "api_base_url": srv.URL, "current_user_email": adminEmail, "plugin_dir": pluginDir,
			"db_address": rotate(addrs, i), "db_port": "3306", "db_username": "root", "db_name": cfg.DBName,
		}
	})
	for cycle := 1; cycle <= cycles; cycle++ {
		srv.ExpireAccessTokens()
		r := call(t, fleet, 5, 1, 0)
		require.Zero(t, r.failed, "cycle %d: %s", cycle, r.err)
		require.Equal(t, cycle, srv.Counters().Refreshes, "cycle %d: refreshes so far (one per expiry)", cycle)
		assert.Equal(t, cycle, r.refreshes, "the processes' own count of refreshes")
	}
	t.Logf("refreshes per expiry over %d cycles with %d processes: %.2f", cycles, processes, float64(srv.Counters().Refreshes)/cycles)

	t.Cleanup(func() { require.NoError(t, testenv.GaleraScript("start"), "restarting the killed node") })
	before := srv.Counters().Refreshes
	refreshed := func(n int) func() bool {
		return func() bool { return srv.Counters().Refreshes-before >= n }
	}
	// callsAfter waits until the fleet has made n more calls than now.
	callsAfter := func(what string, n int) {
		t.Helper()
		from := srv.Counters().APIRequests
		testenv.WaitFor(t, what, func() bool { return srv.Counters().APIRequests-from >= n })
	}
	srv.ExpireAccessTokens()
	for i, a := range tell(t, fleet, "start 4 40") {
		require.Equal(t, "ok", a, "child %d", i)
	}
	testenv.WaitFor(t, "the refresh after the first expiry", refreshed(1))
	callsAfter("calls with the refreshed token", processes*4)
	require.NoError(t, testenv.GaleraScript("kill", "2")) // SIGKILL, then waits for the process's end
	srv.ExpireAccessTokens()                              // an expiry while the cluster notices the loss
	testenv.WaitFor(t, "the refresh after the expiry with node 2 down", refreshed(2))
	callsAfter("every caller's calls after the second refresh", processes*4*3)
	r := totalOf(t, tell(t, fleet, "stop"))
	t.Logf("node 2 killed mid-run: %d calls, %d failed (%s)", r.calls, r.failed, r.err)
	assert.Zero(t, r.failed, "calls must go on through the other nodes: %s", r.err)
	assert.Equal(t, 2, srv.Counters().Refreshes-before, "one refresh per expiry with a node down")

	// Nothing lost: the stored tokens are the last refreshed ones, and
	// every process still works.
	srv.ExpireAccessTokens()
	r = call(t, fleet, 2, 1, 0)
	require.Zero(t, r.failed, "%s", r.err)
	assert.Equal(t, 3, srv.Counters().Refreshes-before)
}
