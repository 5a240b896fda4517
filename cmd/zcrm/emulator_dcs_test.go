package main

import (
	"context"
	"io"
	"net"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
)

func TestEmulatorCommandServesDataCentres(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out *testenv.Buffer
	var done chan error
	// Four ports counted up from a free one; another process may take one
	// meanwhile, so try a few bases.
	for range 5 {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		port := l.Addr().(*net.TCPAddr).Port
		l.Close()
		out, done = &testenv.Buffer{}, make(chan error, 1)
		go func() {
			done <- run(ctx, []string{"emulator", "-dcs", "us,eu", "-addr", "127.0.0.1:" + strconv.Itoa(port), "-redirect-uri", "http://127.0.0.1:1/cb"}, out)
		}()
		deadline := time.Now().Add(10 * time.Second)
		for !strings.Contains(out.String(), "Login with Zoho") && len(done) == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if len(done) == 0 {
			break
		}
		t.Logf("base port %d: %v", port, <-done)
	}
	text := out.String()
	require.Contains(t, text, "Login with Zoho", text)
	assert.Contains(t, text, "p.boyle@zylker.com", "a user of the US")
	assert.Contains(t, text, "k.becker@zylker.eu", "a user of the EU")
	assert.Contains(t, text, "client secret")
	assert.Contains(t, text, "http://127.0.0.1:1/cb")

	// The printed login URL shows the consent page to a browser.
	login := regexp.MustCompile(`http://127\.0\.0\.1:\d+/oauth/v2/auth\?\S+`).FindString(text)
	require.NotEmpty(t, login, text)
	resp, err := http.Get(login)
	require.NoError(t, err)
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	assert.Contains(t, string(page), `id="accept"`)

	// Each DC's API is on its own address.
	apis := regexp.MustCompile(`API (http://127\.0\.0\.1:\d+)`).FindAllStringSubmatch(text, -1)
	require.Len(t, apis, 2)
	for _, api := range apis {
		resp, err := http.Get(api[1] + "/crm/v8/org")
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	}

	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("the emulator did not stop")
	}

	_, err = runCmd(t, "emulator", "-dcs", "us,xx")
	assert.ErrorContains(t, err, `"xx" is not one of Zoho's data centres`)
}
