package calltrace

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestInSDK(t *testing.T) {
	for fn, want := range map[string]bool{
		"github.com/zcrm-go/zcrm/sdk.(*TaxesService).List":        true,
		"github.com/zcrm-go/zcrm/sdk.fetchPage[...]":              true,
		"github.com/zcrm-go/zcrm/sdk/bulk.(*Service).Read.func1":  true,
		"github.com/zcrm-go/zcrm/sdk_test.TestTaxes":              false,
		"github.com/zcrm-go/zcrm/sdk/bulk_test.TestRead.func2":    false,
		"github.com/zcrm-go/zcrm/sdk/zohotest.(*Server).serveCRM": false,
		"github.com/zcrm-go/zcrm/cmd/zcrm.runAPI":                 false,
		"main.main": false,
		"github.com/zcrm-go/zcrm/sdkextra.(*X).Y": false,
	} {
		assert.Equal(t, want, inSDK(fn), fn)
	}
}

// entry stands for a public entry point: this test, outside the SDK,
// calls it, so its context is marked raw once marking is on.
func entry(ctx context.Context) context.Context { return MarkRaw(ctx, "entry") }

func TestMarkRaw(t *testing.T) {
	h := http.Header{}
	Mark(entry(context.Background()), h)
	assert.Empty(t, h, "off until Enable")

	Enable()
	ctx := entry(context.Background())
	assert.True(t, IsRaw(ctx))
	Mark(ctx, h)
	assert.Equal(t, "raw", h.Get(Header))
	assert.False(t, IsRaw(MarkRaw(context.Background(), "not.on.the.stack")))
}
