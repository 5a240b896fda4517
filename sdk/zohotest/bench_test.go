package zohotest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
)

// benchContacts seeds n contacts shaped like Zoho's v2 sample record.
func benchContacts(s *Server, n int) {
	seed := make([]map[string]any, n)
	for i := range seed {
		seed[i] = map[string]any{
			"First_Name": "Kayleigh", "Last_Name": fmt.Sprint("Lace ", i), "Salutation": "Ms.",
			"Email": fmt.Sprintf("k.lace%d@example.com", i), "Phone": "555-555-5555", "Mobile": "555-555-5556",
			"Title": "Cost Accountant", "Department": nil, "Lead_Source": "Partner", "Twitter": "Kayleigh-lace",
			"Skype_ID": "Kayleigh-lace", "Email_Opt_Out": false, "Description": nil,
			"Mailing_Street": "34 Center St", "Mailing_City": "Hamilton", "Mailing_State": "OH",
			"Mailing_Zip": "45011", "Mailing_Country": "US", "Date_of_Birth": nil,
			"Account_Name":     map[string]any{"name": "Printing Dimensions", "id": "3652397000000190097"},
			"$currency_symbol": "Rs.", "Tag": []any{},
		}
	}
	s.Records("Contacts").Insert(seed...)
}

func fetch(b *testing.B, client *http.Client, url, token string) int {
	req, _ := http.NewRequest("GET", url, nil)
	if token != "" {
		req.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	}
	resp, err := client.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	n, err := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		b.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	return int(n)
}

// BenchmarkListPage200 lists a 200-record page of 10,000 contacts with raw
// net/http. static serves the very same bytes from a handler that does
// nothing else: the ratio emulator/static is the emulator's own cost over
// the transport's.
func BenchmarkListPage200(b *testing.B) {
	s := NewServer()
	defer s.Close()
	benchContacts(s, 10_000)
	token, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	page := s.URL + "/crm/v2/Contacts?page=3&per_page=200"

	resp, _ := http.NewRequest("GET", page, nil)
	resp.Header.Set("Authorization", "Zoho-oauthtoken "+token)
	r, err := client.Do(resp)
	if err != nil {
		b.Fatal(err)
	}
	body, _ := io.ReadAll(r.Body)
	r.Body.Close()
	static := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeRaw(w, http.StatusOK, body)
	}))
	defer static.Close()

	b.Run("emulator", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			fetch(b, client, page, token)
		}
	})
	b.Run("emulator-fields", func(b *testing.B) {
		url := s.URL + "/crm/v8/Contacts?page=3&per_page=200&fields=Last_Name,Email,Phone,Account_Name"
		for b.Loop() {
			fetch(b, client, url, token)
		}
	})
	b.Run("emulator-sorted", func(b *testing.B) {
		url := s.URL + "/crm/v2/Contacts?page=3&per_page=200&sort_by=Last_Name"
		for b.Loop() {
			fetch(b, client, url, token)
		}
	})
	b.Run("static", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		for b.Loop() {
			fetch(b, client, static.URL, "")
		}
	})
}

// BenchmarkWalk10000 reads all 10,000 contacts, 200 a page, following
// page tokens (v8): what the SDK's iterator benchmarks will do.
func BenchmarkWalk10000(b *testing.B) {
	s := NewServer()
	defer s.Close()
	benchContacts(s, 10_000)
	token, _ := s.IssueTokens(s.ClientID, s.Admin().Email)
	a := &api{t: b, s: s, token: token, version: "v8"}
	for b.Loop() {
		pages, next := 0, ""
		for {
			path := "Contacts?per_page=200&fields=Last_Name,Email"
			if next != "" {
				path += "&page_token=" + next
			}
			ans := a.get(path)
			if ans.status != http.StatusOK {
				b.Fatalf("%d %s", ans.status, ans.body)
			}
			pages++
			var page struct {
				Info struct {
					Next string `json:"next_page_token"`
				} `json:"info"`
			}
			if err := json.Unmarshal(ans.body, &page); err != nil {
				b.Fatal(err)
			}
			if next = page.Info.Next; next == "" {
				break
			}
		}
		if pages != 50 {
			b.Fatalf("%d pages", pages)
		}
	}
}

// BenchmarkSeed10000 is the cost of Records().Insert for a benchmark's data.
func BenchmarkSeed10000(b *testing.B) {
	for b.Loop() {
		s := NewUnstartedServer()
		benchContacts(s, 10_000)
	}
}
