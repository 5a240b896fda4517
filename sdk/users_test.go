package sdk_test

import (
	"encoding/json"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

// referencePayload reads one of the documented Zoho samples kept in the
// project's shared reference.
func referencePayload(t *testing.T, file, key string) json.RawMessage {
	t.Helper()
	b, err := os.ReadFile("testdata/reference/" + file)
	require.NoError(t, err)
	var doc map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(b, &doc))
	require.Contains(t, doc, key)
	return doc[key]
}

func TestUserDecodesZohoSampleAndKeepsEveryField(t *testing.T) {
	var page struct {
		Users []*sdk.User `json:"users"`
	}
	raw := referencePayload(t, "07_users_get_current.json", "sample_response_200_v2_doc_copy")
	require.NoError(t, json.Unmarshal(raw, &page))
	require.Len(t, page.Users, 1)
	u := page.Users[0]
	assert.Equal(t, "2445013000000114007", u.ID)
	assert.Equal(t, "p.boyle@zylker.com", u.Email)
	assert.Equal(t, "Patricia Boyle", u.FullName)
	assert.Equal(t, "CEO", u.Role.Name)
	assert.Equal(t, "Administrator", u.Profile.Name)
	assert.True(t, u.Confirm)
	assert.Equal(t, "active", u.Status)
	assert.Contains(t, u.Extra(), "theme")
	assert.NotContains(t, u.Extra(), "email", "typed fields are not extra")

	// A read-modify-write keeps every field Zoho sent.
	u.Alias = "Pat"
	out, err := json.Marshal(u)
	require.NoError(t, err)
	var before, after map[string]any
	require.NoError(t, json.Unmarshal(rawUser(t, raw), &before))
	require.NoError(t, json.Unmarshal(out, &after))
	before["alias"] = "Pat"
	for k, v := range before {
		if v == nil || v == false || v == "" {
			continue // omitted when empty: Zoho treats absent and null alike
		}
		assert.Equal(t, v, after[k], "field %s", k)
	}
}

func rawUser(t *testing.T, page json.RawMessage) []byte {
	var p struct {
		Users []json.RawMessage `json:"users"`
	}
	require.NoError(t, json.Unmarshal(page, &p))
	return p.Users[0]
}

func TestUsersAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	me, _, err := c.Users.Current(ctx)
	require.NoError(t, err)
	assert.Equal(t, srv.Admin().Email, me.Email)

	got, _, err := c.Users.Get(ctx, me.ID)
	require.NoError(t, err)
	assert.Equal(t, me.ID, got.ID)

	_, _, err = c.Users.Get(ctx, "")
	var verr *sdk.ValidationError
	require.ErrorAs(t, err, &verr)

	all, resp, err := c.Users.List(ctx, &sdk.UserListOptions{Type: sdk.AllUsers})
	require.NoError(t, err)
	assert.NotEmpty(t, all)
	require.NotNil(t, resp.Info)
	assert.Equal(t, len(all), resp.Info.Count)
}

func TestOrgAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	org, _, err := c.Org.Get(testCtx(t))
	require.NoError(t, err)
	assert.NotEmpty(t, org.ID)
	assert.Equal(t, srv.Org().ID, org.ID)
}
