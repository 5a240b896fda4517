package testenv

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Chromium finds Debian's Chromium. Without it a browser test fails under
// CI=true (.ci/run installs it) and is skipped otherwise.
func Chromium(t testing.TB) string {
	t.Helper()
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("Chromium is not installed; in CI it must be: apt-get install -y chromium chromium-driver")
	}
	t.Skip("Chromium is not installed (apt-get install -y chromium chromium-driver); the browser test needs it")
	return ""
}

// Headless starts a headless Chromium with a fresh profile and returns a
// context of it; each Browser of it is a browser context of its own, with
// its own cookies, like a separate person's browser.
func Headless(t testing.TB) context.Context {
	t.Helper()
	alloc, cancel := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(Chromium(t)),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// Containers often have a small /dev/shm, which crashes tabs.
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.UserDataDir(t.TempDir()),
	)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(alloc)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(cancel)
	require.NoError(t, chromedp.Do(ctx), "starting Chromium")
	return ctx
}

// Browser is a new browser context of root: a person's browser of their
// own.
func Browser(t testing.TB, root context.Context) context.Context {
	t.Helper()
	ctx, cancel := chromedp.NewContext(root, chromedp.WithNewBrowserContext())
	t.Cleanup(cancel)
	return ctx
}

// Step bounds one step of a browser test, so that a page that never comes
// fails the test within minutes, not at the end of the run; the bound is
// generous, as Chromium on a busy two-core machine takes its time.
func Step(t testing.TB, ctx context.Context) context.Context {
	t.Helper()
	c, cancel := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel)
	return c
}
