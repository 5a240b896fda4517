package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoles(t *testing.T) {
	s := newServer(t)
	vp := s.AddRole(Role{Name: "VP Sales"})
	rep := s.AddRole(Role{Name: "Sales Rep", ReportingTo: "VP Sales"})
	u := s.AddUser(User{Email: "rep@zylker.com", LastName: "Rep", Role: Ref{Name: "Sales Rep"}})
	assert.Equal(t, rep.ID, u.Role.ID, "a user's role is the role of that name")
	s.AddUser(User{Email: "new@zylker.com", LastName: "New", Role: Ref{Name: "Interns"}})

	a := newAPI(t, s, "v2")
	ans := a.get("settings/roles")
	require.Equal(t, http.StatusOK, ans.status)
	roles := keyed(t, ans, "roles")
	var names []string
	for _, r := range roles {
		names = append(names, r["name"].(string))
	}
	assert.Equal(t, []string{"CEO", "Manager", "VP Sales", "Sales Rep", "Interns"}, names)
	ceo := roles[0]
	assert.Nil(t, ceo["reporting_to"])
	assert.Equal(t, true, ceo["admin_user"])
	assert.Equal(t, s.Admin().Role.ID, ceo["id"], "the admin is the CEO")
	assert.Equal(t, map[string]any{"name": "VP Sales", "id": vp.ID}, roles[3]["reporting_to"])
	assert.Equal(t, "CEO", roles[4]["reporting_to"].(map[string]any)["name"], "a role first seen on a user reports to CEO")

	one := a.get("settings/roles/" + rep.ID)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, "Sales Rep", keyed(t, one, "roles")[0]["display_label"])
	assert.Equal(t, http.StatusBadRequest, a.get("settings/roles/42").status)

	assert.Panics(t, func() { s.AddRole(Role{Name: "CEO"}) })
	assert.Panics(t, func() { s.AddRole(Role{Name: "Orphan", ReportingTo: "Nobody"}) })
}

func TestProfiles(t *testing.T) {
	s := newServer(t)
	s.AddUser(User{Email: "lite@zylker.com", LastName: "Lite", Profile: Ref{Name: "Read Only"}})
	custom := s.AddProfile("Auditors")
	a := newAPI(t, s, "v8")
	profiles := keyed(t, a.get("settings/profiles"), "profiles")
	require.Len(t, profiles, 4)
	assert.Equal(t, "Administrator", profiles[0]["name"])
	assert.Equal(t, s.Admin().Profile.ID, profiles[0]["id"])
	assert.Equal(t, false, profiles[0]["custom"])
	assert.Equal(t, "Read Only", profiles[2]["name"])
	assert.Equal(t, "Read_Only", profiles[2]["api_name"])
	assert.Equal(t, true, profiles[3]["custom"])
	assert.NotNil(t, profiles[3]["created_by"])

	one := a.get("settings/profiles/" + custom.ID)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, "Auditors", keyed(t, one, "profiles")[0]["display_label"])
	assert.Equal(t, http.StatusBadRequest, a.get("settings/profiles/42").status)
	assert.Panics(t, func() { s.AddProfile("Standard") })
}
