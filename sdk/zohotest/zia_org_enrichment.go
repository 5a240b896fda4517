package zohotest

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
)

// Zia's enrichment of an org (crm-oas group zia_org_enrichment,
// /__zia_org_enrichment) and, the same way, of a person
// (zia_people_enrichment.go). POST ?module= (and record_id=, a record of
// that module) asks for one, from what enrich_based_on gives; Zoho answers
// 202 SCHEDULED with its id, and the request is a background job
// (jobs.go): SCHEDULED, then COMPLETED with enriched_data made from what
// was given, or DATA_NOT_FOUND when nothing names a domain (a website, an
// email's, a company's). Each COMPLETED one uses a credit of the data
// enrichment feature (features.go). Lists page, filter by ?status= and
// sort; an id that names no request is INVALID_DATA.

// enrichmentSpec declares one kind of enrichment.
type enrichmentSpec struct {
	*keyedSpec
	modules  []string // those ?module= may name
	message  string   // of the SCHEDULED result
	basedOn  []string // keys of enrich_based_on, one of which is needed
	enriched func(based map[string]any, domain string) obj
	// domain is the domain the request names, "" for none.
	domain func(based map[string]any) string
}

var enrichmentStatuses = []string{"COMPLETED", "FAILED", "DATA_NOT_FOUND", "SCHEDULED"}

// registerEnrichment serves an enrichment's routes.
func registerEnrichment(e *enrichmentSpec) *enrichmentSpec {
	e.ops = opGet
	registerKeyed(e.keyedSpec)
	handleCRM(http.MethodGet, e.path, e.scope+".READ", func(s *Server, c *call) { s.listEnrichments(c, e) })
	handleCRM(http.MethodPost, e.path, e.scope+".CREATE", func(s *Server, c *call) { s.createEnrichment(c, e) })
	return e
}

// listEnrichments answers a page of the requests of ?status= (all
// without), oldest first or, with sort_order=desc, newest first (by
// created_time or id: the same order).
func (s *Server) listEnrichments(c *call, e *enrichmentSpec) {
	for _, p := range []struct {
		name      string
		supported []string
	}{{"status", enrichmentStatuses}, {"sort_by", []string{"created_time", "id"}}, {"sort_order", []string{"asc", "desc"}}} {
		if v := c.query(p.name); v != "" && !slices.Contains(p.supported, v) {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "invalid data", obj{{"param", p.name}, {"supported_values", p.supported}})
			return
		}
	}
	page, perPage, ok := c.paging()
	if !ok {
		return
	}
	st := s.keyedStore(e.keyedSpec)
	var items []doc
	for _, d := range st.entries("") {
		if c.query("status") == "" || text(d, "status") == c.query("status") {
			items = append(items, d)
		}
	}
	if c.query("sort_order") == "desc" {
		slices.Reverse(items)
	}
	start, end := pageOf(len(items), page, perPage)
	if start == end {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	st.answerEntries(s, c, items[start:end], obj{{"info", pageInfo(perPage, end-start, page, end < len(items))}})
}

var ziaOrgEnrichment = registerEnrichment(&enrichmentSpec{
	keyedSpec: &keyedSpec{path: "__zia_org_enrichment", key: "__zia_org_enrichment", what: "org enrichment",
		scope: "ZohoCRM.settings.intelligence"},
	modules: []string{"Leads", "Accounts"},
	message: "Org Enrichment scheduled successfully",
	basedOn: []string{"name", "email", "website"},
	domain: func(based map[string]any) string {
		return domainOf(textOf(based["website"]), textOf(based["email"]))
	},
	enriched: func(based map[string]any, domain string) obj {
		name := textOf(based["name"])
		if name == "" {
			name = titleOf(domain)
		}
		return obj{{"name", name}, {"website", "https://www." + domain}, {"primary_email", "info@" + domain},
			{"ceo", "Ada " + titleOf(domain)}, {"no_of_employees", "51-200"}, {"revenue", "$10M-$50M"},
			{"founding_year", "2009"}, {"org_type", "Private"}, {"org_status", "Active"},
			{"industries", []obj{{{"name", "Software"}, {"description", "Business software"}}}},
			{"head_quarters", []obj{{{"city", "Austin"}, {"state", "Texas"}, {"country", "United States"}, {"pin_code", "73301"}, {"fill_address", "Austin, Texas, United States"}}}},
			{"social_media", []obj{{{"media_type", "linkedin"}, {"media_url", []string{"https://www.linkedin.com/company/" + strings.Split(domain, ".")[0]}}}}}}
	},
})

