package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// The admin's own emails of a lead become Kris's to see once shared, and
// stop being so once unshared.
func TestRecordShareEmailAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	other := o.srv.Records("Leads").Insert(map[string]any{"Last_Name": "Other"})[0]
	o.srv.AddMailboxEmail("Leads", o.lead, zohotest.MailboxEmail{From: "patricia@boyle.example", To: []string{o.srv.Admin().Email}, Subject: "hi"})
	krisSees := func() int {
		list, _, err := o.kris.Emails.List(ctx, "Leads", o.lead, nil)
		require.NoError(t, err)
		return len(list)
	}
	require.Zero(t, krisSees())

	r, _, err := o.admin.Emails.Share(ctx, "Leads", o.lead)
	require.NoError(t, err)
	assert.Equal(t, "Successfully shared", r.Message)
	assert.Equal(t, 1, krisSees())
	_, _, err = o.admin.Emails.Share(ctx, "Leads", o.lead)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "ALREADY_SHARED", refused.Code)

	results, _, err := o.admin.Emails.UnshareMany(ctx, "Leads", o.lead, other)
	require.NoError(t, err, "one refused record is a result, not the call's error")
	require.Len(t, results, 2)
	assert.True(t, results[0].OK())
	assert.Equal(t, "NOT_SHARED", results[1].Err().(*sdk.RecordError).Code)
	assert.Zero(t, krisSees())

	results, _, err = o.admin.Emails.ShareMany(ctx, "Leads", o.lead, "4150868000000000001")
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrInvalidData, "no such record")
	_, _, err = o.admin.Emails.Unshare(ctx, "Leads", o.lead)
	require.NoError(t, err)
	_, _, err = o.admin.Emails.Unshare(ctx, "Leads", o.lead)
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "NOT_SHARED", refused.Code)

	deal := o.srv.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification"})[0]
	_, _, err = o.admin.Emails.Share(ctx, "Deals", deal)
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "NOT_SUPPORTED", apiErr.Code, "Leads, Contacts and custom modules only")
	none, resp, err := o.admin.Emails.ShareMany(ctx, "Leads")
	require.NoError(t, err)
	assert.Empty(t, none)
	assert.Nil(t, resp, "no ids, nothing sent")
}

func TestRecordShareEmailKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	many := func(share bool) documentedCall {
		return func(c *sdk.Client) (any, *sdk.Response, error) {
			if share {
				return unwrap(c.Emails.ShareMany(ctx, "Leads", "1"))
			}
			return unwrap(c.Emails.UnshareMany(ctx, "Leads", "1"))
		}
	}
	checkDocumented(t, "record_share_email", map[string]documentedCall{
		"POST /crm/v8/{module_api_name}/actions/share_emails 200":   many(true),
		"POST /crm/v8/{module_api_name}/actions/share_emails 207":   many(true),
		"POST /crm/v8/{module_api_name}/actions/unshare_emails 200": many(false),
		"POST /crm/v8/{module_api_name}/actions/unshare_emails 207": many(false),
		"POST /crm/v8/{module_api_name}/{id}/actions/share_emails 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Share(ctx, "Leads", "1"))
		},
		"POST /crm/v8/{module_api_name}/{id}/actions/unshare_emails 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.Unshare(ctx, "Leads", "1"))
		},
	})
}
