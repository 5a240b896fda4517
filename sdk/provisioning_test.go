package sdk_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// countingDoer counts the CRM API calls a client sends (token calls left
// out).
type countingDoer struct {
	next  sdk.HTTPDoer
	calls atomic.Int64
}

func (d *countingDoer) Do(r *http.Request) (*http.Response, error) {
	if strings.Contains(r.URL.Path, "/crm/") {
		d.calls.Add(1)
	}
	return d.next.Do(r)
}

// The provisioning script of issue 16, end to end against the emulator:
// a custom module with fields of several types and a picklist, its
// layout, a lookup to it from Contacts, a role and a profile clone, a user
// assigned to them, a record written with the new fields and read back;
// then all of it removed, and the org's modules, fields, roles and
// profiles as they were. Zoho has no call that deletes a module: the
// script hides it (status user_hidden) and the org's visible modules are
// compared.
func TestProvisioningScenario(t *testing.T) {
	srv := emulator(t)
	staff := srv.AddUser(zohotest.User{FirstName: "Ada", LastName: "Staff", Email: "ada@zylker.test"})
	doer := &countingDoer{next: http.DefaultClient}
	cfg := fileConfig(t, srv)
	cfg.APIVersion = "v8"
	cfg.HTTPClient = doer
	c := readyClient(t, srv, cfg)
	ctx := testCtx(t)
	start, before := time.Now(), doer.calls.Load()

	type orgState struct {
		modules, contactFields, roles, profiles []string
		userRole, userProfile                   string
	}
	snapshot := func() orgState {
		var st orgState
		modules, _, err := c.Modules.ListByStatus(ctx, "visible")
		require.NoError(t, err)
		for _, m := range modules {
			st.modules = append(st.modules, m.ID+" "+m.APIName+" "+m.PluralLabel)
		}
		fields, _, err := c.Fields.List(ctx, "Contacts", nil)
		require.NoError(t, err)
		for _, f := range fields {
			st.contactFields = append(st.contactFields, f.ID+" "+f.APIName+" "+f.DataType)
		}
		roles, _, err := c.Roles.List(ctx)
		require.NoError(t, err)
		for _, r := range roles {
			parent := ""
			if r.ReportingTo != nil {
				parent = r.ReportingTo.ID
			}
			st.roles = append(st.roles, r.ID+" "+r.Name+" "+parent)
		}
		profiles, _, err := c.Profiles.List(ctx)
		require.NoError(t, err)
		for _, p := range profiles {
			st.profiles = append(st.profiles, p.ID+" "+p.Name)
		}
		u, _, err := c.Users.Get(ctx, staff.ID)
		require.NoError(t, err)
		st.userRole, st.userProfile = u.Role.ID, u.Profile.ID
		return st
	}
	was := snapshot()
	idOf := func(list []string, name string) string {
		for _, line := range list {
			if parts := strings.Fields(line); len(parts) > 1 && parts[1] == name {
				return parts[0]
			}
		}
		t.Fatalf("no %s in %v", name, list)
		return ""
	}
	admin, standard, ceo := idOf(was.profiles, "Administrator"), idOf(was.profiles, "Standard"), idOf(was.roles, "CEO")

	// The module, its fields, its layout, and a lookup to it.
	results, _, err := c.Modules.Create(ctx, &sdk.Module{PluralLabel: "Projects", SingularLabel: "Project",
		Profiles: []*sdk.ModuleProfile{{ID: admin}, {ID: standard}}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	results, _, err = c.Fields.Create(ctx, "Projects",
		&sdk.Field{FieldLabel: "Budget", DataType: "currency"},
		&sdk.Field{FieldLabel: "Start Date", DataType: "date"},
		&sdk.Field{FieldLabel: "Headcount", DataType: "integer"},
		&sdk.Field{FieldLabel: "Billable", DataType: "boolean"},
		&sdk.Field{FieldLabel: "Brief", DataType: "textarea"},
		&sdk.Field{FieldLabel: "Phase", DataType: "picklist", PickListValues: []*sdk.PickListValue{{ActualValue: "Plan"}, {ActualValue: "Build"}, {ActualValue: "Ship"}}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	projectFields := make([]string, len(results))
	for i, r := range results {
		projectFields[i] = r.ID()
	}
	lookup := &sdk.Field{FieldLabel: "Project", DataType: "lookup", Lookup: &sdk.FieldLookup{Module: &sdk.ModuleRef{APIName: "Projects"}}}
	results, _, err = c.Fields.Create(ctx, "Contacts", lookup)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	contactLookup := results[0].ID()
	layouts, _, err := c.Layouts.List(ctx, "Projects")
	require.NoError(t, err)
	require.Len(t, layouts, 1)
	layout := layouts[0].ID
	_, _, err = c.Layouts.UpdateOne(ctx, "Projects", layout, &sdk.Layout{Name: "Project Layout"})
	require.NoError(t, err)

	// A role and a profile, and a user in them.
	results, _, err = c.Roles.Create(ctx, &sdk.Role{Name: "Project Lead", ReportingTo: &sdk.Lookup{ID: ceo}})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	role := results[0].ID()
	r, _, err := c.Profiles.Clone(ctx, standard, &sdk.Profile{Name: "Project Staff", Description: "Standard, and the projects"})
	require.NoError(t, err)
	profile := r.ID()
	_, _, err = c.Users.Update(ctx, &sdk.User{ID: staff.ID, Role: &sdk.Lookup{ID: role}, Profile: &sdk.Lookup{ID: profile}})
	require.NoError(t, err)

	// A record with the new fields, and a contact pointing at it.
	results, _, err = c.Records.Create(ctx, "Projects", []sdk.Record{{
		"Name": "Apollo", "Budget": 125000.5, "Start_Date": "2026-01-05", "Headcount": 12, "Billable": true,
		"Brief": "To the moon", "Phase": "Build", "Layout": map[string]any{"id": layout}, "Owner": map[string]any{"id": staff.ID},
	}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	project := results[0].ID()
	results, _, err = c.Records.Create(ctx, "Contacts", []sdk.Record{{"Last_Name": "Armstrong", "Project": map[string]any{"id": project}}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	contact := results[0].ID()
	results, _, err = c.Records.Create(ctx, "Projects", []sdk.Record{{"Name": "Gemini", "Phase": "Dream"}}, nil)
	require.NoError(t, err)
	require.ErrorIs(t, results[0].Err(), sdk.ErrInvalidData, "the picklist holds its values only")

	got, _, err := c.Records.Get(ctx, "Projects", project, nil)
	require.NoError(t, err)
	assert.Equal(t, "Apollo", got["Name"])
	assert.Equal(t, json.Number("125000.5"), got["Budget"])
	assert.Equal(t, "2026-01-05", got["Start_Date"])
	assert.Equal(t, json.Number("12"), got["Headcount"])
	assert.Equal(t, true, got["Billable"])
	assert.Equal(t, "Build", got["Phase"])
	owner, _ := got["Owner"].(map[string]any)
	assert.Equal(t, staff.ID, owner["id"])
	person, _, err := c.Records.Get(ctx, "Contacts", contact, nil)
	require.NoError(t, err)
	link, _ := person["Project"].(map[string]any)
	assert.Equal(t, project, link["id"])
	u, _, err := c.Users.Get(ctx, staff.ID)
	require.NoError(t, err)
	assert.Equal(t, role, u.Role.ID)
	assert.Equal(t, profile, u.Profile.ID)

	// Remove it all: the records, the fields, the role and the profile
	// (their user goes back to the role and profile it had), the module.
	results, _, err = c.Records.Delete(ctx, "Contacts", contact)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	results, _, err = c.Records.Delete(ctx, "Projects", project)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	_, _, err = c.Fields.Delete(ctx, "Contacts", contactLookup)
	require.NoError(t, err)
	for _, id := range projectFields {
		_, _, err = c.Fields.Delete(ctx, "Projects", id)
		require.NoError(t, err)
	}
	_, _, err = c.Roles.Delete(ctx, role, was.userRole)
	require.NoError(t, err)
	_, _, err = c.Profiles.Delete(ctx, profile, was.userProfile)
	require.NoError(t, err)
	_, _, err = c.Modules.UpdateOne(ctx, "Projects", &sdk.Module{Status: "user_hidden"})
	require.NoError(t, err)

	is := snapshot()
	assert.Equal(t, was, is, "the org as it was")
	results, _, err = c.Records.Create(ctx, "Contacts", []sdk.Record{{"Last_Name": "Late", "Project": map[string]any{"id": project}}}, nil)
	require.NoError(t, err)
	require.ErrorIs(t, results[0].Err(), sdk.ErrInvalidData, "the lookup is gone")

	calls, took := doer.calls.Load()-before, time.Since(start)
	t.Logf("provisioning scenario: %d API calls in %s against the emulator", calls, took.Round(time.Millisecond))
}
