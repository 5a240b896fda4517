package sdk_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestUnblockEmailAgainstEmulator(t *testing.T) {
	o := newEmailOrg(t)
	ctx := testCtx(t)
	leads := o.srv.Records("Leads").Insert(map[string]any{"Last_Name": "A"}, map[string]any{"Last_Name": "B"})
	o.srv.BlockEmail("Leads", o.lead, "Email")
	o.srv.BlockEmail("Leads", leads[0], "Secondary_Email")

	r, _, err := o.admin.Emails.Unblock(ctx, "Leads", o.lead, sdk.EmailField)
	require.NoError(t, err)
	assert.Equal(t, o.lead, r.ID())
	assert.False(t, o.srv.EmailBlocked("Leads", o.lead, "Email"))

	results, _, err := o.admin.Emails.UnblockMany(ctx, "Leads", []string{leads[0], leads[1], "4150868000000000001"}, sdk.SecondaryEmailField)
	require.NoError(t, err)
	require.Len(t, results, 3)
	assert.True(t, results[0].OK())
	assert.Equal(t, "NOT_ALLOWED", results[1].Err().(*sdk.RecordError).Code, "an address not blocked")
	assert.ErrorIs(t, results[2].Err(), sdk.ErrInvalidData, "no such record")
	assert.False(t, o.srv.EmailBlocked("Leads", leads[0], "Secondary_Email"))

	// Five unblocks of one address, and no more.
	for range 4 {
		o.srv.BlockEmail("Leads", o.lead, "Email")
		_, _, err = o.admin.Emails.Unblock(ctx, "Leads", o.lead, sdk.EmailField)
		require.NoError(t, err)
	}
	o.srv.BlockEmail("Leads", o.lead, "Email")
	_, _, err = o.admin.Emails.Unblock(ctx, "Leads", o.lead, sdk.EmailField)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "NOT_ALLOWED", refused.Code)
	assert.True(t, o.srv.EmailBlocked("Leads", o.lead, "Email"))

	var apiErr *sdk.APIError
	_, _, err = o.admin.Emails.Unblock(ctx, "Leads", o.lead, "Website")
	require.ErrorAs(t, err, &apiErr, "only the system email fields")
	assert.Equal(t, "NOT_ALLOWED", apiErr.Code)
	deal := o.srv.Records("Deals").Insert(map[string]any{"Deal_Name": "D", "Stage": "Qualification"})[0]
	_, _, err = o.admin.Emails.Unblock(ctx, "Deals", deal, sdk.EmailField)
	require.ErrorAs(t, err, &refused, "a deal has no Email field")
	assert.Equal(t, "NOT_ALLOWED", refused.Code)
	var invalid *sdk.ValidationError
	_, _, err = o.admin.Emails.Unblock(ctx, "Leads", o.lead)
	require.ErrorAs(t, err, &invalid, "no field, nothing sent")
}

func TestUnblockEmailKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "unblock_email", map[string]documentedCall{
		"POST /crm/v8/{module}/actions/unblock_email 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Emails.UnblockMany(ctx, "Leads", []string{"1"}, sdk.EmailField))
		},
		"POST /crm/v8/{module}/{id}/actions/unblock_email 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			// crm-oas leaves the status free, so the made-up answer is not
			// a success: its result comes with a *RecordError.
			r, resp, err := c.Emails.Unblock(ctx, "Leads", "1", sdk.EmailField)
			var refused *sdk.RecordError
			if errors.As(err, &refused) {
				err = nil
			}
			return r, resp, err
		},
	})
}
