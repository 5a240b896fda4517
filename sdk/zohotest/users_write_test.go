package zohotest

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func users(list ...map[string]any) map[string]any { return map[string]any{"users": list} }

func TestCreateUser(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	admin := s.Admin()

	// v2 style: role and profile as ids.
	ans := a.do("POST", "users", users(map[string]any{
		"role": admin.Role.ID, "first_name": "Patricia", "email": "Patricia@abcl.com", "profile": admin.Profile.ID, "last_name": "Nolan",
	}))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)
	res := keyed(t, ans, "users")[0]
	assert.Equal(t, "User added", res["message"])
	id := res["details"].(map[string]any)["id"].(string)
	u, ok := s.User(id)
	require.True(t, ok)
	assert.Equal(t, "Patricia Nolan", u.FullName())
	assert.True(t, u.Unconfirmed, "an added user is invited, not yet confirmed")
	assert.Equal(t, "CEO", u.Role.Name)

	// v8 style: objects, by name.
	ans = a.do("POST", "users", users(map[string]any{
		"last_name": "Ray", "email": "ray@abcl.com", "role": map[string]any{"name": "Manager"}, "profile": map[string]any{"name": "Standard", "id": ""},
	}))
	require.Equal(t, http.StatusCreated, ans.status, "%s", ans.body)

	for name, tc := range map[string]struct {
		body map[string]any
		want string
	}{
		"duplicate email":  {users(map[string]any{"last_name": "X", "email": "patricia@ABCL.com", "role": admin.Role.ID, "profile": admin.Profile.ID}), `{"users":[{"code":"DUPLICATE_DATA","details":{},"message":"Failed to add user since same email id is already present","status":"error"}]}`},
		"unknown profile":  {users(map[string]any{"last_name": "X", "email": "x@abcl.com", "role": admin.Role.ID, "profile": "42"}), `{"users":[{"code":"INVALID_DATA","details":{"api_name":"profile"},"message":"INVALID_DATA","status":"error"}]}`},
		"no last name":     {users(map[string]any{"email": "y@abcl.com", "role": admin.Role.ID, "profile": admin.Profile.ID}), `{"users":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"last_name"},"message":"required field not found","status":"error"}]}`},
		"two users":        {users(map[string]any{}, map[string]any{}), `{"code":"INVALID_DATA","details":{"maximum_length":1,"api_name":"users"},"message":"invalid data","status":"error"}`},
		"bad email":        {users(map[string]any{"last_name": "X", "email": "nope", "role": admin.Role.ID, "profile": admin.Profile.ID}), `{"users":[{"code":"INVALID_DATA","details":{"api_name":"email"},"message":"Invalid Email Id. Please choose a different email id","status":"error"}]}`},
		"bad time zone":    {users(map[string]any{"last_name": "X", "email": "z@abcl.com", "time_zone": "Mars/Olympus", "role": admin.Role.ID, "profile": admin.Profile.ID}), `{"users":[{"code":"INVALID_DATA","details":{"api_name":"time_zone"},"message":"Give a proper time zone value","status":"error"}]}`},
		"no users key":     {map[string]any{}, `{"users":[{"code":"MANDATORY_NOT_FOUND","details":{"api_name":"users"},"message":"required field not found","status":"error"}]}`},
		"role not a thing": {users(map[string]any{"last_name": "X", "email": "w@abcl.com", "role": true, "profile": admin.Profile.ID}), `{"users":[{"code":"INVALID_DATA","details":{"api_name":"role"},"message":"INVALID_DATA","status":"error"}]}`},
	} {
		t.Run(name, func(t *testing.T) {
			ans := a.do("POST", "users", tc.body)
			assert.Equal(t, http.StatusBadRequest, ans.status)
			assert.JSONEq(t, tc.want, string(ans.body))
		})
	}
	assert.Len(t, s.Users(), 3)
}

