package zohotest_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/zcrm-go/zcrm/sdk/zohotest"
)

// get calls the CRM with an access token and returns the HTTP status.
func get(s *zohotest.Server, token, path string) int {
	req, _ := http.NewRequest("GET", s.URL+path, nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

// A grant code from the emulator, exchanged for tokens, then a CRM call:
// what an application does against Zoho, with s.URL as both the accounts
// URL and the API base URL.
func Example() {
	s := zohotest.NewServer()
	defer s.Close()

	code := s.GrantToken(s.ClientID, s.Admin().Email, "ZohoCRM.users.READ", "AaaServer.profile.READ")
	resp, err := http.PostForm(s.URL+"/oauth/v2/token", url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {s.ClientID},
		"client_secret": {s.ClientSecret},
		"redirect_uri":  {s.RedirectURI},
		"code":          {code},
	})
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		APIDomain   string `json:"api_domain"`
		ExpiresIn   int    `json:"expires_in"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	fmt.Println("expires in", tok.ExpiresIn, "s; api domain is the server:", tok.APIDomain == s.URL)

	req, _ := http.NewRequest("GET", tok.APIDomain+"/crm/v2/users?type=CurrentUser", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.AccessToken)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var users struct {
		Users []struct {
			FullName string `json:"full_name"`
			Email    string `json:"email"`
		} `json:"users"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&users)
	fmt.Println(resp.StatusCode, users.Users[0].FullName, users.Users[0].Email)
	// Output:
	// expires in 3600 s; api domain is the server: true
	// 200 Patricia Boyle p.boyle@zylker.com
}

// The emulator's clock moves on command: an hour later the access token is
// refused, as Zoho refuses it.
func ExampleServer_Advance() {
	s := zohotest.NewServer()
	defer s.Close()
	access, _ := s.IssueTokens(s.ClientID, s.Admin().Email)

	fmt.Println(get(s, access, "/crm/v2/org"))
	s.Advance(time.Hour)
	fmt.Println(get(s, access, "/crm/v2/org"))
	// Output:
	// 200
	// 401
}

// Faults make the next requests fail: here the next two CRM calls get 429
// with a Retry-After header, then the CRM answers again.
func ExampleServer_InjectFault() {
	s := zohotest.NewServer()
	defer s.Close()
	access, _ := s.IssueTokens(s.ClientID, s.Admin().Email)

	f := s.InjectFault(zohotest.Fault{
		Path:   "/crm/",
		Status: http.StatusTooManyRequests,
		Header: http.Header{"Retry-After": {"1"}},
		Times:  2,
	})
	for range 3 {
		fmt.Println(get(s, access, "/crm/v2/org"))
	}
	fmt.Println("hits:", f.Hits())
	// Output:
	// 429
	// 429
	// 200
	// hits: 2
}

// Records seeds data without HTTP, for tests and benchmarks that need many.
func ExampleRecordStore_Insert() {
	s := zohotest.NewServer()
	defer s.Close()
	leads := make([]map[string]any, 250)
	for i := range leads {
		leads[i] = map[string]any{"Last_Name": fmt.Sprintf("Lead %d", i), "Company": "Zylker"}
	}
	s.Records("Leads").Insert(leads...)
	access, _ := s.IssueTokens(s.ClientID, s.Admin().Email)

	req, _ := http.NewRequest("GET", s.URL+"/crm/v2/Leads?per_page=200", nil)
	req.Header.Set("Authorization", "Zoho-oauthtoken "+access)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		panic(err)
	}
	defer resp.Body.Close()
	var page struct {
		Data []map[string]any `json:"data"`
		Info struct {
			Count       int  `json:"count"`
			MoreRecords bool `json:"more_records"`
		} `json:"info"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&page)
	fmt.Println(s.Records("Leads").Len(), page.Info.Count, page.Info.MoreRecords, page.Data[0]["Last_Name"])
	// Output: 250 200 true Lead 249
}

// Several data centres: a user of the EU exchanges their grant code at the
// EU accounts server, whose answer sends API calls to the EU's API; the
// US never hears of them.
func ExampleNewMultiDC() {
	m := zohotest.NewMultiDC(zohotest.WithDataCenters("us", "eu"))
	defer m.Close()
	hans := m.AddUser("eu", zohotest.User{FirstName: "Hans", LastName: "Müller", Email: "hans@zylker.eu"})
	eu := m.DC("eu")

	code := m.GrantToken(m.ClientID, hans.Email)
	resp, err := http.PostForm(eu.AccountsURL+"/oauth/v2/token", url.Values{
		"grant_type":    {"authorization_code"},
		"client_id":     {m.ClientID},
		"client_secret": {m.ClientSecret},
		"redirect_uri":  {m.RedirectURI},
		"code":          {code},
	})
	if err != nil {
		panic(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
		APIDomain   string `json:"api_domain"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()

	for _, dc := range m.DataCenters() {
		req, _ := http.NewRequest("GET", dc.APIURL+"/crm/v8/users?type=CurrentUser", nil)
		req.Header.Set("Authorization", "Zoho-oauthtoken "+tok.AccessToken)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(dc.Location, dc.Name, resp.StatusCode, tok.APIDomain == dc.APIURL)
	}
	fmt.Println("exchanges:", m.Counters()["us"].GrantExchanges, m.Counters()["eu"].GrantExchanges)
	// Output:
	// us United States 401 false
	// eu Europe 200 true
	// exchanges: 0 1
}
