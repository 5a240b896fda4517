package sdk

import (
	"context"
	"net/http"
)

// ServicePreferenceService reads and sets the org's service preferences
// (crm-oas group service_preference, /settings/service_preferences):
// whether services have job sheets. OAuth scope:
// ZohoCRM.settings.modules.ALL (or .READ, .UPDATE).
type ServicePreferenceService service

// ServicePreferences are the org's service preferences. Fields without a
// Go field are kept in Extra.
type ServicePreferences struct {
	JobSheetEnabled *bool `json:"job_sheet_enabled,omitempty"`

	kept
}

func (p *ServicePreferences) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p ServicePreferences) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

var servicePreferences = keyed[ServicePreferences]{path: "settings/service_preferences", key: "service_preferences", what: "service preferences"}

// Get returns the org's service preferences.
func (s *ServicePreferenceService) Get(ctx context.Context) (*ServicePreferences, *Response, error) {
	return servicePreferences.one(ctx, s.client, nil)
}

// Update sets the org's service preferences.
func (s *ServicePreferenceService) Update(ctx context.Context, p *ServicePreferences) (*ActionResult, *Response, error) {
	return servicePreferences.writeObject(ctx, s.client, http.MethodPut, nil, p)
}
