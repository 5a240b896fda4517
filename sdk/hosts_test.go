package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// An absolute URL goes only to the user's API or upload host or a Zoho
// domain: anywhere else the access token is not sent.
func TestAbsoluteURLOnlyToZohoHosts(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	before := srv.Counters().APIRequests
	for _, u := range []string{"https://evil.example.com/steal?x=1", "http://www.zohoapis.com.evil.example/x", "https://zoho.com.example.org/"} {
		_, err := c.Do(testCtx(t), &sdk.Request{Base: sdk.BaseAbsolute, Path: u}, nil)
		require.Error(t, err, u)
		assert.Contains(t, err.Error(), "refusing to send the access token")
		assert.NotContains(t, err.Error(), "x=1")
	}
	// The API root and the API's own host by absolute URL reach the emulator.
	var org map[string]any
	_, err := c.Do(testCtx(t), &sdk.Request{Base: sdk.BaseAPIRoot, Path: "/crm/v8/org"}, &org)
	require.NoError(t, err)
	_, err = c.Do(testCtx(t), &sdk.Request{Base: sdk.BaseAbsolute, Path: srv.URL + "/crm/v8/org"}, &org)
	require.NoError(t, err)
	assert.Equal(t, before+2, srv.Counters().APIRequests)
}

// Each data centre's uploads go to its file host (reference: DC table).
func TestUploadHostOfEachDataCenter(t *testing.T) {
	cfg := sdk.Config{}
	for api, upload := range map[string]string{
		"https://www.zohoapis.com":       "https://content.zohoapis.com",
		"https://www.zohoapis.eu":        "https://content.zohoapis.eu",
		"https://sandbox.zohoapis.in":    "https://content.zohoapis.in",
		"https://www.zohoapis.com.au":    "https://content.zohoapis.com.au",
		"https://www.zohoapis.jp":        "https://content.zohoapis.jp",
		"https://www.zohoapis.com.cn":    "https://content.zohoapis.com.cn",
		"https://www.zohoapis.ca":        "https://upload.zohocloud.ca",
		"https://www.zohoapis.sa":        "https://files.zoho.sa",
		"http://127.0.0.1:8080":          "http://127.0.0.1:8080",
		"https://developer.zohoapis.com": "https://content.zohoapis.com",
	} {
		assert.Equal(t, upload, sdk.UploadBaseFor(cfg, api), api)
	}
	cfg.DataCenters = []sdk.DataCenter{{Name: "emulated", AccountsURL: "http://127.0.0.1:1", APIBaseURL: "http://127.0.0.1:2", UploadURL: "http://127.0.0.1:3/"}}
	assert.Equal(t, "http://127.0.0.1:3", sdk.UploadBaseFor(cfg, "http://127.0.0.1:2"))
}
