package zohotest

import (
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCriteria(t *testing.T) {
	rec := func(fields map[string]any) *record {
		s := NewUnstartedServer()
		id := s.Records("Leads").Insert(fields)[0]
		ms, _ := s.modules.get("Leads")
		return ms.byID[id]
	}
	r := rec(map[string]any{
		"Last_Name": "Burns,B", "First_Name": "Monty", "Amount": 150.5,
		"Account_Name": map[string]any{"name": "Zylker", "id": "42"},
		"Tags":         []string{"hot", "web"}, "Closing": "2023-06-01T10:00:00+05:30", "Done": true,
	})
	for _, tc := range []struct {
		criteria string
		want     bool
	}{
		{`(Last_Name:equals:Burns\,B)`, true},
		{`(Last_Name:equals:burns\,b)`, true},
		{`(Last_Name:equals:Burns)`, false},
		{`(Last_Name:equals:Smith,Burns\,B)`, true},
		{`((Last_Name:equals:Burns\,B)and(First_Name:starts_with:M))`, true},
		{`((Last_Name:equals:Burns\,B) and (First_Name:starts_with:X))`, false},
		{`((Last_Name:equals:X)or(First_Name:starts_with:mon))`, true},
		{`(((Last_Name:equals:X)or(First_Name:equals:Monty))and(Amount:greater_than:100))`, true},
		{`(Amount:less_equal:150.5)`, true},
		{`(Amount:less_than:100)`, false},
		{`(Amount:between:100,200)`, true},
		{`(Account_Name:equals:Zylker)`, true},
		{`(Account_Name:equals:42)`, true},
		{`(Tags:in:cold,web)`, true},
		{`(Tags:not_in:cold)`, true},
		{`(Closing:greater_equal:2023-06-01T00:00:00+00:00)`, true},
		{`(Closing:less_than:2023-06-01T04:00:00+00:00)`, false},
		{`(Done:equals:true)`, true},
		{`(Missing:equals:x)`, false},
		{`(Missing:not_equal:x)`, true},
		{`(First_Name:not_equal:Monty)`, false},
		{`(Lead_Status:equals:Qualified\(Hot\))`, false},
	} {
		c, err := parseCriteria(tc.criteria)
		require.NoError(t, err, tc.criteria)
		assert.Equal(t, tc.want, c.match(r), tc.criteria)
	}
	for _, bad := range []string{"", "Last_Name:equals:x", "(Last_Name:equals:x", "(Last_Name:like:x)", "(Last_Name)", "((A:equals:1)xor(B:equals:2))", "(A:equals:1)(B:equals:2)", "(A:between:1)"} {
		_, err := parseCriteria(bad)
		assert.Error(t, err, bad)
	}
}

func TestSearch(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v2")
	s.Records("Leads").Insert(
		map[string]any{"Last_Name": "Perry", "First_Name": "Matt", "Email": "m.perry@perry.com", "Phone": "+1 (234) 567-890", "Company": "Perry & Co"},
		map[string]any{"Last_Name": "Burns", "First_Name": "Monty", "Email": "monty@burns.com", "Secondary_Email": "boss@plant.com"},
		map[string]any{"Last_Name": "Perry-Smith", "Company": "Acme", "$converted": true},
	)
	names := func(ans answer) []string {
		require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
		var out []string
		for _, r := range ans.data(t) {
			out = append(out, r["Last_Name"].(string))
		}
		sort.Strings(out)
		return out
	}
	q := func(k, v string) string { return "Leads/search?" + k + "=" + url.QueryEscape(v) }
	assert.Equal(t, []string{"Burns"}, names(a.get(q("criteria", "((Last_Name:equals:Burns)and(First_Name:starts_with:M))"))))
	assert.Equal(t, []string{"Perry"}, names(a.get(q("email", "M.Perry@perry.com"))))
	assert.Equal(t, []string{"Burns"}, names(a.get(q("email", "boss@plant.com"))))
	assert.Equal(t, []string{"Perry"}, names(a.get(q("phone", "1234567890"))))
	assert.Equal(t, []string{"Perry"}, names(a.get(q("word", "perry"))), "converted leads are left out by default")
	assert.Equal(t, []string{"Perry", "Perry-Smith"}, names(a.get(q("word", "perry")+"&converted=both")))

	info := a.get(q("word", "perry")).info(t)
	assert.Equal(t, map[string]any{"per_page": 200.0, "count": 1.0, "page": 1.0, "more_records": false}, info)

	none := a.get(q("word", "nobody"))
	assert.Equal(t, http.StatusNoContent, none.status)
	assert.Empty(t, none.body)

	missing := a.get("Leads/search")
	assert.Equal(t, http.StatusBadRequest, missing.status)
	assert.JSONEq(t, `{"status":"error","code":"EXPECTED_PARAM_MISSING","message":"one of the expected parameter is missing","details":{"param_names":["criteria","email","phone","word"]}}`, string(missing.body))

	bad := a.get(q("criteria", "(Last_Name:like:x)"))
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.Equal(t, "INVALID_QUERY", bad.json(t)["code"])
}

func TestSearchPaging(t *testing.T) {
	s := newServer(t)
	seed := make([]map[string]any, 2050)
	for i := range seed {
		seed[i] = map[string]any{"Last_Name": fmt.Sprint("Same", i%2)}
	}
	s.Records("Contacts").Insert(seed...)
	a := newAPI(t, s, "v2")
	ans := a.get("Contacts/search?criteria=(Last_Name:equals:Same0)&per_page=100&page=10")
	require.Equal(t, http.StatusOK, ans.status)
	assert.Equal(t, true, ans.info(t)["more_records"])
	assert.Len(t, ans.data(t), 100)
	last := a.get("Contacts/search?criteria=(Last_Name:equals:Same0)&per_page=100&page=11")
	assert.Len(t, last.data(t), 25, "1025 of the 2050 match")
	assert.Equal(t, false, last.info(t)["more_records"])
	assert.Equal(t, http.StatusNoContent, a.get("Contacts/search?criteria=(Last_Name:equals:Same0)&per_page=100&page=12").status)
	assert.Equal(t, http.StatusBadRequest, a.get("Contacts/search?criteria=(Last_Name:equals:Same0)&per_page=200&page=11").status)
}
