package sdk

import (
	"context"
	"net/http"
	"net/url"
)

// Deleting a user after handing over what they had (crm-oas group
// users_transfer_delete, users/actions/transfer_and_delete): their open
// records, their place in assignment rules and automation, and in the
// criteria of views and reports go to another user, their subordinates to
// a user of the caller's choice. Zoho runs it as a job whose id the answer
// gives (TransferJobID); TransferAndDeleteStatus and WaitTransferAndDelete
// follow it (the shared job mechanism, jobs.go). Only the
// org's super admin may call it. OAuth scope: ZohoCRM.users.DELETE (the
// status: ZohoCRM.users.READ).

// UserTransfer says whom a deleted user's work goes to. Transfer or
// MoveSubordinate is required.
type UserTransfer struct {
	// ID is the user deleted; TransferAndDeleteByID names them in the path
	// instead.
	ID       string      `json:"id,omitempty"`
	Transfer *TransferTo `json:"transfer,omitempty"`
	// MoveSubordinate names the user the deleted user's subordinates
	// report to afterwards: an active user, not one of the subordinates.
	MoveSubordinate *NameID `json:"move_subordinate,omitempty"`
}

// TransferTo is the user who takes over, and what they take.
type TransferTo struct {
	ID         string `json:"id"`
	Records    bool   `json:"records"`    // the deleted user's open records
	Assignment bool   `json:"assignment"` // their place in assignment and escalation rules, field updates, automation
	Criteria   bool   `json:"criteria"`   // their place in the criteria of views, automation and reports
}

func (t *UserTransfer) validate(withID bool) error {
	if t == nil {
		return &ValidationError{Field: "transfer", Problem: "is nil"}
	}
	if withID {
		if err := requireID("transfer.ID", t.ID); err != nil {
			return err
		}
	}
	if t.Transfer == nil && t.MoveSubordinate == nil {
		return &ValidationError{Field: "transfer", Problem: "has neither Transfer nor MoveSubordinate; Zoho requires one"}
	}
	if t.Transfer != nil {
		if err := requireID("transfer.Transfer.ID", t.Transfer.ID); err != nil {
			return err
		}
	}
	if t.MoveSubordinate != nil {
		return requireID("transfer.MoveSubordinate.ID", t.MoveSubordinate.ID)
	}
	return nil
}

// userTransfers is where transfers are sent and their jobs read.
var userTransfers = struct{ path, key string }{"users/actions/transfer_and_delete", "transfer_and_delete"}

// TransferAndDelete deletes the user t.ID after the transfer t describes
// (POST users/actions/transfer_and_delete, one user a call). A refusal
// is also the error.
func (s *UsersService) TransferAndDelete(ctx context.Context, t *UserTransfer) (*ActionResult, *Response, error) {
	if err := t.validate(true); err != nil {
		return nil, nil, err
	}
	return transferJobs.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: userTransfers.path, Body: map[string]any{userTransfers.key: []*UserTransfer{t}}})
}

// TransferAndDeleteByID deletes the user with this id after the transfer
// t describes (POST users/{id}/actions/transfer_and_delete; t.ID is not
// sent).
func (s *UsersService) TransferAndDeleteByID(ctx context.Context, userID string, t *UserTransfer) (*ActionResult, *Response, error) {
	if err := requireID("userID", userID); err != nil {
		return nil, nil, err
	}
	if err := t.validate(false); err != nil {
		return nil, nil, err
	}
	body := *t
	body.ID = ""
	return transferJobs.schedule(ctx, s.client, &Request{Method: http.MethodPost, Path: "users/" + url.PathEscape(userID) + "/actions/transfer_and_delete",
		Body: map[string]any{userTransfers.key: []UserTransfer{body}}})
}

// TransferJob is where a transfer-and-delete job stands.
type TransferJob struct {
	Status string `json:"status,omitempty"` // in_progress, completed or failed
	kept
}

func (j *TransferJob) UnmarshalJSON(b []byte) error { return decodeKept(b, j) }
func (j TransferJob) MarshalJSON() ([]byte, error)  { return encodeKept(&j) }

// Done reports whether the job has ended, done or failed.
func (j *TransferJob) Done() bool { return jobEnded(j.Status) }

var transferJobs = job[TransferJob, *TransferJob]{resultKey: userTransfers.key, statusKey: userTransfers.key, what: "user transfer"}

// TransferJobID is the id of the job a transfer-and-delete result names
// (details.jobId).
func TransferJobID(r *ActionResult) string {
	s, _ := stringOf(r.Details["jobId"])
	return s
}

// TransferAndDeleteStatus returns where the transfer-and-delete job with
// this id (TransferJobID of TransferAndDelete's result) stands.
func (s *UsersService) TransferAndDeleteStatus(ctx context.Context, jobID string) (*TransferJob, *Response, error) {
	return transferJobs.status(ctx, s.client, userTransfers.path, jobID, nil)
}

// WaitTransferAndDelete polls the transfer-and-delete job with this id
// until it has ended (completed or failed) and returns its last state.
func (s *UsersService) WaitTransferAndDelete(ctx context.Context, jobID string, opts *WaitOptions) (*TransferJob, *Response, error) {
	return transferJobs.wait(ctx, jobID, opts, func(ctx context.Context) (*TransferJob, *Response, error) {
		return s.TransferAndDeleteStatus(ctx, jobID)
	})
}
