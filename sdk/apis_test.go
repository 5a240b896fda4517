package sdk_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestAPIsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	all, _, err := c.APIs.List(ctx, nil)
	require.NoError(t, err)
	byPath := map[string]*sdk.SupportedAPI{}
	root := "" // "/crm/{version}/", of the client's version
	for _, a := range all {
		byPath[a.Path] = a
		if strings.HasSuffix(a.Path, "/__apis") {
			root = strings.TrimSuffix(a.Path, "__apis")
		}
	}
	require.NotEmpty(t, root, "the list names itself")
	mail := byPath[root+"{module}/{id}/actions/send_mail"]
	require.NotNil(t, mail)
	require.Len(t, mail.OperationTypes, 1)
	assert.Equal(t, "POST", mail.OperationTypes[0].Method)
	assert.Equal(t, 20, mail.OperationTypes[0].MinCredits, "sending a mail costs 20 credits")
	records := byPath[root+"{module}"]
	require.NotNil(t, records)
	methods := map[string]*sdk.APIOperation{}
	for _, op := range records.OperationTypes {
		methods[op.Method] = op
	}
	require.Contains(t, methods, "POST")
	assert.Equal(t, 10, methods["POST"].MaxCredits, "a write of 100 records costs 10")
	assert.Contains(t, methods["GET"].OAuthScope, "ZohoCRM.modules.")

	one, _, err := c.APIs.List(ctx, sdk.Where("path", "equal", root+"settings/call_preferences"))
	require.NoError(t, err)
	require.Len(t, one, 1)
	assert.Len(t, one[0].OperationTypes, 2, "GET and PUT")

	none, _, err := c.APIs.List(ctx, sdk.Where("path", "equal", root+"nothing"))
	require.NoError(t, err)
	assert.Empty(t, none)

	_, _, err = c.APIs.List(ctx, &sdk.Criteria{Comparator: "equal", Value: "x"})
	require.ErrorIs(t, err, sdk.ErrInvalidData, "a filter names its field")
}

func TestAPIsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "apis", map[string]documentedCall{
		"GET /crm/v8/__apis 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.APIs.List(ctx, nil))
		},
	})
}
