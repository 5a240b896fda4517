package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestRecordLockingAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	id := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Frey", "Company": "Zylker"})[0]

	locks, _, err := c.RecordLocking.List(ctx, "Leads", id)
	require.NoError(t, err)
	assert.Empty(t, locks)

	r, resp, err := c.RecordLocking.Lock(ctx, "Leads", id, "deal in progress")
	require.NoError(t, err)
	assert.Equal(t, 201, resp.StatusCode)
	assert.Equal(t, "record added", r.Message)
	lockID := r.ID()
	require.NotEmpty(t, lockID)
	_, _, err = c.RecordLocking.Lock(ctx, "Leads", id, "again")
	assert.ErrorIs(t, err, sdk.ErrRecordLocked)

	locks, _, err = c.RecordLocking.List(ctx, "Leads", id)
	require.NoError(t, err)
	require.Len(t, locks, 1)
	assert.Equal(t, lockID, locks[0].ID)
	assert.Equal(t, "deal in progress", locks[0].Reason)
	assert.Equal(t, "Manual", locks[0].Source)
	assert.Equal(t, srv.Admin().ID, locks[0].LockedBy.ID)
	assert.Equal(t, id, locks[0].LockedFor().ID)
	assert.Equal(t, "Frey", locks[0].LockedFor().Name)
	assert.True(t, locks[0].LockedTime.Equal(srv.Now().Truncate(1e9)))

	_, _, err = c.Records.ChangeOwner(ctx, "Leads", id, srv.Admin().ID, nil)
	assert.ErrorIs(t, err, sdk.ErrRecordLocked)
	results, _, err := c.Records.MassDelete(ctx, "Leads", id)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrRecordLocked)

	_, _, err = c.RecordLocking.Update(ctx, "Leads", id, lockID, "still negotiating")
	require.NoError(t, err)
	lock, _, err := c.RecordLocking.Get(ctx, "Leads", id, lockID)
	require.NoError(t, err)
	assert.Equal(t, "still negotiating", lock.Reason)

	r, _, err = c.RecordLocking.Unlock(ctx, "Leads", id, lockID)
	require.NoError(t, err)
	assert.Equal(t, "relation removed", r.Message)
	locks, _, err = c.RecordLocking.List(ctx, "Leads", id)
	require.NoError(t, err)
	assert.Empty(t, locks)
	_, _, err = c.Records.ChangeOwner(ctx, "Leads", id, srv.Admin().ID, nil)
	assert.NoError(t, err, "unlocked")
	_, _, err = c.RecordLocking.Unlock(ctx, "Leads", id, lockID)
	assert.ErrorIs(t, err, sdk.ErrInvalidData)
}

func TestRecordLockingDecodesZohoSamples(t *testing.T) {
	keepsEveryField[sdk.RecordLock](t, referenceSample(t, "80_record_locking.json", "sample_response_GET_v7_doc", "data"))

	rs, c := replayClient(t, "v8")
	ctx := testCtx(t)
	rs.queue(200, referenceSample(t, "80_record_locking.json", "sample_response_GET_v7_doc"))
	locks, resp, err := c.RecordLocking.List(ctx, "Leads", "5843104000000425566")
	require.NoError(t, err)
	assert.Equal(t, "GET /crm/v8/Leads/5843104000000425566/Locking_Information__s", rs.lastSeen())
	l := locks[0]
	assert.Equal(t, "5843104000000804005", l.ID)
	assert.Equal(t, "deal in progress", l.Reason)
	assert.Equal(t, "Patricia Boyle", l.LockedBy.Name)
	assert.Equal(t, "Theola Frey (Sample)", l.LockedFor().Name)
	assert.True(t, l.LockedTime.Equal(zohoTime(t, "2023-09-05T05:13:36-04:00")))
	assert.Equal(t, 1, resp.Info.Count)

	rs.queue(201, referenceSample(t, "80_record_locking.json", "sample_response_v7_doc"))
	r, _, err := c.RecordLocking.Lock(ctx, "Leads", "5843104000000425566", "deal in progress")
	require.NoError(t, err)
	sentAsSample(t, rs, referenceSample(t, "80_record_locking.json", "sample_request_v7_doc"))
	assert.Equal(t, "5843104000000804020", r.ID())

	rs.queue(200, referenceSample(t, "80_record_locking.json", "sample_response_DELETE_v7_doc"))
	r, _, err = c.RecordLocking.Unlock(ctx, "Leads", "5843104000000425566", "5843104000000804005")
	require.NoError(t, err)
	assert.Equal(t, "relation removed", r.Message)
	assert.Equal(t, "DELETE /crm/v8/Leads/5843104000000425566/Locking_Information__s/5843104000000804005", rs.lastSeen())
}

// A locked record refuses updates and deletes too, until unlocked.
func TestLockedRecordRefusesWrites(t *testing.T) {
	srv := emulator(t)
	c := versionClient(t, srv, "v8")
	ctx := testCtx(t)
	ids := srv.Records("Leads").Insert(map[string]any{"Last_Name": "Locked"}, map[string]any{"Last_Name": "Free"})
	lock, _, err := c.RecordLocking.Lock(ctx, "Leads", ids[0], "")
	require.NoError(t, err)

	results, _, err := c.Records.Update(ctx, "Leads", []sdk.Record{{"id": ids[0], "Company": "X"}, {"id": ids[1], "Company": "X"}}, nil)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrRecordLocked)
	assert.True(t, results[1].OK())
	results, _, err = c.Records.MassUpdate(ctx, "Leads", sdk.Record{"Company": "Y"}, ids...)
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrRecordLocked)
	results, _, err = c.Records.Delete(ctx, "Leads", ids[0])
	require.NoError(t, err)
	assert.ErrorIs(t, results[0].Err(), sdk.ErrRecordLocked)
	assert.Equal(t, 2, srv.Records("Leads").Len())

	_, _, err = c.RecordLocking.Unlock(ctx, "Leads", ids[0], lock.ID())
	require.NoError(t, err)
	results, _, err = c.Records.Update(ctx, "Leads", []sdk.Record{{"id": ids[0], "Company": "X"}}, nil)
	require.NoError(t, err)
	assert.True(t, results[0].OK())
}
