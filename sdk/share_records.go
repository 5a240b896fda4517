package sdk

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"time"
)

// SharedRecordsService shares records with users, groups and roles
// ({module}/{id}/actions/share).
type SharedRecordsService service

// Permissions a share gives.
const (
	PermissionFullAccess = "full_access"
	PermissionReadOnly   = "read_only"
	PermissionReadWrite  = "read_write"
)

// Share is a record's sharing with a user, group or role. Fields without a
// Go field (shared_by, shared_time...) are kept in Extra.
type Share struct {
	SharedWith *ShareTarget `json:"shared_with,omitempty"`
	// Permission is PermissionFullAccess, PermissionReadOnly or
	// PermissionReadWrite.
	Permission          string `json:"permission,omitempty"`
	ShareRelatedRecords bool   `json:"share_related_records,omitempty"`
	// Type is private or public.
	Type string `json:"type,omitempty"`

	kept
}

// ShareTarget is whom a record is shared with.
type ShareTarget struct {
	ID   string `json:"id"`
	Name string `json:"name,omitempty"`
	Type string `json:"type"` // users, groups or roles
}

func (s *Share) UnmarshalJSON(b []byte) error { return decodeKept(b, s) }
func (s Share) MarshalJSON() ([]byte, error)  { return encodeKept(&s) }

// SharedBy is who shared the record.
func (s *Share) SharedBy() *Lookup { return s.fields().lookup("shared_by") }

// SharedTime is when.
func (s *Share) SharedTime() time.Time { return s.fields().time("shared_time") }

// ShareOptions are the options of Share and Update.
type ShareOptions struct {
	// NotifySharedMembers emails those the record is shared with.
	NotifySharedMembers bool
	// NotifyOnCompletion: nil leaves Zoho's default (true).
	NotifyOnCompletion *bool
}

func sharePath(module, id string) (string, error) {
	if err := requireID("module", module); err != nil {
		return "", err
	}
	if err := requireID("id", id); err != nil {
		return "", err
	}
	return url.PathEscape(module) + "/" + url.PathEscape(id) + "/actions/share", nil
}

// List returns whom a record is shared with; nobody is an empty slice.
func (s *SharedRecordsService) List(ctx context.Context, module, id string) ([]*Share, *Response, error) {
	path, err := sharePath(module, id)
	if err != nil {
		return nil, nil, err
	}
	var body struct {
		Share []*Share `json:"share"`
	}
	resp, err := s.client.Do(ctx, &Request{Method: http.MethodGet, Path: path}, &body)
	if err != nil {
		return nil, resp, err
	}
	if body.Share == nil {
		body.Share = []*Share{}
	}
	return body.Share, resp, nil
}

// Share shares a record (at most 10 users, 5 groups and 5 roles a
// record); one result per share in input order.
func (s *SharedRecordsService) Share(ctx context.Context, module, id string, shares []*Share, opts *ShareOptions) ([]*ActionResult, *Response, error) {
	return s.write(ctx, http.MethodPost, module, id, shares, opts)
}

// Update changes the permissions of shares the record has.
func (s *SharedRecordsService) Update(ctx context.Context, module, id string, shares []*Share, opts *ShareOptions) ([]*ActionResult, *Response, error) {
	return s.write(ctx, http.MethodPut, module, id, shares, opts)
}

func (s *SharedRecordsService) write(ctx context.Context, method, module, id string, shares []*Share, opts *ShareOptions) ([]*ActionResult, *Response, error) {
	path, err := sharePath(module, id)
	if err != nil {
		return nil, nil, err
	}
	if len(shares) == 0 {
		return nil, nil, &ValidationError{Field: "shares", Problem: "is empty"}
	}
	wire := make([]map[string]any, len(shares))
	for i, sh := range shares {
		if sh == nil || sh.SharedWith == nil || sh.SharedWith.ID == "" {
			return nil, nil, &ValidationError{Field: fmt.Sprintf("shares[%d]", i), Problem: "names no one; set SharedWith"}
		}
		with := map[string]string{"id": sh.SharedWith.ID}
		w := map[string]any{"share_related_records": sh.ShareRelatedRecords}
		// v2 named users as user{id}; later versions take shared_with.
		if s.client.apiMajor() <= 2 && sh.SharedWith.Type == "users" {
			w["user"] = with
		} else {
			with["type"] = sh.SharedWith.Type
			w["shared_with"] = with
		}
		if sh.Permission != "" {
			w["permission"] = sh.Permission
		}
		if sh.Type != "" {
			w["type"] = sh.Type
		}
		wire[i] = w
	}
	body := map[string]any{"share": wire}
	if opts != nil {
		body["notify_shared_members"] = opts.NotifySharedMembers
		if opts.NotifyOnCompletion != nil {
			body["notify_on_completion"] = *opts.NotifyOnCompletion
		}
	}
	return s.client.keyedWrite(ctx, &Request{Method: method, Path: path, Body: body}, "share", len(shares))
}

// Revoke stops sharing a record with anyone.
func (s *SharedRecordsService) Revoke(ctx context.Context, module, id string) (*ActionResult, *Response, error) {
	path, err := sharePath(module, id)
	if err != nil {
		return nil, nil, err
	}
	// Zoho answers {"share": {...}}: an object, unlike the other calls.
	return s.client.objectResult(ctx, &Request{Method: http.MethodDelete, Path: path}, "share")
}