func TestUpdateAndDeleteUser(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	u := s.AddUser(User{FirstName: "Old", LastName: "Name", Email: "old@zylker.com"})
	invited := s.AddUser(User{LastName: "Invited", Email: "inv@zylker.com", Unconfirmed: true})

	ans := a.do("PUT", "users/"+u.ID, users(map[string]any{"first_name": "New", "phone": "123456789", "time_zone": "US/Samoa", "status": "disabled", "profile": map[string]any{"id": s.Admin().Profile.ID}}))
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.Equal(t, "User updated", keyed(t, ans, "users")[0]["message"])
	got, _ := s.User(u.ID)
	assert.Equal(t, "New Name", got.FullName())
	assert.Equal(t, "123456789", got.Phone)
	assert.Equal(t, "disabled", got.Status)
	assert.True(t, got.IsAdmin())
	assert.True(t, got.Modified.After(u.Modified) || got.Modified.Equal(u.Modified))

	ans = a.do("PUT", "users/"+u.ID, users(map[string]any{"email": "other@zylker.com"}))
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "EMAIL_UPDATE_NOT_ALOWED", keyed(t, ans, "users")[0]["code"], "a confirmed user's email is theirs")
	ans = a.do("PUT", "users/"+invited.ID, users(map[string]any{"email": "invited@zylker.com"}))
	assert.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	_, ok := s.User("invited@zylker.com")
	assert.True(t, ok)
	ans = a.do("PUT", "users/"+invited.ID, users(map[string]any{"email": s.Admin().Email}))
	assert.Equal(t, "DUPLICATE_DATA", keyed(t, ans, "users")[0]["code"])
	ans = a.do("PUT", "users/"+u.ID, users(map[string]any{"status": "gone"}))
	assert.Equal(t, "status", keyed(t, ans, "users")[0]["details"].(map[string]any)["api_name"])
	assert.JSONEq(t, `{"code":"INVALID_DATA","details":{"resource_path_index":1},"message":"the id given seems to be invalid","status":"error"}`,
		string(a.do("PUT", "users/123", users(map[string]any{"first_name": "x"})).body))

	ans = a.do("DELETE", "users/"+u.ID, nil)
	require.Equal(t, http.StatusOK, ans.status)
	assert.JSONEq(t, `{"users":[{"code":"SUCCESS","details":{"id":"`+u.ID+`"},"message":"User deleted","status":"success"}]}`, string(ans.body))
	got, _ = s.User(u.ID)
	assert.Equal(t, "deleted", got.Status)
	ans = a.do("DELETE", "users/"+u.ID, nil)
	assert.Equal(t, http.StatusBadRequest, ans.status)
	assert.Equal(t, "ID_ALREADY_DELETED", keyed(t, ans, "users")[0]["code"])
	ans = a.do("PUT", "users/"+u.ID, users(map[string]any{"first_name": "Back"}))
	assert.Equal(t, "CANNOT_UPDATE_DELETED_USER", keyed(t, ans, "users")[0]["code"])
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", "users/42", nil).status)
}

func TestSearchUsers(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	s.AddUser(User{FirstName: "Amy", LastName: "Stone", Email: "amy@zylker.com", Role: Ref{Name: "Sales"}})
	s.AddUser(User{FirstName: "Amos", LastName: "Hill", Email: "amos@other.com", Status: "disabled"})
	s.AddUser(User{FirstName: "Bea", LastName: "Stone", Email: "bea@zylker.com", Unconfirmed: true})

	emails := func(query string) []string {
		ans := a.get("users/search?" + query)
		if ans.status == http.StatusNoContent {
			return nil
		}
		require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
		var out []string
		for _, u := range keyed(t, ans, "users") {
			out = append(out, u["email"].(string))
		}
		return out
	}
	q := func(criteria string, extra ...string) string {
		v := url.Values{"criteria": {criteria}}
		for i := 0; i+1 < len(extra); i += 2 {
			v.Set(extra[i], extra[i+1])
		}
		return v.Encode()
	}
	assert.Equal(t, []string{"amy@zylker.com", "amos@other.com"}, emails(q("(first_name:starts_with:Am)")))
	assert.Equal(t, []string{"amy@zylker.com"}, emails(q("(first_name:starts_with:Am)", "type", "ActiveUsers")))
	assert.Equal(t, []string{"amy@zylker.com", "bea@zylker.com"}, emails(q("(last_name:equals:Stone)")))
	assert.Equal(t, []string{"bea@zylker.com"}, emails(q("(last_name:equals:Stone)", "type", "NotConfirmedUsers")))
	assert.Equal(t, []string{"amy@zylker.com"}, emails(q("((role:equals:Sales)and(email:starts_with:amy))")))
	assert.Equal(t, []string{"amy@zylker.com"}, emails(q("(role.name:equals:Sales)")))
	assert.Nil(t, emails(q("(email:equals:nobody@zylker.com)")))

	page := a.get("users/search?" + q("(last_name:equals:Stone)", "per_page", "1", "page", "2"))
	assert.Equal(t, map[string]any{"per_page": 1.0, "count": 1.0, "page": 2.0, "more_records": false}, page.info(t))

	assert.Equal(t, "INVALID_QUERY", a.get("users/search?" + q("first_name=Amy")).json(t)["code"])
	assert.Equal(t, "REQUIRED_PARAM_MISSING", a.get("users/search").json(t)["code"])
	assert.Equal(t, http.StatusBadRequest, a.get("users/search?"+q("(last_name:equals:Stone)", "type", "Everyone")).status)
}
