package main

import (
	"context"
	"net"
	"strconv"
	"strings"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// serveDataCenters runs an emulated Zoho with several data centres (zcrm
// emulator --dcs us,eu,in) until ctx ends: each DC's accounts server, API
// and upload host on ports counted up from addr's, a consent page a
// browser can use, and a few Leads in each DC's org.
func serveDataCenters(ctx context.Context, dcs, addr, redirectURI string, print func(*emulation) error) error {
	host, portText, err := net.SplitHostPort(addr)
	if err != nil {
		return usagef("--addr %q: %v", addr, err)
	}
	if host != "127.0.0.1" && host != "localhost" {
		return usagef("--addr %q: with --dcs the emulator listens on 127.0.0.1 only", addr)
	}
	port, err := strconv.Atoi(portText)
	if err != nil || port < 1 || port > 65535-24 {
		return usagef("--addr %q: not a usable port (--dcs takes three ports a data centre from it)", addr)
	}
	if redirectURI == "" {
		redirectURI = exampleCallback
	}
	m, err := zohotest.StartMultiDC(zohotest.WithBasePort(port), zohotest.WithDataCenters(strings.Split(dcs, ",")...),
		zohotest.WithRedirectURI(redirectURI))
	if err != nil {
		return err
	}
	defer m.Close()
	var text strings.Builder
	if err := m.Describe(&text); err != nil {
		return err
	}
	e := &emulation{ClientID: m.ClientID, ClientSecret: m.ClientSecret, RedirectURI: m.RedirectURI, text: text.String(),
		env: [][]envVar{{{"ZCRM_CLIENT_ID", m.ClientID}, {"ZCRM_CLIENT_SECRET", m.ClientSecret}, {"ZCRM_REDIRECT_URI", m.RedirectURI}}}}
	for i, dc := range m.DataCenters() {
		s := m.DC(dc.Location)
		s.Records("Leads").Insert(
			map[string]any{"First_Name": "Ada", "Last_Name": "Lovelace (" + dc.Location + ")", "Company": "Analytical Engines"},
			map[string]any{"First_Name": "Grace", "Last_Name": "Hopper (" + dc.Location + ")", "Company": "Cobol Works"},
		)
		admin := s.Admin()
		e.DataCenters = append(e.DataCenters, emulatedDC{Location: dc.Location, Name: dc.Name, AccountsURL: dc.AccountsURL, APIURL: dc.APIURL, UploadURL: dc.UploadURL})
		e.Users = append(e.Users, emulatedUser{Email: admin.Email, Name: admin.FullName(), Location: dc.Location})
		if i == 0 {
			// Logins start at the first data centre; Zoho sends users of
			// the others on to their own.
			e.env = append(e.env, []envVar{{"ZCRM_ACCOUNTS_URL", dc.AccountsURL}})
			e.LoginURL = m.LoginURL()
		}
		loc := strings.ToUpper(dc.Location)
		e.env = append(e.env, []envVar{
			{"ZCRM_ACCOUNTS_URL_" + loc, dc.AccountsURL}, {"ZCRM_API_BASE_URL_" + loc, dc.APIURL}, {"ZCRM_UPLOAD_URL_" + loc, dc.UploadURL},
		})
	}
	if err := print(e); err != nil {
		return err
	}
	<-ctx.Done()
	return nil
}
