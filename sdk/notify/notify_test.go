package notify_test

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/calltrace"
	"github.com/zcrm-go/zcrm/internal/ledger"
	"github.com/zcrm-go/zcrm/internal/testenv"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/notify"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

var pluginDir string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "zcrm-notify-test")
	if err != nil {
		panic(err)
	}
	if _, err := testenv.BuildPlugins(dir); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	pluginDir = dir
	calltrace.Enable()
	code := m.Run()
	if code == 0 {
		code = verifyLedger()
	}
	os.RemoveAll(dir)
	os.Exit(code)
}

func testCtx(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	t.Cleanup(cancel)
	return ctx
}

func client(t *testing.T, srv *zohotest.Server, version string) *sdk.Client {
	t.Helper()
	c, err := sdk.NewClient(testCtx(t), sdk.Config{
		ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, APIVersion: version, TokenPersistencePath: t.TempDir(), PluginDir: pluginDir, Now: srv.Now,
	})
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = c.GenerateTokens(testCtx(t), srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(t, err)
	return c
}

// receiver collects the events a Handler delivers.
type receiver struct {
	mu     sync.Mutex
	events []notify.Event
	got    chan struct{}
}

func newReceiver() *receiver { return &receiver{got: make(chan struct{}, 100)} }

func (r *receiver) deliver(_ context.Context, e notify.Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
	r.got <- struct{}{}
}

func (r *receiver) wait(t *testing.T, n int) []notify.Event {
	t.Helper()
	for range n {
		select {
		case <-r.got:
		case <-time.After(testenv.Patience):
			t.Fatalf("waited for %d events", n)
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]notify.Event(nil), r.events...)
}

func TestRecordChangesReachTheHandler(t *testing.T) {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	c := client(t, srv, "v8")
	ctx := testCtx(t)

	rec := newReceiver()
	const token = "tok-3b1f0c8e5a2d4f6b9e7c"
	h := notify.NewHandler(notify.Tokens{"1000": token}, rec.deliver)
	defer h.Close()
	hook := httptest.NewServer(h)
	defer hook.Close()

	yes := true
	results, _, err := c.Notifications.Enable(ctx, &sdk.NotificationChannel{
		ChannelID: "1000", Events: []string{"Leads.all"}, NotifyURL: hook.URL + "/zoho?tenant=acme",
		Token: token, ReturnAffectedFieldValues: &yes,
	})
	require.NoError(t, err)
	require.True(t, results[0].OK(), "%+v", results[0])

	created, _, err := c.Records.Create(ctx, "Leads", []sdk.Record{{"Last_Name": "Notified", "Company": "Zylker"}}, nil)
	require.NoError(t, err)
	id := created[0].ID()
	_, _, err = c.Records.Update(ctx, "Leads", []sdk.Record{{"id": id, "Company": "Zylker Corp"}}, nil)
	require.NoError(t, err)
	_, _, err = c.Records.Delete(ctx, "Leads", id)
	require.NoError(t, err)

	events := rec.wait(t, 3)
	assert.Equal(t, []string{"insert", "update", "delete"}, []string{events[0].Operation, events[1].Operation, events[2].Operation})
	for _, e := range events {
		assert.Equal(t, "Leads", e.Module)
		assert.Equal(t, []string{id}, e.IDs)
		assert.Equal(t, "1000", e.ChannelID)
		assert.Equal(t, "acme", e.QueryParams["tenant"])
		assert.False(t, e.ServerTime.IsZero())
	}
	assert.Contains(t, events[1].AffectedFields[id], "Company")
	assert.Equal(t, "Zylker Corp", events[1].AffectedValues[id]["Company"])
	assert.Empty(t, events[0].AffectedFields)
}

func TestWrongTokenIsRefusedAndNotDelivered(t *testing.T) {
	rec := newReceiver()
	h := notify.NewHandler(notify.Tokens{"1000": "right-token-0123456789"}, rec.deliver)
	defer h.Close()
	hook := httptest.NewServer(h)
	defer hook.Close()

	for name, body := range map[string]string{
		"wrong token":     `{"channel_id":"1000","token":"wrong-token-0123456789","module":"Leads","ids":["1"],"operation":"insert"}`,
		"no token":        `{"channel_id":"1000","module":"Leads","ids":["1"],"operation":"insert"}`,
		"unknown channel": `{"channel_id":"2000","token":"right-token-0123456789","module":"Leads","ids":["1"],"operation":"insert"}`,
	} {
		resp, err := http.Post(hook.URL, "application/json", bytes.NewBufferString(body))
		require.NoError(t, err)
		resp.Body.Close()
		assert.Equal(t, http.StatusUnauthorized, resp.StatusCode, name)
	}
	resp, err := http.Post(hook.URL, "application/json", bytes.NewBufferString("not json"))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)

	resp, err = http.Post(hook.URL, "application/json", bytes.NewBufferString(`{"channel_id":1000,"token":"right-token-0123456789","module":"Leads","ids":[5725767000003000064],"operation":"insert","server_time":1718117126473}`))
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode)
	events := rec.wait(t, 1)
	require.Len(t, events, 1, "only the right callback is delivered")
	assert.Equal(t, []string{"5725767000003000064"}, events[0].IDs)
}

