package main

import (
	"context"
	"io"
	"net"
	"strconv"
	"strings"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// serveDataCenters runs an emulated Zoho with several data centres (zcrm
// emulator --dcs us,eu,in) until ctx ends: each DC's accounts server and
// API on ports counted up from addr's, a consent page a browser can use,
// and a few Leads in each DC's org.
func serveDataCenters(ctx context.Context, dcs, addr, redirectURI string, out io.Writer) error {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: %v", addr, err)
	}
	if host != "127.0.0.1" && host != "localhost" {
		return usagef("--addr %q: with --dcs the emulator listens on 127.0.0.1 only", addr)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535-16 {
		return usagef("--addr %q: not a usable port", addr)
	}
	opts := []zohotest.Option{zohotest.WithBasePort(port), zohotest.WithDataCenters(strings.Split(dcs, ",")...)}
	if redirectURI != "" {
		opts = append(opts, zohotest.WithRedirectURI(redirectURI))
	}
	m, err := zohotest.StartMultiDC(opts...)
	if err != nil {
		return err
	}
	defer m.Close()
	for _, dc := range m.DataCenters() {
		m.DC(dc.Location).Records("Leads").Insert(
			map[string]any{"First_Name": "Ada", "Last_Name": "Lovelace (" + dc.Location + ")", "Company": "Analytical Engines"},
			map[string]any{"First_Name": "Grace", "Last_Name": "Hopper (" + dc.Location + ")", "Company": "Cobol Works"},
		)
	}
	if err := m.Describe(out); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
