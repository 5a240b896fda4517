package sdk_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// With Validate, each refused case is a ValidationError naming the
// record's index and the field, and nothing is sent: the emulator counts
// no request at all once the metadata is cached.
func TestValidationRefusesBeforeSending(t *testing.T) {
	o := newTypesOrg(t)
	ctx := testCtx(t)
	props := sdk.Typed[property](o.c, zohotest.PropertiesModule)
	validate := &sdk.WriteOptions{Validate: true}
	_, err := o.c.Fields.Cached(ctx, zohotest.PropertiesModule)
	require.NoError(t, err)

	ok := property{Name: "Fine", Status: "Available"}
	cases := []struct {
		name    string
		send    func() error
		index   int
		field   string
		problem string
	}{
		{"unknown field", func() error {
			_, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{{"Name": "A", "Status": "Available"}, {"Name": "B", "Status": "Sold", "Colour": "red"}}, validate)
			return err
		}, 1, "Colour", "is not a field of Properties"},
		{"picklist value not in the list", func() error {
			bad := ok
			bad.Status = "Demolished"
			_, _, err := props.Create(ctx, []property{ok, ok, bad}, validate)
			return err
		}, 2, "Status", `"Demolished" is not a value of the picklist`},
		{"multi-select value not in the list", func() error {
			bad := ok
			bad.Features = crmtype.MultiSelect[string]{"Garden", "Moat"}
			_, _, err := props.Create(ctx, []property{bad}, validate)
			return err
		}, 0, "Features", `"Moat" is not a value`},
		{"read-only field written", func() error {
			_, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{{"Name": "A", "Status": "Sold", "Property_Code": "PR-1"}}, validate)
			return err
		}, 0, "Property_Code", "is read-only"},
		{"mandatory field missing", func() error {
			missing := ok
			missing.Name = ""
			_, _, err := props.Create(ctx, []property{ok, missing}, validate)
			return err
		}, 1, "Name", "is mandatory and missing"},
		{"mandatory field missing from a Record", func() error {
			_, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{{"Name": "A"}}, validate)
			return err
		}, 0, "Status", "is mandatory"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			o.srv.ResetCounters()
			err := c.send()
			var verr *sdk.ValidationError
			require.True(t, errors.As(err, &verr), "%v", err)
			assert.Equal(t, c.index, verr.Index)
			assert.Equal(t, c.field, verr.APIName)
			assert.Contains(t, verr.Problem, c.problem)
			assert.Contains(t, err.Error(), "records[")
			// Only an unknown field fetches the metadata again; no record is sent.
			sent := o.srv.Counters().APIRequestsBy
			refetched := sent["GET /crm/v2/settings/fields"]
			delete(sent, "GET /crm/v2/settings/fields")
			assert.Empty(t, sent, "nothing sent")
			if c.field == "Colour" {
				assert.Equal(t, 1, refetched, "an unknown field fetches the fields again, once")
			} else {
				assert.Zero(t, refetched)
			}
		})
	}
	assert.Zero(t, o.srv.Records(zohotest.PropertiesModule).Len())

	// An update need not give the mandatory fields; it is checked all the same.
	o.srv.ResetCounters()
	results, _, err := props.Create(ctx, []property{ok}, validate)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	_, _, err = props.Update(ctx, []property{{ID: results[0].ID(), Rooms: crmtype.IntOf(3)}}, validate)
	require.NoError(t, err)
	assert.Equal(t, 2, o.srv.Counters().APIRequests, "the metadata was cached: only the two writes were sent")
}

// A field the cached metadata lacks may be new: the cache is fetched again
// once, and a field the org really has passes.
func TestValidationRefreshesTheFieldsForAnUnknownField(t *testing.T) {
	o := newTypesOrg(t)
	ctx := testCtx(t)
	_, err := o.c.Fields.Cached(ctx, zohotest.PropertiesModule)
	require.NoError(t, err)
	o.srv.AddField(zohotest.PropertiesModule, zohotest.Field{APIName: "Energy_Rating", DataType: "picklist", PickList: []string{"A", "B"}, Custom: true})
	o.srv.ResetCounters()

	rec := sdk.Record{"Name": "New field", "Status": "Available", "Energy_Rating": "A"}
	results, _, err := o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{rec}, &sdk.WriteOptions{Validate: true})
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	by := o.srv.Counters().APIRequestsBy
	assert.Equal(t, 1, by["GET /crm/v2/settings/fields"], "fetched again once: %v", by)
	assert.Equal(t, 1, by["POST /crm/v2/Properties"])

	// The refreshed metadata knows the new field's picklist.
	o.srv.ResetCounters()
	rec = sdk.Record{"Name": "Bad rating", "Status": "Available", "Energy_Rating": "Z"}
	_, _, err = o.c.Records.Create(ctx, zohotest.PropertiesModule, []sdk.Record{rec}, &sdk.WriteOptions{Validate: true})
	var verr *sdk.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Equal(t, "Energy_Rating", verr.APIName)
	assert.Zero(t, o.srv.Counters().APIRequests)
}
