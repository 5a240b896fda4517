package ledger

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func load(t *testing.T) *Ledger {
	t.Helper()
	l, err := Load(filepath.Join("..", "..", File))
	require.NoError(t, err)
	return l
}

// The ledger is all of crm-oas v8.0: 396 endpoints in 101 groups.
func TestLedgerIsAllOfCRMv8(t *testing.T) {
	c := load(t).Count()
	assert.Equal(t, 396, c.Endpoints)
	assert.Equal(t, 101, c.Groups)
}

// The README states the ledger's counts as they are.
func TestREADMEStatesTheCount(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	want := load(t).Count().Sentence()
	assert.True(t, strings.Contains(strings.Join(strings.Fields(string(readme)), " "), want),
		"README.md must say, as it is now: %s", want)
}

// A request reaches the most specific line: a literal segment beats a
// parameter, the first differing segment decides; any API version reaches
// the v8 line.
func TestMatchPicksTheMostSpecificLine(t *testing.T) {
	l := load(t)
	for _, tc := range []struct{ method, path, want string }{
		{"GET", "/crm/v8/Leads/4150868000000225013", "GET /crm/v8/{module_api_name}/{id}"},
		{"GET", "/crm/v2/Leads/4150868000000225013", "GET /crm/v8/{module_api_name}/{id}"},
		{"GET", "/crm/v8/Notes/4150868000000225013", "GET /crm/v8/Notes/{id}"},
		{"GET", "/crm/v8/Leads/1/Notes", "GET /crm/v8/{module_api_name}/{record_id}/{related_list_api_name}"},
		{"GET", "/crm/v8/Leads/1/Attachments", "GET /crm/v8/{module}/{record_id}/Attachments"},
		{"GET", "/crm/v8/Contacts/roles", "GET /crm/v8/Contacts/roles"},
		{"POST", "/crm/bulk/v7/read", "POST /crm/bulk/v8/read"},
		{"GET", "/crm/email/v8/settings/compose", "GET /crm/email/v8/settings/compose"},
		{"GET", "/crm/v8/settings/fields/123/pick_list_values", "GET /crm/v8/settings/fields/{field_id}/pick_list_values"},
		{"GET", "/crm/v8/users/actions/count", "GET /crm/v8/users/actions/count"},
		{"GET", "/crm/v8/users/42", "GET /crm/v8/users/{user}"},
		{"GET", "/crm/v8/Leads%2Fx/1", "GET /crm/v8/{module_api_name}/{id}"},
	} {
		line := l.Match(tc.method, tc.path)
		require.NotNil(t, line, "%s %s", tc.method, tc.path)
		assert.Equal(t, tc.want, line.Method+" "+line.Path, "%s %s", tc.method, tc.path)
	}
	assert.Nil(t, l.Match("GET", "/oauth/v2/token"))
	assert.Nil(t, l.Match("GET", "/crm/v8/Leads/1/Notes/2/x/y/z"))
}

// Check reports an owned line nobody reached and a pending line a typed
// call reached; lines of another package are not its business.
func TestCheck(t *testing.T) {
	l, err := parse(t, `GET /crm/v8/org org
GET /crm/v8/__apis apis pending
GET /crm/v8/__features features left-out: Zoho says so
GET /crm/bulk/v8/read/{job_id} bulk_read
GET /{download_url} backup,bulk_write via=GET:/download/{}
`)
	require.NoError(t, err)
	assert.Equal(t, []string{
		"GET /crm/v8/org (org): no typed call reached it in these tests",
		"GET /{download_url} (backup,bulk_write): no typed call reached it in these tests",
	}, l.Check(nil, OwnedBySDK))
	assert.Equal(t, []string{
		"GET /crm/v8/__apis (apis): a typed call reached it: drop its pending mark",
	}, l.Check([]Request{{"GET", "/crm/v8/org"}, {"GET", "/crm/v3/__apis"}, {"GET", "/download/x"}}, OwnedBySDK))
	assert.Equal(t, []string{"GET /crm/bulk/v8/read/{job_id} (bulk_read): no typed call reached it in these tests"}, l.Check(nil, OwnedByBulk))
	c := l.Count()
	assert.Equal(t, Counts{Endpoints: 5, Reached: 3, LeftOut: 1, Groups: 6, WholeGroups: 5}, c)
}

// A developer's partial run checks the lines of the groups they name, and
// only those.
func TestCheckOfNamedGroups(t *testing.T) {
	l, err := parse(t, `GET /crm/v8/org org
GET /crm/v8/__apis apis
GET /{download_url} backup,bulk_write via=GET:/download/{}
`)
	require.NoError(t, err)
	assert.Equal(t, []string{"GET /crm/v8/__apis (apis): no typed call reached it in these tests"},
		l.Check(nil, inGroups(OwnedBySDK, []string{"apis"})))
	assert.Equal(t, []string{"GET /{download_url} (backup,bulk_write): no typed call reached it in these tests"},
		l.Check(nil, inGroups(OwnedBySDK, []string{"x", " backup"})))
	assert.Empty(t, l.Check(nil, inGroups(OwnedBySDK, []string{"holidays"})))
}

func TestBadLines(t *testing.T) {
	for _, text := range []string{
		"GET /crm/v8/org",
		"FETCH /crm/v8/org org",
		"GET crm/v8/org org",
		"GET /crm/v8/org org pending left-out: both",
		"GET /crm/v8/org org left-out:",
		"GET /crm/v8/org org soon",
		"GET /crm/v8/org org via=/x",
		"GET /crm/v8/org org\nGET /crm/v8/org org",
		"GET /crm/v8/{a}/x org\nGET /crm/v8/{b}/x org",
	} {
		_, err := parse(t, text)
		assert.Error(t, err, text)
	}
}

func parse(t *testing.T, text string) (*Ledger, error) {
	path := filepath.Join(t.TempDir(), "ledger")
	require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	return Load(path)
}
