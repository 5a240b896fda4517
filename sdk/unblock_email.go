package sdk

import "context"

// Unblocking email addresses (crm-oas group unblock_email,
// {module}/[{id}/]actions/unblock_email): an address that soft-bounced is
// blocked from further mail until unblocked, at most five times. Zoho
// unblocks the system email fields only (EmailField, SecondaryEmailField).
// OAuth scope: ZohoCRM.send_mail.{module}.CREATE (or
// ZohoCRM.send_mail.all.CREATE).

// MaxUnblockEmailIDs is the most records one UnblockMany call takes; the
// SDK splits longer lists.
const MaxUnblockEmailIDs = 500

// The email fields Zoho unblocks.
const (
	EmailField          = "Email"
	SecondaryEmailField = "Secondary_Email"
)

var unblockEmail = recordAction{name: "unblock_email", maxIDs: MaxUnblockEmailIDs}

func unblockBody(fields []string) (map[string]any, error) {
	if len(fields) == 0 {
		return nil, &ValidationError{Field: "fields", Problem: "is empty; name EmailField, SecondaryEmailField or both"}
	}
	return map[string]any{"unblock_fields": fields}, nil
}

// Unblock unblocks email fields of a record (EmailField,
// SecondaryEmailField).
func (s *EmailsService) Unblock(ctx context.Context, module, recordID string, fields ...string) (*ActionResult, *Response, error) {
	body, err := unblockBody(fields)
	if err != nil {
		return nil, nil, err
	}
	return unblockEmail.one(ctx, s.client, module, recordID, body)
}

// UnblockMany unblocks email fields of records; one result per id in
// input order.
func (s *EmailsService) UnblockMany(ctx context.Context, module string, recordIDs []string, fields ...string) ([]*ActionResult, *Response, error) {
	body, err := unblockBody(fields)
	if err != nil {
		return nil, nil, err
	}
	return unblockEmail.many(ctx, s.client, module, recordIDs, body)
}
