package sdk_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// deviceFixture is a device login against an emulated Zoho of two data
// centres on a frozen clock. The SDK's Sleep moves that clock, so a poll
// 30 s after the last costs no real time, and the person's actions in the
// browser happen at set points of emulated time.
type deviceFixture struct {
	zoho    *zohotest.MultiDC
	client  *sdk.Client
	secrets map[string]string
	store   string

	mu    sync.Mutex
	skew  time.Duration // the SDK's clock minus the emulator's
	lag   time.Duration // by how much the emulator's clock falls behind in the next sleep
	start time.Time
	at    []personAction
	slept []time.Duration
}

// personAction is what the person does once emulated time reaches after.
type personAction struct {
	after time.Duration
	do    func()
}

func newDeviceFixture(t *testing.T) *deviceFixture {
	t.Helper()
	f := &deviceFixture{zoho: zohotest.NewMultiDC(zohotest.WithDataCenters("us", "eu"), zohotest.WithFrozenClock(time.Date(2026, 5, 4, 10, 0, 0, 0, time.UTC)))}
	t.Cleanup(f.zoho.Close)
	registered := f.zoho.RegisterClient(zohotest.MultiDCClient{Name: "zcrm command line", PerDCSecrets: true})
	f.secrets = registered.Secrets
	var dcs []sdk.DataCenter
	for _, dc := range f.zoho.DataCenters() {
		dcs = append(dcs, sdk.DataCenter{Name: dc.Name, Location: dc.Location, AccountsURL: dc.AccountsURL, APIBaseURL: dc.APIURL})
	}
	f.store = t.TempDir()
	f.start = f.zoho.Now()
	// Whatever happens, no line of the SDK's log carries a secret, a token
	// or the device code (all Zoho tokens are 1000.<hex>.<hex>).
	logs := &testenv.Buffer{}
	t.Cleanup(func() {
		assert.NotRegexp(t, `1000\.[0-9a-f]{32}\.[0-9a-f]{32}`, logs.String())
		for _, secret := range f.secrets {
			assert.NotContains(t, logs.String(), secret)
		}
		assert.Contains(t, logs.String(), "device login started", "the log was captured")
	})
	f.client = newClient(t, sdk.Config{
		ClientID:             registered.ID,
		ClientSecret:         registered.Secrets["us"],
		ClientSecrets:        registered.Secrets,
		AccountsURL:          f.zoho.DC("us").AccountsURL,
		DataCenters:          dcs,
		TokenPersistencePath: f.store,
		Now:                  f.now,
		Sleep:                f.sleep,
		LogLevel:             "trace",
		Slog:                 slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	return f
}

func (f *deviceFixture) now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.zoho.Now().Add(f.skew)
}

// sleep moves the emulator's clock by d, then lets the person do what
// is due by then.
func (f *deviceFixture) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.slept = append(f.slept, d)
	f.zoho.Advance(d - f.lag)
	f.skew += f.lag
	f.lag = 0
	f.mu.Unlock()
	for {
		f.mu.Lock()
		var due func()
		if len(f.at) > 0 && f.zoho.Now().Sub(f.start) >= f.at[0].after {
			due, f.at = f.at[0].do, f.at[1:]
		}
		f.mu.Unlock()
		if due == nil {
			return ctx.Err()
		}
		due()
	}
}

// startLogin starts a device login with the default options.
func (f *deviceFixture) startLogin(t *testing.T) *sdk.DeviceLogin {
	t.Helper()
	login, err := f.client.StartDeviceLogin(testCtx(t), sdk.DeviceLoginOptions{})
	require.NoError(t, err)
	return login
}

// when makes the person do something after that much emulated time.
func (f *deviceFixture) when(after time.Duration, do func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.at = append(f.at, personAction{after, do})
}

func (f *deviceFixture) polls() (polls, slowDowns int) {
	for _, c := range f.zoho.Counters() {
		polls += c.DevicePolls
		slowDowns += c.DeviceSlowDowns
	}
	return polls, slowDowns
}

func (f *deviceFixture) storedUsers(t *testing.T) []string {
	t.Helper()
	infos, err := f.client.StoredUsers(testCtx(t))
	require.NoError(t, err)
	var users []string
	for _, i := range infos {
		users = append(users, i.UserIdentifier)
	}
	return users
}