func TestChannelsLapseWithoutRenewal(t *testing.T) {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	c := client(t, srv, "v8")
	ctx := testCtx(t)
	_, _, err := c.Notifications.Enable(ctx, &sdk.NotificationChannel{ChannelID: "7", Events: []string{"Contacts.create"}, NotifyURL: "https://example.com/hook"})
	require.NoError(t, err)
	require.Len(t, srv.Channels(), 1)
	srv.Advance(61 * time.Minute) // the default lifetime is an hour
	assert.Empty(t, srv.Channels())
	_, _, err = c.Notifications.List(ctx, nil)
	require.NoError(t, err)
}

// Two processes keep one channel alive over three weeks of the emulator's
// clock: it never lapses, and a channel renewed by one is left alone by
// the other.
func TestTwoKeepersRenewOneChannel(t *testing.T) {
	srv := zohotest.NewServer(zohotest.WithFrozenClock(time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)))
	t.Cleanup(srv.Close)
	a, b := client(t, srv, "v8"), client(t, srv, "v8")
	ctx := testCtx(t)
	_, _, err := a.Notifications.Enable(ctx, &sdk.NotificationChannel{ChannelID: "42", Events: []string{"Deals.all"}, NotifyURL: "https://example.com/hook", ChannelExpiry: srv.Now().Add(24 * time.Hour)})
	require.NoError(t, err)

	keepers := []*notify.Keeper{
		{Client: a, ChannelIDs: []string{"42"}, RenewBefore: 12 * time.Hour, Now: srv.Now},
		{Client: b, ChannelIDs: []string{"42"}, RenewBefore: 12 * time.Hour, Now: srv.Now},
	}
	renewals := 0
	for hour := 0; hour < 21*24; hour += 6 {
		srv.Advance(6 * time.Hour)
		for _, k := range keepers {
			renewed, err := k.RenewDue(ctx)
			require.NoError(t, err, "hour %d", hour)
			renewals += len(renewed)
		}
		require.Len(t, srv.Channels(), 1, "alive at hour %d", hour)
	}
	// A week's lifetime renewed 12 h before its end: about 3 renewals in
	// three weeks, and never both keepers for one expiry.
	assert.GreaterOrEqual(t, renewals, 3)
	assert.LessOrEqual(t, renewals, 4)
	assert.Less(t, srv.Channels()[0].Expiry.Sub(srv.Now()), 7*24*time.Hour+time.Minute)
}

