package sdk

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// Details used to print in Go's map syntax: map[resource_path_index:0].
func TestAPIErrorPrintsDetailsAsJSON(t *testing.T) {
	err := &APIError{Method: "POST", Path: "/Leads", StatusCode: 400, Code: "MANDATORY_NOT_FOUND", Message: "required field not found",
		Details: map[string]any{"api_name": "Last_Name", "json_path": "$.data[0].Last_Name", "index": 0}}
	assert.Equal(t, `zcrm: POST /Leads: 400 MANDATORY_NOT_FOUND: required field not found (details: {"api_name":"Last_Name","index":0,"json_path":"$.data[0].Last_Name"})`, err.Error())
}
