package zohotest

import (
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseCOQL(t *testing.T) {
	q, err := parseCOQL("SELECT Last_Name, Account_Name.Account_Name from Contacts WHERE (Last_Name = 'O''Brien' or Email like '%@zylker.com') and Age between 18 and 65 ORDER BY Last_Name desc, id LIMIT 10 OFFSET 20;")
	require.Nil(t, err)
	assert.Equal(t, []string{"Last_Name", "Account_Name.Account_Name"}, q.columns)
	assert.Equal(t, "Contacts", q.module)
	assert.Equal(t, []coqlOrder{{"Last_Name", true}, {"id", false}}, q.order)
	assert.Equal(t, 10, q.limit)
	assert.Equal(t, 20, q.offset)
	top := q.where.(coqlJunction)
	assert.True(t, top.and)
	assert.Equal(t, coqlCond{column: "Age", op: "between", values: []string{"18", "65"}}, top.right)
	assert.Equal(t, coqlCond{column: "Last_Name", op: "=", values: []string{"O'Brien"}}, top.left.(coqlJunction).left)

	q, err = parseCOQL("select id from Leads where id is not null limit 5, 50")
	require.Nil(t, err)
	assert.Equal(t, 5, q.offset, "limit offset, count")
	assert.Equal(t, 50, q.limit)
	q, err = parseCOQL("select id from Leads where id is not null")
	require.Nil(t, err)
	assert.Equal(t, 200, q.limit, "LIMIT defaults to 200")

	for query, code := range map[string]string{
		"select Last_Name from Leads":                                         "SYNTAX_ERROR", // WHERE is mandatory
		"select Last_Name from Leads order by id":                             "SYNTAX_ERROR",
		"update Leads set Last_Name = 'x'":                                    "SYNTAX_ERROR",
		"select * from Leads where id is not null":                            "SYNTAX_ERROR",
		"select COUNT(id) from Leads where id is not null":                    "SYNTAX_ERROR",
		"select Last_Name from Leads where Last_Name = 'unclosed":             "SYNTAX_ERROR",
		"select Last_Name from Leads where Last_Name =":                       "SYNTAX_ERROR",
		"select Last_Name from Leads where id in (select id from Contacts)":   "SYNTAX_ERROR",
		"select Last_Name from Leads where id is not null limit x":            "INVALID_QUERY",
		"select Last_Name from Leads where id is not null limit 10 offset -1": "INVALID_QUERY",
		"select Last_Name from Leads where id is not null garbage":            "SYNTAX_ERROR",
	} {
		_, err := parseCOQL(query)
		if assert.NotNil(t, err, query) {
			assert.Equal(t, code, err.code, query)
		}
	}
}

func coqlPost(a *api, query string) answer {
	return a.do("POST", "coql", map[string]string{"select_query": query})
}

func TestCOQLQueries(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")
	acc := s.Records("Accounts").Insert(map[string]any{"Account_Name": "Zylker"}, map[string]any{"Account_Name": "Acme"})
	for i := range 30 {
		rec := map[string]any{"Last_Name": fmt.Sprintf("L%02d", i), "Department": []string{"Sales", "Support", "R&D"}[i%3]}
		if i%2 == 0 {
			rec["Email"] = fmt.Sprintf("c%d@zylker.com", i)
			rec["Account_Name"] = map[string]any{"name": "Zylker", "id": acc[0]}
		} else {
			rec["Account_Name"] = map[string]any{"name": "Acme", "id": acc[1]}
		}
		if i < 3 {
			rec["Account_Name"] = nil
		}
		s.Records("Contacts").Insert(rec)
	}
	ids := s.Records("Contacts").IDs()
	names := func(ans answer) []string {
		var out []string
		for _, r := range ans.data(t) {
			out = append(out, r["Last_Name"].(string))
		}
		return out
	}

	ans := coqlPost(a, "select Last_Name, Email from Contacts where Last_Name = 'l05'")
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	assert.JSONEq(t, `{"data":[{"Last_Name":"L05","Email":null,"id":"`+ids[5]+`"}],"info":{"count":1,"more_records":false}}`, string(ans.body),
		"the selected columns and id; = ignores case")

	assert.Equal(t, []string{"L00", "L01", "L02"}, names(coqlPost(a, "select Last_Name from Contacts where Account_Name is null")))
	assert.Len(t, names(coqlPost(a, "select Last_Name from Contacts where Email like '%@zylker.com'")), 15)
	assert.Equal(t, []string{"L10", "L11", "L12"}, names(coqlPost(a, "select Last_Name from Contacts where Last_Name in ('L10','L11','L12')")))
	assert.Equal(t, []string{"L28", "L29"}, names(coqlPost(a, "select Last_Name from Contacts where Last_Name between 'L28' and 'L99'")))
	assert.Equal(t, []string{"L03", "L06"}, names(coqlPost(a, "select Last_Name from Contacts where (Department = 'Sales' and Last_Name != 'L00') and Last_Name < 'L07'")))
	assert.Equal(t, []string{"L01", "L02", "L04"}, names(coqlPost(a, "select Last_Name from Contacts where (Department = 'Support' or Department = 'R&D') and Last_Name <= 'L04'")))
	assert.Equal(t, []string{"L00", "L03"}, names(coqlPost(a, "select Last_Name from Contacts where Department not in ('Support','R&D') and Last_Name not like 'L1%' limit 2")))

	// Joins through a lookup: its own keys, or the looked-up record's fields.
	ans = coqlPost(a, "select Last_Name, Account_Name.Account_Name, Account_Name.id from Contacts where Account_Name.Account_Name = 'Acme' limit 1")
	require.Equal(t, http.StatusOK, ans.status, "%s", ans.body)
	row := ans.data(t)[0]
	assert.Equal(t, "L03", row["Last_Name"])
	assert.Equal(t, "Acme", row["Account_Name.Account_Name"])
	assert.Equal(t, acc[1], row["Account_Name.id"])
	assert.Equal(t, []string{"L02", "L03"}, names(coqlPost(a, "select Last_Name from Contacts where Owner.email = 'p.boyle@zylker.com' and Last_Name >= 'L02' limit 2")))

	// Order, limit and offset.
	assert.Equal(t, []string{"L29", "L28", "L27"}, names(coqlPost(a, "select Last_Name from Contacts where id is not null order by Last_Name desc limit 3")))
	assert.Equal(t, []string{"L21", "L18", "L15"}, names(coqlPost(a, "select Last_Name from Contacts where Department = 'Sales' order by Department, Last_Name desc limit 3 offset 2")))
	page := coqlPost(a, "select Last_Name from Contacts where id is not null limit 10 offset 15")
	assert.Equal(t, "L15", names(page)[0])
	assert.Equal(t, true, page.info(t)["more_records"])
	last := coqlPost(a, "select Last_Name from Contacts where id is not null limit 10 offset 25")
	assert.Len(t, names(last), 5)
	assert.Equal(t, false, last.info(t)["more_records"])

	assert.Equal(t, http.StatusNoContent, coqlPost(a, "select Last_Name from Contacts where Last_Name = 'nobody'").status)
	bad := coqlPost(a, "select Nope from Contacts where id is not null")
	assert.Equal(t, http.StatusBadRequest, bad.status)
	assert.JSONEq(t, `{"code":"INVALID_QUERY","details":{"column_name":"Nope"},"message":"column given seems to be invalid","status":"error"}`, string(bad.body))
	assert.Equal(t, http.StatusBadRequest, coqlPost(a, "select Last_Name from Contacts where Department.x = 'a'").status, "only lookups have sub-fields")
}

func TestCOQLLimitsByVersion(t *testing.T) {
	s := newServer(t)
	s.Records("Contacts").Insert(map[string]any{"Last_Name": "x"})
	for _, tc := range []struct {
		version string
		query   string
		want    int
		code    string
	}{
		{"v2", "limit 200", http.StatusOK, ""},
		{"v2", "limit 201", http.StatusBadRequest, "INVALID_QUERY"},
		{"v3", "limit 201", http.StatusBadRequest, "INVALID_QUERY"},
		{"v4", "limit 2000", http.StatusOK, ""},
		{"v8", "limit 2000", http.StatusOK, ""},
		{"v8", "limit 2001", http.StatusBadRequest, "INVALID_QUERY"},
		{"v2", "limit 200 offset 9800", http.StatusNoContent, ""},
		{"v2", "limit 200 offset 9801", http.StatusBadRequest, "LIMIT_EXCEEDED"},
		{"v6", "limit 2000 offset 8001", http.StatusBadRequest, "LIMIT_EXCEEDED"},
		{"v7", "limit 2000 offset 98000", http.StatusNoContent, ""},
		{"v8", "limit 2000 offset 98001", http.StatusBadRequest, "LIMIT_EXCEEDED"},
	} {
		ans := coqlPost(newAPI(t, s, tc.version), "select Last_Name from Contacts where id is not null "+tc.query)
		assert.Equal(t, tc.want, ans.status, "%s %s: %s", tc.version, tc.query, ans.body)
		if tc.code != "" {
			assert.Equal(t, tc.code, ans.json(t)["code"], "%s %s", tc.version, tc.query)
		}
	}
	bad := coqlPost(newAPI(t, s, "v2"), "select Last_Name from Contacts where id is not null limit 500")
	assert.JSONEq(t, `{"code":"INVALID_QUERY","details":{"limit":200},"message":"limit given seems to be invalid","status":"error"}`, string(bad.body))
}

func TestCOQLScopes(t *testing.T) {
	s := newServer(t)
	s.Records("Contacts").Insert(map[string]any{"Last_Name": "x"})
	query := "select Last_Name from Contacts where id is not null"
	for scopes, want := range map[string]int{
		"ZohoCRM.coql.READ":                                http.StatusUnauthorized, // and the module's scope
		"ZohoCRM.modules.contacts.READ":                    http.StatusUnauthorized,
		"ZohoCRM.coql.READ,ZohoCRM.modules.contacts.READ":  http.StatusOK,
		"ZohoCRM.coql.READ,ZohoCRM.modules.ALL":            http.StatusOK,
		"ZohoCRM.coql.READ,ZohoCRM.modules.leads.READ":     http.StatusUnauthorized,
		"ZohoCRM.coql.READ,ZohoCRM.modules.contacts.WRITE": http.StatusUnauthorized,
	} {
		at, _ := s.IssueTokens(s.ClientID, s.Admin().Email, scopes)
		ans := coqlPost(&api{t: t, s: s, token: at, version: "v8"}, query)
		assert.Equal(t, want, ans.status, "%s: %s", scopes, ans.body)
	}
}
