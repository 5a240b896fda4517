package sdk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestContactRolesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	seeded, _, err := c.ContactRoles.List(ctx)
	require.NoError(t, err)
	require.NotEmpty(t, seeded, "a new org has Zoho's default roles")
	assert.Equal(t, "Purchasing", seeded[0].Name)

	results, _, err := c.ContactRoles.Create(ctx, &sdk.ContactRole{Name: "Champion"}, &sdk.ContactRole{Name: "Sponsor", SequenceNumber: 3},
		&sdk.ContactRole{Name: "purchasing"}, &sdk.ContactRole{Name: strings.Repeat("x", 51)}, &sdk.ContactRole{})
	require.NoError(t, err)
	require.Len(t, results, 5)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err())
	require.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "role names are unique, whatever their case")
	require.ErrorIs(t, results[3].Err(), sdk.ErrInvalidData, "50 characters at most")
	assert.Equal(t, "name", results[3].Err().(*sdk.RecordError).Field())
	require.Error(t, results[4].Err(), "a role needs a name")
	champion, sponsor := results[0].ID(), results[1].ID()

	got, _, err := c.ContactRoles.Get(ctx, champion)
	require.NoError(t, err)
	assert.Equal(t, "Champion", got.Name)
	assert.Equal(t, len(seeded)+1, got.SequenceNumber, "the next place unless given")

	r, _, err := c.ContactRoles.UpdateOne(ctx, champion, &sdk.ContactRole{Name: "Advocate"})
	require.NoError(t, err)
	assert.True(t, r.OK())
	results, _, err = c.ContactRoles.Update(ctx, &sdk.ContactRole{ID: sponsor, SequenceNumber: 1}, &sdk.ContactRole{ID: sponsor, Name: "Advocate"})
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "Advocate is taken")
	names := map[string]int{}
	for role, err := range c.ContactRoles.All(ctx) {
		require.NoError(t, err)
		names[role.Name] = role.SequenceNumber
	}
	assert.Equal(t, 1, names["Sponsor"])
	assert.Contains(t, names, "Advocate")
	assert.NotContains(t, names, "Champion")

	results, _, err = c.ContactRoles.Delete(ctx, champion, "4150868000000999999")
	require.NoError(t, err)
	require.NoError(t, results[0].Err())
	require.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "no such role")
	_, _, err = c.ContactRoles.DeleteOne(ctx, sponsor)
	require.NoError(t, err)
	left, _, err := c.ContactRoles.List(ctx)
	require.NoError(t, err)
	assert.Len(t, left, len(seeded), "both roles are gone")
	_, _, err = c.ContactRoles.Get(ctx, sponsor)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.ContactRoles.DeleteOne(ctx, sponsor)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.ContactRoles.Get(ctx, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestDealContactRolesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	roles, _, err := c.ContactRoles.List(ctx)
	require.NoError(t, err)
	buyer, evaluator := roles[0], roles[1]
	contacts, _, err := c.Records.Create(ctx, "Contacts", []sdk.Record{{"Last_Name": "Ada"}, {"Last_Name": "Bea"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(contacts))
	deals, _, err := c.Records.Create(ctx, "Deals", []sdk.Record{{"Deal_Name": "Big", "Stage": "Qualification"}}, nil)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(deals))
	deal, ada, bea := deals[0].ID(), contacts[0].ID(), contacts[1].ID()
	fields := &sdk.RelatedRecordsOptions{Fields: []string{"Last_Name", "Contact_Role"}}

	none, _, err := c.ContactRoles.OfDeal(ctx, deal, fields)
	require.NoError(t, err)
	assert.Empty(t, none, "a new deal's contacts have no roles")

	_, _, err = c.ContactRoles.SetForDeal(ctx, deal, ada, buyer.ID)
	require.NoError(t, err)
	_, _, err = c.ContactRoles.SetForDeal(ctx, deal, bea, evaluator.ID)
	require.NoError(t, err)
	_, _, err = c.ContactRoles.SetForDeal(ctx, deal, ada, evaluator.ID)
	require.NoError(t, err, "a contact's role changes")
	_, _, err = c.ContactRoles.SetForDeal(ctx, deal, bea, "4150868000000999999")
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "no such role")
	assert.Equal(t, "Contact_Role", refused.Field())

	withRoles, _, err := c.ContactRoles.OfDeal(ctx, deal, fields)
	require.NoError(t, err)
	require.Len(t, withRoles, 2)
	for _, contact := range withRoles {
		role := contact.Lookup("Contact_Role")
		require.NotNil(t, role, "%v", contact)
		assert.Equal(t, evaluator.ID, role.ID)
		assert.Equal(t, evaluator.Name, role.Name)
	}

	_, _, err = c.ContactRoles.RemoveFromDeal(ctx, deal, bea)
	require.NoError(t, err)
	left, _, err := c.ContactRoles.OfDeal(ctx, deal, fields)
	require.NoError(t, err)
	require.Len(t, left, 1)
	assert.Equal(t, ada, left[0].ID())
	_, _, err = c.Records.Get(ctx, "Contacts", bea, nil)
	require.NoError(t, err, "the contact stays")
	_, _, err = c.ContactRoles.SetForDeal(ctx, deal, ada, "")
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)
}

func TestContactRolesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	role := &sdk.ContactRole{ID: "1", Name: "x"}
	checkDocumented(t, "contact_roles", map[string]documentedCall{
		"GET /crm/v8/Contacts/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.List(ctx))
		},
		"GET /crm/v8/Contacts/roles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.Get(ctx, "1"))
		},
		"POST /crm/v8/Contacts/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.Create(ctx, role))
		},
		"PUT /crm/v8/Contacts/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.Update(ctx, role))
		},
		"PUT /crm/v8/Contacts/roles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.UpdateOne(ctx, "1", role))
		},
		"DELETE /crm/v8/Contacts/roles 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.Delete(ctx, "1"))
		},
		"DELETE /crm/v8/Contacts/roles/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.ContactRoles.DeleteOne(ctx, "1"))
		},
	})
}
