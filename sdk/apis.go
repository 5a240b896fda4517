package sdk

import "context"

// APIsService lists the APIs of Zoho CRM the org may call (crm-oas group
// apis, GET /__apis): each path with its methods, the OAuth scope each
// takes and what it costs of the API credits. OAuth scope:
// ZohoCRM.settings.modules.READ (or ZohoCRM.settings.modules.ALL,
// ZohoCRM.settings.ALL).
type APIsService service

// SupportedAPI is a path of the API ("/crm/v8/Leads") and its methods.
// Fields without a Go field are kept in Extra.
type SupportedAPI struct {
	Path           string          `json:"path,omitempty"`
	OperationTypes []*APIOperation `json:"operation_types,omitempty"`

	kept
}

func (a *SupportedAPI) UnmarshalJSON(b []byte) error { return decodeKept(b, a) }
func (a SupportedAPI) MarshalJSON() ([]byte, error)  { return encodeKept(&a) }

// APIOperation is one method of a path: the OAuth scope it takes and its
// cost in API credits (a range where it depends on the call, as for
// writes of many records).
type APIOperation struct {
	Method     string `json:"method,omitempty"`
	OAuthScope string `json:"oauth_scope,omitempty"`
	MinCredits int    `json:"min_credits"`
	MaxCredits int    `json:"max_credits"`

	kept
}

func (o *APIOperation) UnmarshalJSON(b []byte) error { return decodeKept(b, o) }
func (o APIOperation) MarshalJSON() ([]byte, error)  { return encodeKept(&o) }

var supportedAPIs = keyed[SupportedAPI]{path: "__apis", key: "__apis", what: "API"}

// List returns the APIs the org may call, those filter matches if it is
// not nil (sdk.Where("path", "equal", "/crm/v8/Leads")); none is an empty
// slice.
func (s *APIsService) List(ctx context.Context, filter *Criteria) ([]*SupportedAPI, *Response, error) {
	return supportedAPIs.list(ctx, s.client, query("filters", filtersParam(filter)))
}
