package zohotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The emulator's answers against Zoho's documented samples
// (../testdata/reference, copies of the project's reference payloads): same
// keys, same JSON types. Error envelopes, write results and info objects
// must have exactly the sample's keys; records, users and the org at least
// the sample's (records hold what they were given, and the emulator adds
// a few keys later versions have).

type shapeMode int

const (
	exactKeys shapeMode = iota
	atLeastKeys
)

// sample reads a value out of a reference payload file by keys.
func sample(t testing.TB, file string, keys ...string) any {
	t.Helper()
	matches, err := filepath.Glob(filepath.Join("..", "testdata", "reference", file+"_*.json"))
	require.NoError(t, err)
	require.Len(t, matches, 1, "reference file %s", file)
	raw, err := os.ReadFile(matches[0])
	require.NoError(t, err)
	var v any
	require.NoError(t, json.Unmarshal(raw, &v))
	for _, k := range keys {
		switch node := v.(type) {
		case map[string]any:
			var ok bool
			v, ok = node[k]
			require.True(t, ok, "%s: no key %q", file, k)
		case []any:
			var i int
			_, err := fmt.Sscan(k, &i)
			require.NoError(t, err)
			v = node[i]
		}
	}
	return v
}

// compareShape reports every difference between ref and got: missing keys,
// extra keys (exact mode), and JSON types. A null in the sample matches
// anything; keys starting with _ are annotations; ignore lists paths.
func compareShape(where string, ref, got any, mode shapeMode, ignore []string) []string {
	var problems []string
	switch r := ref.(type) {
	case nil:
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an object, got %T", where, got)}
		}
		for _, k := range sortedKeys(r) {
			path := where + "." + k
			if strings.HasPrefix(k, "_") || contains(ignore, path) {
				continue
			}
			gv, ok := g[k]
			if !ok {
				problems = append(problems, path+": missing")
				continue
			}
			problems = append(problems, compareShape(path, r[k], gv, mode, ignore)...)
		}
		if mode == exactKeys {
			for _, k := range sortedKeys(g) {
				if _, ok := r[k]; !ok && !contains(ignore, where+"."+k) {
					problems = append(problems, where+"."+k+": not in the sample")
				}
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			return []string{fmt.Sprintf("%s: want an array, got %T", where, got)}
		}
		for i := range min(len(r), len(g)) {
			problems = append(problems, compareShape(fmt.Sprintf("%s[%d]", where, i), r[i], g[i], mode, ignore)...)
		}
	default:
		if got == nil {
			return nil // a value where Zoho may have null
		}
		if fmt.Sprintf("%T", ref) != fmt.Sprintf("%T", got) {
			problems = append(problems, fmt.Sprintf("%s: want %T (%v), got %T (%v)", where, ref, ref, got, got))
		}
	}
	return problems
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func decode(t testing.TB, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v), "%s", b)
	return v
}

// seedSample stores a sample record as is, for reading back.
func seedSample(t testing.TB, s *Server, module string, rec any) string {
	t.Helper()
	m := map[string]any{}
	for k, v := range rec.(map[string]any) {
		m[k] = v
	}
	return s.Records(module).Insert(m)[0]
}

