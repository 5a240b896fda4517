package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/zcrm-go/zcrm/sdk"
	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// emulated is an emulated Zoho with two data centres, US and EU, each with
// its own org, administrator and leads, and the app registered in both
// with a client secret for each (the API console's Multi-DC setting).
type emulated struct {
	Zoho   *zohotest.MultiDC
	Config sdk.Config
	Users  []demoUser // one per data centre, to sign in as
}

type demoUser struct{ Email, Name, Location string }

// The leads each data centre's org starts with: a user sees only their own.
var demoLeads = map[string][]map[string]any{
	"us": {
		{"First_Name": "Grace", "Last_Name": "Hopper", "Company": "Cobol Systems", "Email": "grace@cobol.example"},
		{"First_Name": "Katherine", "Last_Name": "Johnson", "Company": "Orbital Mechanics", "Email": "katherine@orbits.example"},
		{"First_Name": "Margaret", "Last_Name": "Hamilton", "Company": "Apollo Software", "Email": "margaret@apollo.example"},
	},
	"eu": {
		{"First_Name": "Ada", "Last_Name": "Lovelace", "Company": "Analytical Engines", "Email": "ada@engines.example"},
		{"First_Name": "Emmy", "Last_Name": "Noether", "Company": "Invariant Algebra", "Email": "emmy@algebra.example"},
		{"First_Name": "Marie", "Last_Name": "Curie", "Company": "Radium Institute", "Email": "marie@radium.example"},
	},
}

// emulatorOptions say where the app is and where its tokens go.
type emulatorOptions struct {
	RedirectURI string // the app's callback URL
	TokenDir    string // the file store's folder
	PluginDir   string // where the file store plugin is; "" to search as the SDK does
}

func startEmulator(o emulatorOptions) (*emulated, error) {
	zoho, err := zohotest.StartMultiDC(zohotest.WithDataCenters("us", "eu"))
	if err != nil {
		return nil, fmt.Errorf("starting the Zoho emulator: %w", err)
	}
	client := zoho.RegisterClient(zohotest.MultiDCClient{
		Name:         "zcrm example web app",
		RedirectURI:  o.RedirectURI,
		PerDCSecrets: true,
	})
	e := &emulated{Zoho: zoho}
	var dcs []sdk.DataCenter
	for _, dc := range zoho.DataCenters() {
		dcs = append(dcs, sdk.DataCenter{Name: dc.Name, Location: dc.Location, AccountsURL: dc.AccountsURL, APIBaseURL: dc.APIURL})
		server := zoho.DC(dc.Location)
		server.Records("Leads").Insert(demoLeads[dc.Location]...)
		admin := server.Admin()
		e.Users = append(e.Users, demoUser{Email: admin.Email, Name: admin.FirstName + " " + admin.LastName, Location: dc.Location})
	}
	e.Config = sdk.Config{
		ClientID:      client.ID,
		ClientSecret:  client.Secrets["us"],
		ClientSecrets: client.Secrets,
		RedirectURI:   o.RedirectURI,
		// The app is registered in the US; Zoho sends users of other data
		// centres on to their own.
		AccountsURL:          zoho.DC("us").AccountsURL,
		DataCenters:          dcs,
		TokenPersistencePath: o.TokenDir,
		PluginDir:            o.PluginDir,
		// The SDK reads the emulator's clock, so that moving it expires
		// tokens for both.
		Now: zoho.Now,
	}
	return e, nil
}

func (e *emulated) Close() { e.Zoho.Close() }

// defaultPluginDir finds the file store plugin for a `go run`, whose
// executable lives in a temporary folder: $ZCRM_PLUGIN_DIR, else the bin/
// folder `make build` fills, when it holds the plugin.
func defaultPluginDir() string {
	if dir := os.Getenv(sdk.PluginDirEnv); dir != "" {
		return dir
	}
	if _, err := os.Stat(filepath.Join("bin", sdk.FilePluginName)); err == nil {
		if abs, err := filepath.Abs("bin"); err == nil {
			return abs
		}
	}
	return ""
}
