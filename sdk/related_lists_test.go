package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRelatedListsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)

	lists, _, err := c.RelatedLists.List(ctx, "Accounts")
	require.NoError(t, err)
	byName := map[string]*sdk.RelatedList{}
	for _, rl := range lists {
		byName[rl.APIName] = rl
	}
	for _, name := range []string{"Notes", "Attachments", "Contacts", "Deals", "Products", "Cases"} {
		require.Contains(t, byName, name)
	}
	contacts := byName["Contacts"]
	assert.Equal(t, "Contacts", contacts.Module.APIName)
	assert.Equal(t, "Accounts/{ENTITYID}/Contacts", contacts.Href)

	got, _, err := c.RelatedLists.Get(ctx, "Accounts", contacts.ID)
	require.NoError(t, err)
	assert.Equal(t, contacts.APIName, got.APIName)
	assert.Equal(t, contacts.SequenceNumber, got.SequenceNumber)

	_, _, err = c.RelatedLists.List(ctx, "Nope")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
	_, _, err = c.RelatedLists.Get(ctx, "Leads", contacts.ID)
	require.ErrorIs(t, err, sdk.ErrInvalidData)
	var verr *sdk.ValidationError
	_, _, err = c.RelatedLists.List(ctx, "")
	require.ErrorAs(t, err, &verr)
	_, _, err = c.RelatedLists.Get(ctx, "Accounts", "")
	require.ErrorAs(t, err, &verr)
}
