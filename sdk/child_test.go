package sdk_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// A child is this test binary run again as a second application process:
// it builds a client from ZCRM_ variables, says "ready", waits for "go" on
// stdin, makes calls from several goroutines and reports.
const childEnv = "ZCRM_SDK_TEST_CHILD"

func runChild() int {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cfg, err := sdk.ConfigFromEnv()
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	client, err := sdk.NewClient(ctx, cfg)
	if err != nil {
		fmt.Println("error", err)
		return 1
	}
	defer client.Close()
	fmt.Println("ready")
	if line, _ := bufio.NewReader(os.Stdin).ReadString('\n'); strings.TrimSpace(line) != "go" {
		fmt.Println("error no go")
		return 1
	}
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for range 20 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, _, err := client.Users.Current(ctx); err != nil {
				errs <- err
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		fmt.Println("error", err)
		return 1
	}
	fmt.Printf("ok refreshes=%d\n", client.Stats().TokenRefreshes)
	return 0
}

// child is a running child process.
type child struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	lines *bufio.Scanner
}

// startChild runs the test binary as a child with the configuration m,
// given as ZCRM_ variables, and waits until it is ready.
func startChild(t *testing.T, m map[string]string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"=1")
	for k, v := range m {
		cmd.Env = append(cmd.Env, sdk.EnvPrefix+strings.ToUpper(k)+"="+v)
	}
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	c := &child{cmd: cmd, stdin: stdin, lines: bufio.NewScanner(stdout)}
	require.True(t, c.lines.Scan(), "child said nothing")
	require.Equal(t, "ready", c.lines.Text())
	return c
}

// finish sends "go" and returns the child's report.
func (c *child) goAndReport() string {
	_, _ = io.WriteString(c.stdin, "go\n")
	c.stdin.Close()
	if !c.lines.Scan() {
		return "error: no report"
	}
	return c.lines.Text()
}
