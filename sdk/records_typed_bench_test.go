package sdk_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/examples/typed/crm"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/crmtype"
)

// BenchmarkTypedCreate creates 10,000 leads (without the unique Email,
// whose check would make the emulator's time grow with the records) through sdk.Typed with the
// struct zcrm gen wrote (examples/typed/crm), and the same leads as
// Records through Records.Create, against the emulator, in the same
// iterations: typed/generic is the time ratio, and validated/generic the
// typed create with WriteOptions.Validate.
func BenchmarkTypedCreate(b *testing.B) {
	const n = 10_000
	srv := emulator(b)
	c := readyClient(b, srv, fileConfig(b, srv))
	ctx := testCtx(b)
	typed := make([]crm.Lead, n)
	generic := make([]sdk.Record, n)
	for i := range typed {
		typed[i] = crm.Lead{
			LastName: fmt.Sprintf("Lace %05d", i), FirstName: "Kayleigh", Company: "Zylker",
			Phone: "+1 555 0100", City: "Austin", Website: "https://example.com",
			NoOfEmployees: crmtype.IntOf(120), AnnualRevenue: "1250000.50", EmailOptOut: crmtype.BoolOf(false),
			Description: "Met at the trade show; wants a demo.",
		}
		generic[i] = sdk.Record{
			"Last_Name": typed[i].LastName, "First_Name": "Kayleigh", "Company": "Zylker",
			"Phone": "+1 555 0100", "City": "Austin", "Website": "https://example.com", "No_of_Employees": 120,
			"Annual_Revenue": 1250000.50, "Email_Opt_Out": false, "Description": "Met at the trade show; wants a demo.",
		}
	}
	leads := sdk.Typed[crm.Lead](c, crm.LeadsModule)
	clear := func() { srv.Records(crm.LeadsModule).Delete(srv.Records(crm.LeadsModule).IDs()...) }
	var tTyped, tGeneric, tValidated time.Duration
	for b.Loop() {
		clear()
		start := time.Now()
		results, _, err := c.Records.Create(ctx, crm.LeadsModule, generic, nil)
		tGeneric += time.Since(start)
		require.NoError(b, err)
		require.NoError(b, sdk.WriteErrors(results))

		clear()
		start = time.Now()
		results, _, err = leads.Create(ctx, typed, nil)
		tTyped += time.Since(start)
		require.NoError(b, err)
		require.NoError(b, sdk.WriteErrors(results))

		clear()
		start = time.Now()
		results, _, err = leads.Create(ctx, typed, &sdk.WriteOptions{Validate: true})
		tValidated += time.Since(start)
		require.NoError(b, err)
		require.NoError(b, sdk.WriteErrors(results))
	}
	b.ReportMetric(float64(tTyped)/float64(tGeneric), "typed/generic")
	b.ReportMetric(float64(tValidated)/float64(tGeneric), "validated/generic")
}
