package gen_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/zcrm-go/zcrm/internal/gen"
	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// sixtyModules is an org of 60 modules of 60 fields each, every data type
// among them, picklists of 20 values.
func sixtyModules() *gen.Metadata {
	types := []string{"text", "textarea", "email", "phone", "website", "picklist", "multiselectpicklist", "date", "datetime",
		"integer", "bigint", "double", "currency", "percent", "boolean", "lookup", "ownerlookup", "userlookup", "fileupload",
		"imageupload", "autonumber", "profileimage", "consent_lookup"}
	md := &gen.Metadata{}
	for m := range 60 {
		mod := &gen.Module{APIName: fmt.Sprintf("Custom_Module_%02ds", m), GeneratedType: "custom"}
		for f := range 60 {
			field := &sdk.Field{APIName: fmt.Sprintf("Field_%02d_Name", f), FieldLabel: fmt.Sprintf("Field %d", f), DataType: types[f%len(types)], Length: 255}
			if field.DataType == "picklist" || field.DataType == "multiselectpicklist" {
				for v := range 20 {
					field.PickListValues = append(field.PickListValues, &sdk.PickListValue{ActualValue: fmt.Sprintf("Value %d", v), DisplayValue: fmt.Sprintf("Value %d", v)})
				}
			}
			mod.Fields = append(mod.Fields, field)
		}
		md.Modules = append(md.Modules, mod)
	}
	return md
}

// BenchmarkGen times zcrm gen's work for the emulator's org (its metadata
// read over HTTP, then the code written) and for 60 modules of metadata
// from a file (the code written); each is reported in ms, with the
// emulator org's fetch apart.
func BenchmarkGen(b *testing.B) {
	srv := zohotest.NewServer()
	b.Cleanup(srv.Close)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	c, err := sdk.NewClient(ctx, sdk.Config{ClientID: srv.ClientID, ClientSecret: srv.ClientSecret, RedirectURI: srv.RedirectURI,
		AccountsURL: srv.URL, TokenPersistencePath: b.TempDir(), APIVersion: "v8"})
	require.NoError(b, err)
	b.Cleanup(func() { c.Close() })
	_, err = c.GenerateTokens(ctx, srv.GrantToken(srv.ClientID, srv.Admin().Email))
	require.NoError(b, err)
	sixty := sixtyModules()
	var fetch, emuGen, sixtyGen time.Duration
	var emuBytes, sixtyBytes int
	for b.Loop() {
		start := time.Now()
		md, err := gen.Fetch(ctx, c, nil)
		require.NoError(b, err)
		fetch += time.Since(start)
		start = time.Now()
		out, err := gen.Generate(md, gen.Options{Package: "crm"})
		require.NoError(b, err)
		emuGen += time.Since(start)
		emuBytes = len(out)

		start = time.Now()
		out, err = gen.Generate(sixty, gen.Options{Package: "crm"})
		require.NoError(b, err)
		sixtyGen += time.Since(start)
		sixtyBytes = len(out)
	}
	n := float64(b.N)
	ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 / n }
	b.ReportMetric(ms(fetch), "emulator-fetch-ms")
	b.ReportMetric(ms(emuGen), "emulator-gen-ms")
	b.ReportMetric(ms(sixtyGen), "60-modules-gen-ms")
	b.ReportMetric(float64(emuBytes)/1024, "emulator-KiB")
	b.ReportMetric(float64(sixtyBytes)/1024, "60-modules-KiB")
}
