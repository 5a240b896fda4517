package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// PortalInvitesService invites records to a client portal (crm-oas group
// portal_invite, {module}/actions/portal_invite): a record of a user
// type's personality module (a contact with an Email) becomes a user of
// that type (UserTypeUsers), or is invited again. One record at a time
// (Invite), or many in a background job (InviteMany, then Status or
// Wait). Results name the record in Details["record_id"]. OAuth scope:
// ZohoCRM.modules.{module}.UPDATE (READ for Status), or
// ZohoCRM.modules.ALL.
type PortalInvitesService service

// PortalInvite is one invitation: the record (ID) to the user type
// (UserTypeID), as Type says (PortalInviteNew when empty), in Language
// (such as "en_US"; the portal's when empty).
type PortalInvite struct {
	ID         string           `json:"id"`
	UserTypeID string           `json:"user_type_id"`
	Type       PortalInviteType `json:"type"`
	Language   string           `json:"language,omitempty"`
}

// PortalInviteType says whether a record is invited or invited again.
type PortalInviteType string

const (
	PortalInviteNew   PortalInviteType = "invite"
	PortalInviteAgain PortalInviteType = "reinvite"
)

func (in PortalInvite) withType() PortalInvite {
	if in.Type == "" {
		in.Type = PortalInviteNew
	}
	return in
}

// Invite invites the record of module named by in.ID (POST
// {module}/{id}/actions/portal_invite) and returns its result, a refusal
// also as the error.
func (s *PortalInvitesService) Invite(ctx context.Context, module string, in PortalInvite) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if err := requireID("id", in.ID); err != nil {
		return nil, nil, err
	}
	if err := requireID("user_type_id", in.UserTypeID); err != nil {
		return nil, nil, err
	}
	in = in.withType()
	q := query("user_type_id", in.UserTypeID, "type", string(in.Type), "language", in.Language)
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/" + url.PathEscape(in.ID) + "/actions/portal_invite", Query: q}
	return oneResult(ctx, s.client, req, portalInvites.resultKey)
}

// InviteMany schedules the invitations of records of module (POST
// {module}/actions/portal_invite, at most 100) and returns Zoho's result,
// whose JobID names the job.
func (s *PortalInvitesService) InviteMany(ctx context.Context, module string, invites ...PortalInvite) (*ActionResult, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	if len(invites) == 0 {
		return nil, nil, &ValidationError{Field: "invites", Problem: "is empty"}
	}
	data := make([]PortalInvite, len(invites))
	for i, in := range invites {
		data[i] = in.withType()
	}
	req := &Request{Method: http.MethodPost, Path: url.PathEscape(module) + "/actions/portal_invite",
		Body: map[string]any{portalInvites.resultKey: []any{map[string]any{"data": data}}}}
	return portalInvites.schedule(ctx, s.client, req)
}

// PortalInviteJob is where a job of invitations stands, with one result
// per record once it has run.
type PortalInviteJob struct {
	JobID  string          `json:"job_id,omitempty"`
	Status string          `json:"status,omitempty"` // scheduled, in progress, completed or failed
	Data   []*ActionResult `json:"data,omitempty"`

	kept
}

func (j *PortalInviteJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j PortalInviteJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended.
func (j *PortalInviteJob) Done() bool { return jobEnded(j.Status) }

var portalInvites = job[PortalInviteJob, *PortalInviteJob]{resultKey: "portal_invite", statusKey: "portal_invite", what: "portal invitation"}

// Status returns where the job of invitations of module with this id
// stands.
func (s *PortalInvitesService) Status(ctx context.Context, module, jobID string) (*PortalInviteJob, *Response, error) {
	if err := requireID("module", module); err != nil {
		return nil, nil, err
	}
	return portalInvites.status(ctx, s.client, url.PathEscape(module)+"/actions/portal_invite", jobID, nil)
}

// Wait polls the job until it has ended and returns its last state.
func (s *PortalInvitesService) Wait(ctx context.Context, module, jobID string, opts *WaitOptions) (*PortalInviteJob, *Response, error) {
	return portalInvites.wait(ctx, jobID, opts, func(ctx context.Context) (*PortalInviteJob, *Response, error) {
		return s.Status(ctx, module, jobID)
	})
}
