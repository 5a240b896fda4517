package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestClientConfigIsACopy(t *testing.T) {
	srv := emulator(t)
	cfg := fileConfig(t, srv)
	cfg.ClientSecrets = map[string]string{"us": "us-secret"}
	cfg.DataCenters = []sdk.DataCenter{{Name: "emulator", Location: "us", AccountsURL: srv.URL, APIBaseURL: srv.URL}}
	c := newClient(t, cfg)

	got := c.Config()
	assert.Equal(t, cfg.ClientID, got.ClientID)
	assert.Equal(t, cfg.RedirectURI, got.RedirectURI)
	assert.Equal(t, "v2", got.APIVersion, "defaults are filled in")
	got.ClientSecrets["us"] = "changed"
	got.DataCenters[0].AccountsURL = "https://elsewhere.example"

	again := c.Config()
	assert.Equal(t, "us-secret", again.ClientSecrets["us"])
	assert.Equal(t, srv.URL, again.DataCenters[0].AccountsURL)
}
