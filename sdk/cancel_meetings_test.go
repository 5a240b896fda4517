package sdk_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/sdk"
)

func TestCancelMeetingsAgainstEmulator(t *testing.T) {
	srv := emulator(t)
	c := readyClient(t, srv, fileConfig(t, srv))
	ctx := testCtx(t)
	meeting := srv.Records("Events").Insert(map[string]any{"Event_Title": "Review",
		"Start_DateTime": "2026-12-08T10:00:00+00:00", "End_DateTime": "2026-12-08T11:00:00+00:00"})[0]

	r, _, err := c.Records.CancelMeeting(ctx, meeting, true)
	require.NoError(t, err)
	assert.Equal(t, meeting, r.ID())
	assert.True(t, srv.MeetingCancelled(meeting))
	got, _, err := c.Records.Get(ctx, "Events", meeting, nil)
	require.NoError(t, err)
	assert.Equal(t, true, got["$cancelled"], "the meeting stays, marked")

	_, _, err = c.Records.CancelMeeting(ctx, meeting, false)
	var refused *sdk.RecordError
	require.ErrorAs(t, err, &refused, "a meeting is cancelled once")
	assert.ErrorIs(t, err, sdk.ErrInvalidData)

	_, _, err = c.Records.CancelMeeting(ctx, "4150868000000000001", false)
	assert.ErrorIs(t, err, sdk.ErrInvalidData, "no such meeting")
	var invalid *sdk.ValidationError
	_, _, err = c.Records.CancelMeeting(ctx, "", false)
	require.ErrorAs(t, err, &invalid)
}

func TestCancelMeetingsKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "cancel_meetings", map[string]documentedCall{
		"POST /crm/v8/Events/{event}/actions/cancel 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.CancelMeeting(ctx, "1", true))
		},
	})
}