// answerInBrowser opens the device page, types the code unless the URL
// carries it, signs in as email and clicks approve or deny; it returns
// what the page then says.
func answerInBrowser(t *testing.T, ctx context.Context, pageURL, code, email, button string) string {
	t.Helper()
	require.NoError(t, chromedp.Do(testenv.Step(t, ctx), chromedp.Navigate(pageURL), chromedp.WaitVisible(chromedp.ID("user_code"))))
	if code != "" {
		require.NoError(t, chromedp.Do(testenv.Step(t, ctx), chromedp.SendKeys(chromedp.ID("user_code"), code)))
	}
	if email != "" {
		require.NoError(t, chromedp.Do(testenv.Step(t, ctx), chromedp.SendKeys(chromedp.ID("email"), email)))
	}
	_, err := chromedp.RunResponse(testenv.Step(t, ctx), chromedp.Click(chromedp.ID(button)))
	require.NoError(t, err)
	done, err := chromedp.Run(testenv.Step(t, ctx), chromedp.Text(chromedp.ID("done")))
	require.NoError(t, err)
	return done
}

// A person approves after two minutes, typing the code shown on the
// emulator's page in a real browser. The SDK polls four times (at 30, 60,
// 90 and 120 s: Zoho's pace, never faster), saves the tokens under the
// person Zoho names and becomes theirs.
func TestDeviceLoginApprovedInTheBrowser(t *testing.T) {
	root := testenv.Headless(t)
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	us := f.zoho.DC("us")
	assert.Equal(t, us.AccountsURL+"/oauth/v3/device", login.VerificationURL)
	assert.Equal(t, 30*time.Second, login.Interval)
	assert.Equal(t, f.start.Add(5*time.Minute), login.ExpiresAt)
	assert.Regexp(t, `^[A-Z0-9]{8}$`, login.UserCode)
	assert.NotContains(t, login.String(), "1000.", "the device code is never shown")

	var page string
	f.when(2*time.Minute, func() {
		page = answerInBrowser(t, testenv.Browser(t, root), login.VerificationURL, login.UserCode, us.Admin().Email, "approve")
	})
	owner, err := login.Wait(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, "Approved. Return to your device.", page)
	assert.Equal(t, us.Admin().Email, owner.UserIdentifier)
	assert.Equal(t, "us", owner.Location)

	polls, slowDowns := f.polls()
	assert.Equal(t, 4, polls, "polls during a 2-minute approval")
	assert.Zero(t, slowDowns, "never two polls within 30 s")
	t.Logf("polls sent during a 2-minute device approval: %d (Zoho allows one per 30 s: 4)", polls)

	assert.Equal(t, []string{us.Admin().Email}, f.storedUsers(t))
	me, _, err := f.client.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, us.Admin().Email, me.Email, "the client's default user is the one who approved")
	raw, err := os.ReadFile(f.store + "/zcrm_oauthtokens.txt")
	require.NoError(t, err)
	assert.Contains(t, string(raw), `"refresh_token": "1000.`, "offline: a refresh token came")
}

// The person opens the page with the code filled in and denies: Wait ends
// with ErrDeviceLoginDenied at the next poll, and nothing is saved.
func TestDeviceLoginDeniedInTheBrowser(t *testing.T) {
	root := testenv.Headless(t)
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	require.NotEmpty(t, login.VerificationURLComplete)
	var page string
	f.when(45*time.Second, func() {
		page = answerInBrowser(t, testenv.Browser(t, root), login.VerificationURLComplete, "", "", "deny")
	})
	_, err := login.Wait(testCtx(t))
	require.Error(t, err)
	assert.ErrorIs(t, err, sdk.ErrDeviceLoginDenied)
	var ae *sdk.AuthError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, "access_denied", ae.Code)
	assert.Equal(t, "Access denied. You can close this window.", page)
	polls, slowDowns := f.polls()
	assert.Equal(t, 2, polls, "the poll at 30 s found it pending, the one at 60 s denied")
	assert.Zero(t, slowDowns)
	assert.Empty(t, f.storedUsers(t))
}

