package sdk

import (
	"context"
	"net/http"
)

// CallPreferencesService reads and sets the org's call preferences
// (crm-oas group call_preferences, /settings/call_preferences): whether
// calls show the numbers they are from and to. OAuth scope:
// ZohoCRM.settings.modules.ALL (or .READ, .UPDATE).
type CallPreferencesService service

// CallPreferences are the org's call preferences; an update gives both.
// Fields without a Go field are kept in Extra.
type CallPreferences struct {
	ShowFromNumber *bool `json:"show_from_number,omitempty"`
	ShowToNumber   *bool `json:"show_to_number,omitempty"`

	kept
}

func (p *CallPreferences) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p CallPreferences) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

var callPreferences = keyed[CallPreferences]{path: "settings/call_preferences", key: "call_preferences", what: "call preferences"}

// Get returns the org's call preferences.
func (s *CallPreferencesService) Get(ctx context.Context) (*CallPreferences, *Response, error) {
	return callPreferences.one(ctx, s.client, nil)
}

// Update sets the org's call preferences (both of them).
func (s *CallPreferencesService) Update(ctx context.Context, p *CallPreferences) (*ActionResult, *Response, error) {
	return callPreferences.writeObject(ctx, s.client, http.MethodPut, nil, p)
}