func TestChannelChecksBeforeSending(t *testing.T) {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	c := client(t, srv, "v2")
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for name, ch := range map[string]*sdk.NotificationChannel{
		"no id":          {Events: []string{"Leads.all"}, NotifyURL: "https://x.example"},
		"id not numeric": {ChannelID: "abc", Events: []string{"Leads.all"}, NotifyURL: "https://x.example"},
		"no events":      {ChannelID: "1", NotifyURL: "https://x.example"},
		"bad event":      {ChannelID: "1", Events: []string{"Leads.insert"}, NotifyURL: "https://x.example"},
		"bad url":        {ChannelID: "1", Events: []string{"Leads.all"}, NotifyURL: "ftp://x.example"},
		"long token":     {ChannelID: "1", Events: []string{"Leads.all"}, NotifyURL: "https://x.example", Token: string(make([]byte, 51))},
		"past v2 max":    {ChannelID: "1", Events: []string{"Leads.all"}, NotifyURL: "https://x.example", ChannelExpiry: srv.Now().Add(25 * time.Hour)},
	} {
		_, _, err := c.Notifications.Enable(ctx, ch)
		assert.ErrorAs(t, err, &verr, name)
	}
	assert.Zero(t, srv.Counters().APIRequests, "nothing was sent")
}

func TestListUpdateDisable(t *testing.T) {
	srv := zohotest.NewServer()
	t.Cleanup(srv.Close)
	c := client(t, srv, "v8")
	ctx := testCtx(t)
	_, _, err := c.Notifications.Enable(ctx,
		&sdk.NotificationChannel{ChannelID: "1", Events: []string{"Leads.create", "Contacts.edit"}, NotifyURL: "https://example.com/a", Token: "t1"},
		&sdk.NotificationChannel{ChannelID: "2", Events: []string{"Deals.delete"}, NotifyURL: "https://example.com/b"},
	)
	require.NoError(t, err)
	var entries []*sdk.NotificationChannel
	for ch, err := range c.Notifications.All(ctx, &sdk.NotificationListOptions{ListOptions: sdk.ListOptions{PerPage: 1}}) {
		require.NoError(t, err)
		entries = append(entries, ch)
	}
	require.Len(t, entries, 3, "one entry per channel and module")
	assert.Equal(t, "Leads", entries[0].ResourceName)
	assert.Equal(t, []string{"Leads.create"}, entries[0].Events)
	assert.Contains(t, entries[0].Extra(), "fields", "keys without a Go field are kept")

	_, _, err = c.Notifications.RemoveEvents(ctx, "1", "Contacts.edit")
	require.NoError(t, err)
	page, _, err := c.Notifications.List(ctx, &sdk.NotificationListOptions{ChannelID: "1"})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, "t1", page[0].Token, "a patch keeps what it does not name")

	results, _, err := c.Notifications.Replace(ctx, &sdk.NotificationChannel{ChannelID: "1", Events: []string{"Contacts.edit"}, NotifyURL: "https://example.com/c"})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	page, _, err = c.Notifications.List(ctx, &sdk.NotificationListOptions{ChannelID: "1"})
	require.NoError(t, err)
	require.Len(t, page, 1)
	assert.Equal(t, []string{"Contacts.edit"}, page[0].Events, "a replace sets the channel anew")
	assert.Empty(t, page[0].Token, "what a replace leaves out is dropped")

	results, _, err = c.Notifications.Disable(ctx, "1", "2", "3")
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.True(t, results[1].OK())
	assert.False(t, results[2].OK(), "an unknown channel")
	assert.Empty(t, srv.Channels())
}

// verifyLedger checks, after a full run, that typed calls reached every
// endpoint of the notifications group, whose calls these tests make.
func verifyLedger() int {
	var served []ledger.Request
	for _, r := range zohotest.Served() {
		served = append(served, ledger.Request{Method: r.Method, Path: r.Path})
	}
	if err := ledger.Verify(served, ledger.OwnedByNotify); err != nil {
		fmt.Fprintln(os.Stderr, "FAIL:", err)
		return 1
	}
	return 0
}
