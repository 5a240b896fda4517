package zohotest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestUsersByType(t *testing.T) {
	s := newServer(t)
	s.AddUser(User{FirstName: "Dee", LastName: "Active", Email: "dee@zylker.com"})
	s.AddUser(User{LastName: "Disabled", Email: "dis@zylker.com", Status: "disabled"})
	s.AddUser(User{LastName: "Invited", Email: "inv@zylker.com", Unconfirmed: true})
	s.AddUser(User{LastName: "Gone", Email: "gone@zylker.com", Status: "deleted"})
	s.AddUser(User{LastName: "Boss", Email: "boss@zylker.com", Profile: Ref{Name: "Administrator"}})
	a := newAPI(t, s, "v2")

	emails := func(typ string) []string {
		ans := a.get("users?type=" + typ)
		if ans.status == http.StatusNoContent {
			return nil
		}
		require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
		var out []string
		for _, u := range ans.json(t)["users"].([]any) {
			out = append(out, u.(map[string]any)["email"].(string))
		}
		return out
	}
	admin := s.Admin().Email
	assert.Equal(t, []string{admin, "dee@zylker.com", "dis@zylker.com", "inv@zylker.com", "boss@zylker.com"}, emails("AllUsers"))
	assert.Equal(t, []string{admin, "dee@zylker.com", "inv@zylker.com", "boss@zylker.com"}, emails("ActiveUsers"))
	assert.Equal(t, []string{"dis@zylker.com"}, emails("DeactiveUsers"))
	assert.Equal(t, []string{admin, "dee@zylker.com", "dis@zylker.com", "boss@zylker.com"}, emails("ConfirmedUsers"))
	assert.Equal(t, []string{"inv@zylker.com"}, emails("NotConfirmedUsers"))
	assert.Equal(t, []string{"gone@zylker.com"}, emails("DeletedUsers"))
	assert.Equal(t, []string{admin, "dee@zylker.com", "boss@zylker.com"}, emails("ActiveConfirmedUsers"))
	assert.Equal(t, []string{admin, "boss@zylker.com"}, emails("AdminUsers"))
	assert.Equal(t, []string{admin, "boss@zylker.com"}, emails("ActiveConfirmedAdmins"))
	assert.Equal(t, []string{admin}, emails("CurrentUser"))

	dee := &api{t: t, s: s, version: "v2"}
	dee.token, _ = s.IssueTokens(s.ClientID, "dee@zylker.com")
	cur := dee.get("users?type=CurrentUser").json(t)["users"].([]any)
	assert.Equal(t, "dee@zylker.com", cur[0].(map[string]any)["email"])

	bad := a.get("users?type=Everybody")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"param_name":"type"},"message":"invalid data","status":"error"}`, string(bad.body))

	page := a.get("users?type=AllUsers&per_page=2&page=2")
	assert.Equal(t, map[string]any{"per_page": 2.0, "count": 2.0, "page": 2.0, "more_records": true}, page.info(t))
	assert.Equal(t, http.StatusNoContent, a.get("users?type=AllUsers&per_page=2&page=4").status)
}

func TestUserByID(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2025, 5, 1, 8, 0, 0, 0, time.UTC)))
	u := s.AddUser(User{FirstName: "Amelia", LastName: "Burrows", Email: "amelia@zylker.com", Role: Ref{Name: "Sales"}})
	a := newAPI(t, s, "v2")
	ans := a.get("users/" + u.ID)
	require.Equal(t, http.StatusOK, ans.status)
	m := ans.json(t)
	assert.NotContains(t, m, "info")
	got := m["users"].([]any)[0].(map[string]any)
	assert.Equal(t, u.ID, got["id"])
	assert.Equal(t, u.ZUID, got["zuid"])
	assert.Equal(t, "Amelia Burrows", got["full_name"])
	assert.Equal(t, map[string]any{"name": "Sales", "id": u.Role.ID}, got["role"])
	assert.Equal(t, map[string]any{"name": "Standard", "id": u.Profile.ID}, got["profile"])
	assert.Equal(t, "2025-05-01T13:30:00+05:30", got["created_time"])
	assert.Equal(t, true, got["confirm"])
	assert.Equal(t, "active", got["status"])

	missing := a.get("users/1234567890123456789")
	assert.Equal(t, http.StatusBadRequest, missing.status)
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"the id given seems to be invalid","status":"error"}`, string(missing.body))

	since := s.formatTime(s.Now())
	assert.Equal(t, http.StatusNotModified, a.get("users/"+u.ID, "If-Modified-Since", since).status)
	assert.Equal(t, http.StatusNotModified, a.get("users?type=AllUsers", "If-Modified-Since", since).status)
	assert.Equal(t, http.StatusOK, a.get("users?type=AllUsers", "If-Modified-Since", s.formatTime(s.Now().Add(-time.Hour))).status)

	// Same role, same id.
	v := s.AddUser(User{Email: "v@zylker.com", Role: Ref{Name: "Sales"}})
	assert.Equal(t, u.Role.ID, v.Role.ID)
	assert.NotEqual(t, u.Role.ID, s.Admin().Role.ID)
}

func TestAddUserValidation(t *testing.T) {
	s := newServer(t)
	assert.Panics(t, func() { s.AddUser(User{}) })
	assert.Panics(t, func() { s.AddUser(User{Email: "P.Boyle@zylker.com"}) }, "emails are unique regardless of case")
	u, ok := s.User("P.BOYLE@zylker.com")
	require.True(t, ok)
	assert.Equal(t, s.Admin(), u)
	byID, ok := s.User(u.ID)
	require.True(t, ok)
	assert.Equal(t, u, byID)
	assert.True(t, u.IsAdmin())
	assert.Len(t, s.Users(), 1)
}

func TestDisabledUserTokensAreRefused(t *testing.T) {
	s := newServer(t)
	s.AddUser(User{Email: "off@zylker.com", Status: "disabled"})
	a := &api{t: t, s: s, version: "v2"}
	a.token, _ = s.IssueTokens(s.ClientID, "off@zylker.com")
	assert.Equal(t, http.StatusUnauthorized, a.get("org").status)
}
