package zohotest

import "strings"

// Zia's enrichment of a person (crm-oas group zia_people_enrichment,
// /__zia_people_enrichment), served as an org's is
// (zia_org_enrichment.go): from a name, an email, a company (name,
// website) or social profiles; the domain found is the email's or the
// company website's.

var ziaPeopleEnrichment = registerEnrichment(&enrichmentSpec{
	keyedSpec: &keyedSpec{path: "__zia_people_enrichment", key: "__zia_people_enrichment", what: "people enrichment",
		scope: "ZohoCRM.settings.intelligence"},
	modules: []string{"Leads", "Contacts"},
	message: "People Enrichment scheduled successfully",
	basedOn: []string{"name", "email", "company", "social"},
	domain: func(based map[string]any) string {
		company, _ := based["company"].(map[string]any)
		return domainOf(textOf(company["website"]), textOf(based["email"]))
	},
	enriched: func(based map[string]any, domain string) obj {
		name := textOf(based["name"])
		if name == "" {
			local, _, _ := strings.Cut(textOf(based["email"]), "@")
			name = titleOf(local)
		}
		first, last, _ := strings.Cut(name, " ")
		email := textOf(based["email"])
		if email == "" {
			email = strings.ToLower(first) + "@" + domain
		}
		return obj{{"name", name}, {"first_name", first}, {"last_name", last}, {"primary_email", email},
			{"email_infos", []obj{{{"type", "work"}, {"email", email}}}}, {"designation", "Head of Sales"},
			{"website", "https://www." + domain},
			{"company_info", obj{{"name", titleOf(domain)}, {"industries", []obj{{{"name", "Software"}, {"description", "Business software"}}}},
				{"experiences", []obj{{{"company_name", titleOf(domain)}, {"title", "Head of Sales"}, {"start_date", "2019-01"}, {"end_date", nil}, {"primary", true}}}}}},
			{"primary_address_info", obj{{"name", "Austin"}, {"region", "Texas"}, {"country", "United States"}, {"continent", "North America"}, {"primary", true}}}}
	},
})
