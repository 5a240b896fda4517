package sdk

import (
	"context"
	"net/url"
)

// What a portal's user type may show of a module (crm-oas group
// portals_meta, settings/portals/meta): the modules of its related lists,
// each with its layouts, views and filters. OAuth scope:
// ZohoCRM.settings.clientportal.READ.

// PortalRelatedList is a related list of a module a portal may show.
type PortalRelatedList struct {
	Module *PortalModule `json:"module,omitempty"`

	kept
}

func (r *PortalRelatedList) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r PortalRelatedList) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

var portalsMeta = keyed[PortalRelatedList]{path: "settings/portals/meta", key: "related_lists", what: "portal metadata"}

// Meta returns the related lists of a module (its API name, the
// personality module of a user type such as Contacts) that a portal may
// show (none: an empty slice). In Meta's answer a module's Views are a
// list (ViewList).
func (s *PortalsService) Meta(ctx context.Context, module string) ([]*PortalRelatedList, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	return portalsMeta.list(ctx, s.client, url.Values{"module": {module}})
}
