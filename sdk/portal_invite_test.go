package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestPortalInvitesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	const portal = "ZylkerCare"
	customers := srv.AddPortalUserType(portal, "Customers")
	ids := srv.Records("Contacts").Insert(
		map[string]any{"First_Name": "Paul", "Last_Name": "Daly", "Email": "p.daly@zylker.com"},
		map[string]any{"Last_Name": "Nomail"},
		map[string]any{"First_Name": "Ann", "Last_Name": "Lee", "Email": "ann@zylker.com"},
		map[string]any{"First_Name": "Bo", "Last_Name": "Ray", "Email": "bo@zylker.com"})
	paul, nomail, ann, bo := ids[0], ids[1], ids[2], ids[3]

	r, _, err := c.PortalInvites.Invite(ctx, "Contacts", sdk.PortalInvite{ID: paul, UserTypeID: customers, Language: "en_US"})
	require.NoError(t, err)
	assert.Equal(t, paul, r.Details["record_id"])
	users := srv.PortalUsers(portal, customers)
	require.Len(t, users, 1, "the contact is a user of the type")
	assert.Equal(t, "p.daly@zylker.com", users[0].Email)
	assert.Equal(t, "Paul Daly", users[0].Name)

	_, _, err = c.PortalInvites.Invite(ctx, "Contacts", sdk.PortalInvite{ID: nomail, UserTypeID: customers})
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound, "no invitation without an email")
	_, _, err = c.PortalInvites.Invite(ctx, "Contacts", sdk.PortalInvite{ID: ann, UserTypeID: customers, Type: sdk.PortalInviteAgain})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "only someone invited is invited again")
	_, _, err = c.PortalInvites.Invite(ctx, "Leads", sdk.PortalInvite{ID: paul, UserTypeID: customers})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "the type's users are contacts")
	_, _, err = c.PortalInvites.Invite(ctx, "Contacts", sdk.PortalInvite{ID: paul})
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)

	// Many at once, in a job that runs on the emulator's clock.
	srv.SetJobTime(time.Minute)
	scheduled, _, err := c.PortalInvites.InviteMany(ctx, "Contacts",
		sdk.PortalInvite{ID: ann, UserTypeID: customers},
		sdk.PortalInvite{ID: paul, UserTypeID: customers, Type: sdk.PortalInviteAgain},
		sdk.PortalInvite{ID: bo, UserTypeID: "4150868000000000001"})
	require.NoError(t, err)
	jobID := scheduled.JobID()
	require.NotEmpty(t, jobID)
	job, _, err := c.PortalInvites.Status(ctx, "Contacts", jobID)
	require.NoError(t, err)
	assert.False(t, job.Done())
	assert.Len(t, srv.PortalUsers(portal, customers), 1, "nobody invited yet")
	srv.Advance(2 * time.Minute)
	job, _, err = c.PortalInvites.Wait(ctx, "Contacts", jobID, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "completed", job.Status)
	require.Len(t, job.Data, 3)
	require.NoError(t, job.Data[0].Err())
	require.NoError(t, job.Data[1].Err())
	require.ErrorIs(t, job.Data[2].Err(), sdk.ErrInvalidData, "no such user type")
	assert.Len(t, srv.PortalUsers(portal, customers), 2, "Ann joined; Paul was invited again, not twice")

	_, _, err = c.PortalInvites.Status(ctx, "Contacts", "4150868000000000009")
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	_, _, err = c.PortalInvites.Status(ctx, "Leads", jobID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a job is its module's")
}

func TestPortalInvitesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "portal_invite", map[string]documentedCall{
		"POST /crm/v8/{module}/{record}/actions/portal_invite 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalInvites.Invite(ctx, "Contacts", sdk.PortalInvite{ID: "1", UserTypeID: "2"}))
		},
		"POST /crm/v8/{module}/actions/portal_invite 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalInvites.InviteMany(ctx, "Contacts", sdk.PortalInvite{ID: "1", UserTypeID: "2"}))
		},
		"GET /crm/v8/{module}/actions/portal_invite 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.PortalInvites.Status(ctx, "Contacts", "1"))
		},
	})
}
