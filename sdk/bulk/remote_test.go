package bulk_test

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The benchmarks run the emulator in a child process: in the same process
// its million records would be scanned by every garbage collection of the
// SDK's and counted in its heap.

const emulatorChildEnv = "ZCRM_BULK_EMULATOR_CHILD"

type emulatorInfo struct {
	URL, UploadURL, ClientID, ClientSecret, RedirectURI string
}

// runEmulatorChild serves an emulator and answers commands, one a line, on
// stdin: "seed N" (grow Leads to N records), "clear", "credits", "advance
// SECONDS", "grant". It ends when stdin closes.
func runEmulatorChild() int {
	srv := zohotest.NewServer()
	defer srv.Close()
	srv.SetBulkJobTime(10 * time.Millisecond)
	out := json.NewEncoder(os.Stdout)
	_ = out.Encode(emulatorInfo{srv.URL, srv.UploadURL, srv.ClientID, srv.ClientSecret, srv.RedirectURI})
	seeded := 0
	in := bufio.NewScanner(os.Stdin)
	for in.Scan() {
		cmd, arg, _ := strings.Cut(in.Text(), " ")
		n, _ := strconv.Atoi(arg)
		switch cmd {
		case "seed":
			if n > seeded {
				seedRange(srv, seeded, n)
				seeded = n
			}
			fmt.Println("ok")
		case "clear":
			srv.Records("Leads").Delete(srv.Records("Leads").IDs()...)
			seeded = 0
			fmt.Println("ok")
		case "credits":
			fmt.Println(creditsUsed(srv))
		case "advance":
			srv.Advance(time.Duration(n) * time.Second)
			fmt.Println("ok")
		case "grant":
			fmt.Println(srv.GrantToken(srv.ClientID, srv.Admin().Email))
		default:
			fmt.Println("unknown command")
		}
	}
	return 0
}

// remoteEmulator is an emulator in a child process.
type remoteEmulator struct {
	info emulatorInfo
	in   *bufio.Writer
	out  *bufio.Scanner
}

func startRemoteEmulator(t testing.TB) *remoteEmulator {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe)
	cmd.Env = append(os.Environ(), emulatorChildEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	t.Cleanup(func() {
		stdin.Close()
		_ = cmd.Wait()
	})
	r := &remoteEmulator{in: bufio.NewWriter(stdin), out: bufio.NewScanner(stdout)}
	require.True(t, r.out.Scan(), "the emulator child says where it listens")
	require.NoError(t, json.Unmarshal(r.out.Bytes(), &r.info))
	return r
}

func (r *remoteEmulator) do(t testing.TB, command string) string {
	t.Helper()
	_, _ = r.in.WriteString(command + "\n")
	require.NoError(t, r.in.Flush())
	require.True(t, r.out.Scan(), "the emulator child answers %q", command)
	return r.out.Text()
}

func (r *remoteEmulator) credits(t testing.TB) int {
	n, err := strconv.Atoi(r.do(t, "credits"))
	require.NoError(t, err)
	return n
}

func (r *remoteEmulator) client(t testing.TB) *sdk.Client {
	t.Helper()
	e := r.info
	cfg := sdk.Config{
		ClientID: e.ClientID, ClientSecret: e.ClientSecret, RedirectURI: e.RedirectURI,
		AccountsURL: e.URL, APIVersion: "v8",
		TokenPersistencePath: t.TempDir(), PluginDir: pluginDir,
		RetryWaitMin: 5 * time.Millisecond, RetryWaitMax: 50 * time.Millisecond,
		DataCenters: []sdk.DataCenter{{Name: "emulated US", Location: "us", AccountsURL: e.URL, APIBaseURL: e.URL, UploadURL: e.UploadURL}},
	}
	c, err := sdk.NewClient(testCtx(t), cfg)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = c.GenerateTokens(testCtx(t), r.do(t, "grant"))
	require.NoError(t, err)
	return c
}
