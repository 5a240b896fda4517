package pluginproto_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/pluginproto"
)

// A host is this test binary run again: it launches the test plugin, prints
// the plugin's pid, and waits to be killed.
const hostEnv = "ZCRM_PLUGINPROTO_TEST_HOST"

func runHost() int {
	if os.Getenv(hostEnv) == "serve-watch" {
		pluginproto.LeaveOrphansToServe()
	}
	c, err := pluginproto.Launch(context.Background(), pluginproto.LaunchConfig{Path: os.Getenv("ZCRM_TEST_PLUGIN")})
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	fmt.Println(c.Pid())
	time.Sleep(time.Minute)
	return 0
}

// TestPluginEndsWithItsHost kills a host with SIGKILL, so that it cannot
// close its plugin, and checks that the plugin process ends anyway: by the
// kernel's parent-death signal on Linux, or by Serve's watch on its parent.
func TestPluginEndsWithItsHost(t *testing.T) {
	for _, mode := range []string{"kernel", "serve-watch"} {
		t.Run(mode, func(t *testing.T) {
			host := exec.Command(os.Args[0], "-test.run=^$")
			host.Env = append(os.Environ(), hostEnv+"="+mode, "ZCRM_TEST_PLUGIN="+testPlugin)
			out, err := host.StdoutPipe()
			require.NoError(t, err)
			require.NoError(t, host.Start())
			defer host.Process.Kill()
			lines := bufio.NewScanner(out)
			require.True(t, lines.Scan(), "the host said nothing")
			pid, err := strconv.Atoi(lines.Text())
			require.NoError(t, err, "host: %s", lines.Text())
			require.True(t, testenv.Alive(pid), "the plugin runs")

			require.NoError(t, host.Process.Kill())
			_, _ = host.Process.Wait()
			testenv.WaitFor(t, fmt.Sprintf("plugin %d to end with its host", pid), func() bool { return !testenv.Alive(pid) })
		})
	}
}
