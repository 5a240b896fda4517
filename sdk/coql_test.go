package sdk_test

import (
	"encoding/json"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func coqlQuerySent(t *testing.T, req loggedRequest) string {
	t.Helper()
	var body struct {
		Query string `json:"select_query"`
	}
	require.NoError(t, json.Unmarshal(req.Body, &body))
	return body.Query
}

func TestQueryRun(t *testing.T) {
	srv := emulator(t)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)
	ids := seedContacts(srv, 30)

	recs, resp, err := c.Query.Run(ctx, "select Last_Name, Email from Contacts where Last_Name in ('C00003', 'C00004') order by Last_Name desc")
	require.NoError(t, err)
	require.Len(t, recs, 2)
	assert.Equal(t, sdk.Record{"Last_Name": "C00004", "Email": "c4@example.com", "id": ids[4]}, recs[0])
	assert.Equal(t, 2, resp.Info.Count)
	assert.Equal(t, "/crm/v8/coql", log.requests()[0].Path)
	assert.Equal(t, "POST", log.requests()[0].Method)

	recs, resp, err = c.Query.Run(ctx, "select Last_Name from Contacts where Last_Name = 'nobody'")
	require.NoError(t, err)
	assert.Equal(t, 204, resp.StatusCode)
	assert.NotNil(t, recs)
	assert.Empty(t, recs)

	_, _, err = c.Query.Run(ctx, "select Last_Name from Contacts")
	require.ErrorIs(t, err, sdk.ErrInvalidQuery, "Zoho wants a WHERE clause")
	assert.Contains(t, err.Error(), "SYNTAX_ERROR")
	_, _, err = c.Query.Run(ctx, "select Nope from Contacts where id is not null")
	require.ErrorIs(t, err, sdk.ErrInvalidQuery)
	_, _, err = c.Query.Run(ctx, "select Last_Name from Nope where id is not null")
	require.ErrorIs(t, err, sdk.ErrInvalidModule)
}

func TestQueryAllPagesWithLimitAndOffset(t *testing.T) {
	srv := emulator(t)
	ids := seedContacts(srv, 4500)
	c, log := recordsClient(t, srv, "v8")
	ctx := testCtx(t)

	var got []string
	for rec, err := range c.Query.All(ctx, "select Last_Name from Contacts where Last_Name like 'C%';", nil) {
		require.NoError(t, err)
		got = append(got, rec.ID())
	}
	assert.Equal(t, ids, got, "every record once, in id order")
	reqs := log.requests()
	require.Len(t, reqs, 3, "2000 a call in v8")
	assert.Equal(t, "select Last_Name from Contacts where Last_Name like 'C%' LIMIT 2000 OFFSET 0", coqlQuerySent(t, reqs[0]))
	assert.Equal(t, "select Last_Name from Contacts where Last_Name like 'C%' LIMIT 2000 OFFSET 4000", coqlQuerySent(t, reqs[2]))

	log.reset()
	n := 0
	for rec, err := range c.Query.All(ctx, "select Last_Name from Contacts where Last_Name >= 'C04000' order by Last_Name desc", &sdk.QueryOptions{PageSize: 150}) {
		require.NoError(t, err)
		assert.Equal(t, fmt.Sprintf("C%05d", 4499-n), rec.String("Last_Name"))
		n++
	}
	assert.Equal(t, 500, n)
	assert.Len(t, log.requests(), 4)

	log.reset()
	for range c.Query.All(ctx, "select Last_Name from Contacts where id is not null", nil) {
		break
	}
	assert.Len(t, log.requests(), 1, "breaking out sends no more calls")

	var verr *sdk.ValidationError
	for _, q := range []string{
		"select Last_Name from Contacts where id is not null limit 10",
		"select Last_Name from Contacts where id is not null LIMIT 10 OFFSET 20",
		"select Last_Name from Contacts where id is not null offset 5",
		"",
	} {
		for _, err := range c.Query.All(ctx, q, nil) {
			require.ErrorAs(t, err, &verr, q)
		}
	}
	for _, err := range c.Query.All(ctx, "select Last_Name from Contacts where id is not null", &sdk.QueryOptions{PageSize: 2001}) {
		require.ErrorAs(t, err, &verr)
	}
	// A word inside quotes is data, not a clause.
	for _, err := range c.Query.All(ctx, "select Last_Name from Contacts where Last_Name = 'limit offset'", nil) {
		require.NoError(t, err)
	}
}

func TestQueryAllStopsWhereCOQLStops(t *testing.T) {
	srv := emulator(t)
	ids := seedContacts(srv, 10_050)
	c, log := recordsClient(t, srv, "v2")
	n := 0
	var last error
	for rec, err := range c.Query.All(testCtx(t), "select Last_Name from Contacts where id is not null", nil) {
		if err != nil {
			last = err
			break
		}
		require.Equal(t, ids[n], rec.ID())
		n++
	}
	assert.Equal(t, 10_000, n)
	assert.Len(t, log.requests(), 50, "200 a call in v2")
	require.ErrorIs(t, last, sdk.ErrPageLimit)
	var limit *sdk.PageLimitError
	require.ErrorAs(t, last, &limit)
	assert.Equal(t, 10_000, limit.Limit)
	assert.Equal(t, "zcrm: Query.All: stopped after 10000 records: COQL reaches at most 10000 records of one query through LIMIT and OFFSET in API v2; "+
		"narrow the WHERE clause, for example to ids past the last one seen (id > "+ids[9999]+") with ORDER BY id, and run the query again; "+
		"API v7 and later reach 100,000 records", last.Error())

	// Following the hint reaches the rest.
	rest := 0
	for _, err := range c.Query.All(testCtx(t), "select Last_Name from Contacts where id > "+ids[9999]+" order by id", nil) {
		require.NoError(t, err)
		rest++
	}
	assert.Equal(t, 50, rest)
}
