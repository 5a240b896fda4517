package sdk_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestTaxesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	taxes, pref, _, err := c.Taxes.ListWithPreference(ctx)
	require.NoError(t, err)
	require.Len(t, taxes, 2)
	assert.Equal(t, "Sales Tax", taxes[0].Name)
	assert.Equal(t, 10.0, taxes[0].Value)
	assert.True(t, pref.ModifyTaxRates)

	results, _, err := c.Taxes.Create(ctx, &sdk.Tax{Name: "GST", Value: 18}, &sdk.Tax{Name: "Zero rated", Value: 0}, &sdk.Tax{Name: "vat", Value: 1})
	require.NoError(t, err)
	require.Len(t, results, 3)
	require.NoError(t, results[0].Err())
	require.NoError(t, results[1].Err(), "a rate of 0 is sent")
	require.ErrorIs(t, results[2].Err(), sdk.ErrDuplicateData)
	assert.Equal(t, "name", results[2].Err().(*sdk.RecordError).Field())
	assert.Equal(t, 2, results[2].Index)

	gst, _, err := c.Taxes.Get(ctx, results[0].ID())
	require.NoError(t, err)
	assert.Equal(t, "GST", gst.Name)
	assert.Equal(t, 18.0, gst.Value)
	assert.Equal(t, 3, gst.SequenceNumber)

	gst.Value = 12
	results, _, err = c.Taxes.Update(ctx, gst)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	assert.Equal(t, 12.0, srv.Taxes()[2].Value)
	assert.Equal(t, "GST", srv.Taxes()[2].Name)

	zero := srv.Taxes()[3]
	results, _, err = c.Taxes.Delete(ctx, gst.ID, zero.ID, "4150868000005067099")
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.True(t, results[1].OK())
	assert.False(t, results[2].OK())
	assert.Len(t, srv.Taxes(), 2)

	results, _, err = c.Taxes.Delete(ctx, srv.Taxes()[0].ID)
	require.NoError(t, err, "one id goes to org/taxes/{id}")
	assert.True(t, results[0].OK())
	_, _, err = c.Taxes.Delete(ctx, gst.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a deleted tax's id")

	_, _, err = c.Taxes.Get(ctx, gst.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData)

	results, _, err = c.Taxes.Delete(ctx, srv.Taxes()[0].ID)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	none, _, err := c.Taxes.List(ctx)
	require.NoError(t, err)
	assert.NotNil(t, none)
	assert.Empty(t, none, "no taxes is an empty list (204)")
}

func TestTaxesInBatches(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	var many []*sdk.Tax
	for i := range 150 {
		many = append(many, &sdk.Tax{Name: fmt.Sprint("Tax ", i), Value: float64(i % 100)})
	}
	srv.ResetCounters()
	results, _, err := c.Taxes.Create(ctx, many...)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	require.Len(t, results, 150)
	assert.Equal(t, 2, srv.Counters().APIRequests, "two batches of at most 100")
	for i, r := range results {
		assert.Equal(t, i, r.Index)
	}
	assert.Equal(t, "Tax 149", srv.Taxes()[151].Name, "in input order")

	var ids []string
	for _, tax := range srv.Taxes() {
		ids = append(ids, tax.ID)
	}
	results, _, err = c.Taxes.Delete(ctx, ids...)
	require.NoError(t, err)
	require.NoError(t, sdk.WriteErrors(results))
	assert.Empty(t, srv.Taxes())
}

func TestTaxesValidation(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	srv.ResetCounters()
	var verr *sdk.ValidationError
	for name, call := range map[string]func() error{
		"get without id":      func() error { _, _, err := c.Taxes.Get(ctx, ""); return err },
		"get with a slash":    func() error { _, _, err := c.Taxes.Get(ctx, "1/2"); return err },
		"create with id":      func() error { _, _, err := c.Taxes.Create(ctx, &sdk.Tax{ID: "1", Name: "x"}); return err },
		"create without name": func() error { _, _, err := c.Taxes.Create(ctx, &sdk.Tax{Value: 1}); return err },
		"create nil":          func() error { _, _, err := c.Taxes.Create(ctx, nil); return err },
		"update without id":   func() error { _, _, err := c.Taxes.Update(ctx, &sdk.Tax{Name: "x"}); return err },
		"delete empty id":     func() error { _, _, err := c.Taxes.Delete(ctx, "1", ""); return err },
	} {
		err := call()
		require.ErrorAs(t, err, &verr, name)
	}
	assert.Contains(t, (&sdk.ValidationError{Field: "taxes[1]", Problem: "has no id"}).Error(), "taxes[1]")
	assert.Zero(t, srv.Counters().APIRequests, "nothing was sent")
}