func TestShapesMatchReference(t *testing.T) {
	type row struct {
		name   string
		ref    any
		mode   shapeMode
		ignore []string
		got    func(t *testing.T) any
	}
	s := newServer(t)
	legacy := newServer(t, WithLegacyExpiresIn())
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	leadFields := "fields=" + url.QueryEscape("Owner,Company,First_Name,Last_Name,Email,Phone,Lead_Status,Created_Time,Modified_Time")

	tokenBody := func(srv *Server, form url.Values) any {
		_, _, body := postForm(t, srv.URL+"/oauth/v2/token", form)
		return decode(t, body)
	}
	grantForm := func(srv *Server) url.Values {
		return url.Values{"grant_type": {"authorization_code"}, "client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret},
			"redirect_uri": {srv.RedirectURI}, "code": {srv.GrantToken(srv.ClientID, srv.Admin().Email)}}
	}
	refreshForm := func(srv *Server) url.Values {
		_, rt := srv.IssueTokens(srv.ClientID, srv.Admin().Email)
		return url.Values{"grant_type": {"refresh_token"}, "client_id": {srv.ClientID}, "client_secret": {srv.ClientSecret}, "refresh_token": {rt}}
	}
	body := func(a answer) any { return decode(t, a.body) }

	rows := []row{
		// Accounts.
		{"token from a grant", sample(t, "01", "sample_response_200_crm_v2_doc"), exactKeys, nil,
			func(t *testing.T) any { return tokenBody(s, grantForm(s)) }},
		{"token from a refresh", sample(t, "02", "sample_response_200_zoho_product_docs"), exactKeys, nil,
			func(t *testing.T) any { return tokenBody(s, refreshForm(s)) }},
		{"legacy refresh", sample(t, "01", "legacy_response_example_zoho_writer_doc"), exactKeys, nil,
			func(t *testing.T) any { return tokenBody(legacy, refreshForm(legacy)) }},
		{"token error", sample(t, "01", "error_responses", "invalid_code"), exactKeys, nil,
			func(t *testing.T) any {
				return tokenBody(s, url.Values{"grant_type": {"authorization_code"}, "client_id": {s.ClientID}, "client_secret": {s.ClientSecret}})
			}},
		{"user info", sample(t, "04", "sample_response_reconstructed_from_field_usage_NOT_VERBATIM"), exactKeys, nil,
			func(t *testing.T) any {
				req, _ := http.NewRequest("GET", s.URL+"/oauth/user/info", nil)
				req.Header.Set("Authorization", "Zoho-oauthtoken "+v2.token)
				resp, err := http.DefaultClient.Do(req)
				require.NoError(t, err)
				defer resp.Body.Close()
				var v any
				require.NoError(t, json.NewDecoder(resp.Body).Decode(&v))
				return v
			}},

		// Request-level errors.
		{"INVALID_TOKEN", sample(t, "05", "errors", "INVALID_TOKEN (HTTP 401)", "body_observed_real_traffic"), exactKeys, nil,
			func(t *testing.T) any { return body((&api{t: t, s: s, token: "1000.x.y", version: "v2"}).get("org")) }},
		{"AUTHENTICATION_FAILURE", sample(t, "05", "errors", "AUTHENTICATION_FAILURE (HTTP 401)", "body_official_v8_oas"), exactKeys, nil,
			func(t *testing.T) any { return body((&api{t: t, s: s, version: "v8"}).get("org")) }},
		{"OAUTH_SCOPE_MISMATCH", sample(t, "05", "errors", "OAUTH_SCOPE_MISMATCH (HTTP 401)", "body_observed_real_traffic_v2"), exactKeys, nil,
			func(t *testing.T) any {
				at, _ := s.IssueTokens(s.ClientID, s.Admin().Email, "ZohoCRM.users.READ")
				return body((&api{t: t, s: s, token: at, version: "v2"}).get("Leads"))
			}},
		{"INVALID_MODULE on GET", sample(t, "05", "errors", "INVALID_MODULE (HTTP 400)", "body_top_level_GET"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.get("Nope")) }},
		{"INVALID_MODULE on POST", sample(t, "05", "errors", "INVALID_MODULE (HTTP 400)", "body_per_record_POST"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.do("POST", "Nope", records(map[string]any{"a": 1}))) }},
		{"INVALID_DATA wrong type", sample(t, "05", "errors", "INVALID_DATA (HTTP 400, details.api_name)", "wrong_type"), exactKeys, nil,
			func(t *testing.T) any {
				return body(v8.do("POST", "Leads", records(map[string]any{"Last_Name": "x", "No_of_Employees": "many"})))
			}},
		{"INVALID_DATA too long", sample(t, "05", "errors", "INVALID_DATA (HTTP 400, details.api_name)", "too_long"), exactKeys, nil,
			func(t *testing.T) any {
				return body(v8.do("POST", "Leads", records(map[string]any{"Last_Name": strings.Repeat("x", 81)})))
			}},
		{"INVALID_DATA bad parameter", sample(t, "05", "errors", "INVALID_DATA (HTTP 400, details.api_name)", "bad_param"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.get("Leads?cvid=1")) }},
		{"DUPLICATE_DATA", sample(t, "05", "errors", "DUPLICATE_DATA (HTTP 400)", "body"), exactKeys, nil,
			func(t *testing.T) any {
				s.Records("Leads").Insert(map[string]any{"Last_Name": "d", "Email": "dup@example.com"})
				return body(v8.do("POST", "Leads", records(map[string]any{"Last_Name": "e", "Email": "dup@example.com"})))
			}},
		{"LIMIT_EXCEEDED records", sample(t, "05", "errors", "LIMIT_EXCEEDED (HTTP 400)", "too_many_records"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.do("PUT", "Leads", records(make([]map[string]any, 101)...))) }},
		{"LIMIT_EXCEEDED fields", sample(t, "05", "errors", "LIMIT_EXCEEDED (HTTP 400)", "too_many_fields_param"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.get("Leads?fields=" + strings.Repeat("F,", 51))) }},
		{"REQUIRED_PARAM_MISSING ids", sample(t, "05", "errors", "REQUIRED_PARAM_MISSING (HTTP 400)", "delete_without_ids"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.do("DELETE", "Leads", nil)) }},
		{"REQUIRED_PARAM_MISSING fields", sample(t, "05", "errors", "REQUIRED_PARAM_MISSING (HTTP 400)", "v8_get_records_without_fields"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.get("Leads")) }},
		{"EXPECTED_PARAM_MISSING", sample(t, "05", "errors", "EXPECTED_PARAM_MISSING (search, HTTP 400)"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.get("Leads/search")) }},
		{"INVALID_URL_PATTERN", sample(t, "05", "errors", "INVALID_URL_PATTERN (HTTP 404)"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.get("Leads/1/2/3/4/5")) }},
		{"INVALID_REQUEST_METHOD", sample(t, "05", "errors", "INVALID_REQUEST_METHOD (HTTP 400)"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.do("PATCH", "org", nil)) }},
		{"DISCRETE_PAGINATION_LIMIT_EXCEEDED", sample(t, "20", "errors", "400_v8_discrete_pagination"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.get("Leads?fields=Email&page=11")) }},

		// Users and org.
		{"current user", sample(t, "07", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func(t *testing.T) any { return body(v2.get("users?type=CurrentUser")) }},
		{"user by id", sample(t, "08", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func(t *testing.T) any { return body(v2.get("users/" + s.Admin().ID)) }},
		{"all users", sample(t, "09", "sample_response_200_v2_doc_copy"), atLeastKeys, nil,
			func(t *testing.T) any { return body(v2.get("users?type=AllUsers&page=1&per_page=200")) }},
		{"org", sample(t, "10", "sample_response_200_v2_official_doc"), atLeastKeys, nil,
			func(t *testing.T) any { return body(v2.get("org")) }},

		// Records.
		{"list v2", sample(t, "20", "sample_response_200_v2_composed"), atLeastKeys, nil,
			func(t *testing.T) any {
				seedSample(t, s, "Contacts", sample(t, "20", "sample_response_200_v2_composed", "data", "0"))
				return body(v2.get("Contacts"))
			}},
		{"list v2 info", sample(t, "20", "sample_response_200_v2_composed", "info"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.get("Contacts")).(map[string]any)["info"] }},
		{"list v8", sample(t, "20", "sample_response_200_v8_official"), atLeastKeys, []string{"$.info.call", "$.info.email"},
			func(t *testing.T) any {
				for range 5 {
					s.Records("Leads").Insert(map[string]any{"Last_Name": "filler"})
				}
				seedSample(t, s, "Leads", sample(t, "20", "sample_response_200_v8_official", "data", "0"))
				return body(v8.get("Leads?per_page=5&" + leadFields))
			}},
		{"list v8 info", sample(t, "20", "sample_response_200_v8_official", "info"), exactKeys,
			[]string{"$.call", "$.email"}, // Zoho adds these two for activities only
			func(t *testing.T) any { return body(v8.get("Leads?per_page=5&" + leadFields)).(map[string]any)["info"] }},
		{"get v2", sample(t, "21", "sample_response_200_v2_shape"), atLeastKeys, nil,
			func(t *testing.T) any {
				rec := sample(t, "21", "sample_response_200_v2_shape", "data", "0").(map[string]any)
				return body(v2.get("Contacts/" + rec["id"].(string)))
			}},
		{"get v8", sample(t, "21", "sample_response_200_v8_official"), atLeastKeys, nil,
			func(t *testing.T) any {
				rec := sample(t, "21", "sample_response_200_v8_official", "data", "0").(map[string]any)
				return body(v8.get("Leads/" + rec["id"].(string)))
			}},
		{"insert v2", sample(t, "22", "v2_response_shape"), exactKeys, nil,
			func(t *testing.T) any { return body(v2.do("POST", "Leads", records(map[string]any{"Last_Name": "n"}))) }},
		{"insert v8", sample(t, "22", "sample_response_201_v8_official"), exactKeys, nil,
			func(t *testing.T) any { return body(v8.do("POST", "Leads", records(map[string]any{"Last_Name": "n"}))) }},
		{"insert 207 v8", sample(t, "22", "sample_response_207_v8_official"), exactKeys, nil,
			func(t *testing.T) any {
				return body(v8.do("POST", "Leads", records(map[string]any{"Last_Name": "n"}, map[string]any{"First_Name": "no last"})))
			}},
		{"update v8", sample(t, "23", "sample_response_200_v8_official"), exactKeys, nil,
			func(t *testing.T) any {
				id := s.Records("Leads").Insert(map[string]any{"Last_Name": "u"})[0]
				return body(v8.do("PUT", "Leads", records(map[string]any{"id": id, "Company": "ABC"})))
			}},
		{"upsert v8", sample(t, "24", "sample_response_200_v8_official"), exactKeys, nil,
			func(t *testing.T) any {
				s.Records("Leads").Insert(map[string]any{"Last_Name": "up", "Email": "up@example.com"})
				return body(v8.do("POST", "Leads/upsert", records(
					map[string]any{"Last_Name": "up", "Email": "up@example.com"},
					map[string]any{"Last_Name": "new", "Email": "new-upsert@example.com"},
				)))
			}},
		{"delete", sample(t, "25", "sample_response_200_official (same ids as v2 doc request)"), exactKeys, nil,
			func(t *testing.T) any {
				ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})
				return body(v2.do("DELETE", "Leads?ids="+ids[0]+","+ids[1], nil))
			}},
		{"delete 207 v8", sample(t, "25", "sample_response_207_v8_official"), exactKeys, nil,
			func(t *testing.T) any {
				ids := s.Records("Leads").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"})
				return body(v8.do("DELETE", "Leads?ids="+ids[0]+",4150868000005067099,"+ids[1], nil))
			}},
		{"search v8", sample(t, "27", "sample_response_200_v8_official"), atLeastKeys, nil,
			func(t *testing.T) any {
				seedSample(t, s, "Leads", sample(t, "27", "sample_response_200_v8_official", "data", "0"))
				return body(v8.get("Leads/search?email=lead@zylker.com"))
			}},
		{"search v8 info", sample(t, "27", "sample_response_200_v8_official", "info"), exactKeys, nil,
			func(t *testing.T) any {
				return body(v8.get("Leads/search?email=lead@zylker.com")).(map[string]any)["info"]
			}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			got := r.got(t)
			for _, p := range compareShape("$", r.ref, got, r.mode, r.ignore) {
				t.Error(p)
			}
		})
	}
}