// Nobody enters the code: the SDK polls at Zoho's pace until the code's
// five minutes are over and ends with ErrDeviceCodeExpired; and Zoho says
// expired to a poll after that.
func TestDeviceLoginLeftToExpire(t *testing.T) {
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	_, err := login.Wait(testCtx(t))
	require.Error(t, err)
	assert.ErrorIs(t, err, sdk.ErrDeviceCodeExpired)
	assert.ErrorContains(t, err, login.UserCode)
	polls, slowDowns := f.polls()
	assert.Equal(t, 9, polls, "one poll per 30 s within the five minutes")
	assert.Zero(t, slowDowns)
	assert.Empty(t, f.storedUsers(t))

	// The emulator's own answer to a poll past the expiry, the one an SDK
	// with a slower clock would get.
	f.mu.Lock()
	f.skew = -time.Minute
	f.mu.Unlock()
	login = f.startLogin(t)
	_, err = login.Wait(testCtx(t))
	assert.ErrorIs(t, err, sdk.ErrDeviceCodeExpired)
	var ae *sdk.AuthError
	require.True(t, errors.As(err, &ae))
	assert.Equal(t, "expired", ae.Code)
}

// A person of the EU data centre approves on the US page the login
// started at: the US accounts server answers other_dc with the person's
// location, and the SDK polls the EU one, with the EU client secret, and
// keeps the person's tokens with their data centre.
func TestDeviceLoginOfAnotherDataCentre(t *testing.T) {
	root := testenv.Headless(t)
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	eu := f.zoho.DC("eu")
	f.when(50*time.Second, func() {
		answerInBrowser(t, testenv.Browser(t, root), login.VerificationURLComplete, "", eu.Admin().Email, "approve")
	})
	owner, err := login.Wait(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, eu.Admin().Email, owner.UserIdentifier)
	assert.Equal(t, "eu", owner.Location)
	assert.Equal(t, eu.AccountsURL, owner.AccountsServer)
	c := f.zoho.Counters()
	assert.Equal(t, 2, c["us"].DevicePolls, "pending at 30 s, other_dc at 60 s")
	assert.Equal(t, 1, c["eu"].DevicePolls, "the tokens at 90 s, in the person's DC")
	assert.Zero(t, c["us"].DeviceSlowDowns+c["eu"].DeviceSlowDowns)
	assert.Equal(t, 1, c["us"].DevicesApproved)

	_, _, err = f.client.Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Positive(t, f.zoho.Counters()["eu"].APIRequests, "the person's calls go to their DC")
	assert.Zero(t, f.zoho.Counters()["us"].APIRequests)
}

// When Zoho's clock and the SDK's disagree, Zoho answers slow_down; the
// SDK then waits longer (35 s) and is not told again.
func TestDeviceLoginObeysSlowDown(t *testing.T) {
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	f.when(30*time.Second, func() {
		f.mu.Lock()
		f.lag = 10 * time.Second // Zoho's clock moves 20 s while the SDK's moves 30
		f.mu.Unlock()
	})
	f.when(3*time.Minute, func() {
		require.NoError(t, approveOverHTTP(f.zoho.DC("us").AccountsURL, login.UserCode, f.zoho.DC("us").Admin().Email))
	})
	_, err := login.Wait(testCtx(t))
	require.NoError(t, err)
	polls, slowDowns := f.polls()
	assert.Equal(t, 1, slowDowns, "the one poll Zoho's clock saw as too soon")
	assert.Equal(t, 35*time.Second, login.Interval, "slowed down by 5 s")
	assert.Equal(t, 6, polls, "at 30, 50 (slow_down), then every 35 s to 190 s by Zoho's clock")
}

// A login ends when its context does.
func TestDeviceLoginEndsWithTheContext(t *testing.T) {
	f := newDeviceFixture(t)
	login := f.startLogin(t)
	ctx, cancel := context.WithCancel(testCtx(t))
	f.when(time.Minute, cancel)
	_, err := login.Wait(ctx)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Empty(t, f.storedUsers(t))
}

// approveOverHTTP posts the device page's form as a browser would.
func approveOverHTTP(accounts, code, email string) error {
	resp, err := http.PostForm(accounts+"/oauth/v3/device", url.Values{"user_code": {code}, "email": {email}, "action": {"approve"}})
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	page, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if !strings.Contains(string(page), "Approved.") {
		return errors.New("not approved: " + string(page))
	}
	return nil
}
