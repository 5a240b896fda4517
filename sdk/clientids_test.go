package sdk_test

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// TestTwoClientsOneStore: a web client and a self client of one org keep
// the same user's tokens in one store, each finding its own; tokens saved
// before client ids (no client id) load for the configured client, which
// then claims them.
func TestTwoClientsOneStore(t *testing.T) {
	srv := emulator(t)
	self := srv.RegisterClient(zohotest.Client{Name: "self client"})
	user := srv.Admin().Email
	web := fileConfig(t, srv)
	web.CurrentUserEmail = user
	other := web
	other.ClientID, other.ClientSecret = self.ID, self.Secret

	webClient := readyClient(t, srv, web)
	selfClient := newClient(t, other)
	_, err := selfClient.GenerateTokens(testCtx(t), srv.GrantToken(self.ID, user))
	require.NoError(t, err)
	data, err := os.ReadFile(tokenFile(web))
	require.NoError(t, err)
	assert.Equal(t, 2, strings.Count(string(data), `"user_identifier": "`+user+`"`), "the user once per client:\n%s", data)

	for _, c := range []*sdk.Client{webClient, selfClient, newClient(t, web), newClient(t, other)} {
		me, _, err := c.Users.Current(testCtx(t))
		require.NoError(t, err)
		assert.Equal(t, user, me.Email)
	}
	assert.Zero(t, srv.Counters().Refreshes, "each client found its own tokens: none refreshed with another's")
	users, err := newClient(t, other).StoredUsers(testCtx(t))
	require.NoError(t, err)
	require.Len(t, users, 1, "a client lists the user once")

	require.NoError(t, selfClient.DeleteTokens(testCtx(t)))
	ok, err := newClient(t, other).IsTokenGenerated(testCtx(t))
	require.NoError(t, err)
	assert.False(t, ok, "the self client's tokens are gone")
	ok, err = newClient(t, web).IsTokenGenerated(testCtx(t))
	require.NoError(t, err)
	assert.True(t, ok, "deleting the self client's tokens left the web client's")

	// A file from before client ids: the entry loads for the client asking.
	data, err = os.ReadFile(tokenFile(web))
	require.NoError(t, err)
	legacy := strings.Replace(string(data), `,
      "client_id": "`+web.ClientID+`"`, "", 1)
	require.NotEqual(t, string(data), legacy)
	require.NoError(t, os.WriteFile(tokenFile(web), []byte(legacy), 0o600))
	me, _, err := newClient(t, web).Users.Current(testCtx(t))
	require.NoError(t, err, "tokens without a client id load for the configured client")
	assert.Equal(t, user, me.Email)
}

// TestDataCentreFromAPIDomain: tokens stored with an API domain and no
// accounts server (as Zoho's v8 SDKs store them) are refreshed at that API
// domain's data centre, not the configured one.
func TestDataCentreFromAPIDomain(t *testing.T) {
	dcs := zohotest.NewMultiDC(zohotest.WithDataCenters("us", "eu"))
	t.Cleanup(dcs.Close)
	us, eu := dcs.DC("us"), dcs.DC("eu")
	user := eu.Admin().Email
	access, refresh := eu.IssueTokens(dcs.ClientID, user)
	var centres []sdk.DataCenter
	for _, dc := range dcs.DataCenters() {
		centres = append(centres, sdk.DataCenter{Name: dc.Name, Location: dc.Location, AccountsURL: dc.AccountsURL, APIBaseURL: dc.APIURL})
	}
	dir := t.TempDir()
	cfg := sdk.Config{ClientID: dcs.ClientID, ClientSecret: dcs.ClientSecret, RedirectURI: dcs.RedirectURI,
		AccountsURL: us.AccountsURL, DataCenters: centres, CurrentUserEmail: user, Now: dcs.Now,
		TokenPersistencePath: dir, TokenStoreLayout: sdk.LayoutZohoV8}
	// Expired (1 ms after the epoch), as Zoho's Node SDK would leave it.
	row := strings.Join([]string{"1", user, dcs.ClientID, "", refresh, access, "", "1", "", eu.DataCenter().APIURL}, ",")
	require.NoError(t, os.WriteFile(dir+"/sdk_tokens.txt", []byte("id,user_name,client_id,client_secret,refresh_token,access_token,grant_token,expiry_time,redirect_url,api_domain\n"+row+"\n"), 0o600))

	me, _, err := newClient(t, cfg).Users.Current(testCtx(t))
	require.NoError(t, err)
	assert.Equal(t, user, me.Email)
	assert.Equal(t, 1, eu.Counters().Refreshes, "refreshed at the EU accounts server")
	assert.Zero(t, us.Counters().TokenRequests, "the configured (US) accounts server was not asked")
}
