package sdk_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestSharingRulesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	rules := c.SharingRules
	var manager string
	for _, r := range srv.Roles() {
		if r.Name == "Manager" {
			manager = r.ID
		}
	}
	require.NotEmpty(t, manager)

	summary, _, err := rules.Summary(ctx, "")
	require.NoError(t, err)
	assert.Empty(t, summary, "no rules, no summary (204)")

	fromManagers := &sdk.SharingRule{Name: "Managers' leads to all", Type: sdk.RecordOwnerBased, PermissionType: "read",
		SharedFrom: &sdk.SharingTarget{Type: sdk.ShareWithRoles, Resource: &sdk.NameID{ID: manager}, Subordinates: true},
		SharedTo:   &sdk.SharingTarget{Type: sdk.ShareWithAllUsers}}
	webLeads := &sdk.SharingRule{Name: "Web leads to managers", Type: sdk.CriteriaBased, PermissionType: "read_write_delete",
		Criteria: sdk.Where("Lead_Source", "equal", "Web Download"),
		SharedTo: &sdk.SharingTarget{Type: sdk.ShareWithRoles, Resource: &sdk.NameID{ID: manager}}}
	results, _, err := rules.Create(ctx, "Leads", fromManagers, webLeads,
		&sdk.SharingRule{Name: "No source", Type: sdk.RecordOwnerBased, PermissionType: "read", SharedTo: &sdk.SharingTarget{Type: sdk.ShareWithAllUsers}},
		&sdk.SharingRule{Name: "Bad role", Type: sdk.RecordOwnerBased, PermissionType: "read",
			SharedFrom: &sdk.SharingTarget{Type: sdk.ShareWithRoles, Resource: &sdk.NameID{ID: "1"}}, SharedTo: &sdk.SharingTarget{Type: sdk.ShareWithAllUsers}},
		&sdk.SharingRule{Name: "Inactive", Type: sdk.RecordOwnerBased, PermissionType: "read", Status: "inactive",
			SharedFrom: &sdk.SharingTarget{Type: sdk.ShareWithRoles, Resource: &sdk.NameID{ID: manager}}, SharedTo: &sdk.SharingTarget{Type: sdk.ShareWithAllUsers}},
	)
	require.NoError(t, err)
	require.Len(t, results, 5)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	var refused *sdk.RecordError
	require.ErrorAs(t, results[2].Err(), &refused)
	assert.Equal(t, "DEPENDENT_FIELD_MISSING", refused.Code, "an owner-based rule names whose records")
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "a role the org does not have")
	require.ErrorAs(t, results[4].Err(), &refused)
	assert.Equal(t, "NOT_ALLOWED", refused.Code, "status is Activate's and Deactivate's")
	ownerID, criteriaID := results[0].ID(), results[1].ID()
	results, _, err = rules.Create(ctx, "Contacts", &sdk.SharingRule{Name: "Contacts to all", Type: sdk.RecordOwnerBased, PermissionType: "read",
		SharedFrom: &sdk.SharingTarget{Type: sdk.ShareWithRoles, Resource: &sdk.NameID{ID: manager}}, SharedTo: &sdk.SharingTarget{Type: sdk.ShareWithAllUsers}})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())

	got, _, err := rules.Get(ctx, ownerID, "")
	require.NoError(t, err)
	assert.Equal(t, "active", got.Status, "created active")
	assert.Equal(t, "Manager", got.SharedFrom.Resource.Name, "the role named as it is")
	assert.Equal(t, "Leads", got.Module.APIName)
	assert.Nil(t, got.Criteria)

	leads, _, err := rules.List(ctx, &sdk.SharingRuleListOptions{Module: "Leads"})
	require.NoError(t, err)
	assert.Len(t, leads, 2)
	var every []string
	for r, err := range rules.All(ctx, &sdk.SharingRuleListOptions{ListOptions: sdk.ListOptions{PerPage: 2}}) {
		require.NoError(t, err)
		every = append(every, r.Name)
	}
	assert.Len(t, every, 3, "two pages")

	// Activation is the rule's status, and what searches find by.
	_, _, err = rules.Deactivate(ctx, "Leads", criteriaID)
	require.NoError(t, err)
	_, _, err = rules.Deactivate(ctx, "Leads", criteriaID)
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "ID_ALREADY_DEACTIVATED", refused.Code)
	inactive, _, err := rules.Search(ctx, nil, sdk.Where("status", "equal", "inactive"))
	require.NoError(t, err)
	require.Len(t, inactive, 1)
	assert.Equal(t, criteriaID, inactive[0].ID)
	var toManagers []string
	for r, err := range rules.SearchAll(ctx, &sdk.SharingRuleListOptions{Module: "Leads", ListOptions: sdk.ListOptions{PerPage: 1}},
		sdk.Where("shared_to.resource.id", "in", []string{manager}), sdk.Where("name", "like", "web")) {
		require.NoError(t, err)
		toManagers = append(toManagers, r.ID)
	}
	assert.Equal(t, []string{criteriaID}, toManagers)
	_, _, err = rules.Activate(ctx, "Leads", criteriaID)
	require.NoError(t, err)
	_, _, err = rules.Activate(ctx, "Leads", criteriaID)
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "ID_ALREADY_ACTIVE", refused.Code)

	got.PermissionType = "read_write_delete"
	r, _, err := rules.UpdateOne(ctx, "Leads", ownerID, got)
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = rules.Update(ctx, "Leads", &sdk.SharingRule{ID: criteriaID, SuperiorsAllowed: new(true)}, &sdk.SharingRule{ID: ownerID, PermissionType: "everything"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData)
	got, _, err = rules.Get(ctx, ownerID, "Leads")
	require.NoError(t, err)
	assert.Equal(t, "read_write_delete", got.PermissionType)

	// A rerun runs a while, which the summary shows.
	summary, _, err = rules.Summary(ctx, "Leads")
	require.NoError(t, err)
	require.Len(t, summary, 1)
	assert.Equal(t, 2, summary[0].RuleCount)
	assert.False(t, summary[0].RuleComputationStatus)
	run, _, err := rules.Rerun(ctx, "Leads")
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", run.Code)
	_, _, err = rules.Rerun(ctx, "Leads")
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "CANNOT_PROCESS", refused.Code, "one rerun at a time")
	summary, _, err = rules.Summary(ctx, "Leads")
	require.NoError(t, err)
	assert.True(t, summary[0].RuleComputationStatus)
	srv.Advance(2 * time.Minute)
	summary, _, err = rules.Summary(ctx, "Leads")
	require.NoError(t, err)
	assert.False(t, summary[0].RuleComputationStatus, "done")
	filtered, _, err := rules.SummaryOf(ctx, sdk.Where("permission_type", "equal", "read"))
	require.NoError(t, err)
	require.Len(t, filtered, 1, "only Contacts has a read-only rule now")
	assert.Equal(t, "Contacts", filtered[0].Module.APIName)

	_, _, err = rules.Delete(ctx, "Leads", ownerID)
	require.NoError(t, err)
	_, _, err = rules.Get(ctx, ownerID, "Leads")
	require.ErrorIs(t, err, sdk.ErrInvalidData, "deleted")
	_, _, err = rules.Create(ctx, "Nonsense", fromManagers)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = rules.Rerun(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

// crm-oas describes no answer of sharing_rules: Zoho's doc samples are
// decoded with nothing lost instead.
func TestSharingRulesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	rs, c := replayClient(t, "v8")
	for _, s := range []struct {
		key  string
		call func() (any, *sdk.Response, error)
	}{
		{"sample_response_list_v8_doc", func() (any, *sdk.Response, error) { return unwrap(c.SharingRules.List(ctx, nil)) }},
		{"sample_response_get_v8_doc", func() (any, *sdk.Response, error) { return unwrap(c.SharingRules.Get(ctx, "1", "")) }},
		{"sample_response_list_v8_doc", func() (any, *sdk.Response, error) { return unwrap(c.SharingRules.Search(ctx, nil)) }},
		{"sample_response_summary_filtered_v8_doc", func() (any, *sdk.Response, error) {
			return unwrap(c.SharingRules.SummaryOf(ctx, sdk.Where("status", "equal", "active")))
		}},
		{"sample_response_summary_filtered_v8_doc", func() (any, *sdk.Response, error) { return unwrap(c.SharingRules.Summary(ctx, "")) }},
		{"sample_response_rerun_v8_doc", func() (any, *sdk.Response, error) { return unwrap(c.SharingRules.Rerun(ctx, "Leads")) }},
	} {
		sample := referencePayload(t, "86_sharing_rules.json", s.key)
		rs.queue(200, sample)
		got, resp, err := s.call()
		require.NoError(t, err, s.key)
		var info *sdk.PageInfo
		if resp != nil {
			info = resp.Info
		}
		var lost []string
		for _, l := range lostLeaves(t, sample, got, info) {
			if !strings.HasSuffix(l, "=null") { // criteria: null is no criteria, which a rule sends as none
				lost = append(lost, l)
			}
		}
		assert.Empty(t, lost, s.key)
	}
}
