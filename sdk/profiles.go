package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// ProfilesService reads, clones, changes and deletes the org's profiles
// (crm-oas group profiles, /settings/profiles). OAuth scope:
// ZohoCRM.settings.profiles.ALL (or .READ, .CREATE, .UPDATE, .DELETE).
type ProfilesService service

// Profile is a permission profile. Fields without a Go field (a profile's
// permission sections, for one) are kept in Extra.
type Profile struct {
	ID           string  `json:"id,omitempty"`
	Name         string  `json:"name,omitempty"`
	DisplayLabel string  `json:"display_label,omitempty"`
	APIName      string  `json:"api_name,omitempty"`
	Description  string  `json:"description,omitempty"`
	Custom       *bool   `json:"custom,omitempty"`
	Type         string  `json:"type,omitempty"`
	CreatedBy    *Lookup `json:"created_by,omitempty"`
	ModifiedBy   *Lookup `json:"modified_by,omitempty"`
	CreatedTime  string  `json:"created_time,omitempty"`
	ModifiedTime string  `json:"modified_time,omitempty"`

	kept
}

func (p *Profile) UnmarshalJSON(b []byte) error { return decodeKept(b, p) }
func (p Profile) MarshalJSON() ([]byte, error)  { return encodeKept(&p) }

type profilesAnswer struct {
	Profiles []*Profile `json:"profiles"`
	Info     *PageInfo  `json:"info"`
}

// List returns the org's profiles. Response.Info is set where Zoho pages
// them (v8).
func (s *ProfilesService) List(ctx context.Context) ([]*Profile, *Response, error) {
	var answer profilesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/profiles"}, &answer)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = answer.Info
	if answer.Profiles == nil {
		answer.Profiles = []*Profile{}
	}
	return answer.Profiles, resp, nil
}

// Get returns the profile with this id; Response.Info holds Zoho's
// info (the license's limit of profiles, in v8).
func (s *ProfilesService) Get(ctx context.Context, id string) (*Profile, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/profiles/" + url.PathEscape(id)
	var answer profilesAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &answer)
	if err != nil {
		return nil, resp, err
	}
	resp.Info = answer.Info // license_limit, in v8
	if len(answer.Profiles) == 0 {
		return nil, resp, noContent("profile", id, path)
	}
	return answer.Profiles[0], resp, nil
}

var profilesKeyed = keyed[Profile]{path: "settings/profiles", key: "profiles", what: "profile"}

// Clone adds a profile with the permissions of the profile with this id,
// named and described by p, and returns its result, whose ID is the new
// profile's.
func (s *ProfilesService) Clone(ctx context.Context, id string, p *Profile) (*ActionResult, *Response, error) {
	if p == nil {
		return nil, nil, &ValidationError{Field: "profile", Problem: "is nil"}
	}
	return profilesKeyed.actionOn(ctx, s.client, http.MethodPost, id, "clone", nil, map[string]any{"profiles": []*Profile{p}})
}

// Update changes the profile with this id: its name, description or
// permissions.
func (s *ProfilesService) Update(ctx context.Context, id string, p *Profile) (*ActionResult, *Response, error) {
	return profilesKeyed.writeOne(ctx, s.client, http.MethodPut, id, nil, p)
}

// Delete deletes the profile with this id; its users move to the profile
// transferTo.
func (s *ProfilesService) Delete(ctx context.Context, id, transferTo string) (*ActionResult, *Response, error) {
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("transferTo", transferTo); err != nil {
		return nil, nil, err
	}
	return profilesKeyed.deleteOne(ctx, s.client, url.PathEscape(id), url.Values{"transfer_to": {transferTo}})
}
