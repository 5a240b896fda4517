package sdk_test

import (
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
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
	require.NotNil(t, u.Confirm)
	assert.True(t, *u.Confirm)
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

func TestUsersListByEveryType(t *testing.T) {
	srv := emulator(t)
	srv.AddUser(zohotest.User{LastName: "Active", Email: "active@zylker.com"})
	srv.AddUser(zohotest.User{LastName: "Disabled", Email: "disabled@zylker.com", Status: "disabled"})
	srv.AddUser(zohotest.User{LastName: "Invited", Email: "invited@zylker.com", Unconfirmed: true})
	srv.AddUser(zohotest.User{LastName: "Gone", Email: "gone@zylker.com", Status: "deleted"})
	srv.AddUser(zohotest.User{LastName: "Boss", Email: "boss@zylker.com", Profile: zohotest.Ref{Name: "Administrator"}})
	srv.AddUser(zohotest.User{LastName: "Idle boss", Email: "idleboss@zylker.com", Status: "disabled", Profile: zohotest.Ref{Name: "Administrator"}})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	admin := srv.Admin().Email

	for typ, want := range map[sdk.UserType][]string{
		sdk.AllUsers:              {admin, "active@zylker.com", "disabled@zylker.com", "invited@zylker.com", "boss@zylker.com", "idleboss@zylker.com"},
		sdk.ActiveUsers:           {admin, "active@zylker.com", "invited@zylker.com", "boss@zylker.com"},
		sdk.DeactiveUsers:         {"disabled@zylker.com", "idleboss@zylker.com"},
		sdk.ConfirmedUsers:        {admin, "active@zylker.com", "disabled@zylker.com", "boss@zylker.com", "idleboss@zylker.com"},
		sdk.NotConfirmedUsers:     {"invited@zylker.com"},
		sdk.DeletedUsers:          {"gone@zylker.com"},
		sdk.ActiveConfirmedUsers:  {admin, "active@zylker.com", "boss@zylker.com"},
		sdk.AdminUsers:            {admin, "boss@zylker.com", "idleboss@zylker.com"},
		sdk.ActiveConfirmedAdmins: {admin, "boss@zylker.com"},
		sdk.CurrentUser:           {admin},
	} {
		var got []string
		for u, err := range c.Users.All(ctx, &sdk.UserListOptions{Type: typ, ListOptions: sdk.ListOptions{PerPage: 2}}) {
			require.NoError(t, err, typ)
			got = append(got, u.Email)
		}
		assert.Equal(t, want, got, typ)
	}
	var verr *sdk.ValidationError
	_, _, err := c.Users.Get(ctx, "1?x")
	require.ErrorAs(t, err, &verr)
}

func TestUsersCreateUpdateDelete(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	admin := srv.Admin()
	roles, _, err := c.Roles.List(ctx)
	require.NoError(t, err)
	profiles, _, err := c.Profiles.List(ctx)
	require.NoError(t, err)

	res, _, err := c.Users.Create(ctx, &sdk.User{FirstName: "Amelia", LastName: "Burrows", Email: "amelia@zylker.com",
		Role: &sdk.Lookup{ID: roles[1].ID}, Profile: &sdk.Lookup{ID: profiles[1].ID}})
	require.NoError(t, err)
	id := res.ID()
	u, _, err := c.Users.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "Amelia Burrows", u.FullName)
	assert.Equal(t, "Manager", u.Role.Name)
	assert.Equal(t, "Standard", u.Profile.Name)
	require.NotNil(t, u.Confirm)
	assert.False(t, *u.Confirm, "invited, not yet confirmed")
	invited, _, err := c.Users.List(ctx, &sdk.UserListOptions{Type: sdk.NotConfirmedUsers})
	require.NoError(t, err)
	require.Len(t, invited, 1)
	assert.Equal(t, id, invited[0].ID)

	_, _, err = c.Users.Create(ctx, &sdk.User{LastName: "Again", Email: "AMELIA@zylker.com", Role: &sdk.Lookup{ID: roles[1].ID}, Profile: &sdk.Lookup{ID: profiles[1].ID}})
	require.ErrorIs(t, err, sdk.ErrDuplicateData)
	_, _, err = c.Users.Create(ctx, &sdk.User{LastName: "X", Email: "x@zylker.com", Role: &sdk.Lookup{ID: roles[1].ID}, Profile: &sdk.Lookup{ID: "42"}})
	var rerr *sdk.RecordError
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "profile", rerr.Field())

	res, _, err = c.Users.Update(ctx, &sdk.User{ID: id, Phone: "555 0100", Role: &sdk.Lookup{ID: admin.Role.ID}})
	require.NoError(t, err)
	assert.True(t, res.OK())
	u, _, err = c.Users.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "555 0100", u.Phone)
	assert.Equal(t, "CEO", u.Role.Name)
	assert.Equal(t, "Amelia", u.FirstName, "fields not sent are kept")

	_, _, err = c.Users.Update(ctx, &sdk.User{ID: admin.ID, Email: "someone.else@zylker.com"})
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "EMAIL_UPDATE_NOT_ALOWED", rerr.Code)

	res, _, err = c.Users.Delete(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, id, res.ID())
	deleted, _, err := c.Users.List(ctx, &sdk.UserListOptions{Type: sdk.DeletedUsers})
	require.NoError(t, err)
	require.Len(t, deleted, 1)
	assert.Equal(t, "deleted", deleted[0].Status)
	_, _, err = c.Users.Delete(ctx, id)
	require.ErrorAs(t, err, &rerr)
	assert.Equal(t, "ID_ALREADY_DELETED", rerr.Code)
	_, _, err = c.Users.Delete(ctx, "4150868000005067099")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestUsersSearch(t *testing.T) {
	srv := emulator(t)
	for i := range 5 {
		srv.AddUser(zohotest.User{FirstName: "Sam", LastName: fmt.Sprint("Seller ", i), Email: fmt.Sprintf("sam%d@zylker.com", i), Unconfirmed: i == 4})
	}
	srv.AddUser(zohotest.User{FirstName: "Pat", LastName: "Other", Email: "pat@zylker.com"})
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	users, resp, err := c.Users.Search(ctx, "(first_name:equals:Sam)", &sdk.UserSearchOptions{ListOptions: sdk.ListOptions{PerPage: 2}})
	require.NoError(t, err)
	assert.Len(t, users, 2)
	assert.True(t, resp.Info.MoreRecords)

	var emails []string
	for u, err := range c.Users.SearchAll(ctx, "(first_name:equals:Sam)", &sdk.UserSearchOptions{Type: sdk.ConfirmedUsers, ListOptions: sdk.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		emails = append(emails, u.Email)
	}
	assert.Equal(t, []string{"sam0@zylker.com", "sam1@zylker.com", "sam2@zylker.com", "sam3@zylker.com"}, emails)

	none, _, err := c.Users.Search(ctx, "(email:equals:nobody@zylker.com)", nil)
	require.NoError(t, err)
	assert.NotNil(t, none)
	assert.Empty(t, none)

	_, _, err = c.Users.Search(ctx, "first_name=Sam", nil)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "INVALID_QUERY", apiErr.Code)
}

