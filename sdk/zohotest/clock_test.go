package zohotest

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClockFollowsTheWallClockByDefault(t *testing.T) {
	s := newServer(t)
	assert.WithinDuration(t, time.Now(), s.Now(), time.Second)
	s.Advance(2 * time.Hour)
	assert.WithinDuration(t, time.Now().Add(2*time.Hour), s.Now(), time.Second)
	at := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	s.SetNow(at)
	assert.WithinDuration(t, at, s.Now(), time.Second)
	time.Sleep(20 * time.Millisecond)
	assert.True(t, s.Now().After(at), "it keeps running")

	started := newServer(t, WithClock(at))
	assert.WithinDuration(t, at, started.Now(), time.Second)
}

func TestFrozenClock(t *testing.T) {
	at := time.Date(2024, 2, 29, 23, 59, 59, 0, time.UTC)
	s := newServer(t, WithFrozenClock(at))
	time.Sleep(10 * time.Millisecond)
	assert.Equal(t, at, s.Now())
	s.Advance(time.Second)
	assert.Equal(t, at.Add(time.Second), s.Now())
	s.SetNow(at)
	assert.Equal(t, at, s.Now())
}

func TestTimestampsUseTheClockAndTheOrgTimeZone(t *testing.T) {
	at := time.Date(2024, 2, 29, 23, 0, 0, 0, time.UTC)
	s := newServer(t, WithFrozenClock(at))
	a := newAPI(t, s, "v2")
	ans := a.do("POST", "Tasks", records(map[string]any{"Subject": "x"}))
	require.Equal(t, http.StatusCreated, ans.status)
	assert.Equal(t, "2024-03-01T04:30:00+05:30", ans.data(t)[0]["details"].(map[string]any)["Created_Time"])

	utc := newServer(t, WithFrozenClock(at), WithTimeZone(time.UTC))
	ans = newAPI(t, utc, "v2").do("POST", "Tasks", records(map[string]any{"Subject": "x"}))
	assert.Equal(t, "2024-02-29T23:00:00+00:00", ans.data(t)[0]["details"].(map[string]any)["Created_Time"])
}

func TestParseZohoTime(t *testing.T) {
	for _, v := range []string{"2019-07-25T15:26:49+05:30", "2019-07-25T09:56:49Z", "Thu, 25 Jul 2019 09:56:49 GMT"} {
		got, ok := parseZohoTime(v)
		require.True(t, ok, v)
		assert.True(t, got.Equal(time.Date(2019, 7, 25, 9, 56, 49, 0, time.UTC)), v)
	}
	_, ok := parseZohoTime("yesterday")
	assert.False(t, ok)
}
