package zohotest

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func taxes(list ...map[string]any) map[string]any { return map[string]any{"taxes": list} }

// keyed returns body[key] of a settings answer.
func keyed(t testing.TB, a answer, key string) []map[string]any {
	t.Helper()
	var out []map[string]any
	for _, item := range a.json(t)[key].([]any) {
		out = append(out, item.(map[string]any))
	}
	return out
}

func TestTaxes(t *testing.T) {
	s := newServer(t)
	a := newAPI(t, s, "v8")

	list := a.get("org/taxes")
	require.Equal(t, http.StatusOK, list.status, "%s", list.body)
	got := keyed(t, list, "taxes")
	require.Len(t, got, 2)
	assert.Equal(t, "Sales Tax", got[0]["name"])
	assert.Equal(t, 10.0, got[0]["value"])
	assert.Equal(t, map[string]any{"auto_populate_tax": false, "modify_tax_rates": true}, list.json(t)["preference"])

	created := a.do("POST", "org/taxes", taxes(
		map[string]any{"name": "GST", "value": 18},
		map[string]any{"name": "vat", "value": 5},
		map[string]any{"value": 1},
		map[string]any{"name": "Bad", "value": 101},
	))
	assert.Equal(t, http.StatusMultiStatus, created.status, "%s", created.body)
	results := keyed(t, created, "taxes")
	require.Len(t, results, 4)
	assert.Equal(t, "SUCCESS", results[0]["code"])
	assert.Equal(t, "tax added", results[0]["message"])
	gstID := results[0]["details"].(map[string]any)["id"].(string)
	assert.Equal(t, map[string]any{"code": "DUPLICATE_DATA", "details": map[string]any{"api_name": "name", "json_path": "$.taxes[1].name"}, "message": "duplicate data", "status": "error"}, results[1])
	assert.Equal(t, "MANDATORY_NOT_FOUND", results[2]["code"])
	assert.Equal(t, "value", results[3]["details"].(map[string]any)["api_name"])

	one := a.get("org/taxes/" + gstID)
	require.Equal(t, http.StatusOK, one.status)
	assert.Equal(t, "GST", keyed(t, one, "taxes")[0]["display_label"])
	assert.Equal(t, http.StatusBadRequest, a.get("org/taxes/123").status)

	updated := a.do("PUT", "org/taxes", taxes(map[string]any{"id": gstID, "value": 12.5}, map[string]any{"value": 3}))
	assert.Equal(t, http.StatusMultiStatus, updated.status)
	assert.Equal(t, "tax updated", keyed(t, updated, "taxes")[0]["message"])
	assert.Equal(t, "id", keyed(t, updated, "taxes")[1]["details"].(map[string]any)["api_name"])
	assert.Equal(t, 12.5, s.Taxes()[2].Value)
	assert.Equal(t, "GST", s.Taxes()[2].Name, "fields not given are kept")

	v2 := newAPI(t, s, "v2")
	deleted := v2.do("DELETE", "org/taxes?ids="+gstID+",999", nil)
	assert.Equal(t, http.StatusAccepted, deleted.status, "a mix answers 202 before v4")
	assert.Equal(t, "tax not deleted", keyed(t, deleted, "taxes")[1]["message"])
	assert.Len(t, s.Taxes(), 2)
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", "org/taxes", nil).status, "ids are required")

	for _, tax := range s.Taxes() {
		ans := a.do("DELETE", "org/taxes/"+tax.ID, nil)
		require.Equal(t, http.StatusOK, ans.status)
		assert.Equal(t, "SUCCESS", keyed(t, ans, "taxes")[0]["code"])
	}
	assert.Equal(t, http.StatusNoContent, a.get("org/taxes").status)
	assert.Equal(t, http.StatusBadRequest, a.do("DELETE", "org/taxes/"+gstID, nil).status)

	assert.Equal(t, http.StatusBadRequest, a.do("POST", "org/taxes", map[string]any{}).status)
	assert.Equal(t, http.StatusBadRequest, a.do("POST", "org/taxes", []byte("{")).status)
}

func TestAddTax(t *testing.T) {
	s := newServer(t)
	tax := s.AddTax(Tax{Name: "Luxury", Value: 28})
	assert.NotEmpty(t, tax.ID)
	assert.Equal(t, 3, tax.SequenceNumber)
	assert.Panics(t, func() { s.AddTax(Tax{Name: "luxury"}) })
	assert.Panics(t, func() { s.AddTax(Tax{}) })
}
