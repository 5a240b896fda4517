package sdk_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

func TestAuditLogExportAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, downloadConfig(t, srv))
	ctx := testCtx(t)
	const size = 300 << 10
	srv.SetJobTime(time.Minute)
	srv.SetExportFileSize(size)

	none, _, err := c.AuditLogExport.List(ctx)
	require.NoError(t, err)
	assert.Empty(t, none)

	day := sdk.Where("audited_time", "between", []string{"2026-01-01T00:00:00+00:00", "2026-01-31T23:59:59+00:00"})
	_, _, err = c.AuditLogExport.Create(ctx, sdk.Where("action", "in", []string{"added"}))
	require.ErrorIs(t, err, sdk.ErrMandatoryNotFound, "an export names its period")
	_, _, err = c.AuditLogExport.Create(ctx, sdk.MatchAll(day, sdk.Where("action", "starts_with", "add")))
	assert.Equal(t, "NOT_SUPPORTED", zohoCode(err))
	_, _, err = c.AuditLogExport.Create(ctx, sdk.Where("audited_time", "between", "2026-01-01T00:00:00+00:00"))
	assert.Equal(t, "DEPENDENT_MISMATCH", zohoCode(err))
	_, _, err = c.AuditLogExport.Create(ctx, nil)
	var invalid *sdk.ValidationError
	require.ErrorAs(t, err, &invalid)

	r, _, err := c.AuditLogExport.Create(ctx, sdk.MatchAll(day, sdk.Where("action", "in", []string{"added", "deleted"})))
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", r.Code)
	id := r.ID()
	got, _, err := c.AuditLogExport.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "SCHEDULED", got.Status)
	assert.Empty(t, got.DownloadLinks)
	require.NotNil(t, got.Criteria)
	assert.Equal(t, "and", got.Criteria.GroupOperator)
	assert.Equal(t, srv.Admin().ID, got.CreatedBy.ID)
	srv.Advance(40 * time.Second)
	got, _, err = c.AuditLogExport.Get(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, "IN PROGRESS", got.Status)

	srv.Advance(time.Minute)
	got, _, err = c.AuditLogExport.Wait(ctx, id, &sdk.WaitOptions{MinInterval: time.Millisecond})
	require.NoError(t, err)
	assert.Equal(t, "COMPLETED", got.Status)
	assert.False(t, got.JobEndTime.IsZero())
	require.Len(t, got.DownloadLinks, 1)
	dl, _, err := c.AuditLogExport.Download(ctx, got.DownloadLinks[0])
	require.NoError(t, err)
	n, _ := compareStreams(t, dl, zohotest.GeneratedContent(size))
	require.NoError(t, dl.Close())
	assert.Equal(t, int64(size), n)

	all, _, err := c.AuditLogExport.List(ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)
	assert.Equal(t, id, all[0].ID)
	_, _, err = c.AuditLogExport.Get(ctx, "4150868000000000001")
	assert.Equal(t, "NO_CONTENT", zohoCode(err))

	// A token without an audit log scope is refused the file.
	other := newClient(t, downloadConfig(t, srv))
	_, err = other.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email, "ZohoCRM.settings.audit_logs.CREATE", "ZohoCRM.users.READ"))
	require.NoError(t, err)
	_, _, err = other.AuditLogExport.Download(ctx, got.DownloadLinks[0])
	var apiErr *sdk.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 403, apiErr.StatusCode)

	srv.Advance(8 * 24 * time.Hour)
	got, _, err = c.AuditLogExport.Get(ctx, id)
	require.NoError(t, err)
	assert.Empty(t, got.DownloadLinks, "the link has expired")
}

// An audit log file of 200 MB streams through the SDK with flat memory.
func TestAuditLogExportDownloadOf200MBStreams(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, downloadConfig(t, srv))
	ctx := testCtx(t)
	const size = 200 << 20
	srv.SetJobTime(0)
	srv.SetExportFileSize(size)
	r, _, err := c.AuditLogExport.Create(ctx, sdk.Where("audited_time", "between", []string{"2026-01-01T00:00:00+00:00", "2026-01-31T23:59:59+00:00"}))
	require.NoError(t, err)
	got, _, err := c.AuditLogExport.Get(ctx, r.ID())
	require.NoError(t, err)
	require.Len(t, got.DownloadLinks, 1)
	streamLarge(t, "audit log", size, func() (*sdk.Download, error) {
		dl, _, err := c.AuditLogExport.Download(ctx, got.DownloadLinks[0])
		return dl, err
	})
}

func TestAuditLogExportKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "audit_log_export", map[string]documentedCall{
		"POST /crm/v8/settings/audit_log_export 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AuditLogExport.Create(ctx, sdk.Where("audited_time", "between", []string{"a", "b"})))
		},
		"GET /crm/v8/settings/audit_log_export 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AuditLogExport.List(ctx))
		},
		"GET /crm/v8/settings/audit_log_export/{id} 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.AuditLogExport.Get(ctx, "1"))
		},
	})
}
