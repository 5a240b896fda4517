package main

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The records, query, modules and fields commands print a table, JSON
// (the default when not on a terminal) or CSV; writes print a result per
// record and fail when Zoho refused one.
func TestRecordsQueryAndMetadata(t *testing.T) {
	srv, env := dataEmulator(t)
	run := func(args ...string) result {
		t.Helper()
		return zcrm(t, env, args...)
	}

	r := run("records", "create", "Leads", `{"Last_Name":"Boyle","Company":"Zylker","Email":"p.boyle@zylker.com"}`)
	require.Equal(t, 0, r.code, r.stderr)
	var created []struct {
		Status, Code string
		Details      struct{ ID string }
	}
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &created), r.stdout)
	require.Len(t, created, 1)
	assert.Equal(t, "success", created[0].Status)
	boyle := created[0].Details.ID
	require.NotEmpty(t, boyle)

	// JSON lines on stdin, one refused: a result for each, exit code 1.
	create := zcrmCommand(env, "records", "create", "Leads", "-", "--table")
	create.Stdin = strings.NewReader(`{"Last_Name":"Becker","Company":"Initech","Email":"k.becker@initech.com"}
{"Last_Name":"Chen","Email":"not-an-address"}`)
	stdout, err := create.Output()
	var exitErr *exec.ExitError
	require.ErrorAs(t, err, &exitErr)
	assert.Equal(t, exitFailure, exitErr.ExitCode())
	assert.Regexp(t, `^STATUS +CODE +ID +MESSAGE\nsuccess +SUCCESS +\d+ +record added\nerror +INVALID_DATA +invalid data \(Email\)\n$`, string(stdout))
	assert.Contains(t, string(exitErr.Stderr), "1 of 2 records refused: zcrm: record 1: INVALID_DATA")
	assert.Equal(t, 2, srv.Records("Leads").Len())

	// One record: FIELD/VALUE on a table, an object in JSON, a row in CSV.
	r = run("records", "get", "Leads", boyle, "--fields", "Last_Name,Email", "--table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^FIELD +VALUE\nid +`+boyle+`\nLast_Name +Boyle\nEmail +p.boyle@zylker.com\n$`, r.stdout)
	r = run("records", "get", "Leads", boyle, "--fields", "Last_Name,Email")
	require.Equal(t, 0, r.code, r.stderr)
	assert.JSONEq(t, `{"id":"`+boyle+`","Last_Name":"Boyle","Email":"p.boyle@zylker.com"}`, r.stdout)
	r = run("records", "get", "Leads", boyle, "--fields", "Last_Name,Email", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "id,Last_Name,Email\n"+boyle+",Boyle,p.boyle@zylker.com\n", r.stdout)
	r = run("records", "get", "Leads", boyle) // every field: Owner is a lookup, shown by name
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"Owner": {`)
	r = run("records", "get", "Leads", boyle, "--table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `\nOwner +`+srv.Admin().FullName()+`\n`, r.stdout)

	list := []string{"records", "list", "Leads", "--fields", "Last_Name,Company", "--sort-by", "id", "--sort-order", "asc"}
	r = run(list...)
	require.Equal(t, 0, r.code, r.stderr)
	var listed []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &listed), r.stdout)
	require.Len(t, listed, 2)
	assert.Equal(t, "Boyle", listed[0]["Last_Name"])
	assert.Equal(t, "Becker", listed[1]["Last_Name"])
	r = run(append(list, "--table")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^id +Last_Name +Company\n\d+ +Boyle +Zylker\n\d+ +Becker +Initech\n$`, r.stdout)
	r = run(append(list, "--csv", "--limit", "1")...)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "id,Last_Name,Company\n"+boyle+",Boyle,Zylker\n", r.stdout)
	r = run("records", "list", "Leads")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "give --fields: Zoho requires them from API v8 on (zcrm fields Leads lists them)")

	r = run("records", "search", "Leads", "--criteria", "(Last_Name:equals:Becker)", "--fields", "Last_Name", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^id,Last_Name\n\d+,Becker\n$`, r.stdout)
	r = run("records", "search", "Leads", "--fields", "Last_Name")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "give one of --criteria, --email, --phone and --word")

	r = run("records", "update", "Leads", boyle, `{"Company":"Zylker Corp"}`, "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "STATUS,CODE,ID,MESSAGE\nsuccess,SUCCESS,"+boyle+",record updated\n", r.stdout)
	got, _ := srv.Records("Leads").Get(boyle)
	assert.Equal(t, "Zylker Corp", got["Company"])

	// COQL: the selected fields, in the query's order.
	r = run("query", "select Email, Last_Name from Leads where Company = 'Zylker Corp'", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Equal(t, "id,Email,Last_Name\n"+boyle+",p.boyle@zylker.com,Boyle\n", r.stdout)
	r = run("query", "--all", "select Last_Name from Leads where Last_Name is not null order by Last_Name", "--table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^id +Last_Name\n\d+ +Becker\n\d+ +Boyle\n$`, r.stdout)
	r = run("query", "select Last_Name frm Leads")
	assert.Equal(t, exitAPI, r.code, r.stderr)

	r = run("modules", "--table")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Regexp(t, `^API NAME +SINGULAR +PLURAL +API +ID\n`, r.stdout)
	assert.Regexp(t, `\nLeads +Lead +Leads +true +\d+\n`, r.stdout)
	r = run("modules")
	require.Equal(t, 0, r.code, r.stderr)
	var modules []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &modules), r.stdout)
	assert.Contains(t, apiNames(modules), "Contacts")

	r = run("fields", "Leads", "--csv")
	require.Equal(t, 0, r.code, r.stderr)
	assert.True(t, strings.HasPrefix(r.stdout, "API NAME,LABEL,TYPE,LENGTH,MANDATORY,READ ONLY,LOOKUP\n"), r.stdout)
	assert.Contains(t, r.stdout, "\nLast_Name,Last Name,text,80,true,false,\n")
	r = run("fields", "Leads", "--json")
	require.Equal(t, 0, r.code, r.stderr)
	var fields []map[string]any
	require.NoError(t, json.Unmarshal([]byte(r.stdout), &fields), r.stdout)
	assert.Contains(t, apiNames(fields), "Email")

	r = run("records", "delete", "Leads", boyle, "--json")
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, `"status": "success"`)
	r = run("records", "get", "Leads", boyle)
	assert.Equal(t, exitAPI, r.code, r.stderr)

	r = run("records", "create", "Leads", "{not json")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "the records are not JSON")
}

func apiNames(list []map[string]any) []string {
	var names []string
	for _, m := range list {
		if s, ok := m["api_name"].(string); ok {
			names = append(names, s)
		}
	}
	return names
}
