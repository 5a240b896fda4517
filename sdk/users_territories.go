package sdk

import (
	"context"
	"net/url"
)

// A user's territories (crm-oas group users_territories,
// users/{id}/territories): the same membership as a territory's users
// (territory_users.go), seen from the user. OAuth scopes: ZohoCRM.users.ALL
// and ZohoCRM.settings.territories.ALL (reading: either's READ).

// UserTerritory is a territory of a user, as Zoho names it there: Name
// with a capital N, and its manager and parent as Manager() and
// ReportingTo() (kept in Extra as Zoho sent them).
type UserTerritory struct {
	ID   string `json:"id,omitempty"`
	Name string `json:"Name,omitempty"`
	kept
}

func (t *UserTerritory) UnmarshalJSON(b []byte) error { return decodeKept(b, t) }
func (t UserTerritory) MarshalJSON() ([]byte, error)  { return encodeKept(&t) }

// Manager is the territory's manager; nil when it has none.
func (t *UserTerritory) Manager() *Lookup { return rawFields(t.Extra()).lookup("Manager") }

// ReportingTo is the territory's parent; nil for the org's territory.
func (t *UserTerritory) ReportingTo() *Lookup { return rawFields(t.Extra()).lookup("Reporting_To") }

var userTerritories = keyed[UserTerritory]{path: "users/{}/territories", key: "territories", what: "territory of the user"}

// Territories lists the territories of the user with this id (none is an
// empty slice).
func (s *UsersService) Territories(ctx context.Context, userID string) ([]*UserTerritory, *Response, error) {
	return userTerritories.in(userID).list(ctx, s.client, nil)
}

// Territory returns the territory with this id if the user is in it.
func (s *UsersService) Territory(ctx context.Context, userID, territoryID string) (*UserTerritory, *Response, error) {
	return userTerritories.in(userID).get(ctx, s.client, territoryID, nil)
}

// AddTerritories puts the user in territories (PUT users/{id}/territories,
// 100 a call) and returns one result per territory in input order; a
// territory the user is in already is a DUPLICATE_DATA result. Zoho
// refuses a user changing their own territories (NOT_ALLOWED).
func (s *UsersService) AddTerritories(ctx context.Context, userID string, territoryIDs ...string) ([]*ActionResult, *Response, error) {
	return putIDs(ctx, s.client, userTerritories.in(userID), "territoryIDs", territoryIDs)
}

// RemoveTerritories takes the user out of territories (DELETE
// users/{id}/territories?ids=, or the territory's path for one), one
// result per territory. The org's territory, and a territory the user
// manages, cannot be removed.
func (s *UsersService) RemoveTerritories(ctx context.Context, userID string, territoryIDs ...string) ([]*ActionResult, *Response, error) {
	if _, err := idEntries("territoryIDs", territoryIDs); err != nil {
		return nil, nil, err
	}
	return userTerritories.in(userID).delete(ctx, s.client, territoryIDs)
}

// RemoveTerritory takes the user out of one territory (DELETE
// users/{id}/territories/{territory_id}).
func (s *UsersService) RemoveTerritory(ctx context.Context, userID, territoryID string) (*ActionResult, *Response, error) {
	if err := requireID("territoryID", territoryID); err != nil {
		return nil, nil, err
	}
	return userTerritories.in(userID).deleteOne(ctx, s.client, url.PathEscape(territoryID), nil)
}
