package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOrg(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	ans := a.get("org")
	require.Equal(t, http.StatusOK, ans.status)
	orgs := ans.json(t)["org"].([]any)
	require.Len(t, orgs, 1, "org is an array of one")
	o := orgs[0].(map[string]any)
	assert.Equal(t, s.Org().ID, o["id"])
	assert.Equal(t, "Zylker", o["company_name"])
	assert.Equal(t, s.Admin().Email, o["primary_email"])
	assert.Equal(t, s.Admin().ZUID, o["primary_zuid"])
	assert.Equal(t, "USD", o["iso_code"])
	assert.IsType(t, "", o["employee_count"])
	assert.IsType(t, 0.0, o["license_details"].(map[string]any)["users_license_purchased"])

	org := s.Org()
	org.CompanyName = "Acme"
	org.ISOCode = "EUR"
	org.MultiCurrency = true
	s.SetOrg(org)
	o = a.get("org").json(t)["org"].([]any)[0].(map[string]any)
	assert.Equal(t, "Acme", o["company_name"])
	assert.Equal(t, "EUR", o["iso_code"])
	assert.Equal(t, true, o["mc_status"])
	assert.Equal(t, org.ID, o["id"])
}
