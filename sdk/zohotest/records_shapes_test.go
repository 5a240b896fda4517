package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// The answers of deleted records, lead conversion, COQL and mass update
// against Zoho's documented samples, as TestShapesMatchReference does for
// the other record operations.
func TestRecordShapesMatchReference(t *testing.T) {
	s := newServer(t)
	v2, v8 := newAPI(t, s, "v2"), newAPI(t, s, "v8")
	body := func(a answer) any { return decode(t, a.body) }
	lead := func() string {
		return s.Records("Leads").Insert(map[string]any{"Last_Name": "Boyle", "First_Name": "Pat", "Company": "Zylker"})[0]
	}
	deal := map[string]any{"Deal_Name": "Sample", "Closing_Date": "2021-01-25", "Stage": "Closed Won", "Amount": 5000}

	for _, r := range []struct {
		name string
		ref  any
		mode shapeMode
		got  func(t *testing.T) any
	}{
		{"deleted", sample(t, "26", "sample_response_200_v8_official"), exactKeys, func(t *testing.T) any {
			ids := s.Records("Contacts").Insert(map[string]any{"Last_Name": "a"}, map[string]any{"Last_Name": "b"},
				map[string]any{"Last_Name": "c"}, map[string]any{"Last_Name": "d"})
			s.Records("Contacts").Delete(ids...)
			s.Records("Contacts").Purge(ids[0], ids[1]) // listed last, as in the sample
			return body(v8.get("Contacts/deleted?type=all"))
		}},
		{"deleted bad type", sample(t, "26", "errors_v8_official", "400_pattern_not_matched"), exactKeys, func(t *testing.T) any {
			return body(v8.get("Contacts/deleted?type=some"))
		}},
		{"convert v2", sample(t, "28", "sample_response_200_v2_official_postman_collection"), exactKeys, func(t *testing.T) any {
			return body(v2.do("POST", "Leads/"+lead()+"/actions/convert", records(map[string]any{"Deals": deal})))
		}},
		{"convert v8", sample(t, "28", "v3_plus_response_shape_from_oas_schema"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "Leads/"+lead()+"/actions/convert", records(map[string]any{"Deals": deal})))
		}},
		{"convert twice", sample(t, "28", "errors_v8_oas_schema", "ID_ALREADY_CONVERTED"), exactKeys, func(t *testing.T) any {
			id := lead()
			require.Equal(t, http.StatusOK, v8.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{})).status)
			return body(v8.do("POST", "Leads/"+id+"/actions/convert", records(map[string]any{})))
		}},
		{"coql", sample(t, "40", "sample_response_200_with_id_v8_official_excerpt"), exactKeys, func(t *testing.T) any {
			s.Records("Leads").Insert(map[string]any{"Last_Name": "TestLead"})
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Last_Name from Leads where Last_Name = 'TestLead'"}))
		}},
		{"coql missing where", sample(t, "40", "errors_v8_official", "syntax_missing_clause"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Last_Name from Leads"}))
		}},
		{"coql unexpected token", sample(t, "40", "errors_v8_official", "syntax_location"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Last_Name, FROM Leads where id is not null"}))
		}},
		{"coql not supported", sample(t, "40", "errors_v8_official", "syntax_not_supported"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select COUNT(id) from Leads where id is not null"}))
		}},
		{"coql bad limit", sample(t, "40", "errors_v8_official", "invalid_limit"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Last_Name from Leads where id is not null limit s"}))
		}},
		{"coql limit zero", sample(t, "40", "errors_v8_official", "limit_zero"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Last_Name from Leads where id is not null limit 0"}))
		}},
		{"coql module", sample(t, "40", "errors_v8_official", "invalid_module"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{"select_query": "select Name from Nope where id is not null"}))
		}},
		{"coql no query", sample(t, "40", "errors_v8_official", "mandatory_not_found"), exactKeys, func(t *testing.T) any {
			return body(v8.do("POST", "coql", map[string]string{}))
		}},
		{"mass update", sample(t, "41", "sample_response_200_v8_official"), exactKeys, func(t *testing.T) any {
			id := s.Records("Events").Insert(map[string]any{"Event_Title": "e"})[0]
			return body(v8.do("POST", "Events/actions/mass_update", map[string]any{"data": []any{map[string]any{"Venue": "Estancia"}}, "ids": []string{id}}))
		}},
		{"mass update status", sample(t, "41", "sample_response_status_200_v8_official"), exactKeys, func(t *testing.T) any {
			views := s.Records("Events").Module().CustomViews
			ans := v8.do("POST", "Events/actions/mass_update", map[string]any{"data": []any{map[string]any{"Venue": "Estancia"}}, "cvid": views[0].ID})
			job := ans.data(t)[0]["details"].(map[string]any)["job_id"].(string)
			return body(v8.get("Events/actions/mass_update?job_id=" + job))
		}},
		{"mass update bad job", sample(t, "41", "errors_v8_official", "400_invalid_job_id"), exactKeys, func(t *testing.T) any {
			return body(v8.get("Events/actions/mass_update?job_id=1"))
		}},
	} {
		t.Run(r.name, func(t *testing.T) {
			got := r.got(t)
			for _, p := range compareShape("$", r.ref, got, r.mode, nil) {
				t.Error(p)
			}
		})
	}
}