// domainOf is the domain of a website or else of an email address.
func domainOf(website, email string) string {
	if website != "" {
		w := strings.TrimPrefix(strings.TrimPrefix(website, "https://"), "http://")
		w = strings.TrimPrefix(w, "www.")
		w, _, _ = strings.Cut(w, "/")
		return strings.ToLower(w)
	}
	if _, d, ok := strings.Cut(email, "@"); ok {
		return strings.ToLower(d)
	}
	return ""
}

// titleOf is a domain's first label with a capital: zylker.com, Zylker.
func titleOf(domain string) string {
	label, _, _ := strings.Cut(domain, ".")
	if label == "" {
		return ""
	}
	return strings.ToUpper(label[:1]) + label[1:]
}

func (s *Server) createEnrichment(c *call, e *enrichmentSpec) {
	ms, meta, ok := s.moduleParam(c)
	if !ok {
		return
	}
	if !slices.Contains(e.modules, meta.APIName) {
		fail(c.w, http.StatusBadRequest, "INVALID_MODULE", "the module name given seems to be invalid", obj{{"param_name", "module"}})
		return
	}
	if id := c.query("record_id"); id != "" {
		ms.mu.RLock()
		_, found := ms.byID[id]
		ms.mu.RUnlock()
		if !found {
			fail(c.w, http.StatusBadRequest, "INVALID_DATA", "the record_id given seems to be invalid", obj{{"param_name", "record_id"}})
			return
		}
	}
	entries, ok := readKeyedBody(c, e.key, 1)
	if !ok {
		return
	}
	refuse := func(code, message string, details obj) {
		writeJSON(c.w, http.StatusBadRequest, obj{{e.key, []recordResult{recordError(code, message, details)}}})
	}
	var based map[string]any
	if raw, has := entries[0]["enrich_based_on"]; entries[0] != nil && has {
		if json.Unmarshal(raw, &based) != nil {
			refuse("INVALID_DATA", "invalid data", obj{{"api_name", "enrich_based_on"}, {"expected_data_type", "jsonobject"},
				{"json_path", "$." + e.key + "[0].enrich_based_on"}})
			return
		}
	}
	if based == nil {
		refuse("MANDATORY_NOT_FOUND", "required field not found", obj{{"api_name", "enrich_based_on"}, {"json_path", "$." + e.key + "[0].enrich_based_on"}})
		return
	}
	given := false
	for _, k := range e.basedOn {
		if v, isObject := based[k].(map[string]any); isObject {
			given = given || len(v) > 0
		} else {
			given = given || textOf(based[k]) != ""
		}
	}
	if !given {
		expected := make([]obj, len(e.basedOn))
		for i, k := range e.basedOn {
			expected[i] = obj{{"api_name", k}, {"json_path", "$." + e.key + "[0].enrich_based_on." + k}}
		}
		refuse("EXPECTED_FIELD_MISSING", "one of the expected fields is missing", obj{{"expected_fields", expected}})
		return
	}
	st := s.keyedStore(e.keyedSpec)
	d := doc{"status": "SCHEDULED", "enrich_based_on": based, "created_by": c.user.lookup(false),
		"created_time": s.formatTime(s.Now()), "enriched_data": nil}
	st.mu.Lock()
	d["id"] = s.ids.next()
	st.items[""] = append(st.items[""], d)
	id := idOf(d)
	st.mu.Unlock()
	domain := e.domain(based)
	s.scheduleJob(e.key, "", 1, func() (int, int) {
		st.mu.Lock()
		defer st.mu.Unlock()
		i := st.indexLocked("", id)
		if i < 0 {
			return 0, 1
		}
		if domain == "" {
			st.items[""][i]["status"] = "DATA_NOT_FOUND"
			return 0, 1
		}
		data := append(obj{{"id", s.ids.next()}}, e.enriched(based, domain)...)
		st.items[""][i]["status"], st.items[""][i]["enriched_data"] = "COMPLETED", data
		return 1, 0
	})
	writeJSON(c.w, http.StatusAccepted, obj{{e.key, []recordResult{{Code: "SCHEDULED", Details: obj{{"id", id}},
		Message: e.message, Status: "success"}}}})
}

// enrichmentsUsed is how many enrichments of a kind completed: the
// credits of the data enrichment feature they used.
func (s *Server) enrichmentsUsed(e *enrichmentSpec) int {
	n := 0
	for _, d := range s.keyedStore(e.keyedSpec).entries("") {
		if text(d, "status") == "COMPLETED" {
			n++
		}
	}
	return n
}
