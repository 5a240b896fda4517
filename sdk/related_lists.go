package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// RelatedListsService reads related list metadata
// (/settings/related_lists?module=).
type RelatedListsService service

// RelatedList is a related list of a module: the API name
// RelatedRecords.List takes, and the module of its records. Fields without
// a Go field are kept in Extra.
type RelatedList struct {
	ID           string     `json:"id,omitempty"`
	APIName      string     `json:"api_name,omitempty"`
	Name         string     `json:"name,omitempty"`
	DisplayLabel string     `json:"display_label,omitempty"`
	Module       *ModuleRef `json:"module,omitempty"`
	// Href is the list's path, with {ENTITYID} for the record's id.
	Href string `json:"href,omitempty"`
	// Type is default, custom_lookup, multiselectlookup...
	Type string `json:"type,omitempty"`
	// SequenceNumber is text in Zoho's answers ("1").
	SequenceNumber string `json:"sequence_number,omitempty"`

	kept
}

func (r *RelatedList) UnmarshalJSON(b []byte) error { return decodeKept(b, r) }
func (r RelatedList) MarshalJSON() ([]byte, error)  { return encodeKept(&r) }

type relatedListsAnswer struct {
	RelatedLists []*RelatedList `json:"related_lists"`
}

// List returns the related lists of a module.
func (s *RelatedListsService) List(ctx context.Context, module string) ([]*RelatedList, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	var answer relatedListsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: "settings/related_lists", Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if answer.RelatedLists == nil {
		answer.RelatedLists = []*RelatedList{}
	}
	return answer.RelatedLists, resp, nil
}

// Get returns one related list of a module by id.
func (s *RelatedListsService) Get(ctx context.Context, module, id string) (*RelatedList, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	path := "settings/related_lists/" + url.PathEscape(id)
	var answer relatedListsAnswer
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path, Query: url.Values{"module": {module}}}, &answer)
	if err != nil {
		return nil, resp, err
	}
	if len(answer.RelatedLists) == 0 {
		return nil, resp, noContent("related list", id, path)
	}
	return answer.RelatedLists[0], resp, nil
}
