package sdk_test

import (
	"testing"

	"github.com/zcrm-go/zcrm/sdk"
)

// The mass update group's documented answer (the calls against the
// emulator are in records_test.go, TestMassUpdate).
func TestMassUpdateKeepDocumentedFields(t *testing.T) {
	ctx := testCtx(t)
	checkDocumented(t, "mass_update", map[string]documentedCall{
		"POST /crm/v8/{module}/actions/mass_update 200": func(c *sdk.Client) (any, *sdk.Response, error) {
			return unwrap(c.Records.MassUpdate(ctx, "Leads", sdk.Record{"Company": "x"}, "1"))
		},
	})
}
