package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// The users of a territory (crm-oas group territory_users,
// settings/territories/{id}/users): who works in it. A user added here is
// listed among the user's own territories (Users.Territories), and the
// reverse. OAuth scopes: ZohoCRM.settings.territories.ALL and
// ZohoCRM.users.ALL (reading: ZohoCRM.users.READ).

var territoryUsers = keyed[User]{path: "settings/territories/{}/users", key: "users", what: "territory user"}

// Users lists the users of the territory with this id (none is an empty
// slice).
func (s *TerritoriesService) Users(ctx context.Context, territoryID string) ([]*User, *Response, error) {
	return territoryUsers.in(territoryID).list(ctx, s.client, nil)
}

// User returns the user with this id if they are in the territory.
func (s *TerritoriesService) User(ctx context.Context, territoryID, userID string) (*User, *Response, error) {
	return territoryUsers.in(territoryID).get(ctx, s.client, userID, nil)
}

// idEntries is {"id"} objects, one per id; empty ids are refused.
func idEntries(field string, ids []string) ([]map[string]string, error) {
	if len(ids) == 0 {
		return nil, &ValidationError{Field: field, Problem: "is empty"}
	}
	out := make([]map[string]string, len(ids))
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("%s[%d]", field, i), id); err != nil {
			return nil, err
		}
		out[i] = map[string]string{"id": id}
	}
	return out, nil
}

// putIDs sends ids as {key:[{"id"}...]} with PUT to the resource's path,
// 100 a call, and returns one result per id in input order.
func putIDs[T any](ctx context.Context, c *Client, k keyed[T], field string, ids []string) ([]*ActionResult, *Response, error) {
	entries, err := idEntries(field, ids)
	if err != nil {
		return nil, nil, err
	}
	if err := k.check(); err != nil {
		return nil, nil, err
	}
	return writeKeyedBatches(ctx, c, *k.request(http.MethodPut, "", nil), k.key, MaxRecordsPerWrite, entries)
}

// AddUsers adds users to the territory with this id (PUT
// settings/territories/{id}/users) and returns one result per user in
// input order; a user already in it is a DUPLICATE_DATA result.
func (s *TerritoriesService) AddUsers(ctx context.Context, territoryID string, userIDs ...string) ([]*ActionResult, *Response, error) {
	return putIDs(ctx, s.client, territoryUsers.in(territoryID), "userIDs", userIDs)
}

// AddUser adds one user to the territory (PUT
// settings/territories/{id}/users/{user_id}, no body).
func (s *TerritoriesService) AddUser(ctx context.Context, territoryID, userID string) (*ActionResult, *Response, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, nil, err
	}
	return territoryUsers.in(territoryID).action(ctx, s.client, http.MethodPut, url.PathEscape(userID), nil, nil)
}

// RemoveUsers takes users out of the territory (DELETE
// settings/territories/{id}/users?ids=), one result per user.
func (s *TerritoriesService) RemoveUsers(ctx context.Context, territoryID string, userIDs ...string) ([]*ActionResult, *Response, error) {
	if _, err := idEntries("userIDs", userIDs); err != nil {
		return nil, nil, err
	}
	return territoryUsers.in(territoryID).delete(ctx, s.client, userIDs)
}

// RemoveUser takes one user out of the territory (DELETE
// settings/territories/{id}/users/{user_id}).
func (s *TerritoriesService) RemoveUser(ctx context.Context, territoryID, userID string) (*ActionResult, *Response, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, nil, err
	}
	return territoryUsers.in(territoryID).deleteOne(ctx, s.client, url.PathEscape(userID), nil)
}
