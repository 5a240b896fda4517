package sdk_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestCurrenciesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	yes, no := true, false

	list, _, err := c.Currencies.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, list, "multi-currency is off")
	_, _, err = c.Currencies.Create(ctx, []*sdk.Currency{{Name: "US Dollar - USD", ISOCode: "USD"}})
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "NOT_ALLOWED", apiErr.Code)

	base, _, err := c.Currencies.EnableMultiCurrency(ctx, &sdk.Currency{Name: "Indian Rupee - INR", ISOCode: "INR", Symbol: "₹",
		Format: &sdk.CurrencyFormat{DecimalSeparator: "Period", ThousandSeparator: "Comma", DecimalPlaces: "2"}, PrefixSymbol: &yes})
	require.NoError(t, err)
	_, _, err = c.Currencies.EnableMultiCurrency(ctx, &sdk.Currency{Name: "Indian Rupee - INR", ISOCode: "INR"})
	var rerr *sdk.RecordError
	require.ErrorAs(t, err, &rerr, "enabled already")
	assert.Equal(t, "NOT_ALLOWED", rerr.Code)

	results, resp, err := c.Currencies.Create(ctx, []*sdk.Currency{
		{Name: "US Dollar - USD", ISOCode: "USD", Symbol: "$", ExchangeRate: "0.012000000", PrefixSymbol: &yes},
		{Name: "Rupee again", ISOCode: "INR"},
	})
	require.NoError(t, err)
	assert.Equal(t, 207, resp.StatusCode)
	assert.True(t, results[0].OK())
	assert.ErrorIs(t, results[1].Err(), sdk.ErrDuplicateData)
	usd := results[0].ID()

	got, _, err := c.Currencies.Get(ctx, usd)
	require.NoError(t, err)
	assert.Equal(t, "USD", got.ISOCode)
	assert.Equal(t, "0.012000000", got.ExchangeRate)
	assert.Equal(t, "2", got.Format.DecimalPlaces)
	assert.False(t, got.IsBase)
	assert.Equal(t, srv.Admin().ID, got.CreatedBy().ID)
	assert.False(t, got.CreatedTime().IsZero())

	results, _, err = c.Currencies.Update(ctx, []*sdk.Currency{{ID: usd, ExchangeRate: "0.013000000", IsActive: &no}, {ID: base.ID(), ExchangeRate: "2"}})
	require.NoError(t, err)
	assert.True(t, results[0].OK())
	assert.False(t, results[1].OK(), "the home currency changes through UpdateBaseCurrency")
	_, _, err = c.Currencies.UpdateOne(ctx, usd, &sdk.Currency{Symbol: "US$"})
	require.NoError(t, err)
	got, _, err = c.Currencies.Get(ctx, usd)
	require.NoError(t, err)
	assert.Equal(t, "US$", got.Symbol)
	assert.Equal(t, "0.013000000", got.ExchangeRate)
	assert.False(t, *got.IsActive)

	_, _, err = c.Currencies.UpdateBaseCurrency(ctx, &sdk.Currency{Format: &sdk.CurrencyFormat{DecimalPlaces: "3"}})
	require.NoError(t, err)
	list, _, err = c.Currencies.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2)
	assert.True(t, list[0].IsBase)
	assert.Equal(t, "3", list[0].Format.DecimalPlaces)
	_, _, err = c.Currencies.Get(ctx, "4150868000000000001")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestCurrenciesDecodeZohoSamples(t *testing.T) {
	keepsEveryField[sdk.Currency](t, referenceSample(t, "76_currencies.json", "sample_response_GET_v7_doc", "currencies"))
	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "76_currencies.json", "sample_response_GET_v7_doc"))
	list, _, err := c.Currencies.List(ctx)
	require.NoError(t, err)
	assert.Equal(t, "GET /crm/v8/org/currencies", rs.lastSeen())
	require.Len(t, list, 3)
	assert.Equal(t, "DZD", list[0].ISOCode)
	assert.True(t, list[0].IsBase)
	assert.Equal(t, "3.000000000", list[0].ExchangeRate)
	assert.Equal(t, "Comma", list[0].Format.ThousandSeparator)
	assert.Equal(t, "Patricia Boyle", list[0].ModifiedBy().Name)
	assert.True(t, list[0].ModifiedTime().Equal(zohoTime(t, "2019-11-08T14:48:03+05:30")))

	var req struct {
		Currencies []*sdk.Currency `json:"currencies"`
	}
	require.NoError(t, json.Unmarshal(referenceSample(t, "76_currencies.json", "sample_request_POST_v7_doc"), &req))
	rs.queue(201, referenceSample(t, "76_currencies.json", "sample_response_POST_v7_doc"))
	results, _, err := c.Currencies.Create(ctx, req.Currencies)
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "76_currencies.json", "sample_request_POST_v7_doc"))
	assert.Equal(t, "4150868000000780026", results[0].ID())

	rs.queue(200, referenceSample(t, "76_currencies.json", "sample_response_PUT_base_v7_doc"))
	r, _, err := c.Currencies.UpdateBaseCurrency(ctx, &sdk.Currency{Symbol: "Af"})
	require.NoError(t, err)
	assert.Equal(t, "PUT /crm/v8/org/currencies/actions/enable", rs.lastSeen())
	assert.Equal(t, "4150868000000780002", r.ID())
}
