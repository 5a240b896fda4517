package sdk_test

import (
	"testing"

	"github.com/zcrm-go/zcrm/sdk"
)

// The search group's documented answer (the calls against the emulator
// are in records_test.go, TestSearch).
func TestModuleSearchKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "module_search", map[string]documentedCall{
		"GET /crm/v8/{module}/search 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.Search(ctx, "Leads", &sdk.SearchOptions{Word: "x"}))
		},
	})
}
