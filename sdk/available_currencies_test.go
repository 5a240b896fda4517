package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestAvailableCurrenciesAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	all, _, err := c.Currencies.Available(ctx)
	require.NoError(t, err)
	byISO := map[string]*sdk.AvailableCurrency{}
	for _, a := range all {
		byISO[a.ISOCode] = a
	}
	require.Contains(t, byISO, "EUR")
	assert.Equal(t, "€", byISO["EUR"].Symbol)
	assert.Equal(t, "0", byISO["JPY"].DecimalPlaces, "each with its own format")

	// A token without the currencies scope is refused, as Zoho refuses it.
	narrow := newClient(t, fileConfig(t, srv))
	_, err = narrow.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email, "ZohoCRM.settings.modules.READ", "ZohoCRM.users.READ"))
	require.NoError(t, err)
	_, _, err = narrow.Currencies.Available(ctx)
	require.ErrorIs(t, err, sdk.ErrScopeMismatch)
}

func TestAvailableCurrenciesKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "available_currencies", map[string]documentedCall{
		"GET /crm/v8/org/currencies/actions/available_currencies 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Currencies.Available(ctx))
		},
	})
}
