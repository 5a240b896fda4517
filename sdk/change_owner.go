package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
)

// MaxChangeOwnerIDs is the most records one change owner call takes; the
// SDK splits longer lists.
const MaxChangeOwnerIDs = 500

// ChangeOwnerOptions are the options of ChangeOwner and ChangeOwnerMany.
type ChangeOwnerOptions struct {
	// Notify emails the new owner.
	Notify bool
	// RelatedModules are the related activities (Tasks, Events, Calls)
	// whose owner changes too.
	RelatedModules []RelatedModule
}

// RelatedModule names a related record by module and id.
type RelatedModule struct {
	APIName string `json:"api_name"`
	ID      string `json:"id"`
}

func changeOwnerBody(ownerID string, ids []string, opts *ChangeOwnerOptions) map[string]any {
	body := map[string]any{"owner": map[string]string{"id": ownerID}}
	if ids != nil {
		body["ids"] = ids
	}
	if opts != nil {
		if opts.Notify {
			body["notify"] = true
		}
		if len(opts.RelatedModules) > 0 {
			body["related_modules"] = opts.RelatedModules
		}
	}
	return body
}

// ChangeOwner gives a record to another user (POST
// {module}/{id}/actions/change_owner). A record Zoho refuses (locked, say)
// comes back as its result and a *RecordError.
func (s *RecordsService) ChangeOwner(ctx context.Context, module, id, ownerID string, opts *ChangeOwnerOptions) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", id); err != nil {
		return nil, nil, err
	}
	if err := requireID("ownerID", ownerID); err != nil {
		return nil, nil, err
	}
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/" + url.PathEscape(id) + "/actions/change_owner",
		Body: changeOwnerBody(ownerID, nil, opts)}
	return single(s.client.doWrite(ctx, req, 1))
}

// ChangeOwnerMany gives records to another user, 500 a call; one result
// per id in input order.
func (s *RecordsService) ChangeOwnerMany(ctx context.Context, module string, ids []string, ownerID string, opts *ChangeOwnerOptions) ([]*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("ownerID", ownerID); err != nil {
		return nil, nil, err
	}
	for i, id := range ids {
		if err := requireID(fmt.Sprintf("ids[%d]", i), id); err != nil {
			return nil, nil, err
		}
	}
	if len(ids) == 0 {
		return []*ActionResult{}, nil, nil
	}
	return s.client.batchedBy(ctx, len(ids), MaxChangeOwnerIDs, true, func(lo, hi int) ([]*ActionResult, *Response, error) {
		req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/change_owner", Body: changeOwnerBody(ownerID, ids[lo:hi], opts)}
		return s.client.doWrite(ctx, req, hi-lo)
	})
}