func TestCompareShapeCatchesDifferences(t *testing.T) {
	ref := map[string]any{"a": "x", "b": map[string]any{"c": 1.0}, "n": nil, "_note": "skip"}
	got := map[string]any{"a": 1.0, "b": map[string]any{"d": 1.0}, "n": "anything", "extra": true}
	problems := compareShape("$", ref, got, exactKeys, nil)
	require.ElementsMatch(t, []string{
		"$.a: want string (x), got float64 (1)",
		"$.b.c: missing",
		"$.b.d: not in the sample",
		"$.extra: not in the sample",
	}, problems)
	require.Len(t, compareShape("$", ref, got, atLeastKeys, nil), 2)
}

// Empty answers: 204 and 304 carry no body at all (payload 34).
func TestEmptyAnswersHaveNoBody(t *testing.T) {
	s := newServer(t, WithFrozenClock(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)))
	a := newAPI(t, s, "v2")
	for _, ans := range []answer{
		a.get("Leads"),
		a.get("Leads/search?word=x"),
		a.get("Leads/deleted"),
	} {
		require.Equal(t, http.StatusNoContent, ans.status)
		require.Empty(t, ans.body)
	}
	s.Records("Leads").Insert(map[string]any{"Last_Name": "x"})
	ans := a.get("Leads", "If-Modified-Since", "2025-01-01T05:30:00+05:30")
	require.Equal(t, http.StatusNotModified, ans.status)
	require.Empty(t, ans.body)
}