func TestUsersValidation(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	srv.ResetCounters()
	role, profile := &sdk.Lookup{ID: "1"}, &sdk.Lookup{ID: "2"}
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"create nil": func() error { _, _, err := c.Users.Create(ctx, nil); return err },
		"create with id": func() error {
			_, _, err := c.Users.Create(ctx, &sdk.User{ID: "1", LastName: "x", Email: "x@y.z", Role: role, Profile: profile})
			return err
		},
		"create no email": func() error {
			_, _, err := c.Users.Create(ctx, &sdk.User{LastName: "x", Role: role, Profile: profile})
			return err
		},
		"create no lastname": func() error {
			_, _, err := c.Users.Create(ctx, &sdk.User{Email: "x@y.z", Role: role, Profile: profile})
			return err
		},
		"create no role": func() error {
			_, _, err := c.Users.Create(ctx, &sdk.User{LastName: "x", Email: "x@y.z", Profile: profile})
			return err
		},
		"create no profile": func() error {
			_, _, err := c.Users.Create(ctx, &sdk.User{LastName: "x", Email: "x@y.z", Role: role})
			return err
		},
		"update no id":       func() error { _, _, err := c.Users.Update(ctx, &sdk.User{Phone: "1"}); return err },
		"update nil":         func() error { _, _, err := c.Users.Update(ctx, nil); return err },
		"delete no id":       func() error { _, _, err := c.Users.Delete(ctx, ""); return err },
		"search no criteria": func() error { _, _, err := c.Users.Search(ctx, " ", nil); return err },
	} {
		require.ErrorAs(t, call(), &verr, name)
	}
	assert.Zero(t, srv.Counters().APIRequests, "nothing was sent")
}

func TestUsersCountAndUpdateManyAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ann := srv.AddUser(zohotest.User{Email: "ann@example.com", FirstName: "Ann", LastName: "Ito"})
	bo := srv.AddUser(zohotest.User{Email: "bo@example.com", FirstName: "Bo", LastName: "Diaz", Status: "disabled"})

	for _, tc := range []struct {
		typ  sdk.UserType
		want int
	}{{"", 3}, {sdk.ActiveUsers, 2}, {sdk.DeactiveUsers, 1}, {sdk.AdminUsers, 1}, {sdk.CurrentUser, 1}} {
		n, _, err := c.Users.Count(ctx, tc.typ)
		require.NoError(t, err)
		assert.Equal(t, tc.want, n, "type %q", tc.typ)
	}
	_, _, err := c.Users.Count(ctx, "Everybody")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	results, _, err := c.Users.UpdateMany(ctx, &sdk.User{ID: ann.ID, Phone: "555 0100"}, &sdk.User{ID: bo.ID, TimeZone: "Mars/Olympus"},
		&sdk.User{ID: "4150868000000000001", Phone: "1"})
	require.NoError(t, err)
	require.Len(t, results, 3)
	require.NoError(t, results[0].Err())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "no such time zone")
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such user")
	got, _, err := c.Users.Get(ctx, ann.ID)
	require.NoError(t, err)
	assert.Equal(t, "555 0100", got.Phone)
	bob, _, err := c.Users.Get(ctx, bo.ID)
	require.NoError(t, err)
	assert.Equal(t, "Asia/Kolkata", bob.TimeZone, "a refused entry changes nothing")

	var verr *sdk.ValidationError
	_, _, err = c.Users.UpdateMany(ctx, &sdk.User{Phone: "1"})
	assert.ErrorAs(t, err, &verr, "no id, nothing sent")
}

func TestUsersKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	u := &sdk.User{ID: "1", LastName: "x", Email: "x@example.com", Role: &sdk.Lookup{ID: "2"}, Profile: &sdk.Lookup{ID: "3"}}
	checkDocumented(t, "users", map[string]documentedCall{
		"DELETE /crm/v8/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.Delete(ctx, "1"))
		},
		"GET /crm/v8/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.List(ctx, nil))
		},
		"GET /crm/v8/users/actions/count 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			n, resp, err := c.Users.Count(ctx, "")
			return map[string]any{"count": strconv.Itoa(n)}, resp, err // Zoho's count as crm-oas types it: text
		},
		"GET /crm/v8/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.Get(ctx, "1"))
		},
		"GET /crm/v8/users/{user}/actions/associated_groups 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.AssociatedGroups(ctx, "1", nil))
		},
		"POST /crm/v8/users 201": func(c *sdk.Client) (any, *sdk.Response, error) {
			u := *u
			u.ID = ""
			return unwrap(c.Users.Create(ctx, &u))
		},
		"PUT /crm/v8/users 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.UpdateMany(ctx, u))
		},
		"PUT /crm/v8/users/{user} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Users.Update(ctx, u))
		},
	})
}
