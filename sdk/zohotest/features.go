package zohotest

import (
	"net/http"
	"slices"
	"strings"
)

// The features of the org's edition (crm-oas group features,
// /__features): user licences (those bought, the active users using
// them), data enrichment (Zia's credits for orgs and people, used by each
// enrichment requested: zia_org_enrichment.go), custom modules, and
// custom fields, whose limits are per module (module_supported: their
// details are the module's that ?module= names, and absent without one).
// api_names= lists some of them; an unknown module is INVALID_MODULE, an
// unknown feature answers 204.

// Limits of the emulated edition (Enterprise).
const (
	enrichmentCredits  = 500
	customModulesLimit = 200
	customFieldsPerMod = 500
)

func init() {
	const read = "ZohoCRM.settings.features.READ ZohoCRM.settings.modules.READ"
	handleCRM(http.MethodGet, "__features", read, (*Server).listFeatures)
	handleCRM(http.MethodGet, "__features/{feature}", read, (*Server).getFeature)
	// Literal paths of their own in crm-oas; the same answer as {feature}.
	handleCRM(http.MethodGet, "__features/user_licenses", read, (*Server).getFeature)
	handleCRM(http.MethodGet, "__features/data_enrichment", read, (*Server).getFeature)
}

// featureDetails is a feature's limit and use.
func featureDetails(limit, used int) obj {
	count := func(n int) obj { return obj{{"total", n}, {"edition_limit", n}} }
	return obj{{"limits", count(limit)}, {"used_count", count(used)}, {"available_count", count(max(limit-used, 0))}}
}

// features returns the org's features, with the details of module (nil:
// none) for those whose limits are per module.
func (s *Server) features(module *moduleMeta) []obj {
	active := 0
	for _, u := range s.Users() {
		if u.Status == "active" {
			active++
		}
	}
	customModules := 0
	for _, m := range s.moduleList() {
		if m.Custom {
			customModules++
		}
	}
	orgUsed, peopleUsed := s.enrichmentsUsed(ziaOrgEnrichment), s.enrichmentsUsed(ziaPeopleEnrichment)
	feature := func(name, label string, perModule bool, details obj, components ...obj) obj {
		f := obj{{"api_name", name}, {"feature_label", label}, {"module_supported", perModule}}
		if details != nil {
			f = append(f, kv{"details", details})
		}
		if components != nil {
			f = append(f, kv{"components", components})
		}
		return f
	}
	var fieldDetails obj
	if module != nil {
		custom := 0
		for _, f := range module.Fields {
			if f.Custom {
				custom++
			}
		}
		fieldDetails = featureDetails(customFieldsPerMod, custom)
	}
	licenses := s.Org().UsersLicensePurchased
	return []obj{
		feature("user_licenses", "User Licenses", false, featureDetails(licenses, active)),
		feature("data_enrichment", "Data Enrichment", false, featureDetails(2*enrichmentCredits, orgUsed+peopleUsed),
			feature("zia_org_enrichment", "Zia Org Enrichment", false, featureDetails(enrichmentCredits, orgUsed)),
			feature("zia_people_enrichment", "Zia People Enrichment", false, featureDetails(enrichmentCredits, peopleUsed))),
		feature("custom_modules", "Custom Modules", false, featureDetails(customModulesLimit, customModules)),
		feature("custom_fields", "Custom Fields", true, fieldDetails),
	}
}

// featureModule reads ?module=, answering an unknown one INVALID_MODULE.
func (s *Server) featureModule(c *call) (*moduleMeta, bool) {
	if c.query("module") == "" {
		return nil, true
	}
	_, m, ok := s.moduleParam(c)
	return m, ok
}

func (s *Server) listFeatures(c *call) {
	module, ok := s.featureModule(c)
	if !ok {
		return
	}
	var names []string
	if v := c.query("api_names"); v != "" {
		names = strings.Split(v, ",")
	}
	var out []obj
	for _, f := range s.features(module) {
		if names == nil || slices.Contains(names, f[0].v.(string)) {
			out = append(out, f)
		}
	}
	if len(out) == 0 {
		writeEmpty(c.w, http.StatusNoContent)
		return
	}
	writeJSON(c.w, http.StatusOK, obj{{"__features", out}, {"info", pageInfo(maxPerPage, len(out), 1, false)}})
}

func (s *Server) getFeature(c *call) {
	module, ok := s.featureModule(c)
	if !ok {
		return
	}
	segs := strings.Split(strings.Trim(c.r.URL.Path, "/"), "/")
	name := segs[len(segs)-1]
	for _, f := range s.features(module) {
		if f[0].v.(string) == name {
			writeJSON(c.w, http.StatusOK, obj{{"__features", []obj{f}}})
			return
		}
	}
	writeEmpty(c.w, http.StatusNoContent)
}
